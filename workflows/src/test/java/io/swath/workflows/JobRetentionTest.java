package io.swath.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.core.error.InvalidArgumentException;
import io.swath.core.error.NotFoundException;
import io.swath.server.SwathServer;
import io.swath.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Job retention and queue rows of stopped jobs, on real servers and their embedded PostgreSQL:
 * the rows are counted with SQL on the server's database.
 */
class JobRetentionTest {
  /** Retention off, no periodic round during the tests: what is removed, a call or a commit removed. */
  static SwathServer quiet;
  /** Retention of one day, a round every 200 ms. */
  static SwathServer busy;
  static WorkflowsClient quietClient;
  static WorkflowsClient busyClient;
  static String quietDb;
  static String busyDb;

  @BeforeAll
  static void start() throws Exception {
    Path q = TestServers.tempDir("swath-retention-quiet");
    quiet = SwathServer.builder().dataDir(q).port(0).httpPort(0).jobRetention(Duration.ZERO).jobPruneInterval(Duration.ofHours(1)).build()
        .start();
    quietDb = jdbcUrl(q);
    Path b = TestServers.tempDir("swath-retention-busy");
    busy = SwathServer.builder().dataDir(b).port(0).httpPort(0).jobRetention(Duration.ofDays(1)).jobPruneInterval(Duration.ofMillis(200))
        .build().start();
    busyDb = jdbcUrl(b);
    quietClient = WorkflowsClient.connect(quiet.target());
    busyClient = WorkflowsClient.connect(busy.target());
  }

  @AfterAll
  static void stop() {
    quietClient.close();
    busyClient.close();
    busy.close();
    quiet.close();
  }

  /** The embedded database of {@code dataDir} as a JDBC URL that carries its login (user postgres, its password). */
  static String jdbcUrl(Path dataDir) throws Exception {
    io.swath.server.db.Database.Login login = io.swath.server.db.Database.embeddedLogin(dataDir);
    return login.jdbcUrl() + "?user=" + login.user() + "&password="
        + java.net.URLEncoder.encode(login.password(), java.nio.charset.StandardCharsets.UTF_8);
  }

  // ------------------------------------------------------------- tasks

