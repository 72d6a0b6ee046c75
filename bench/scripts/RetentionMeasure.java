import io.swath.server.SwathServer;
import io.swath.workflows.*;
import java.nio.file.*;
import java.sql.*;
import java.time.Duration;
import java.util.*;

/** Measures the storage of finished jobs and how fast pruning removes them; run by workflows-measure.sh, not part of the build. */
public class RetentionMeasure {
  @TaskIdentifier(name = "m.Fan", version = "v1.0")
  public record Fan(int n) implements Task {
    public void execute(ExecutionContext ctx) {
      for (int i = 0; i < n; i++) ctx.submitSubtask(new Leaf(i));
    }
  }
  @TaskIdentifier(name = "m.Leaf", version = "v1.0")
  public record Leaf(int i) implements Task {
    public void execute(ExecutionContext ctx) {
      ctx.logger().log(System.Logger.Level.INFO, "leaf {0} done", i);
      ctx.progress("leaves").done(1);
      ctx.setResult(i);
    }
  }

  public static void main(String[] a) throws Exception {
    int n = Integer.parseInt(a[0]);
    int jobs = Integer.parseInt(a[1]);
    Path dir = Files.createTempDirectory("swath-retention-measure");
    try {
      try (SwathServer s = SwathServer.builder().dataDir(dir).port(0).httpPort(0).jobRetention(Duration.ZERO).build().start();
           WorkflowsClient c = WorkflowsClient.connect(s.target())) {
        io.swath.server.db.Database.Login login = io.swath.server.db.Database.embeddedLogin(dir);
        String url = login.jdbcUrl() + "?user=postgres&password=" + java.net.URLEncoder.encode(login.password(), java.nio.charset.StandardCharsets.UTF_8);
        long before = size(url);
        List<JobId> ids = new ArrayList<>();
        for (int j = 0; j < jobs; j++) ids.add(c.jobs().submit("fan-" + j, new Fan(n), "m").id());
        long t0 = System.nanoTime();
        try (TaskRunner r = TaskRunner.builder().client(c).cluster("m").tasks(Fan.class, Leaf.class).maxConcurrentTasks(64).build()) {
          r.runAll();
        }
        List<Job> done = c.jobs().awaitAll(ids, Duration.ofMinutes(10));
        long tasks = done.stream().mapToLong(Job::taskCount).sum();
        System.out.printf("ran %d jobs, %d tasks in %.1f s%n", jobs, tasks, (System.nanoTime() - t0) / 1e9);
        try (Connection db = DriverManager.getConnection(url, "postgres", null); Statement st = db.createStatement()) {
          st.execute("CHECKPOINT");
          st.execute("VACUUM ANALYZE");
        }
        long after = size(url);
        System.out.printf("database growth: %d MiB, %.0f bytes per task (tables and indexes: jobs, tasks, task_deps, task_progress, task_logs, task_queue)%n",
            (after - before) >> 20, (after - before) / (double) tasks);
        for (int round = 0; round < 1; round++) {
          long p0 = System.nanoTime();
          PruneResult pr = c.jobs().prune(o -> o.olderThan(Duration.ofMillis(1)));
          double sec = (System.nanoTime() - p0) / 1e9;
          System.out.printf("pruned %d jobs, %d tasks in %.2f s: %.0f tasks/s%n", pr.jobs(), pr.tasks(), sec, pr.tasks() / sec);
        }
      }
    } finally {
      deleteTree(dir); // the embedded database of the run
    }
  }

  static long size(String url) throws SQLException {
    try (Connection db = DriverManager.getConnection(url, "postgres", null); Statement st = db.createStatement();
         ResultSet rs = st.executeQuery("SELECT sum(pg_total_relation_size(c)) FROM unnest(ARRAY['jobs','tasks','task_deps','task_progress','task_logs','task_queue']::regclass[]) c")) {
      rs.next();
      return rs.getLong(1);
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
