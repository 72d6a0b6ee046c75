import io.swath.server.SwathServer;
import io.swath.workflows.*;
import java.nio.file.*;
import java.time.Duration;
import java.util.*;
import java.util.concurrent.CompletableFuture;

/** Submits jobs one by one and all at once with the async client, then times awaitAll; run by workflows-measure.sh, not part of the build. */
public class AsyncJobsMeasure {
  @TaskIdentifier(name = "m.Noop", version = "v1.0")
  public record Noop(int i) implements Task {
    public void execute(ExecutionContext ctx) {}
  }

  public static void main(String[] a) throws Exception {
    int n = Integer.parseInt(a[0]);
    Path dir = Files.createTempDirectory("swath-async-measure");
    try {
      try (SwathServer s = SwathServer.builder().dataDir(dir).port(0).httpPort(0).build().start();
           WorkflowsClient c = WorkflowsClient.connect(s.target())) {
        for (int round = 0; round < 3; round++) {
          long t0 = System.nanoTime();
          List<JobId> ids = new ArrayList<>();
          for (int i = 0; i < n; i++) ids.add(c.jobs().submit("b" + round + "-" + i, new Noop(i), "m").id());
          double blocking = (System.nanoTime() - t0) / 1e9;
          t0 = System.nanoTime();
          List<CompletableFuture<Job>> fs = new ArrayList<>();
          for (int i = 0; i < n; i++) fs.add(c.asyncJobs().submit("a" + round + "-" + i, new Noop(i), "m"));
          CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).join();
          double async = (System.nanoTime() - t0) / 1e9;
          fs.forEach(f -> ids.add(f.join().id()));
          try (TaskRunner r = TaskRunner.builder().client(c).cluster("m").tasks(Noop.class).build()) {
            r.runAll();
          }
          t0 = System.nanoTime();
          List<Job> done = c.asyncJobs().awaitAll(ids, Duration.ofMinutes(5)).join();
          double all = (System.nanoTime() - t0) / 1e9;
          System.out.printf("round %d: submit %d jobs one by one %.2f s (%.0f/s), async at once %.2f s (%.0f/s); awaitAll of %d finished jobs %.2f s%n",
              round, n, blocking, n / blocking, async, n / async, done.size(), all);
        }
      }
    } finally {
      deleteTree(dir); // the embedded database of the run
    }
  }

  static void deleteTree(Path d) throws java.io.IOException {
    try (var walk = Files.walk(d)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
