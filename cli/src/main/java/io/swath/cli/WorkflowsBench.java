package io.swath.cli;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.swath.server.db.Database;
import io.swath.workflows.Job;
import io.swath.workflows.JobState;
import io.swath.workflows.TaskInfo;
import io.swath.workflows.WorkflowsClient;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code swath bench workflows}: the server and a runner in processes of their own, the benchmark
 * talking to both over loopback gRPC; then db-scheduler on the same PostgreSQL.
 */
final class WorkflowsBench {
  static final String CLUSTER = "bench";
  private final String target;
  private final Path dataDir;
  private final boolean json;
  private final int noopTasks;
  private final int fanout;
  private final int slots;
  private final int dbSchedulerTasks;

  WorkflowsBench(String target, Path dataDir, boolean json, int noopTasks, int fanout, int slots, int dbSchedulerTasks) {
    this.target = target;
    this.dataDir = dataDir;
    this.json = json;
    this.noopTasks = noopTasks;
    this.fanout = fanout;
    this.slots = slots;
    this.dbSchedulerTasks = dbSchedulerTasks;
  }

  int run() throws Exception {
    Process runner = BenchCommand.startCli("runner", "--url", target, "--cluster", CLUSTER, "--task", BenchTasks.Noop.class.getName(),
        "--task", BenchTasks.FanOut.class.getName(), "--slots", Integer.toString(slots), "--quiet");
    try (WorkflowsClient client = WorkflowsClient.connect(target)) {
      awaitLine(runner, "swath runner ");
      say("runner ready (" + slots + " slots); warming up ...");
      fanOut(client, 20_000);
      fanOut(client, 20_000);

      say("latency: 200 single-task jobs, one at a time, to an idle runner ...");
      List<Double> lat = new ArrayList<>();
      List<Job> jobs = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        Job j = client.jobs().submit("bench-latency", new BenchTasks.Noop(i), CLUSTER);
        jobs.add(j);
        client.jobs().awaitCompletion(j.id(), Duration.ofSeconds(30));
        Thread.sleep(5);
      }
      for (Job j : jobs) {
        TaskInfo t = client.jobs().task(j.rootTask());
        lat.add(Duration.between(t.createdAt(), t.startedAt().orElseThrow()).toNanos() / 1e6);
      }
      lat.sort(null);
      double p50 = lat.get(lat.size() / 2);
      double p99 = lat.get((int) Math.ceil(lat.size() * 0.99) - 1);
      say(String.format(Locale.ROOT, "  submit -> start: p50 %.2f ms, p99 %.2f ms", p50, p99));

      say(String.format(Locale.ROOT, "throughput: %,d no-op tasks ...", noopTasks));
      double[] noop = fanOut(client, noopTasks);
      double rate = noopTasks / noop[1];
      say(String.format(Locale.ROOT, "  %,d tasks drained in %.2f s: %,.0f tasks/s", noopTasks, noop[1], rate));

      say(String.format(Locale.ROOT, "fan-out: one task submits %,d subtasks ...", fanout));
      double[] fan = fanOut(client, fanout);
      say(String.format(Locale.ROOT, "  submitted in %.2f s, drained in %.2f s (%,.0f tasks/s)", fan[0], fan[1], fanout / fan[1]));

      runner.destroy();
      runner.waitFor(60, TimeUnit.SECONDS);

      say(String.format(Locale.ROOT, "db-scheduler 16.12 (lock-and-fetch) on the same PostgreSQL: %,d no-op tasks ...", dbSchedulerTasks));
      double dbs = dbScheduler();
      say(String.format(Locale.ROOT, "  %,.0f tasks/s", dbs));

      if (json) {
        System.out.printf(Locale.ROOT, "{\"bench\":\"workflows\",\"noop_tasks\":%d,\"tasks_per_s\":%.0f,\"latency_p50_ms\":%.2f,"
            + "\"latency_p99_ms\":%.2f,\"fanout\":%d,\"fanout_submit_s\":%.2f,\"fanout_drain_s\":%.2f,\"db_scheduler_tasks_per_s\":%.0f}%n",
            noopTasks, rate, p50, p99, fanout, fan[0], fan[1], dbs);
      }
    } finally {
      runner.destroyForcibly();
      runner.waitFor(30, TimeUnit.SECONDS);
    }
    return Main.OK;
  }

  /** [seconds from submission until the subtasks were stored, seconds from then until the job completed]. */
  private static double[] fanOut(WorkflowsClient client, int n) {
    Job job = client.jobs().submit("bench-fanout-" + n, new BenchTasks.FanOut(n), CLUSTER);
    Job done = client.jobs().awaitCompletion(job.id(), Duration.ofMinutes(10));
    if (done.state() != JobState.COMPLETED) {
      throw new IllegalStateException("benchmark job " + done);
    }
    TaskInfo root = client.jobs().task(job.rootTask());
    double submit = Duration.between(done.submittedAt(), root.finishedAt().orElseThrow()).toNanos() / 1e9;
    double drain = Duration.between(root.finishedAt().orElseThrow(), done.finishedAt().orElseThrow()).toNanos() / 1e9;
    return new double[] {submit, drain};
  }

  private double dbScheduler() throws Exception {
    Database.Login login = Database.embeddedLogin(dataDir);
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(login.jdbcUrl());
    cfg.setUsername(login.user());
    cfg.setPassword(login.password());
    cfg.setMaximumPoolSize(12);
    try (HikariDataSource ds = new HikariDataSource(cfg)) {
      try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
        st.execute("DROP TABLE IF EXISTS scheduled_tasks");
        // db-scheduler's own PostgreSQL table (postgresql_tables.sql of its repository)
        st.execute("CREATE TABLE scheduled_tasks (task_name text NOT NULL, task_instance text NOT NULL, task_data bytea, "
            + "execution_time timestamptz NOT NULL, picked boolean NOT NULL, picked_by text, last_success timestamptz, "
            + "last_failure timestamptz, consecutive_failures int, last_heartbeat timestamptz, version bigint NOT NULL, priority smallint, "
            + "PRIMARY KEY (task_name, task_instance))");
        st.execute("CREATE INDEX execution_time_idx ON scheduled_tasks (execution_time)");
        st.execute("CREATE INDEX last_heartbeat_idx ON scheduled_tasks (last_heartbeat)");
        st.execute("CREATE INDEX priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC)");
        st.execute("INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, version, priority) "
            + "SELECT 'noop', 'i' || g, now(), false, 1, 0 FROM generate_series(1, " + dbSchedulerTasks + ") g");
      }
      AtomicInteger done = new AtomicInteger();
      OneTimeTask<Void> noop = Tasks.oneTime("noop").execute((inst, ctx) -> done.incrementAndGet());
      Scheduler s = Scheduler.create(ds, noop).threads(10).pollUsingLockAndFetch(0.5, 4.0).pollingInterval(Duration.ofMillis(100))
          .build();
      long t0 = System.nanoTime();
      s.start();
      long deadline = t0 + TimeUnit.MINUTES.toNanos(5);
      while (done.get() < dbSchedulerTasks && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      s.stop();
      return done.get() / secs;
    }
  }

  private void say(String s) {
    if (!json) {
      System.out.println(s);
    } else {
      System.err.println(s);
    }
  }

  private static void awaitLine(Process p, String prefix) throws Exception {
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    String line;
    while ((line = r.readLine()) != null) {
      seen.add(line);
      if (line.startsWith(prefix)) {
        Thread drain = new Thread(() -> {
          try {
            while (r.readLine() != null) {
              // keep the pipe empty
            }
          } catch (java.io.IOException ignored) {
            // process ended
          }
        }, "bench-runner-output");
        drain.setDaemon(true);
        drain.start();
        return;
      }
    }
    throw new IllegalStateException("the benchmark runner did not start:\n" + String.join("\n", seen));
  }
}
