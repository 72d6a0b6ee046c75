package io.swath.workflows.examples;

import io.swath.workflows.AsyncJobClient;
import io.swath.workflows.ExecutionContext;
import io.swath.workflows.Job;
import io.swath.workflows.JobId;
import io.swath.workflows.JobState;
import io.swath.core.retry.RetryPolicy;
import io.swath.workflows.Task;
import io.swath.workflows.TaskFailure;
import io.swath.workflows.TaskHandle;
import io.swath.workflows.TaskIdentifier;
import io.swath.workflows.TaskRunner;
import io.swath.workflows.WorkflowsClient;
import io.swath.workflows.cache.LocalFileSystemCache;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The code of docs/workflows.md, compiled and run by WorkflowsGuideExampleTest against a real server. */
public final class WorkflowsGuideExample {
  private WorkflowsGuideExample() {}

  // --8<-- [start:tasks]
  /** The root: one subtask per month, then a merge that waits for all of them. */
  @TaskIdentifier(name = "guide.Year", version = "v1.0")
  public record Year(int year) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      List<TaskHandle> months = new ArrayList<>();
      for (int m = 1; m <= 12; m++) {
        months.add(ctx.submitSubtask(new Month(year, m)));
      }
      ctx.submitSubtask(new Merge(year), o -> o.dependsOn(months));
    }
  }

  /** A month: load its scene counts (three sources at once), fan out one task per scene. */
  @TaskIdentifier(name = "guide.Month", version = "v1.0")
  public record Month(int year, int month) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      // async inside a task is just Java
      var sources = List.of(CompletableFuture.supplyAsync(() -> month), CompletableFuture.supplyAsync(() -> 1),
          CompletableFuture.supplyAsync(() -> 0));
      CompletableFuture.allOf(sources.toArray(new CompletableFuture[0])).join();
      int scenes = sources.stream().mapToInt(CompletableFuture::join).sum();
      ctx.progress("scenes").add(scenes);
      List<TaskHandle> work = new ArrayList<>();
      for (int s = 0; s < scenes; s++) {
        work.add(ctx.submitSubtask(new Scene(year, month, s), o -> o.retry(RetryPolicy.builder()
            .maxAttempts(4).initialBackoff(Duration.ofMillis(50)).maxBackoff(Duration.ofSeconds(5)).build())));
      }
      ctx.submitSubtask(new MonthTotal(month), o -> o.dependsOn(work));
      ctx.logger().log(System.Logger.Level.INFO, "month {0}: {1} scenes", month, scenes);
    }
  }

  /** Per-scene work; its result is read by the month's total. */
  @TaskIdentifier(name = "guide.Scene", version = "v1.0")
  public record Scene(int year, int month, int scene) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      if (month == 13) {
        throw TaskFailure.nonRetryable("NoSuchMonth", "month " + month + " does not exist", null);
      }
      ctx.setResult(month * 100 + scene);
      ctx.progress("scenes").done(1);
    }
  }

  /** Sums the results of the scenes it depends on and keeps the sum in the job cache. */
  @TaskIdentifier(name = "guide.MonthTotal", version = "v1.0")
  public record MonthTotal(int month) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      int total = ctx.dependencyResults(Integer.class).stream().mapToInt(Integer::intValue).sum();
      ctx.jobCache().group("totals").put("month-" + month, Integer.toString(total).getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Reads every month's total from the job cache. */
  @TaskIdentifier(name = "guide.Merge", version = "v1.0")
  public record Merge(int year) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      var totals = ctx.jobCache().group("totals");
      long sum = 0;
      for (String key : totals.keys()) {
        sum += Long.parseLong(new String(totals.get(key), StandardCharsets.UTF_8));
      }
      ctx.setResult(sum);
    }
  }
  // --8<-- [end:tasks]

  /** Runs the guide against the server at {@code target}; returns what it printed, line by line. */
  public static List<String> run(String target, Path cacheDir) {
    List<String> out = new ArrayList<>();
    // --8<-- [start:submit]
    try (WorkflowsClient client = WorkflowsClient.connect(target)) {
      Job job = client.jobs().submit("guide-2020", new Year(2020), "guide-cluster", o -> o.idempotencyKey("guide-2020"));
      // --8<-- [end:submit]
      // --8<-- [start:run]
      try (TaskRunner runner = TaskRunner.builder()
          .client(client)
          .cluster("guide-cluster")
          .tasks(Year.class, Month.class, Scene.class, MonthTotal.class, Merge.class)
          .maxConcurrentTasks(16)
          .cache(new LocalFileSystemCache(cacheDir))
          .build()) {
        runner.runAll();     // or runForever() on a long-lived machine
      }
      // --8<-- [end:run]
      // --8<-- [start:inspect]
      Job done = client.jobs().find(job.id());
      out.add(done.state() + " " + done.taskCount() + " tasks, " + done.progress());
      var merge = client.jobs().tasks(job.id()).stream().filter(t -> t.type().name().equals("guide.Merge")).findFirst().orElseThrow();
      out.add("sum " + merge.result());
      String mermaid = client.jobs().visualize(job.id());
      out.add(mermaid.lines().findFirst().orElseThrow());
      client.jobs().logs(job.id()).stream().limit(1).forEach(l -> out.add(l.message()));
      // --8<-- [end:inspect]
      // --8<-- [start:failures]
      Job bad = client.jobs().submit("guide-bad-month", new Month(2020, 13), "guide-cluster");
      try (TaskRunner runner = TaskRunner.connect(client, "guide-cluster", Month.class, Scene.class, MonthTotal.class)) {
        runner.runAll();
      }
      Job failed = client.jobs().find(bad.id());
      out.add(failed.state() + ": " + failed.error().lines().findFirst().orElse(""));
      // --8<-- [end:failures]
      out.add(Boolean.toString(failed.state() == JobState.FAILED));
      // --8<-- [start:async]
      AsyncJobClient jobs = client.asyncJobs();                 // same connection, futures instead of waiting
      List<CompletableFuture<Job>> submitted = new ArrayList<>();
      for (int year = 2021; year <= 2023; year++) {
        String name = "guide-" + year;
        submitted.add(jobs.submit(name, new Year(year), "guide-cluster", o -> o.idempotencyKey(name)));
      }
      try (TaskRunner runner = TaskRunner.connect(client, "guide-cluster", Year.class, Month.class, Scene.class, MonthTotal.class,
          Merge.class)) {
        runner.start();                                          // runs tasks in the background until closed
        List<JobId> ids = submitted.stream().map(f -> f.join().id()).toList();
        List<Job> finished = jobs.awaitAll(ids, Duration.ofMinutes(10)).join();
        List<CompletableFuture<String>> sums = finished.stream().map(j -> jobs.tasks(j.id()).thenApply(tasks -> j.name() + " "
            + j.state() + ", sum " + tasks.stream().filter(t -> t.type().name().equals("guide.Merge")).findFirst().orElseThrow().result()))
            .toList();
        sums.forEach(s -> out.add(s.join()));
      }
      // --8<-- [end:async]
    }
    return out;
  }
}
