package io.swath.cli;

import static io.swath.cli.CommandLineTest.capture;
import static org.assertj.core.api.Assertions.assertThat;

import io.swath.server.SwathServer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `swath jobs`, `swath runner` and `swath demo workflows` against a real server, with the exit codes scripts rely on. */
class WorkflowsCommandsTest {
  @TempDir
  Path dir;

  @Test
  void submitRunWaitInspectAndFail() throws Exception {
    try (SwathServer server = SwathServer.builder().dataDir(dir.resolve("data")).port(0).httpPort(0).build().start()) {
      String url = server.target();
      String[] r = capture("jobs", "submit", "cli-ok", "--type", "bench.Noop@v1.0", "--input", "{\"i\":1}", "--cluster", "cli", "--url", url);
      assertThat(r[0]).as(r[2]).isEqualTo("0");
      String ok = r[1].trim();
      // no runner yet: still running at the timeout
      r = capture("jobs", "wait", ok, "--timeout", "300ms", "--url", url);
      assertThat(r[0]).isEqualTo("5");
      assertThat(r[2]).contains("still running");

      r = capture("jobs", "submit", "cli-bad", "--type", "bench.Noop@v1.0", "--input", "{\"i\":\"not a number\"}", "--cluster", "cli",
          "--max-retries", "3", "--url", url);
      String bad = r[1].trim();

      // a cache directory holding the group of a job the server does not have (pruned), and one of the user's
      Path cache = dir.resolve("cache");
      String gone = "0192f6e4-5c1b-7a3e-8f00-1234567890ab";
      Files.createDirectories(cache.resolve(gone));
      Files.writeString(cache.resolve(gone).resolve("scene"), "x");
      Files.createDirectories(cache.resolve("notes"));
      r = capture("runner", "--cluster", "cli", "--task", BenchTasks.Noop.class.getName(), "--all", "--quiet", "--cache-dir",
          cache.toString(), "--cache-sweep", "off", "--url", url);
      assertThat(r[0]).as(r[2]).isEqualTo("0");
      assertThat(r[1]).contains("ready: cluster cli").contains("1 tasks completed, 1 attempts failed");
      assertThat(cache.resolve(gone)).exists();
      r = capture("runner", "--cluster", "cli", "--task", BenchTasks.Noop.class.getName(), "--all", "--quiet", "--cache-dir",
          cache.toString(), "--url", url);
      assertThat(r[0]).as(r[2]).isEqualTo("0");
      assertThat(cache.resolve(gone)).doesNotExist();
      assertThat(cache.resolve("notes")).isDirectory();
      r = capture("runner", "--cluster", "cli", "--task", BenchTasks.Noop.class.getName(), "--cache-sweep", "PT-1H", "--url", url);
      assertThat(r[0]).isEqualTo("2");
      assertThat(r[2]).contains("'PT-1H' is negative");

      r = capture("jobs", "wait", ok, "--url", url);
      assertThat(r[0]).isEqualTo("0");
      assertThat(r[1]).contains("state:     COMPLETED").contains("tasks:     1 (1 completed)");
      r = capture("jobs", "wait", bad, "--url", url);
      assertThat(r[0]).isEqualTo("1");
      // bad input is not retried and the error says what was wrong
      assertThat(r[1]).contains("FAILED").contains("InvalidInput").contains("failed after 1 attempt");

      r = capture("jobs", "list", "--url", url);
      assertThat(r[1]).contains(ok).contains(bad).contains("cli-ok");
      r = capture("jobs", "tasks", bad, "--url", url);
      assertThat(r[1]).contains("FAILED").contains("bench.Noop");
      r = capture("jobs", "graph", ok, "--url", url);
      assertThat(r[1]).startsWith("flowchart TD");
      r = capture("jobs", "logs", bad, "--url", url);
      assertThat(r[1]).contains("attempt 0 failed");
      r = capture("jobs", "retry", bad, "--url", url);
      assertThat(r[1]).contains("state:     RUNNING");
      r = capture("jobs", "cancel", bad, "--url", url);
      assertThat(r[1]).contains("state:     CANCELLED");

      // exit codes: not found 3, bad id 2, unknown task class 2, no server 4
      assertThat(capture("jobs", "show", "0192f6e4-5c1b-7a3e-8f00-1234567890ab", "--url", url)[0]).isEqualTo("3");
      r = capture("jobs", "show", "nope", "--url", url);
      assertThat(r[0]).isEqualTo("2");
      assertThat(r[2]).contains("not a valid id");
      r = capture("runner", "--cluster", "cli", "--task", "com.example.Missing", "--url", url);
      assertThat(r[0]).isEqualTo("2");
      assertThat(r[2]).contains("task class com.example.Missing not found");
      r = capture("jobs", "submit", "x", "--type", "a@1.0", "--cluster", "cli", "--url", url);
      assertThat(r[0]).isEqualTo("2");
      assertThat(capture("jobs", "list", "--url", "127.0.0.1:1")[0]).isEqualTo("4");
    }
  }

