package io.swath.cli;

import io.swath.workflows.Job;
import io.swath.workflows.JobClient;
import io.swath.workflows.JobId;
import io.swath.workflows.JobState;
import io.swath.workflows.Progress;
import io.swath.workflows.TaskId;
import io.swath.workflows.TaskInfo;
import io.swath.workflows.TaskLog;
import io.swath.workflows.TaskType;
import io.swath.workflows.WorkflowsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code swath jobs ...}: submit, follow, cancel, retry and draw jobs. */
@Command(name = "jobs", mixinStandardHelpOptions = true,
    description = {"Work with jobs: trees of tasks that runners (`swath runner`) execute.", "",
        "A job is submitted, running, completed, failed (a task that is not optional failed after its "
            + "retries) or cancelled. `retry` runs the failed and cancelled tasks again and keeps what completed."},
    subcommands = {JobsCommand.ListJobs.class, JobsCommand.Show.class, JobsCommand.Submit.class, JobsCommand.Wait.class,
        JobsCommand.Cancel.class, JobsCommand.Retry.class, JobsCommand.Tasks.class, JobsCommand.Logs.class, JobsCommand.Graph.class,
        JobsCommand.Prune.class},
    footer = {"", "Examples:", "  swath jobs list", "  swath jobs show 0192f6e4-...", "  swath jobs wait 0192f6e4-... --timeout 1h && echo done",
        "  swath jobs graph 0192f6e4-... > job.mmd", "  swath jobs retry 0192f6e4-...",
        "  swath jobs prune --older-than 7d --dry-run", "",
        "Exit codes of `wait`: 0 completed, 1 failed or cancelled, 5 still running at the timeout."})
