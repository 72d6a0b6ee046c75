package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.workflows.Job;
import io.swath.workflows.JobState;
import io.swath.workflows.TaskInfo;
import io.swath.workflows.TaskState;
import io.swath.workflows.WorkflowsClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reliability with real processes: a server process, runner processes started as users start
 * them (`swath runner`), killed with SIGKILL or stopped with SIGTERM, and a server restarted mid-job.
 */
class WorkflowProcessesTest {
  @TempDir
  Path dir;

  static final String TASKS_HOLD = ProcessTasks.Hold.class.getName();
  static final String TASKS_MANY = ProcessTasks.Many.class.getName();
  static final String TASKS_SHORT = ProcessTasks.Short.class.getName();

  /** A runner process and what it printed. */
  record Runner(Process process, List<String> output, Thread reader) {
    /** Waits for the process to exit and for its output to be read to the end. */
    boolean awaitExit(long seconds) throws InterruptedException {
      boolean exited = process.waitFor(seconds, TimeUnit.SECONDS);
      reader.join(TimeUnit.SECONDS.toMillis(10));
      return exited;
    }
  }

  static Runner startRunner(String target, String cluster, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("runner", "--url", target, "--cluster", cluster, "--task", TASKS_HOLD, "--task", TASKS_MANY,
        "--task", TASKS_SHORT, "--quiet"));
    args.addAll(List.of(extra));
    Process p = BenchCommand.startCli(args.toArray(new String[0]));
    List<String> out = Collections.synchronizedList(new ArrayList<>());
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = r.readLine()) != null) {
      out.add(line);
      if (line.startsWith("swath runner ") && line.contains(" ready: ")) {
        Thread reader = Thread.ofPlatform().daemon().start(() -> {
          try {
            String l;
            while ((l = r.readLine()) != null) {
              out.add(l);
            }
          } catch (java.io.IOException ignored) {
            // process ended
          }
        });
        return new Runner(p, out, reader);
      }
    }
    throw new IllegalStateException("runner did not start:\n" + String.join("\n", out));
  }

  static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  static long count(List<String> runs, String prefix) {
    return runs.stream().filter(l -> l.startsWith(prefix)).count();
  }

  static List<String> runs(Path work) {
    try {
      return ProcessTasks.runs(work);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void killedRunnerLosesItsTaskToAnotherAfterTheLeaseAndSigtermHandsTasksBackWithoutSpendingARetry() throws Exception {
    Path data = dir.resolve("data");
    Path work = Files.createDirectories(dir.resolve("work"));
    Process server = BenchCommand.startServer(data);
    List<Process> started = new ArrayList<>(List.of(server));
    try (WorkflowsClient client = WorkflowsClient.connect(BenchCommand.awaitReady(server))) {
      String target = client.target();

      // ---- kill -9 a runner in the middle of a task
      Files.writeString(work.resolve("hold"), "");
      Job job = client.jobs().submit("killed-runner", new ProcessTasks.Hold(work.toString(), "a"), "kill");
      Runner first = startRunner(target, "kill", "--lease", "1s");
      started.add(first.process());
      await("the task to start", Duration.ofSeconds(30), () -> count(runs(work), "start a") == 1);
      first.process().destroyForcibly();
      assertThat(first.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
      Files.delete(work.resolve("hold"));
      Runner second = startRunner(target, "kill", "--lease", "1s", "--grace", "2s");
      started.add(second.process());
      Job done = client.jobs().awaitCompletion(job.id(), Duration.ofSeconds(60));
      assertThat(done.state()).isEqualTo(JobState.COMPLETED);
      // it ran again after the lease expired, once, and no retry was spent on the runner's death
      assertThat(count(runs(work), "start a")).isEqualTo(2);
      assertThat(count(runs(work), "end a")).isEqualTo(1);
      assertThat(client.jobs().task(job.rootTask()).attempts()).isZero();

      // ---- SIGTERM: running tasks get the grace period, then go back to the queue unfinished
      Files.writeString(work.resolve("hold"), "");
      Job held = client.jobs().submit("sigterm", new ProcessTasks.Hold(work.toString(), "b"), "kill");
      await("the second task to start", Duration.ofSeconds(30), () -> count(runs(work), "start b") == 1);
      // SIGTERM through the handle: Process.destroy() would also close our end of its output pipe
      second.process().toHandle().destroy();
      long t0 = System.nanoTime();
      assertThat(second.awaitExit(60)).isTrue();
      assertThat(second.output()).anyMatch(l -> l.startsWith("swath runner: stopping"))
          .anyMatch(l -> l.startsWith("swath runner stopped: 1 tasks completed, 0 attempts failed"));
      TaskInfo back = client.jobs().task(held.rootTask());
      assertThat(back.state()).isEqualTo(TaskState.QUEUED);
      assertThat(back.attempts()).isZero();
      // the 2 s grace and a prompt exit, not a lease or a long poll to wait out
      assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(15));
      assertThat(count(runs(work), "interrupted b")).isEqualTo(1);
      Files.delete(work.resolve("hold"));
      Runner third = startRunner(target, "kill", "--all");
      started.add(third.process());
      assertThat(third.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(third.process().exitValue()).isZero();
      assertThat(client.jobs().find(held.id()).state()).isEqualTo(JobState.COMPLETED);
      assertThat(count(runs(work), "end b")).isEqualTo(1);
    } finally {
      for (Process p : started) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void serverKilledAndRestartedMidJobRunnersReconnectAndTheJobCompletes() throws Exception {
    Path data = dir.resolve("data");
    Path work = Files.createDirectories(dir.resolve("work"));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process server = BenchCommand.startServer(data, port);
    List<Process> started = new ArrayList<>();
    int n = 3000;
    int slots = 16;
    try {
      String target = BenchCommand.awaitReady(server);
      Job job;
      try (WorkflowsClient client = WorkflowsClient.connect(target)) {
        job = client.jobs().submit("restart", new ProcessTasks.Many(work.toString(), n, 5), "restart");
      }
      Runner a = startRunner(target, "restart", "--slots", Integer.toString(slots), "--lease", "2s");
      Runner b = startRunner(target, "restart", "--slots", Integer.toString(slots), "--lease", "2s");
      started.add(a.process());
      started.add(b.process());
      await("a third of the work", Duration.ofSeconds(60), () -> count(runs(work), "short ") > n / 3);
      server.destroyForcibly();
      assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
      long doneBeforeRestart = count(runs(work), "short ");
      assertThat(doneBeforeRestart).isLessThan(n);
      server = BenchCommand.startServer(data, port);
      assertThat(BenchCommand.awaitReady(server)).isEqualTo(target);
      try (WorkflowsClient client = WorkflowsClient.connect(target)) {
        Job done = client.jobs().awaitCompletion(job.id(), Duration.ofSeconds(120));
        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.count(TaskState.COMPLETED)).isEqualTo(n + 1);
      }
      // every task ran; only those whose outcome the killed server never stored ran twice
      List<String> runs = runs(work);
      Set<String> distinct = new HashSet<>();
      runs.stream().filter(l -> l.startsWith("short ")).forEach(distinct::add);
      assertThat(distinct).hasSize(n);
      long repeats = count(runs, "short ") - n;
      assertThat(repeats).isLessThanOrEqualTo(2L * slots * 3);
    } finally {
      server.destroyForcibly();
      server.waitFor(30, TimeUnit.SECONDS);
      for (Process p : started) {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }
}