  @Test
  void pruneRemovesFinishedJobsOlderThanAskedAndKeepsRunningOnes() throws Exception {
    try (SwathServer server = SwathServer.builder().dataDir(dir.resolve("data")).port(0).httpPort(0).build().start()) {
      String url = server.target();
      String running = capture("jobs", "submit", "cli-running", "--type", "bench.Noop@v1.0", "--input", "{\"i\":1}", "--cluster", "cli",
          "--url", url)[1].trim();
      String cancelled = capture("jobs", "submit", "cli-cancelled", "--type", "bench.Noop@v1.0", "--input", "{\"i\":2}", "--cluster", "cli",
          "--url", url)[1].trim();
      assertThat(capture("jobs", "cancel", cancelled, "--url", url)[0]).isEqualTo("0");
      // the server's retention (30 days by default) is the default age
      String[] r = capture("jobs", "prune", "--dry-run", "--url", url);
      assertThat(r[0]).as(r[2]).isEqualTo("0");
      assertThat(r[1]).isEqualTo("would remove 0 jobs (0 tasks) that finished more than 30d ago\n");
      r = capture("jobs", "prune", "--older-than", "1ms", "--dry-run", "--url", url);
      assertThat(r[1]).isEqualTo("would remove 1 job (1 task) that finished more than 1ms ago\n");
      assertThat(capture("jobs", "show", cancelled, "--url", url)[0]).isEqualTo("0");
      r = capture("jobs", "prune", "--older-than", "1ms", "--url", url);
      assertThat(r[0]).as(r[2]).isEqualTo("0");
      assertThat(r[1]).isEqualTo("removed 1 job (1 task) that finished more than 1ms ago\n");
      assertThat(capture("jobs", "show", cancelled, "--url", url)[0]).isEqualTo("3");
      assertThat(capture("jobs", "show", running, "--url", url)[1]).contains("state:     SUBMITTED");
      r = capture("jobs", "prune", "--older-than", "0s", "--url", url);
      assertThat(r[0]).isEqualTo("2");
      assertThat(r[2]).contains("--older-than must be positive");
    }
    String[] r = capture("server", "--job-retention", "soon");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("'soon' is not a duration");
  }

  @Test
  void helpTeachesTheWorkflowCommands() {
    String[] r = capture("--help");
    assertThat(r[1]).contains("jobs").contains("runner");
    for (String[] cmd : new String[][] {{"jobs", "--help"}, {"runner", "--help"}, {"demo", "workflows", "--help"}, {"jobs", "wait", "--help"},
        {"jobs", "prune", "--help"}}) {
      r = capture(cmd);
      assertThat(r[0]).isEqualTo("0");
      assertThat(r[1]).contains("Usage: swath " + String.join(" ", java.util.Arrays.copyOf(cmd, cmd.length - 1)));
    }
  }

  @Test
  void demoWorkflowsRunsTheLandsatMapReduce() {
    String[] r = capture("demo", "workflows", "--months", "2", "--data-dir", dir.resolve("demo").toString(), "--no-graph");
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    assertThat(r[1]).contains("state:     COMPLETED").contains("2020-01").contains("2020-02").contains("clear scenes processed")
        .contains("clear L2SP scenes to process");
  }
}