final class JobsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    new picocli.CommandLine(this).usage(System.out);
    return Main.USAGE;
  }

  /** Exit code of {@code jobs wait} when the job is still going at the timeout. */
  static final int STILL_RUNNING = Main.INCOMPLETE;

  abstract static class JobCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    <T> T withJobs(Function<JobClient, T> f) {
      try (WorkflowsClient c = client.workflows()) {
        return f.apply(c.jobs());
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "The newest jobs: id, state, task counts, name.")
  static final class ListJobs extends JobCommand {
    @Option(names = "--limit", description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit = 20;

    @Override
    public Integer call() {
      List<Job> jobs = withJobs(j -> j.list(limit));
      if (jobs.isEmpty()) {
        System.out.println("(no jobs yet: submit one from Java with WorkflowsClient.jobs().submit(...), or run `swath demo workflows`)");
      }
      for (Job j : jobs) {
        System.out.printf(Locale.ROOT, "%s  %-9s  %8d tasks  %s%n", j.id(), j.state(), j.taskCount(), j.name());
      }
      return Main.OK;
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true, description = "A job: state, times, tasks by state, progress, error.")
  static final class Show extends JobCommand {
    @Parameters(paramLabel = "JOB", description = "Job id.")
    String job;

    @Override
    public Integer call() {
      print(withJobs(j -> j.find(JobId.parse(job))));
      return Main.OK;
    }
  }

  static void print(Job j) {
    System.out.println(j.name() + "  " + j.id());
    System.out.println("  state:     " + j.state() + (j.error().isEmpty() ? "" : " — " + j.error()));
    System.out.println("  cluster:   " + j.cluster());
    System.out.println("  submitted: " + j.submittedAt());
    j.startedAt().ifPresent(t -> System.out.println("  started:   " + t));
    j.finishedAt().ifPresent(t -> System.out.println("  finished:  " + t + " (" + seconds(j.startedAt().orElse(j.submittedAt()), t) + ")"));
    StringBuilder counts = new StringBuilder();
    j.taskCounts().forEach((s, n) -> counts.append(counts.isEmpty() ? "" : ", ").append(n).append(' ').append(s.name().toLowerCase(Locale.ROOT)));
    System.out.println("  tasks:     " + j.taskCount() + (counts.isEmpty() ? "" : " (" + counts + ")"));
    for (Progress p : j.progress()) {
      System.out.printf(Locale.ROOT, "  progress:  %s %d/%d%n", p.label(), p.done(), p.total());
    }
  }

  private static String plural(long n, String noun) {
    return String.format(Locale.ROOT, "%,d %s%s", n, noun, n == 1 ? "" : "s");
  }

  private static String seconds(Instant a, Instant b) {
    return String.format(Locale.ROOT, "%.3f s", Duration.between(a, b).toNanos() / 1e9);
  }

  @Command(name = "submit", mixinStandardHelpOptions = true,
      description = {"Submit a job whose root task is given by type and JSON input; prints the job id. "
          + "The type is the task's name and version (see @TaskIdentifier), e.g. landsat.FetchYear@v1.0."},
      footer = {"", "Example:", "  swath jobs submit landsat-2020 --type landsat.FetchYear@v1.0 --input '{\"year\":2020}' --cluster default-cluster"})
  static final class Submit extends JobCommand {
    @Parameters(paramLabel = "NAME", description = "Job name.")
    String name;

    @Option(names = "--type", required = true, paramLabel = "NAME@vX.Y", description = "Root task type.")
    String type;

    @Option(names = "--input", paramLabel = "JSON", description = "Root task input as JSON (or @file).")
    String input = "{}";

    @Option(names = "--cluster", required = true, description = "Cluster of the root task.")
    String cluster;

    @Option(names = "--idempotency-key", paramLabel = "KEY", description = "Submitting again with this key returns the first job.")
    String key;

    @Option(names = "--max-retries", description = "Retries of the root task (default: ${DEFAULT-VALUE}).")
    int maxRetries;

    @Override
    public Integer call() throws Exception {
      String json = input.startsWith("@") ? Files.readString(Path.of(input.substring(1))) : input;
      Job job = withJobs(j -> j.submit(name, TaskType.parse(type), json, cluster, o -> {
        if (key != null) {
          o.idempotencyKey(key);
        }
        o.maxRetries(maxRetries);
      }));
      System.out.println(job.id());
      return Main.OK;
    }
  }

  @Command(name = "wait", mixinStandardHelpOptions = true,
      description = {"Wait until a job completed, failed or was cancelled; print it. "
          + "Exit code 0 when it completed, 1 when it failed or was cancelled, 5 when --timeout passed first."})
  static final class Wait extends JobCommand {
    @Parameters(paramLabel = "JOB", description = "Job id.")
    String job;

    @Option(names = "--timeout", converter = DurationConverter.class, defaultValue = "24h",
        description = "Give up after this long (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
      JobId id = JobId.parse(job);
      long deadline = System.nanoTime() + timeout.toNanos();
      Job j;
      try (WorkflowsClient c = client.workflows()) {
        while (true) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            System.err.println("swath: job " + job + " is still running after " + timeout);
            return STILL_RUNNING;
          }
          try {
            j = c.jobs().awaitCompletion(id, Duration.ofNanos(Math.min(left, Duration.ofSeconds(10).toNanos())));
            break;
          } catch (io.swath.core.error.SwathTimeoutException e) {
            // progress on long waits, on stderr so that stdout stays the final state
            Job now = c.jobs().find(id);
            System.err.printf(Locale.ROOT, "swath: %s %s, %d/%d tasks completed%s%n", now.name(), now.state(),
                now.count(io.swath.workflows.TaskState.COMPLETED), now.taskCount(),
                now.progress().isEmpty() ? "" : ", " + now.progress());
          }
        }
      }
      print(j);
      return j.state() == JobState.COMPLETED ? Main.OK : Main.FAILED;
    }
  }

  @Command(name = "cancel", mixinStandardHelpOptions = true,
      description = "Cancel a job: tasks not started never run; running tasks see the cancellation and should stop.")
  static final class Cancel extends JobCommand {
    @Parameters(paramLabel = "JOB", description = "Job id.")
    String job;

    @Override
    public Integer call() {
      print(withJobs(j -> j.cancel(JobId.parse(job))));
      return Main.OK;
    }
  }

  @Command(name = "retry", mixinStandardHelpOptions = true,
      description = "Run the failed and cancelled tasks of a job again, with fresh retries; completed tasks are kept.")
  static final class Retry extends JobCommand {
    @Parameters(paramLabel = "JOB", description = "Job id.")
    String job;

    @Override
    public Integer call() {
      print(withJobs(j -> j.retry(JobId.parse(job))));
      return Main.OK;
    }
  }

  @Command(name = "tasks", mixinStandardHelpOptions = true, description = "The tasks of a job: id, state, attempts, type, error.")
  static final class Tasks extends JobCommand {
    @Parameters(paramLabel = "JOB", description = "Job id.")
    String job;

    @Option(names = "--limit", description = "At most this many (default: ${DEFAULT-VALUE}).")
    int limit = 1000;

    @Override
    public Integer call() {
      List<TaskInfo> tasks = withJobs(j -> j.tasks(JobId.parse(job)));
      for (TaskInfo t : tasks.subList(0, Math.min(limit, tasks.size()))) {
        String err = t.error().isEmpty() ? "" : "  " + t.error().lines().findFirst().orElse("");
        System.out.printf(Locale.ROOT, "%s  %-9s  %d  %s%s%n", t.id(), t.state(), t.attempts(), t.display(), err);
      }
      if (tasks.size() > limit) {
        System.out.println("... " + (tasks.size() - limit) + " more (--limit)");
      }
      return Main.OK;
    }
  }

  @Command(name = "logs", mixinStandardHelpOptions = true, description = "What the tasks of a job logged (ctx.logger()), oldest first.")
  static final class Logs extends JobCommand {
    @Parameters(paramLabel = "JOB", description = "Job id.")
    String job;

    @Option(names = "--task", paramLabel = "TASK", description = "Only this task.")
    String task;

    @Override
    public Integer call() {
      List<TaskLog> lines = withJobs(j -> task == null ? j.logs(JobId.parse(job)) : j.logs(JobId.parse(job), TaskId.parse(task)));
      lines.forEach(System.out::println);
      return Main.OK;
    }
  }

  @Command(name = "graph", mixinStandardHelpOptions = true,
      description = {"The task graph of a job as a Mermaid flowchart (paste it into any Mermaid viewer, or a ```mermaid "
          + "block on GitHub). Subtasks hang under their parent; dotted arrows are dependencies; many tasks of one type "
          + "under one parent are drawn as one node with counts by state."})
  static final class Graph extends JobCommand {
    @Parameters(paramLabel = "JOB", description = "Job id.")
    String job;

    @Override
    public Integer call() {
      String graph = withJobs(j -> j.visualize(JobId.parse(job)));
      System.out.print(graph);
      return Main.OK;
    }
  }

  @Command(name = "prune", mixinStandardHelpOptions = true,
      description = {"Remove completed, failed and cancelled jobs that finished longer ago than --older-than (default: the "
          + "server's --job-retention), with their tasks, logs and progress. The server does this by itself; this is for "
          + "doing it now or with another age. Needs a key with write access."})
  static final class Prune extends JobCommand {
    @Option(names = "--older-than", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "Jobs that finished more than this long ago, e.g. 7d or 12h (default: the server's job retention).")
    Duration olderThan;

    @Option(names = "--dry-run", description = "Only count what would be removed.")
    boolean dryRun;

    @Override
    public Integer call() {
      if (olderThan != null && (olderThan.isNegative() || olderThan.toMillis() == 0)) {
        throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
            "--older-than must be positive, e.g. 7d; got " + DurationConverter.text(olderThan));
      }
      io.swath.workflows.PruneResult r = withJobs(j -> j.prune(o -> {
        if (olderThan != null) {
          o.olderThan(olderThan);
        }
        o.dryRun(dryRun);
      }));
      System.out.printf(Locale.ROOT, "%s %s (%s) that finished more than %s ago%n", dryRun ? "would remove" : "removed",
          plural(r.jobs(), "job"), plural(r.tasks(), "task"), DurationConverter.text(r.olderThan()));
      return Main.OK;
    }
  }
}