  /** n leaves, each logging and counting progress, and a join that depends on all of them. */
  record Shape(int n) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      List<TaskHandle> leaves = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        leaves.add(ctx.submitSubtask(new Leaf(i)));
      }
      ctx.submitSubtask(new Join(n), o -> o.dependsOn(leaves));
      ctx.logger().log(System.Logger.Level.INFO, "shape of {0}", n);
    }
  }

  record Leaf(int i) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      ctx.progress("leaves").add(1);
      ctx.progress("leaves").done(1);
      ctx.logger().log(System.Logger.Level.INFO, "leaf {0}", i);
      ctx.setResult(i);
    }
  }

  record Join(int n) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      ctx.setResult(ctx.dependencyResults(Integer.class).size());
    }
  }

  /** A type no runner of these tests runs: its tasks stay queued. */
  record Idle(int i) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      throw new AssertionError("no runner runs Idle");
    }
  }

  /** n idle subtasks: the job keeps running with n queued tasks. */
  record Spawn(int n) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      for (int i = 0; i < n; i++) {
        ctx.submitSubtask(new Idle(i));
      }
    }
  }

  record Boom() implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      throw TaskFailure.nonRetryable("Boom", "fails for good", null);
    }
  }

  /** A subtask that fails the job, beside n idle ones. */
  record BoomAndIdle(int n) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      ctx.submitSubtask(new Boom());
      for (int i = 0; i < n; i++) {
        ctx.submitSubtask(new Idle(i));
      }
    }
  }

  static final Map<String, CountDownLatch> STARTED = new ConcurrentHashMap<>();
  static final Map<String, CountDownLatch> RELEASE = new ConcurrentHashMap<>();

  /** Runs until its job is cancelled, then submits n idle subtasks and completes. */
  record Hold(String key, int n) implements Task {
    @Override
    public void execute(ExecutionContext ctx) throws InterruptedException {
      STARTED.get(key).countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!ctx.isCancelled() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      for (int i = 0; i < n; i++) {
        ctx.submitSubtask(new Idle(i));
      }
    }
  }

  /** Ignores cancellation: runs until the test releases it. */
  record Stubborn(String key) implements Task {
    @Override
    public void execute(ExecutionContext ctx) throws InterruptedException {
      STARTED.get(key).countDown();
      RELEASE.get(key).await(60, TimeUnit.SECONDS);
    }
  }

  // ------------------------------------------------------------- SQL on the servers' databases

  static long count(String db, String sql, Object... args) {
    try (Connection c = DriverManager.getConnection(db, "postgres", null); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  static int update(String db, String sql, Object... args) throws SQLException {
    try (Connection c = DriverManager.getConnection(db, "postgres", null); PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    }
  }

  static long queueRows(String db, JobId job) {
    return count(db, "SELECT count(*) FROM task_queue WHERE job_id = ?", job.uuid());
  }

  /** Rows that still belong to {@code jobs} in any workflows table; the task ids name their dependency edges. */
  static long rowsLeft(String db, List<JobId> jobs, List<UUID> taskIds) {
    try (Connection c = DriverManager.getConnection(db, "postgres", null)) {
      java.sql.Array ids = c.createArrayOf("uuid", jobs.stream().map(JobId::uuid).toArray());
      java.sql.Array tasks = c.createArrayOf("uuid", taskIds.toArray());
      long n = 0;
      for (String sql : List.of("SELECT count(*) FROM jobs WHERE id = ANY(?)", "SELECT count(*) FROM tasks WHERE job_id = ANY(?)",
          "SELECT count(*) FROM task_logs WHERE job_id = ANY(?)", "SELECT count(*) FROM task_progress WHERE job_id = ANY(?)",
          "SELECT count(*) FROM task_queue WHERE job_id = ANY(?)", "SELECT count(*) FROM job_prunes WHERE job_id = ANY(?)",
          "SELECT count(*) FROM task_deps WHERE task_id = ANY(?) OR depends_on = ANY(?)")) {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          boolean deps = sql.contains("task_deps");
          ps.setArray(1, deps ? tasks : ids);
          if (deps) {
            ps.setArray(2, tasks);
          }
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            n += rs.getLong(1);
          }
        }
      }
      return n;
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Moves the times of {@code jobs} {@code days} into the past, as if they had been submitted and finished that long ago. */
  static void age(String db, List<JobId> jobs, int days) throws SQLException {
    try (Connection c = DriverManager.getConnection(db, "postgres", null); PreparedStatement ps = c.prepareStatement(
        "UPDATE jobs SET submitted_at = submitted_at - ? * interval '1 day', finished_at = finished_at - ? * interval '1 day' "
            + "WHERE id = ANY(?)")) {
      ps.setInt(1, days);
      ps.setInt(2, days);
      ps.setArray(3, c.createArrayOf("uuid", jobs.stream().map(JobId::uuid).toArray()));
      assertThat(ps.executeUpdate()).isEqualTo(jobs.size());
    }
  }

  static List<UUID> taskIds(WorkflowsClient client, JobId job) {
    return client.jobs().tasks(job).stream().map(t -> t.id().uuid()).toList();
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

  static boolean gone(WorkflowsClient client, JobId job) {
    try {
      client.jobs().find(job);
      return false;
    } catch (NotFoundException e) {
      return true;
    }
  }

  static double metric(SwathServer server, String name) throws Exception {
    String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics"))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
    return body.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(l.substring(name.length() + 1).trim()))
        .findFirst().orElseThrow(() -> new AssertionError("no metric " + name));
  }

  // ------------------------------------------------------------- retention

  @Test
  void theServerRemovesFinishedJobsPastTheRetentionAndKeepsTheOthers() throws Exception {
    String cluster = TestServers.uniqueName("retention");
    JobClient jobs = busyClient.jobs();
    Job completed = jobs.submit("old-completed", new Shape(20), cluster);
    Job failed = jobs.submit("old-failed", new BoomAndIdle(5), cluster);
    Job recent = jobs.submit("recent", new Shape(3), cluster);
    Job running = jobs.submit("old-running", new Spawn(4), cluster);
    try (TaskRunner r = TaskRunner.builder().client(busyClient).cluster(cluster)
        .tasks(Shape.class, Leaf.class, Join.class, BoomAndIdle.class, Boom.class, Spawn.class).build()) {
      r.runAll();
    }
    Job cancelled = jobs.submit("old-cancelled", new Shape(2), cluster);
    jobs.cancel(cancelled.id());
    Job waiting = jobs.submit("old-never-started", new Shape(2), TestServers.uniqueName("nobody-runs"));
    assertThat(jobs.find(completed.id()).state()).isEqualTo(JobState.COMPLETED);
    assertThat(jobs.find(failed.id()).state()).isEqualTo(JobState.FAILED);
    assertThat(jobs.find(cancelled.id()).state()).isEqualTo(JobState.CANCELLED);
    assertThat(jobs.find(recent.id()).state()).isEqualTo(JobState.COMPLETED);
    assertThat(jobs.find(running.id()).state()).isEqualTo(JobState.RUNNING);
    assertThat(jobs.find(waiting.id()).state()).isEqualTo(JobState.SUBMITTED);
    List<JobId> old = List.of(completed.id(), failed.id(), cancelled.id());
    List<UUID> oldTasks = new ArrayList<>();
    old.forEach(j -> oldTasks.addAll(taskIds(busyClient, j)));
    assertThat(oldTasks).hasSize(22 + 7 + 1);
    assertThat(jobs.logs(completed.id())).hasSize(21);
    assertThat(rowsLeft(busyDb, old, oldTasks)).isGreaterThan(oldTasks.size());
    double prunedBefore = metric(busy, "swath_workflow_jobs_pruned_total");
    double tasksBefore = metric(busy, "swath_workflow_tasks_pruned_total");

    // submitted two days ago: the finished ones are past the retention of one day, the others are not finished
    age(busyDb, List.of(completed.id(), failed.id(), cancelled.id(), running.id(), waiting.id()), 2);
    await("the old finished jobs to go", Duration.ofSeconds(30), () -> old.stream().allMatch(j -> gone(busyClient, j)));
    await("their rows to go", Duration.ofSeconds(30), () -> rowsLeft(busyDb, old, oldTasks) == 0);

    assertThat(jobs.find(recent.id()).taskCount()).isEqualTo(5);
    assertThat(jobs.find(running.id()).taskCount()).isEqualTo(5);
    assertThat(queueRows(busyDb, running.id())).isEqualTo(4);
    assertThat(jobs.find(waiting.id()).taskCount()).isEqualTo(1);
    assertThat(jobs.logs(recent.id())).hasSize(4);
    assertThat(jobs.list(10_000)).extracting(Job::id).doesNotContainAnyElementsOf(old).contains(recent.id(), running.id(), waiting.id());
    assertThat(metric(busy, "swath_workflow_jobs_pruned_total") - prunedBefore).isEqualTo(3.0);
    assertThat(metric(busy, "swath_workflow_tasks_pruned_total") - tasksBefore).isEqualTo(oldTasks.size());
    assertThatThrownBy(() -> jobs.retry(completed.id())).isInstanceOf(NotFoundException.class);
  }

  @Test
  void aLeaseThatExpiresAfterItsJobWasCancelledIsSweptFromTheQueue() throws Exception {
    String cluster = TestServers.uniqueName("expired");
    Job job = busyClient.jobs().submit("runner-dies", new Idle(1), cluster);
    // a runner that claims and then dies: it never reports and never renews its 2 s lease
    var stub = io.swath.api.v1.TaskServiceGrpc.newBlockingStub(busyClient.channel);
    var got = stub.nextTasks(io.swath.api.v1.NextTasksRequest.newBuilder().setRunnerId("dies").setCluster(cluster)
        .addTypes(io.swath.api.v1.TaskType.newBuilder().setName("Idle")).setMaxTasks(1).setLeaseMs(2000).build());
    assertThat(got.getTasksCount()).isEqualTo(1);
    busyClient.jobs().cancel(job.id());
    // the lease was running when the job was cancelled: the row stays until the lease ends
    await("the expired lease to be swept", Duration.ofSeconds(20), () -> queueRows(busyDb, job.id()) == 0);
    assertThat(metric(busy, "swath_workflow_queue_rows_swept_total")).isGreaterThanOrEqualTo(1.0);
    // retry queues the task again
    busyClient.jobs().retry(job.id());
    assertThat(queueRows(busyDb, job.id())).isEqualTo(1);
    busyClient.jobs().cancel(job.id());
    assertThat(queueRows(busyDb, job.id())).isZero();
  }

  record Cached(String value) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      ctx.jobCache().put("value", value.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      ctx.jobCache().group("scenes").put("one", new byte[] {1});
    }
  }

  @Test
  void runnersRemoveTheCacheGroupsOfPrunedJobs() throws Exception {
    String cluster = TestServers.uniqueName("cache");
    Path dir = TestServers.tempDir("swath-retention-cache");
    var cache = new io.swath.workflows.cache.LocalFileSystemCache(dir);
    Job old = busyClient.jobs().submit("cached-old", new Cached("old"), cluster);
    Job kept = busyClient.jobs().submit("cached-kept", new Cached("kept"), cluster);
    try (TaskRunner r = TaskRunner.builder().client(busyClient).cluster(cluster).tasks(Cached.class).cache(cache).build()) {
      r.runAll();
    }
    cache.group("notes").put("mine", new byte[] {7});
    String unknown = UUID.randomUUID().toString();
    cache.group(unknown).put("stale", new byte[] {8});
    assertThat(cache.groups()).contains(old.id().toString(), kept.id().toString(), "notes", unknown);
    age(busyDb, List.of(old.id()), 2);
    await("the old job to be pruned", Duration.ofSeconds(30), () -> gone(busyClient, old.id()));

    // a runner sweeps its cache when it starts (runAll waits for that sweep before it returns)
    try (TaskRunner r = TaskRunner.builder().client(busyClient).cluster(cluster).tasks(Cached.class).cache(cache).build()) {
      r.runAll();
      assertThat(r.pruneCache()).isZero();
    }
    assertThat(cache.groups()).containsExactlyInAnyOrder(kept.id().toString(), "notes");
    assertThat(cache.group(kept.id().toString()).get("value")).isEqualTo("kept".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(cache.group("notes").get("mine")).containsExactly(7);
    try (var files = Files.list(dir)) {
      assertThat(files.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly(kept.id().toString(), "notes");
    }
    // without a sweep interval, only an explicit call prunes
    cache.group(unknown).put("stale", new byte[] {8});
    try (TaskRunner r = TaskRunner.builder().client(busyClient).cluster(cluster).tasks(Cached.class).cache(cache)
        .cacheSweepInterval(Duration.ZERO).build()) {
      r.runAll();
      assertThat(cache.groups()).contains(unknown);
      assertThat(r.pruneCache()).isEqualTo(1);
    }
    assertThat(cache.groups()).containsExactlyInAnyOrder(kept.id().toString(), "notes");
  }

  // ------------------------------------------------------------- queue rows of stopped jobs

  @Test
  void cancellingAJobLeavesNoQueueRows() {
    String cluster = TestServers.uniqueName("cancel");
    Job job = quietClient.jobs().submit("spawn", new Spawn(50), cluster);
    try (TaskRunner r = TaskRunner.builder().client(quietClient).cluster(cluster).tasks(Spawn.class).build()) {
      r.runAll();
    }
    assertThat(queueRows(quietDb, job.id())).isEqualTo(50);
    quietClient.jobs().cancel(job.id());
    assertThat(queueRows(quietDb, job.id())).isZero();
    assertThat(quietClient.jobs().find(job.id()).count(TaskState.CANCELLED)).isEqualTo(50);
  }

  @Test
  void failingAJobLeavesNoQueueRows() {
    String cluster = TestServers.uniqueName("fail");
    Job job = quietClient.jobs().submit("boom", new BoomAndIdle(50), cluster);
    try (TaskRunner r = TaskRunner.builder().client(quietClient).cluster(cluster).tasks(BoomAndIdle.class, Boom.class).build()) {
      r.runAll();
    }
    Job failed = quietClient.jobs().find(job.id());
    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    // the idle tasks were ready when the job failed: they are queued in the task table, not in the queue
    assertThat(failed.count(TaskState.QUEUED)).isEqualTo(50);
    assertThat(queueRows(quietDb, job.id())).isZero();
    // retry queues them again
    quietClient.jobs().retry(job.id());
    assertThat(queueRows(quietDb, job.id())).isEqualTo(51);
    quietClient.jobs().cancel(job.id());
    assertThat(queueRows(quietDb, job.id())).isZero();
  }

  @Test
  void subtasksOfATaskThatFinishesAfterItsJobWasCancelledAreNotQueued() throws Exception {
    String cluster = TestServers.uniqueName("late");
    STARTED.put(cluster, new CountDownLatch(1));
    Job job = quietClient.jobs().submit("late", new Hold(cluster, 20), cluster);
    try (TaskRunner r = TaskRunner.builder().client(quietClient).cluster(cluster).tasks(Hold.class).lease(Duration.ofMillis(600)).build()) {
      r.start();
      assertThat(STARTED.get(cluster).await(20, TimeUnit.SECONDS)).isTrue();
      quietClient.jobs().cancel(job.id());
      await("the held task to finish", Duration.ofSeconds(20), () -> r.completedTasks() == 1);
    }
    Job after = quietClient.jobs().find(job.id());
    assertThat(after.state()).isEqualTo(JobState.CANCELLED);
    assertThat(after.count(TaskState.QUEUED)).isEqualTo(20);
    assertThat(queueRows(quietDb, job.id())).isZero();
    quietClient.jobs().retry(job.id());
    assertThat(queueRows(quietDb, job.id())).isEqualTo(20);
    quietClient.jobs().cancel(job.id());
    assertThat(queueRows(quietDb, job.id())).isZero();
  }

  @Test
  void aTaskHandedBackAfterItsJobWasCancelledLeavesNoQueueRow() throws Exception {
    String cluster = TestServers.uniqueName("handback");
    STARTED.put(cluster, new CountDownLatch(1));
    RELEASE.put(cluster, new CountDownLatch(1));
    Job job = quietClient.jobs().submit("stubborn", new Stubborn(cluster), cluster);
    try {
      try (TaskRunner r = TaskRunner.builder().client(quietClient).cluster(cluster).tasks(Stubborn.class).shutdownGrace(Duration.ZERO)
          .build()) {
        r.start();
        assertThat(STARTED.get(cluster).await(20, TimeUnit.SECONDS)).isTrue();
        quietClient.jobs().cancel(job.id());
        assertThat(queueRows(quietDb, job.id())).as("the running task's lease").isEqualTo(1);
      }
      // closing the runner handed the task back unfinished
      assertThat(queueRows(quietDb, job.id())).isZero();
      assertThat(quietClient.jobs().find(job.id()).count(TaskState.QUEUED)).isEqualTo(1);
    } finally {
      RELEASE.get(cluster).countDown();
    }
  }

  // ------------------------------------------------------------- two servers

  @Test
  void twoServersPruningAtOnceRemoveEachJobExactlyOnce() throws Exception {
    try (SwathServer other = SwathServer.builder().dbUrl(quietDb).dbCredentials("postgres", null).port(0).httpPort(0)
        .jobRetention(Duration.ZERO).jobPruneInterval(Duration.ofHours(1)).build().start();
         WorkflowsClient viaOther = WorkflowsClient.connect(other.target())) {
      String cluster = TestServers.uniqueName("two");
      List<JobId> old = Collections.synchronizedList(new ArrayList<>());
      // two jobs of more tasks than one batch deletes, with a dependency edge per leaf
      for (int i = 0; i < 2; i++) {
        old.add(quietClient.jobs().submit("big-" + i, new Shape(6_000), cluster).id());
      }
      try (TaskRunner r = TaskRunner.builder().client(quietClient).cluster(cluster).tasks(Shape.class, Leaf.class, Join.class)
          .maxConcurrentTasks(500).build()) {
        r.runAll();
      }
      // and more jobs than one batch removes
      ExecutorService pool = Executors.newFixedThreadPool(8);
      try {
        List<Future<?>> submitted = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          int thread = t;
          submitted.add(pool.submit(() -> {
            for (int i = 0; i < 75; i++) {
              Job j = quietClient.jobs().submit("small-" + thread + "-" + i, new Idle(i), cluster);
              quietClient.jobs().cancel(j.id());
              old.add(j.id());
            }
          }));
        }
        for (Future<?> f : submitted) {
          f.get(120, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdown();
      }
      assertThat(old).hasSize(602);
      for (JobId j : old.subList(0, 2)) {
        assertThat(quietClient.jobs().find(j).state()).isEqualTo(JobState.COMPLETED);
      }
      long tasks = 2 * 6_002 + 600;
      assertThat(rowsLeft(quietDb, old, List.of())).as("jobs, tasks, logs and progress").isEqualTo(602 + tasks + 2 * 6_001 + 2 * 6_000);
      List<UUID> taskIds = new ArrayList<>();
      old.subList(0, 2).forEach(j -> taskIds.addAll(taskIds(quietClient, j)));
      age(quietDb, old, 10);
      Job recent = quietClient.jobs().submit("recent", new Idle(0), cluster);
      quietClient.jobs().cancel(recent.id());
      double jobsBefore = metric(quiet, "swath_workflow_jobs_pruned_total");
      double tasksBefore = metric(quiet, "swath_workflow_tasks_pruned_total");

      CyclicBarrier together = new CyclicBarrier(2);
      ExecutorService two = Executors.newFixedThreadPool(2);
      try {
        Future<PruneResult> a = two.submit(() -> {
          together.await();
          return quietClient.jobs().prune(o -> o.olderThan(Duration.ofDays(1)));
        });
        Future<PruneResult> b = two.submit(() -> {
          together.await();
          return viaOther.jobs().prune(o -> o.olderThan(Duration.ofDays(1)));
        });
        PruneResult ra = a.get(5, TimeUnit.MINUTES);
        PruneResult rb = b.get(5, TimeUnit.MINUTES);
        assertThat(ra.jobs() + rb.jobs()).isEqualTo(602);
        assertThat(ra.olderThan()).isEqualTo(Duration.ofDays(1));
        assertThat(ra.tasks() + rb.tasks()).isEqualTo(tasks);
      } finally {
        two.shutdown();
      }
      assertThat(rowsLeft(quietDb, old, taskIds)).isZero();
      assertThat(old.stream().filter(j -> !gone(viaOther, j)).toList()).isEmpty();
      assertThat(quietClient.jobs().find(recent.id()).state()).isEqualTo(JobState.CANCELLED);
      assertThat(metric(quiet, "swath_workflow_jobs_pruned_total") - jobsBefore + metric(other, "swath_workflow_jobs_pruned_total"))
          .isEqualTo(602.0);
      assertThat(metric(quiet, "swath_workflow_tasks_pruned_total") - tasksBefore + metric(other, "swath_workflow_tasks_pruned_total"))
          .isEqualTo((double) tasks);
      // nothing is left to prune
      PruneResult again = viaOther.jobs().prune(o -> o.olderThan(Duration.ofDays(1)).dryRun(true));
      assertThat(again.jobs()).isZero();
      assertThat(again.dryRun()).isTrue();
    }
  }

  @Test
  void pruneChecksItsInputAndADryRunRemovesNothing() throws Exception {
    String cluster = TestServers.uniqueName("dry");
    Job job = quietClient.jobs().submit("dry", new Idle(0), cluster);
    quietClient.jobs().cancel(job.id());
    age(quietDb, List.of(job.id()), 3);
    PruneResult dry = quietClient.jobs().prune(o -> o.olderThan(Duration.ofDays(2)).dryRun(true));
    assertThat(dry).isEqualTo(new PruneResult(1, 1, Duration.ofDays(2), true));
    assertThat(quietClient.jobs().find(job.id()).state()).isEqualTo(JobState.CANCELLED);
    assertThat(quietClient.jobs().prune(o -> o.olderThan(Duration.ofDays(4)))).isEqualTo(new PruneResult(0, 0, Duration.ofDays(4), false));
    assertThat(quietClient.jobs().prune(o -> o.olderThan(Duration.ofDays(2)))).isEqualTo(new PruneResult(1, 1, Duration.ofDays(2), false));
    assertThat(gone(quietClient, job.id())).isTrue();
    assertThatThrownBy(() -> quietClient.jobs().prune(o -> {})).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("keeps jobs forever");
    assertThatThrownBy(() -> quietClient.jobs().prune(o -> o.olderThan(Duration.ZERO))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be positive");
    // the retention of the busy server is the default age there
    PruneResult byRetention = busyClient.jobs().prune(o -> o.dryRun(true));
    assertThat(byRetention.olderThan()).isEqualTo(Duration.ofDays(1));
  }
}
