package io.swath.server.workflows;

import io.swath.api.v1.ClaimedTask;
import io.swath.api.v1.DependencyResultsResponse;
import io.swath.api.v1.Job;
import io.swath.api.v1.JobState;
import io.swath.api.v1.LogLine;
import io.swath.api.v1.NextTasksRequest;
import io.swath.api.v1.NextTasksResponse;
import io.swath.api.v1.OutcomeKind;
import io.swath.api.v1.ProgressCount;
import io.swath.api.v1.RenewLeasesRequest;
import io.swath.api.v1.RenewLeasesResponse;
import io.swath.api.v1.SubmitJobRequest;
import io.swath.api.v1.TaskInfo;
import io.swath.api.v1.TaskLease;
import io.swath.api.v1.TaskOutcome;
import io.swath.api.v1.TaskSpec;
import io.swath.api.v1.TaskState;
import io.swath.api.v1.TaskStateCount;
import io.swath.api.v1.TaskType;
import io.swath.core.error.InvalidArgumentException;
import io.swath.core.rules.StorageRules;
import io.swath.core.error.NotFoundException;
import io.swath.core.id.Uuids;
import io.swath.core.retry.RetryPolicy;
import io.swath.server.db.Database;
import java.io.StringReader;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.postgresql.PGConnection;

/**
 * Jobs and tasks in PostgreSQL: submission, claims ({@code FOR UPDATE SKIP LOCKED} on the
 * queue), outcomes with their subtasks, completion of parents and release of dependents,
 * retries with exponential backoff, leases, cancellation and job retry.
 *
 * <p>Every call is one transaction, so an acknowledged outcome or submission survives a crash
 * and a call that failed changed nothing. Several servers may share one database.
 */
public final class WorkflowStore implements AutoCloseable {
  static final int WAITING = TaskState.TASK_STATE_WAITING_VALUE;
  static final int QUEUED = TaskState.TASK_STATE_QUEUED_VALUE;
  static final int RUNNING = TaskState.TASK_STATE_RUNNING_VALUE;
  static final int COMPUTED = TaskState.TASK_STATE_COMPUTED_VALUE;
  static final int COMPLETED = TaskState.TASK_STATE_COMPLETED_VALUE;
  static final int FAILED = TaskState.TASK_STATE_FAILED_VALUE;
  static final int CANCELLED = TaskState.TASK_STATE_CANCELLED_VALUE;
  static final int JOB_SUBMITTED = JobState.JOB_STATE_SUBMITTED_VALUE;
  static final int JOB_RUNNING = JobState.JOB_STATE_RUNNING_VALUE;
  static final int JOB_COMPLETED = JobState.JOB_STATE_COMPLETED_VALUE;
  static final int JOB_FAILED = JobState.JOB_STATE_FAILED_VALUE;
  static final int JOB_CANCELLED = JobState.JOB_STATE_CANCELLED_VALUE;
  /** A task whose lease expired this often (its runner died or hung each time) fails for good. */
  static final int MAX_LEASE_EXPIRIES = 5;
  static final long DEFAULT_LEASE_MS = 30_000;
  private static final Pattern CLUSTER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final Database db;
  /** Connections for the transactions of this store, set up for its statements (see {@link #pool}). */
  private final HikariDataSource txPool;
  /** Jobs known to have started, so claims skip the update that marks a job running. */
  private final Set<UUID> startedJobs = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private final TaskWakeups wakeups;
  private final TaskInputs inputs;
  private final ScheduledExecutorService timers;
  private final JobPruner pruner;

  /** A store over {@code db}; wakes waiting runners of this server and, through NOTIFY, of others. */
  public WorkflowStore(Database db) {
    this.db = db;
    this.txPool = pool(db);
    db.onRecovery(() -> txPool.getHikariPoolMXBean().softEvictConnections());
    this.wakeups = new TaskWakeups(UUID.randomUUID().toString());
    this.wakeups.listen(db.dataSource());
    this.inputs = new TaskInputs(db);
    this.pruner = new JobPruner(db);
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "swath-retry-timer");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * A small pool of its own on the same database. The queue changes size faster than statistics
   * follow: with stale statistics the planner would sort the whole queue instead of reading the
   * ready index in order. Plans made for the actual arguments, without sorts or bitmap scans, keep
   * every claim an ordered index read.
   */
  private static HikariDataSource pool(Database db) {
    HikariConfig main;
    try {
      main = db.dataSource().unwrap(HikariDataSource.class);
    } catch (SQLException e) {
      throw new IllegalStateException("the workflows store needs the server's Hikari pool", e);
    }
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(main.getJdbcUrl());
    cfg.setUsername(main.getUsername());
    cfg.setPassword(main.getPassword());
    cfg.setDataSourceProperties(main.getDataSourceProperties());
    cfg.setPoolName("swath-workflows");
    cfg.setMaximumPoolSize(Math.max(4, main.getMaximumPoolSize() / 2));
    cfg.setMinimumIdle(2);
    cfg.setConnectionTimeout(30_000);
    cfg.setConnectionInitSql("SET plan_cache_mode = force_custom_plan; SET enable_sort = off; SET enable_bitmapscan = off");
    return new HikariDataSource(cfg);
  }

  TaskWakeups wakeups() {
    return wakeups;
  }

  /** Runners' long polls waiting for work on this server now. */
  public int waitingPolls() {
    return wakeups.waiting();
  }

  // ------------------------------------------------------------------ jobs

