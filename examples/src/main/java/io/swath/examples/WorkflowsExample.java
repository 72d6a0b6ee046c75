package io.swath.examples;

import io.swath.workflows.AsyncJobClient;
import io.swath.workflows.ExecutionContext;
import io.swath.workflows.Job;
import io.swath.workflows.JobId;
import io.swath.workflows.Task;
import io.swath.workflows.TaskIdentifier;
import io.swath.workflows.TaskRunner;
import io.swath.workflows.WorkflowsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Workflows: a task that fans out subtasks, a job that runs it, a runner that executes the tasks; then many jobs at once. */
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

      // many jobs at once: the async face submits and awaits them without a thread each
      AsyncJobClient jobs = client.asyncJobs();
      List<CompletableFuture<Job>> years = new ArrayList<>();
      for (int year = 2021; year <= 2023; year++) {
        years.add(jobs.submit("days-of-" + year, new Year(year), "examples"));
      }
      try (TaskRunner runner = TaskRunner.connect(client, "examples", Year.class, Month.class)) {
        runner.start();                                                 // runs tasks in the background until closed
        List<JobId> ids = years.stream().map(f -> f.join().id()).toList();
        for (Job year : jobs.awaitAll(ids, Duration.ofMinutes(5)).join()) {
          int days = jobs.tasks(year.id()).join().stream().filter(t -> !t.result().isEmpty())
              .mapToInt(t -> Integer.parseInt(t.result())).sum();       // the months' results
          System.out.println(year.name() + ": " + year.state() + ", " + days + " days");
        }
      }
    }
  }
}
