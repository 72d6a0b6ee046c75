package io.swath.examples;

import io.swath.workflows.ExecutionContext;
import io.swath.workflows.Job;
import io.swath.workflows.Task;
import io.swath.workflows.TaskIdentifier;
import io.swath.workflows.TaskRunner;
import io.swath.workflows.WorkflowsClient;

/** Workflows: a task that fans out subtasks, a job that runs it, a runner that executes the tasks. */
public class WorkflowsExample {
  /** The root task: one subtask per month. Tasks are records; their components are their input. */
  @TaskIdentifier(name = "examples.Year", version = "v1.0")
  public record Year(int year) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      for (int month = 1; month <= 12; month++) {
        ctx.submitSubtask(new Month(year, month));
      }
    }
  }

  /** One month's work; its result is kept with the task. */
  @TaskIdentifier(name = "examples.Month", version = "v1.0")
  public record Month(int year, int month) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      ctx.setResult(java.time.YearMonth.of(year, month).lengthOfMonth());
    }
  }

  public static void main(String[] args) {
    try (WorkflowsClient client = WorkflowsClient.connect()) {         // SWATH_URL, or localhost:7777
      Job job = client.jobs().submit("days-of-2024", new Year(2024), "examples");
      try (TaskRunner runner = TaskRunner.connect(client, "examples", Year.class, Month.class)) {
        runner.runAll();                                                // until the cluster has no work; or runForever()
      }
      Job done = client.jobs().find(job.id());
      System.out.println(done.name() + ": " + done.state() + ", " + done.taskCount() + " tasks");
    }
  }
}