  /** Stores a job with its root task, ready to run; with an idempotency key seen before, returns that job. */
  public Job submit(SubmitJobRequest req) throws SQLException {
    String name = req.getName().trim();
    StorageRules.checkJob(name, req.getIdempotencyKey());
    if (!req.hasRoot()) {
      throw new InvalidArgumentException("a job needs a root task");
    }
    TaskSpec root = req.getRoot();
    validate(root, "root task", 0);
    if (root.getCluster().isEmpty()) {
      throw new InvalidArgumentException("the root task needs a cluster (e.g. default-cluster)");
    }
    if (root.getDependsOnCount() > 0) {
      throw new InvalidArgumentException("the root task cannot depend on other tasks");
    }
    inputs.check(root.getCluster(), root);
    String key = req.getIdempotencyKey().isBlank() ? null : req.getIdempotencyKey();
    return tx(fx -> c -> {
      UUID jobId = Ids.next();
      UUID rootId = Ids.next();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (id, name, state, cluster, root_task_id, idempotency_key) "
          + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id")) {
        ps.setObject(1, jobId);
        ps.setString(2, name);
        ps.setInt(3, JOB_SUBMITTED);
        ps.setString(4, root.getCluster());
        ps.setObject(5, rootId);
        ps.setString(6, key);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            try (PreparedStatement q = c.prepareStatement("SELECT id FROM jobs WHERE idempotency_key = ?")) {
              q.setString(1, key);
              try (ResultSet r2 = q.executeQuery()) {
                r2.next();
                return job(c, r2.getObject(1, UUID.class));
              }
            }
          }
        }
      }
      insertTasks(c, fx, jobId, null, root.getCluster(), List.of(root), new UUID[] {rootId});
      return job(c, jobId);
    });
  }

  /** The job with its task counts and progress. */
  public Job job(UUID id) throws SQLException {
    try (Connection c = db.connection()) {
      return job(c, id);
    }
  }

  /** Waits up to {@code waitMs} for the job to finish, then returns it. */
  public Job awaitJob(UUID id, long waitMs) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
    while (true) {
      long seen = wakeups.jobVersion();
      Job j = job(id);
      if (isFinal(j.getState()) || System.nanoTime() >= deadline || wakeups.isClosed()) {
        return j;
      }
      // other servers finish jobs too: look again at least every 250 ms
      wakeups.awaitJob(seen, Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(250)));
    }
  }

  static boolean isFinal(JobState s) {
    return s == JobState.JOB_STATE_COMPLETED || s == JobState.JOB_STATE_FAILED || s == JobState.JOB_STATE_CANCELLED;
  }

  /** Newest jobs first. */
  public List<Job> listJobs(int limit, String namePrefix) throws SQLException {
    int n = limit <= 0 ? 100 : Math.min(limit, 10_000);
    List<UUID> ids = new ArrayList<>();
    try (Connection c = db.connection();
         PreparedStatement ps = c.prepareStatement("SELECT id FROM jobs WHERE name LIKE ? ORDER BY submitted_at DESC, id DESC LIMIT ?")) {
      ps.setString(1, escapeLike(namePrefix) + "%");
      ps.setInt(2, n);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getObject(1, UUID.class));
        }
      }
      List<Job> out = new ArrayList<>();
      for (UUID id : ids) {
        out.add(job(c, id));
      }
      return out;
    }
  }

  private static String escapeLike(String s) {
    return s == null ? "" : s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /** Cancels a job: tasks not started never run; running tasks see the cancellation at their next lease renewal. */
  public Job cancel(UUID id) throws SQLException {
    return tx(fx -> c -> {
      requireJob(c, id);
      int changed;
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE jobs SET state = ?, finished_at = now() WHERE id = ? AND state IN (?, ?)")) {
        ps.setInt(1, JOB_CANCELLED);
        ps.setObject(2, id);
        ps.setInt(3, JOB_SUBMITTED);
        ps.setInt(4, JOB_RUNNING);
        changed = ps.executeUpdate();
      }
      if (changed > 0) {
        update(c, "UPDATE tasks SET state = " + CANCELLED + " WHERE job_id = ? AND state IN (" + WAITING + ", " + QUEUED + ")", id);
        update(c, "DELETE FROM task_queue WHERE job_id = ? AND (runner IS NULL OR available_at <= now())", id);
        fx.jobFinished = true;
      }
      return job(c, id);
    });
  }

  /**
   * Runs the failed and cancelled tasks of a job again (with fresh retry budgets) and tasks whose
   * runner was lost while the job was stopped; completed work is kept.
   */
  public Job retry(UUID id) throws SQLException {
    return tx(fx -> c -> {
      // the job row stays locked to the commit: pruning skips the job meanwhile, and queue sweeps
      // leave its rows alone
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM jobs WHERE id = ? FOR NO KEY UPDATE")) {
        ps.setObject(1, id);
        ps.executeQuery().close();
      }
      Job j = requireJob(c, id);
      if (j.getState() == JobState.JOB_STATE_COMPLETED) {
        return j;
      }
      update(c, "UPDATE tasks SET state = CASE WHEN remaining_deps > 0 THEN " + WAITING + " ELSE " + QUEUED + " END, attempts = 0, "
          + "lease_expiries = 0, error = NULL WHERE job_id = ? AND (state = " + CANCELLED + " OR (state = " + FAILED + " AND NOT optional))", id);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO task_queue (id, job_id, cluster, name, major, minor) "
          + "SELECT id, job_id, cluster, name, major, minor FROM tasks WHERE job_id = ? AND state IN (" + QUEUED + ", " + RUNNING + ") "
          + "ON CONFLICT (id) DO NOTHING RETURNING cluster")) {
        ps.setObject(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            fx.clusters.add(rs.getString(1));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET state = CASE WHEN started_at IS NULL THEN " + JOB_SUBMITTED
          + " ELSE " + JOB_RUNNING + " END, error = NULL, finished_at = NULL WHERE id = ? AND state IN (?, ?)")) {
        ps.setObject(1, id);
        ps.setInt(2, JOB_FAILED);
        ps.setInt(3, JOB_CANCELLED);
        ps.executeUpdate();
      }
      return job(c, id);
    });
  }

  private Job requireJob(Connection c, UUID id) throws SQLException {
    return job(c, id);
  }

  private Job job(Connection c, UUID id) throws SQLException {
    Job.Builder b = Job.newBuilder();
    try (PreparedStatement ps = c.prepareStatement("SELECT id, name, state, cluster, root_task_id, coalesce(idempotency_key, ''), "
        + "coalesce(error, ''), " + us("submitted_at") + ", " + us("started_at") + ", " + us("finished_at") + " FROM jobs WHERE id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new NotFoundException("job " + id + " not found");
        }
        b.setId(rs.getString(1)).setName(rs.getString(2)).setStateValue(rs.getInt(3)).setCluster(rs.getString(4))
            .setRootTaskId(rs.getString(5)).setIdempotencyKey(rs.getString(6)).setError(rs.getString(7))
            .setSubmittedAtUs(rs.getLong(8)).setStartedAtUs(rs.getLong(9)).setFinishedAtUs(rs.getLong(10));
      }
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT state, count(*) FROM tasks WHERE job_id = ? GROUP BY state ORDER BY state")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          b.addTaskCounts(TaskStateCount.newBuilder().setStateValue(rs.getInt(1)).setCount(rs.getLong(2)));
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT label, sum(total)::bigint, sum(done)::bigint FROM task_progress WHERE job_id = ? GROUP BY label ORDER BY label")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          b.addProgress(ProgressCount.newBuilder().setLabel(rs.getString(1)).setTotal(rs.getLong(2)).setDone(rs.getLong(3)));
        }
      }
    }
    return b.build();
  }

  // ------------------------------------------------------------------ tasks (read side)

  /** Tasks of a job in creation order, with their dependencies. */
  public List<TaskInfo> tasks(UUID jobId, int limit) throws SQLException {
    try (Connection c = db.connection()) {
      requireJob(c, jobId);
      Map<UUID, TaskInfo.Builder> out = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement(taskSelect(false) + " WHERE job_id = ? ORDER BY created_at, id LIMIT ?")) {
        ps.setObject(1, jobId);
        ps.setLong(2, limit <= 0 ? Long.MAX_VALUE : limit);
        ps.setFetchSize(10_000);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            TaskInfo.Builder t = taskInfo(rs, false);
            out.put(UUID.fromString(t.getId()), t);
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT d.task_id, d.depends_on FROM task_deps d JOIN tasks t ON t.id = d.task_id "
          + "WHERE t.job_id = ? ORDER BY d.task_id, d.ord")) {
        ps.setObject(1, jobId);
        ps.setFetchSize(10_000);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            TaskInfo.Builder t = out.get(rs.getObject(1, UUID.class));
            if (t != null) {
              t.addDependsOn(rs.getString(2));
            }
          }
        }
      }
      List<TaskInfo> list = new ArrayList<>(out.size());
      out.values().forEach(t -> list.add(t.build()));
      return list;
    }
  }

  /** One task, with its input. */
  public TaskInfo task(UUID id) throws SQLException {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(taskSelect(true) + " WHERE id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new NotFoundException("task " + id + " not found");
        }
        TaskInfo.Builder t = taskInfo(rs, true);
        try (PreparedStatement d = c.prepareStatement("SELECT depends_on FROM task_deps WHERE task_id = ? ORDER BY ord")) {
          d.setObject(1, id);
          try (ResultSet r2 = d.executeQuery()) {
            while (r2.next()) {
              t.addDependsOn(r2.getString(1));
            }
          }
        }
        return t.build();
      }
    }
  }

  private static String taskSelect(boolean withInput) {
    return "SELECT id, coalesce(parent_id::text, ''), name, major, minor, display, state, attempts, coalesce(error, ''), "
        + us("created_at") + ", " + us("started_at") + ", " + us("finished_at") + ", coalesce(result, ''), cluster, optional"
        + (withInput ? ", input" : "") + " FROM tasks";
  }

  private static TaskInfo.Builder taskInfo(ResultSet rs, boolean withInput) throws SQLException {
    TaskInfo.Builder t = TaskInfo.newBuilder().setId(rs.getString(1)).setParentId(rs.getString(2)).setName(rs.getString(3))
        .setMajor(rs.getInt(4)).setMinor(rs.getInt(5)).setDisplay(rs.getString(6)).setStateValue(rs.getInt(7)).setAttempts(rs.getInt(8))
        .setError(rs.getString(9)).setCreatedAtUs(rs.getLong(10)).setStartedAtUs(rs.getLong(11)).setFinishedAtUs(rs.getLong(12))
        .setResult(rs.getString(13)).setCluster(rs.getString(14)).setOptional(rs.getBoolean(15));
    if (withInput) {
      t.setInput(rs.getString(16));
    }
    return t;
  }

  /** Log lines of a job (or of one of its tasks), oldest first. */
  public List<LogLine> logs(UUID jobId, UUID taskId, int limit) throws SQLException {
    try (Connection c = db.connection()) {
      requireJob(c, jobId);
      String sql = "SELECT task_id, attempt, " + us("at") + ", level, message FROM task_logs WHERE job_id = ?"
          + (taskId != null ? " AND task_id = ?" : "") + " ORDER BY at LIMIT ?";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = 1;
        ps.setObject(i++, jobId);
        if (taskId != null) {
          ps.setObject(i++, taskId);
        }
        ps.setInt(i, limit <= 0 ? 10_000 : limit);
        List<LogLine> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(LogLine.newBuilder().setTaskId(rs.getString(1)).setAttempt(rs.getInt(2)).setTimeUs(rs.getLong(3))
                .setLevel(rs.getInt(4)).setMessage(rs.getString(5)).build());
          }
        }
        return out;
      }
    }
  }

  /** Results of the tasks a task depends on, in the order it listed them. */
  public DependencyResultsResponse dependencyResults(UUID taskId) throws SQLException {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
        "SELECT d.depends_on, coalesce(t.result, '') FROM task_deps d JOIN tasks t ON t.id = d.depends_on WHERE d.task_id = ? ORDER BY d.ord")) {
      ps.setObject(1, taskId);
      DependencyResultsResponse.Builder b = DependencyResultsResponse.newBuilder();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          b.addTaskIds(rs.getString(1)).addResults(rs.getString(2));
        }
      }
      return b.build();
    }
  }

  // ------------------------------------------------------------------ runners

  /** What one NextTasks round gave: the answer, and when the queue next changes by itself (-1: never). */
  record Round(NextTasksResponse response, long recheckMs) {}

  /**
   * Applies the reported outcomes and claims tasks; when none is ready and the runner asked to
   * wait, waits (holding no database connection) until new work for its cluster is signalled,
   * a delayed task or an expired lease comes due, or {@code wait_ms} passes.
   */
  public NextTasksResponse nextTasks(NextTasksRequest req, java.util.function.BooleanSupplier callCancelled)
      throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(req.getWaitMs());
    String cluster = req.getCluster();
    long seen = wakeups.version(cluster);
    Round r = next(req, callCancelled);
    if (r.response().getTasksCount() > 0 || req.getWaitMs() == 0 || req.getMaxTasks() == 0) {
      return r.response();
    }
    List<String> rejected = r.response().getRejectedList();
    NextTasksRequest again = req.toBuilder().clearFinished().build();
    while (!wakeups.isClosed() && !callCancelled.getAsBoolean()) {
      long now = System.nanoTime();
      if (now >= deadline) {
        break;
      }
      long until = r.recheckMs() < 0 ? deadline : Math.min(deadline, now + TimeUnit.MILLISECONDS.toNanos(r.recheckMs() + 1));
      wakeups.await(cluster, seen, until);
      seen = wakeups.version(cluster);
      if (callCancelled.getAsBoolean()) {
        break;
      }
      r = next(again, callCancelled);
      if (r.response().getTasksCount() > 0) {
        break;
      }
    }
    return r.response().toBuilder().clearRejected().addAllRejected(rejected).build();
  }

  /** Applies the reported outcomes, then claims up to {@code max_tasks} tasks; one transaction. */
  Round next(NextTasksRequest req, java.util.function.BooleanSupplier callCancelled) throws SQLException {
    String runner = req.getRunnerId();
    if (runner.isBlank()) {
      throw new InvalidArgumentException("runner_id is required");
    }
    if (req.getMaxTasks() < 0 || req.getMaxTasks() > 10_000) {
      throw new InvalidArgumentException("max_tasks must be between 0 and 10000, got " + req.getMaxTasks());
    }
    if (req.getMaxTasks() > 0) {
      checkCluster(req.getCluster());
      if (req.getTypesCount() == 0) {
        throw new InvalidArgumentException("a runner that claims tasks must name the task types it runs");
      }
      inputs.announce(req.getCluster(), req.getTypesList());
    }
    long leaseMs = leaseMs(req.getLeaseMs());
    return tx(fx -> c -> {
      NextTasksResponse.Builder resp = NextTasksResponse.newBuilder();
      // claims first: the outcomes lock parent rows that other runners' outcomes lock too, so
      // they come last and hold those locks only until the commit
      if (req.getMaxTasks() > 0) {
        claim(c, fx, req, leaseMs, resp, req.getMaxTasks());
      }
      if (req.getFinishedCount() > 0) {
        applyOutcomes(c, fx, req.getFinishedList(), resp);
        int room = req.getMaxTasks() - resp.getTasksCount();
        if (room > 0 && fx.clusters.contains(req.getCluster())) {
          claim(c, fx, req, leaseMs, resp, room);
        }
      }
      if (resp.getTasksCount() > 0 && req.getFinishedCount() == 0 && callCancelled.getAsBoolean()) {
        // the runner gave up on this call (it is stopping): nobody would run what we claimed
        throw new java.util.concurrent.CancellationException("the runner cancelled the call");
      }
      long recheck = -1;
      if (req.getMaxTasks() > 0) {
        if (resp.getTasksCount() == 0) {
          long[] next = nextReady(c, req.getCluster());
          resp.setNextReadyInMs(next[0]);
          recheck = next[1];
        }
      }
      return new Round(resp.build(), recheck);
    });
  }


  private static long leaseMs(long requested) {
    if (requested == 0) {
      return DEFAULT_LEASE_MS;
    }
    if (requested < 200 || requested > 3_600_000) {
      throw new InvalidArgumentException("lease_ms must be between 200 and 3600000, got " + requested);
    }
    return requested;
  }

  /** Extends the leases still held; says which tasks were cancelled and which leases were lost. */
  public RenewLeasesResponse renew(RenewLeasesRequest req) throws SQLException {
    long leaseMs = leaseMs(req.getLeaseMs());
    if (req.getLeasesCount() == 0) {
      return RenewLeasesResponse.getDefaultInstance();
    }
    return tx(fx -> c -> {
      int n = req.getLeasesCount();
      UUID[] ids = new UUID[n];
      Long[] claims = new Long[n];
      for (int i = 0; i < n; i++) {
        ids[i] = Uuids.parse("task id", req.getLeases(i).getId());
        claims[i] = req.getLeases(i).getClaim();
      }
      Map<UUID, UUID> held = new HashMap<>();
      try (PreparedStatement ps = c.prepareStatement("UPDATE task_queue q SET available_at = now() + ? * interval '1 millisecond' "
          + "WHERE q.id = ANY(?) AND (q.id, q.claim) IN (SELECT * FROM unnest(?::uuid[], ?::bigint[])) RETURNING q.id, q.job_id")) {
        ps.setLong(1, leaseMs);
        ps.setArray(2, c.createArrayOf("uuid", ids));
        ps.setArray(3, c.createArrayOf("uuid", ids));
        ps.setArray(4, c.createArrayOf("int8", claims));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            held.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
          }
        }
      }
      RenewLeasesResponse.Builder b = RenewLeasesResponse.newBuilder();
      Set<UUID> stoppedJobs = new HashSet<>();
      if (!held.isEmpty()) {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM jobs WHERE id = ANY(?) AND state NOT IN (?, ?)")) {
          ps.setArray(1, c.createArrayOf("uuid", new HashSet<>(held.values()).toArray()));
          ps.setInt(2, JOB_SUBMITTED);
          ps.setInt(3, JOB_RUNNING);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              stoppedJobs.add(rs.getObject(1, UUID.class));
            }
          }
        }
      }
      List<TaskLease> reports = new ArrayList<>();
      for (TaskLease l : req.getLeasesList()) {
        UUID id = UUID.fromString(l.getId());
        UUID job = held.get(id);
        if (job == null) {
          b.addLost(l.getId());
        } else {
          if (stoppedJobs.contains(job)) {
            b.addCancelled(l.getId());
          }
          reports.add(l);
        }
      }
      List<UUID> pIds = new ArrayList<>();
      List<ProgressCount> ps = new ArrayList<>();
      List<UUID> lIds = new ArrayList<>();
      List<LogLine> ls = new ArrayList<>();
      for (TaskLease l : reports) {
        UUID id = UUID.fromString(l.getId());
        l.getProgressList().forEach(p -> {
          pIds.add(id);
          ps.add(p);
        });
        l.getLogsList().forEach(line -> {
          lIds.add(id);
          ls.add(line);
        });
      }
      saveProgress(c, pIds, ps);
      saveLogs(c, lIds, ls);
      return b.build();
    });
  }

  private void claim(Connection c, Effects fx, NextTasksRequest req, long leaseMs, NextTasksResponse.Builder resp, int max)
      throws SQLException {
    int nt = req.getTypesCount();
    String[] names = new String[nt];
    Integer[] majors = new Integer[nt];
    Integer[] minors = new Integer[nt];
    for (int i = 0; i < nt; i++) {
      TaskType t = req.getTypes(i);
      names[i] = t.getName();
      majors[i] = t.getMajor();
      minors[i] = t.getMinor();
    }
    String sql = "WITH c AS ("
        + " SELECT q.id FROM task_queue q"
        + " WHERE q.cluster = ? AND q.available_at <= now()"
        + "  AND EXISTS (SELECT 1 FROM unnest(?::text[], ?::int[], ?::int[]) r(n, ma, mi) WHERE r.n = q.name AND r.ma = q.major AND q.minor <= r.mi)"
        + "  AND EXISTS (SELECT 1 FROM jobs j WHERE j.id = q.job_id AND j.state IN (" + JOB_SUBMITTED + ", " + JOB_RUNNING + "))"
        + " ORDER BY q.available_at LIMIT ? FOR UPDATE OF q SKIP LOCKED),"
        // a claimed row that still names a runner was not handed back: its lease expired
        // the claim is a random 64-bit lease token (from a v4 UUID's 122 random bits), not a counter:
        // only the runner that was handed it can renew the lease or report the task
        + " u AS (UPDATE task_queue q SET claim = ('x' || substr(md5(gen_random_uuid()::text), 1, 16))::bit(64)::bigint, expiries = q.expiries + (q.runner IS NOT NULL)::int, runner = ?,"
        + "  available_at = now() + ? * interval '1 millisecond'"
        + "  WHERE q.id = ANY(ARRAY(SELECT id FROM c)) RETURNING q.id, q.claim, q.expiries)"
        + " UPDATE tasks t SET state = " + RUNNING + ", started_at = now(), runner = ?, lease_expiries = u.expiries"
        + " FROM u WHERE t.id = u.id"
        + " RETURNING t.id, t.job_id, t.name, t.major, t.minor, t.input, u.claim, t.attempts, t.cluster, t.dep_count, t.max_retries,"
        + "  t.lease_expiries";
    List<TaskOutcome> poisoned = new ArrayList<>();
    Set<UUID> jobs = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, req.getCluster());
      ps.setArray(2, c.createArrayOf("text", names));
      ps.setArray(3, c.createArrayOf("int4", majors));
      ps.setArray(4, c.createArrayOf("int4", minors));
      ps.setInt(5, max);
      ps.setString(6, req.getRunnerId());
      ps.setLong(7, leaseMs);
      ps.setString(8, req.getRunnerId());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (rs.getInt(12) >= MAX_LEASE_EXPIRIES) {
            poisoned.add(TaskOutcome.newBuilder().setId(rs.getString(1)).setClaim(rs.getLong(7)).setKind(OutcomeKind.OUTCOME_KIND_FAILED)
                .setRetryable(false).setError("the task's lease expired " + rs.getInt(12)
                    + " times: its runner died or stopped renewing each time it ran this task").build());
            continue;
          }
          jobs.add(rs.getObject(2, UUID.class));
          resp.addTasks(ClaimedTask.newBuilder().setId(rs.getString(1)).setJobId(rs.getString(2)).setName(rs.getString(3))
              .setMajor(rs.getInt(4)).setMinor(rs.getInt(5)).setInput(rs.getString(6)).setClaim(rs.getLong(7)).setAttempt(rs.getInt(8))
              .setCluster(rs.getString(9)).setDependencyCount(rs.getInt(10)).setMaxRetries(rs.getInt(11)));
        }
      }
    }
    jobs.removeAll(startedJobs);
    if (!jobs.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET state = " + JOB_RUNNING + ", started_at = now() "
          + "WHERE id = ANY(?) AND state = " + JOB_SUBMITTED)) {
        ps.setArray(1, c.createArrayOf("uuid", jobs.toArray()));
        ps.executeUpdate();
      }
      fx.started.addAll(jobs);
    }
    if (!poisoned.isEmpty()) {
      applyOutcomes(c, fx, poisoned, NextTasksResponse.newBuilder());
    }
  }

  /** [ms until an unclaimed delayed task is ready (-1: none), ms until the queue changes by itself (-1: never)]. */
  private static long[] nextReady(Connection c, String cluster) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT "
        + "(extract(epoch FROM min(available_at) FILTER (WHERE runner IS NULL) - now()) * 1000)::bigint, "
        + "(extract(epoch FROM min(available_at) - now()) * 1000)::bigint "
        + "FROM task_queue WHERE cluster = ? AND available_at > now()")) {
      ps.setString(1, cluster);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        long a = rs.getLong(1);
        boolean aNull = rs.wasNull();
        long b = rs.getLong(2);
        boolean bNull = rs.wasNull();
        return new long[] {aNull ? -1 : Math.max(0, a), bNull ? -1 : Math.max(0, b)};
      }
    }
  }

  // ------------------------------------------------------------------ outcomes

  /** A task that is done for its parent and dependents: completed, or failed but optional. */
  private record Done(UUID id, UUID parent, UUID job, boolean hasDependents) {}

  private void applyOutcomes(Connection c, Effects fx, List<TaskOutcome> outcomes, NextTasksResponse.Builder resp) throws SQLException {
    List<TaskOutcome> released = new ArrayList<>();
    List<TaskOutcome> finished = new ArrayList<>();
    for (TaskOutcome o : outcomes) {
      Uuids.parse("task id", o.getId());
      switch (o.getKind()) {
        case OUTCOME_KIND_RELEASED -> released.add(o);
        case OUTCOME_KIND_COMPLETED, OUTCOME_KIND_FAILED -> finished.add(checkSubtasks(o));
        default -> throw new InvalidArgumentException("outcome of task " + o.getId() + " has no kind");
      }
    }
    Set<String> accepted = new HashSet<>();
    if (!released.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement("UPDATE task_queue q SET available_at = now(), runner = NULL "
          + "WHERE q.id = ANY(?) AND (q.id, q.claim) IN (SELECT * FROM unnest(?::uuid[], ?::bigint[])) RETURNING q.id, q.cluster, q.job_id")) {
        bindClaims(c, ps, released);
        List<UUID> ids = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getObject(1, UUID.class));
            accepted.add(rs.getString(1));
            fx.clusters.add(rs.getString(2));
            fx.queuedJobs.add(rs.getObject(3, UUID.class));
          }
        }
        try (PreparedStatement u = c.prepareStatement("UPDATE tasks SET state = " + QUEUED + ", runner = NULL WHERE id = ANY(?)")) {
          u.setArray(1, c.createArrayOf("uuid", ids.toArray()));
          u.executeUpdate();
        }
      }
    }
    if (!finished.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM task_queue q "
          + "WHERE q.id = ANY(?) AND (q.id, q.claim) IN (SELECT * FROM unnest(?::uuid[], ?::bigint[])) RETURNING q.id")) {
        bindClaims(c, ps, finished);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            accepted.add(rs.getString(1));
          }
        }
      }
    }
    List<TaskOutcome> completed = new ArrayList<>();
    List<TaskOutcome> failed = new ArrayList<>();
    List<UUID> pIds = new ArrayList<>();
    List<ProgressCount> progress = new ArrayList<>();
    List<UUID> lIds = new ArrayList<>();
    List<LogLine> logs = new ArrayList<>();
    for (TaskOutcome o : outcomes) {
      if (!accepted.contains(o.getId())) {
        resp.addRejected(o.getId());
        continue;
      }
      UUID id = UUID.fromString(o.getId());
      o.getProgressList().forEach(p -> {
        pIds.add(id);
        progress.add(p);
      });
      o.getLogsList().forEach(l -> {
        lIds.add(id);
        logs.add(l);
      });
      if (o.getKind() == OutcomeKind.OUTCOME_KIND_COMPLETED) {
        completed.add(o);
      } else if (o.getKind() == OutcomeKind.OUTCOME_KIND_FAILED) {
        failed.add(o);
      }
    }
    saveProgress(c, pIds, progress);
    saveLogs(c, lIds, logs);
    List<Done> done = new ArrayList<>();
    if (!completed.isEmpty()) {
      complete(c, fx, completed, done);
    }
    if (!failed.isEmpty()) {
      fail(c, fx, failed, done);
    }
    propagate(c, fx, done);
    dropQueueRowsOfStoppedJobs(c, fx);
  }

  /**
   * Deletes the queue rows this transaction stored or handed back for jobs that are cancelled or
   * failed (subtasks of a task that finished after the cancellation, retries, released tasks,
   * dependents), so that none stays behind; {@link #retry} queues them again. The rows of stopped
   * jobs are locked, so a retry of one of them waits for this commit; the jobs of this transaction
   * that run are not locked.
   */
  private static void dropQueueRowsOfStoppedJobs(Connection c, Effects fx) throws SQLException {
    if (fx.queuedJobs.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("DELETE FROM task_queue q WHERE q.job_id = ANY(ARRAY(SELECT id FROM jobs "
        + "WHERE id = ANY(?) AND state NOT IN (" + JOB_SUBMITTED + ", " + JOB_RUNNING + ") FOR SHARE)) "
        + "AND (q.runner IS NULL OR q.available_at <= now())")) {
      ps.setArray(1, c.createArrayOf("uuid", fx.queuedJobs.toArray()));
      ps.executeUpdate();
    }
  }

  /** A completed outcome whose subtasks are malformed becomes a failure that says why. */
  private static TaskOutcome checkSubtasks(TaskOutcome o) {
    if (o.getKind() != OutcomeKind.OUTCOME_KIND_COMPLETED) {
      return o;
    }
    try {
      for (int i = 0; i < o.getSubtasksCount(); i++) {
        validate(o.getSubtasks(i), "subtask " + i, i);
      }
      return o;
    } catch (InvalidArgumentException e) {
      return o.toBuilder().clearSubtasks().setKind(OutcomeKind.OUTCOME_KIND_FAILED).setRetryable(false)
          .setError("invalid subtasks: " + e.getMessage()).build();
    }
  }

  private static void bindClaims(Connection c, PreparedStatement ps, List<TaskOutcome> os) throws SQLException {
    UUID[] ids = new UUID[os.size()];
    Long[] claims = new Long[os.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = UUID.fromString(os.get(i).getId());
      claims[i] = os.get(i).getClaim();
    }
    Array idArray = c.createArrayOf("uuid", ids);
    ps.setArray(1, idArray);
    ps.setArray(2, idArray);
    ps.setArray(3, c.createArrayOf("int8", claims));
  }

  private void complete(Connection c, Effects fx, List<TaskOutcome> completed, List<Done> done) throws SQLException {
    int n = completed.size();
    UUID[] ids = new UUID[n];
    String[] results = new String[n];
    Integer[] subs = new Integer[n];
    Map<UUID, TaskOutcome> byId = new HashMap<>();
    for (int i = 0; i < n; i++) {
      TaskOutcome o = completed.get(i);
      ids[i] = UUID.fromString(o.getId());
      results[i] = o.getResult().isEmpty() ? null : o.getResult();
      subs[i] = o.getSubtasksCount();
      byId.put(ids[i], o);
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE tasks t SET state = CASE WHEN f.nsub > 0 THEN " + COMPUTED + " ELSE " + COMPLETED
        + " END, open_children = f.nsub, result = f.result, finished_at = now(), error = NULL "
        + "FROM unnest(?::uuid[], ?::text[], ?::int[]) f(id, result, nsub) WHERE t.id = f.id AND t.id = ANY(?) "
        + "RETURNING t.id, t.job_id, t.parent_id, t.cluster, t.has_dependents, f.nsub")) {
      ps.setArray(1, c.createArrayOf("uuid", ids));
      ps.setArray(2, c.createArrayOf("text", results));
      ps.setArray(3, c.createArrayOf("int4", subs));
      ps.setArray(4, c.createArrayOf("uuid", ids));
      record Parent(UUID id, UUID job, String cluster) {}
      List<Parent> parents = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          UUID id = rs.getObject(1, UUID.class);
          if (rs.getInt(6) == 0) {
            done.add(new Done(id, rs.getObject(3, UUID.class), rs.getObject(2, UUID.class), rs.getBoolean(5)));
          } else {
            parents.add(new Parent(id, rs.getObject(2, UUID.class), rs.getString(4)));
          }
        }
      }
      for (Parent p : parents) {
        List<TaskSpec> specs = byId.get(p.id()).getSubtasksList();
        UUID[] subIds = new UUID[specs.size()];
        for (int i = 0; i < subIds.length; i++) {
          subIds[i] = Ids.next();
        }
        insertTasks(c, fx, p.job(), p.id(), p.cluster(), specs, subIds);
        // a parent finished executing once its subtasks are stored
        update(c, "UPDATE tasks SET finished_at = clock_timestamp() WHERE id = ?", p.id());
      }
    }
  }

  private void fail(Connection c, Effects fx, List<TaskOutcome> failed, List<Done> done) throws SQLException {
    int n = failed.size();
    UUID[] ids = new UUID[n];
    String[] errors = new String[n];
    Boolean[] retryable = new Boolean[n];
    for (int i = 0; i < n; i++) {
      TaskOutcome o = failed.get(i);
      ids[i] = UUID.fromString(o.getId());
      errors[i] = o.getError().isEmpty() ? "failed without a message" : o.getError();
      retryable[i] = o.getRetryable();
    }
    record Retry(UUID id, UUID job, String cluster, String name, int major, int minor, long delayMs) {}
    List<Retry> retries = new ArrayList<>();
    Map<UUID, String> failedJobs = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement("UPDATE tasks t SET attempts = t.attempts + 1, error = f.error, finished_at = now(), "
        + "runner = NULL, state = CASE WHEN f.retryable AND t.attempts + 1 <= t.max_retries THEN " + QUEUED + " ELSE " + FAILED + " END "
        + "FROM unnest(?::uuid[], ?::text[], ?::bool[]) f(id, error, retryable) WHERE t.id = f.id AND t.id = ANY(?) "
        + "RETURNING t.id, t.job_id, t.parent_id, t.state, t.attempts, t.optional, t.backoff_ms, t.max_backoff_ms, t.cluster, t.name, "
        + "t.major, t.minor, t.has_dependents, t.display, f.error")) {
      ps.setArray(1, c.createArrayOf("uuid", ids));
      ps.setArray(2, c.createArrayOf("text", errors));
      ps.setArray(3, c.createArrayOf("bool", retryable));
      ps.setArray(4, c.createArrayOf("uuid", ids));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          UUID id = rs.getObject(1, UUID.class);
          UUID job = rs.getObject(2, UUID.class);
          int attempts = rs.getInt(5);
          if (rs.getInt(4) == QUEUED) {
            retries.add(new Retry(id, job, rs.getString(9), rs.getString(10), rs.getInt(11), rs.getInt(12),
                backoff(rs.getLong(7), rs.getLong(8), attempts)));
          } else if (rs.getBoolean(6)) {
            done.add(new Done(id, rs.getObject(3, UUID.class), job, rs.getBoolean(13)));
          } else {
            String label = rs.getString(14).isEmpty() ? rs.getString(10) : rs.getString(14);
            failedJobs.putIfAbsent(job, "task " + id + " (" + label + ") failed after " + attempts + " attempt" + (attempts == 1 ? "" : "s")
                + ": " + firstLine(rs.getString(15)));
          }
        }
      }
    }
    if (!retries.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO task_queue (id, job_id, cluster, name, major, minor, available_at) "
          + "VALUES (?, ?, ?, ?, ?, ?, now() + ? * interval '1 millisecond')")) {
        for (Retry r : retries) {
          ps.setObject(1, r.id());
          ps.setObject(2, r.job());
          ps.setString(3, r.cluster());
          ps.setString(4, r.name());
          ps.setInt(5, r.major());
          ps.setInt(6, r.minor());
          ps.setLong(7, r.delayMs());
          ps.addBatch();
          fx.delayed.merge(r.cluster(), r.delayMs(), Math::min);
          fx.queuedJobs.add(r.job());
        }
        ps.executeBatch();
      }
    }
    for (var e : failedJobs.entrySet()) {
      failJob(c, fx, e.getKey(), e.getValue());
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** The wait before retry {@code attempt} of a task: the SDK's {@link RetryPolicy} backoff (equal jitter, doubling). */
  static long backoff(long initialMs, long maxMs, int attempt) {
    RetryPolicy p = RetryPolicy.builder().maxBackoff(Duration.ofMillis(maxMs))
        .initialBackoff(Duration.ofMillis(Math.min(initialMs, maxMs))).build();
    return p.backoff(Math.max(1, attempt), ThreadLocalRandom.current()).toMillis();
  }

  private void failJob(Connection c, Effects fx, UUID job, String error) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET state = ?, error = ?, finished_at = now() WHERE id = ? AND state IN (?, ?)")) {
      ps.setInt(1, JOB_FAILED);
      ps.setString(2, error);
      ps.setObject(3, job);
      ps.setInt(4, JOB_SUBMITTED);
      ps.setInt(5, JOB_RUNNING);
      if (ps.executeUpdate() > 0) {
        update(c, "DELETE FROM task_queue WHERE job_id = ? AND (runner IS NULL OR available_at <= now())", job);
        fx.jobFinished = true;
      }
    }
  }

  /** Completes parents whose last subtask is done and releases dependents whose last dependency is done, transitively. */
  private void propagate(Connection c, Effects fx, List<Done> frontier) throws SQLException {
    while (!frontier.isEmpty()) {
      TreeMap<UUID, Integer> parents = new TreeMap<>();
      List<UUID> withDependents = new ArrayList<>();
      for (Done d : frontier) {
        if (d.parent() == null) {
          try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET state = ?, finished_at = now() WHERE id = ? AND state IN (?, ?)")) {
            ps.setInt(1, JOB_COMPLETED);
            ps.setObject(2, d.job());
            ps.setInt(3, JOB_SUBMITTED);
            ps.setInt(4, JOB_RUNNING);
            if (ps.executeUpdate() > 0) {
              fx.jobFinished = true;
            }
          }
        } else {
          parents.merge(d.parent(), 1, Integer::sum);
        }
        if (d.hasDependents()) {
          withDependents.add(d.id());
        }
      }
      List<Done> next = new ArrayList<>();
      if (!parents.isEmpty()) {
        UUID[] ids = parents.keySet().toArray(new UUID[0]);
        if (ids.length > 1) {
          lockInOrder(c, ids);
        }
        Integer[] counts = parents.values().toArray(new Integer[0]);
        try (PreparedStatement ps = c.prepareStatement("UPDATE tasks t SET open_children = t.open_children - d.n, "
            + "state = CASE WHEN t.open_children - d.n = 0 THEN " + COMPLETED + " ELSE t.state END "
            + "FROM unnest(?::uuid[], ?::int[]) d(id, n) WHERE t.id = d.id "
            + "RETURNING t.id, t.parent_id, t.job_id, t.has_dependents, t.open_children")) {
          ps.setArray(1, c.createArrayOf("uuid", ids));
          ps.setArray(2, c.createArrayOf("int4", counts));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              if (rs.getInt(5) == 0) {
                next.add(new Done(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getBoolean(4)));
              }
            }
          }
        }
      }
      if (!withDependents.isEmpty()) {
        UUID[] deps = withDependents.toArray(new UUID[0]);
        List<UUID> dependents = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT task_id FROM task_deps WHERE depends_on = ANY(?) ORDER BY task_id")) {
          ps.setArray(1, c.createArrayOf("uuid", deps));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              dependents.add(rs.getObject(1, UUID.class));
            }
          }
        }
        TreeMap<UUID, Integer> counts = new TreeMap<>();
        dependents.forEach(d -> counts.merge(d, 1, Integer::sum));
        if (!counts.isEmpty()) {
          UUID[] ids = counts.keySet().toArray(new UUID[0]);
          if (ids.length > 1) {
            lockInOrder(c, ids);
          }
          List<UUID> ready = new ArrayList<>();
          try (PreparedStatement ps = c.prepareStatement("UPDATE tasks t SET remaining_deps = t.remaining_deps - d.n, "
              + "state = CASE WHEN t.remaining_deps - d.n = 0 AND t.state = " + WAITING + " THEN " + QUEUED + " ELSE t.state END "
              + "FROM unnest(?::uuid[], ?::int[]) d(id, n) WHERE t.id = d.id RETURNING t.id, t.state, t.remaining_deps, t.cluster, t.job_id")) {
            ps.setArray(1, c.createArrayOf("uuid", ids));
            ps.setArray(2, c.createArrayOf("int4", counts.values().toArray(new Integer[0])));
            try (ResultSet rs = ps.executeQuery()) {
              while (rs.next()) {
                if (rs.getInt(2) == QUEUED && rs.getInt(3) == 0) {
                  ready.add(rs.getObject(1, UUID.class));
                  fx.clusters.add(rs.getString(4));
                  fx.queuedJobs.add(rs.getObject(5, UUID.class));
                }
              }
            }
          }
          if (!ready.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO task_queue (id, job_id, cluster, name, major, minor) "
                + "SELECT id, job_id, cluster, name, major, minor FROM tasks WHERE id = ANY(?) ON CONFLICT (id) DO NOTHING")) {
              ps.setArray(1, c.createArrayOf("uuid", ready.toArray()));
              ps.executeUpdate();
            }
          }
        }
      }
      frontier = next;
    }
  }

  private static void lockInOrder(Connection c, UUID[] sortedIds) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM tasks WHERE id = ANY(?) ORDER BY id FOR NO KEY UPDATE")) {
      ps.setArray(1, c.createArrayOf("uuid", sortedIds));
      ps.executeQuery().close();
    }
  }

  // ------------------------------------------------------------------ inserts

  static void validate(TaskSpec s, String what, int index) {
    StorageRules.checkTask(what, s.getName(), s.getDisplay(), s.getInput());
    if (s.getMajor() < 0 || s.getMinor() < 0) {
      throw new InvalidArgumentException(what + " (" + s.getName() + "): version numbers must not be negative, got v" + s.getMajor() + "."
          + s.getMinor());
    }
    if (!s.getCluster().isEmpty()) {
      checkCluster(s.getCluster());
    }
    if (s.getMaxRetries() < 0 || s.getMaxRetries() > 1000) {
      throw new InvalidArgumentException(what + " (" + s.getName() + "): max retries must be between 0 and 1000, got " + s.getMaxRetries());
    }
    if (s.getBackoffMs() < 0 || s.getMaxBackoffMs() < 0) {
      throw new InvalidArgumentException(what + " (" + s.getName() + "): retry backoff must not be negative");
    }
    for (int d : s.getDependsOnList()) {
      if (d < 0 || d >= index) {
        throw new InvalidArgumentException(what + " (" + s.getName() + ") depends on subtask " + d
            + ", which is not an earlier subtask of the same task (indexes 0.." + (index - 1) + ")");
      }
    }
  }

  static void checkCluster(String cluster) {
    if (!CLUSTER.matcher(cluster).matches()) {
      throw new InvalidArgumentException("cluster " + StorageRules.echo(cluster)
          + " is not valid: use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
    }
  }

  /** Inserts tasks with COPY: rows, dependency edges, and queue rows for those with nothing to wait for. */
  private void insertTasks(Connection c, Effects fx, UUID job, UUID parent, String parentCluster, List<TaskSpec> specs, UUID[] ids)
      throws SQLException {
    int n = specs.size();
    boolean[] hasDependents = new boolean[n];
    for (TaskSpec s : specs) {
      for (int d : s.getDependsOnList()) {
        hasDependents[d] = true;
      }
    }
    StringBuilder tasks = new StringBuilder(n * 160);
    StringBuilder queue = new StringBuilder();
    StringBuilder deps = new StringBuilder();
    String parentText = parent == null ? "" : parent.toString();
    Set<String> clusters = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      TaskSpec s = specs.get(i);
      String cluster = s.getCluster().isEmpty() ? parentCluster : s.getCluster();
      int ndeps = (int) s.getDependsOnList().stream().distinct().count();
      int state = ndeps > 0 ? WAITING : QUEUED;
      tasks.append(ids[i]).append(',').append(job).append(',').append(parentText).append(',');
      csv(tasks, cluster).append(',');
      csv(tasks, s.getName()).append(',').append(s.getMajor()).append(',').append(s.getMinor()).append(',');
      csv(tasks, s.getDisplay()).append(',');
      csv(tasks, s.getInput()).append(',').append(state).append(',').append(s.getOptional()).append(',').append(s.getMaxRetries())
          .append(',').append(s.getBackoffMs() == 0 && s.getMaxBackoffMs() == 0 ? 1000 : s.getBackoffMs()).append(',')
          .append(s.getMaxBackoffMs() == 0 ? 60_000 : s.getMaxBackoffMs()).append(',').append(ndeps).append(',')
          .append(hasDependents[i]).append(',').append(ndeps).append('\n');
      if (ndeps == 0) {
        queue.append(ids[i]).append(',').append(job).append(',');
        csv(queue, cluster).append(',');
        csv(queue, s.getName()).append(',').append(s.getMajor()).append(',').append(s.getMinor()).append('\n');
        clusters.add(cluster);
      } else {
        Set<Integer> seen = new HashSet<>();
        int ord = 0;
        for (int d : s.getDependsOnList()) {
          if (seen.add(d)) {
            deps.append(ids[d]).append(',').append(ids[i]).append(',').append(ord++).append('\n');
          }
        }
      }
    }
    try {
      var copy = c.unwrap(PGConnection.class).getCopyAPI();
      copy.copyIn("COPY tasks (id, job_id, parent_id, cluster, name, major, minor, display, input, state, optional, max_retries, "
          + "backoff_ms, max_backoff_ms, remaining_deps, has_dependents, dep_count) FROM STDIN (FORMAT csv)", new StringReader(tasks.toString()));
      if (!deps.isEmpty()) {
        copy.copyIn("COPY task_deps (depends_on, task_id, ord) FROM STDIN (FORMAT csv)", new StringReader(deps.toString()));
      }
      if (!queue.isEmpty()) {
        copy.copyIn("COPY task_queue (id, job_id, cluster, name, major, minor) FROM STDIN (FORMAT csv)", new StringReader(queue.toString()));
        if (parent != null) {
          fx.queuedJobs.add(job);
        }
      }
    } catch (java.io.IOException e) {
      throw new SQLException("COPY of " + n + " tasks failed: " + e.getMessage(), e);
    }
    fx.clusters.addAll(clusters);
  }

  private static StringBuilder csv(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '"') {
        b.append('"');
      }
      if (ch != 0) {
        b.append(ch);
      }
    }
    return b.append('"');
  }

  private static void saveProgress(Connection c, List<UUID> ids, List<ProgressCount> ps) throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    String[] labels = new String[ids.size()];
    Long[] totals = new Long[ids.size()];
    Long[] dones = new Long[ids.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = ps.get(i).getLabel();
      totals[i] = ps.get(i).getTotal();
      dones[i] = ps.get(i).getDone();
    }
    try (PreparedStatement st = c.prepareStatement("INSERT INTO task_progress (task_id, label, job_id, total, done) "
        + "SELECT f.id, f.label, t.job_id, f.total, f.done FROM unnest(?::uuid[], ?::text[], ?::bigint[], ?::bigint[]) f(id, label, total, done) "
        + "JOIN tasks t ON t.id = f.id ON CONFLICT (task_id, label) DO UPDATE SET total = EXCLUDED.total, done = EXCLUDED.done")) {
      st.setArray(1, c.createArrayOf("uuid", ids.toArray()));
      st.setArray(2, c.createArrayOf("text", labels));
      st.setArray(3, c.createArrayOf("int8", totals));
      st.setArray(4, c.createArrayOf("int8", dones));
      st.executeUpdate();
    }
  }

  private static void saveLogs(Connection c, List<UUID> ids, List<LogLine> lines) throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    int n = ids.size();
    Integer[] attempts = new Integer[n];
    Long[] times = new Long[n];
    Integer[] levels = new Integer[n];
    String[] messages = new String[n];
    for (int i = 0; i < n; i++) {
      LogLine l = lines.get(i);
      attempts[i] = l.getAttempt();
      times[i] = l.getTimeUs();
      levels[i] = l.getLevel();
      messages[i] = l.getMessage().replace("\u0000", "");
    }
    try (PreparedStatement st = c.prepareStatement("INSERT INTO task_logs (job_id, task_id, attempt, at, level, message) "
        + "SELECT t.job_id, f.id, f.attempt, to_timestamp(f.us / 1e6), f.level, f.message "
        + "FROM unnest(?::uuid[], ?::int[], ?::bigint[], ?::int[], ?::text[]) f(id, attempt, us, level, message) JOIN tasks t ON t.id = f.id")) {
      st.setArray(1, c.createArrayOf("uuid", ids.toArray()));
      st.setArray(2, c.createArrayOf("int4", attempts));
      st.setArray(3, c.createArrayOf("int8", times));
      st.setArray(4, c.createArrayOf("int4", levels));
      st.setArray(5, c.createArrayOf("text", messages));
      st.executeUpdate();
    }
  }

  // ------------------------------------------------------------------ plumbing

  private static String us(String col) {
    return "coalesce((extract(epoch FROM " + col + ") * 1000000)::bigint, 0)";
  }

  private static void update(Connection c, String sql, UUID id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, id);
      ps.executeUpdate();
    }
  }

  /** What a transaction leaves to do once it committed: wake runners, wake job waiters. */
  static final class Effects {
    final Set<String> clusters = new HashSet<>();
    final Map<String, Long> delayed = new HashMap<>();
    final Set<UUID> started = new HashSet<>();
    /** Jobs for which this transaction stored or handed back queue rows (see {@link #dropQueueRowsOfStoppedJobs}). */
    final Set<UUID> queuedJobs = new HashSet<>();
    boolean jobFinished;
  }

  @FunctionalInterface
  private interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction, again on deadlock or serialization failure (nothing of a
   * failed attempt stays), then applies its effects.
   */
  private <T> T tx(java.util.function.Function<Effects, Work<T>> work) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      Effects fx = new Effects();
      T result;
      db.checkAvailable();
      try (Connection c = txPool.getConnection()) {
        c.setAutoCommit(false);
        try {
          result = work.apply(fx).run(c);
          if (!fx.clusters.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify('" + TaskWakeups.CHANNEL + "', x) FROM unnest(?::text[]) x")) {
              ps.setArray(1, c.createArrayOf("text", fx.clusters.stream().map(wakeups::payload).toArray()));
              ps.executeQuery().close();
            }
          }
          c.commit();
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      } catch (SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if ((state.equals("40P01") || state.equals("40001")) && attempt < 8) {
          continue;
        }
        throw e;
      }
      if (startedJobs.size() > 100_000) {
        startedJobs.clear();
      }
      startedJobs.addAll(fx.started);
      fx.clusters.forEach(wakeups::signal);
      fx.delayed.forEach((cluster, ms) -> timers.schedule(() -> wakeups.signal(cluster), ms + 1, TimeUnit.MILLISECONDS));
      if (fx.jobFinished) {
        wakeups.signalJobFinished();
      }
      return result;
    }
  }

  /**
   * Tasks in the queue by cluster and state, for metrics: {@code ready} (claimable now),
   * {@code leased} (a runner holds it) and {@code delayed} (waiting out a retry backoff). One
   * query over the queue, which holds only ready and running tasks.
   */
  public Map<String, Double> queueCounts() throws SQLException {
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
        "SELECT cluster, count(*) FILTER (WHERE available_at <= now()), count(*) FILTER (WHERE available_at > now() AND runner IS NOT NULL), "
            + "count(*) FILTER (WHERE available_at > now() AND runner IS NULL) FROM task_queue GROUP BY cluster");
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String cluster = io.swath.server.metrics.ServerMetrics.label(rs.getString(1));
        out.put("cluster=" + cluster + ",state=\"ready\"", (double) rs.getLong(2));
        out.put("cluster=" + cluster + ",state=\"leased\"", (double) rs.getLong(3));
        out.put("cluster=" + cluster + ",state=\"delayed\"", (double) rs.getLong(4));
      }
    }
    return out;
  }

  /** Jobs by state ({@code submitted}, {@code running}, ...), for metrics. */
  public Map<String, Double> jobCounts() throws SQLException {
    Map<JobState, Double> counts = new java.util.EnumMap<>(JobState.class);
    for (JobState s : JobState.values()) {
      if (s != JobState.JOB_STATE_UNSPECIFIED && s != JobState.UNRECOGNIZED) {
        counts.put(s, 0.0);
      }
    }
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT state, count(*) FROM jobs GROUP BY state");
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        JobState s = JobState.forNumber(rs.getInt(1));
        if (s != null && counts.containsKey(s)) {
          counts.put(s, (double) rs.getLong(2));
        }
      }
    }
    Map<String, Double> out = new java.util.LinkedHashMap<>();
    counts.forEach((s, n) -> out.put("state=\"" + s.name().substring("JOB_STATE_".length()).toLowerCase(java.util.Locale.ROOT) + "\"", n));
    return out;
  }

  // ------------------------------------------------------------------ retention

  /**
   * Removes by itself, every {@code interval}, the jobs that finished more than {@code retention}
   * ago (zero: keeps them forever), and the queue rows of stopped jobs that no runner holds.
   */
  public void startPruning(Duration retention, Duration interval) {
    pruner.start(retention, interval);
  }

  /**
   * Removes the completed, failed and cancelled jobs that finished longer ago than the request
   * says (or than the retention), with their tasks, progress, logs and queue rows; with
   * {@code dry_run}, counts them.
   */
  public io.swath.api.v1.PruneJobsResponse prune(io.swath.api.v1.PruneJobsRequest req) throws SQLException {
    if (req.getOlderThanMs() < 0) {
      throw new InvalidArgumentException("older_than_ms must not be negative, got " + req.getOlderThanMs());
    }
    Duration age = Duration.ofMillis(req.getOlderThanMs());
    if (age.isZero()) {
      age = pruner.retention();
      if (age.isZero()) {
        throw new InvalidArgumentException("this server keeps jobs forever (job retention off): say how old the jobs to prune must be"
            + " (swath jobs prune --older-than 30d)");
      }
    }
    JobPruner.Result r = pruner.prune(age, req.getDryRun());
    return io.swath.api.v1.PruneJobsResponse.newBuilder().setJobs(r.jobs()).setTasks(r.tasks()).setOlderThanMs(age.toMillis()).build();
  }

  /** Those of {@code ids} that name a job this server has (in any state). */
  public List<UUID> knownJobs(List<UUID> ids) throws SQLException {
    if (ids.isEmpty()) {
      return List.of();
    }
    List<UUID> out = new ArrayList<>();
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT id FROM jobs WHERE id = ANY(?)")) {
      ps.setArray(1, c.createArrayOf("uuid", ids.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getObject(1, UUID.class));
        }
      }
    }
    return out;
  }

  /** Jobs removed by pruning since the server started, for metrics. */
  public long jobsPruned() {
    return pruner.jobsPruned();
  }

  /** Tasks removed by pruning since the server started, for metrics. */
  public long tasksPruned() {
    return pruner.tasksPruned();
  }

  /** Queue rows of stopped jobs removed by the periodic sweep since the server started, for metrics. */
  public long queueRowsSwept() {
    return pruner.queueRowsSwept();
  }

  /** Ends every long poll at once (they answer with no tasks) and every one after; call first when stopping. */
  public void stopWaiting() {
    wakeups.close();
  }

  @Override
  public void close() {
    pruner.close();
    wakeups.close();
    timers.shutdownNow();
    txPool.close();
  }
}
