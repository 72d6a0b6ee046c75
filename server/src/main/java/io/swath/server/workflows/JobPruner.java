package io.swath.server.workflows;

import io.swath.core.error.InvalidArgumentException;
import io.swath.server.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Job retention: removes completed, failed and cancelled jobs that finished longer ago than the
 * retention, with their tasks, dependencies, progress, logs and queue rows; and removes the queue
 * rows of stopped jobs that no runner holds any more.
 *
 * <p>Safe with several servers on one database, without waiting on each other: a job is taken
 * with {@code FOR UPDATE SKIP LOCKED} and moved to {@code job_prunes} in the transaction that
 * deletes its row, so exactly one server removes (and counts) it; its other rows go in batches of
 * at most {@link #ROW_BATCH}, each its own short transaction that locks its rows with
 * {@code SKIP LOCKED}, so servers sweeping the same job share the work. A server that stops half
 * way leaves the {@code job_prunes} row and the next round (of any server) finishes the job.
 */
final class JobPruner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobPruner.class);
  /** Jobs removed per transaction. */
  static final int JOB_BATCH = 500;
  /** Rows (tasks with their dependencies and progress, or log lines, or queue rows) deleted per transaction. */
  static final int ROW_BATCH = 5_000;
  /** Pruned jobs whose rows one sweep takes at a time. */
  private static final int SWEEP_JOBS = 100;
  private static final String FINAL_STATES = WorkflowSql.JOB_COMPLETED + ", " + WorkflowSql.JOB_FAILED + ", "
      + WorkflowSql.JOB_CANCELLED;
  private static final String ACTIVE_STATES = WorkflowSql.JOB_SUBMITTED + ", " + WorkflowSql.JOB_RUNNING;

  private final Database db;
  private final LongAdder jobsPruned = new LongAdder();
  private final LongAdder tasksPruned = new LongAdder();
  private final LongAdder queueRowsSwept = new LongAdder();
  private volatile Duration retention = Duration.ZERO;
  private ScheduledExecutorService timer;

  JobPruner(Database db) {
    this.db = db;
  }

  /** The retention the server applies by itself; zero: jobs are kept forever. */
  Duration retention() {
    return retention;
  }

  /**
   * Applies {@code retention} (zero: keep forever) every {@code interval}, and sweeps stale queue
   * rows, the first time one interval after the start.
   */
  synchronized void start(Duration retention, Duration interval) {
    if (retention.isNegative()) {
      throw new IllegalArgumentException("job retention must not be negative, got " + retention);
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException("job pruning interval must be positive, got " + interval);
    }
    this.retention = retention;
    if (timer != null) {
      timer.shutdownNow();
    }
    timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "swath-job-retention");
      t.setDaemon(true);
      return t;
    });
    long ms = interval.toMillis();
    timer.scheduleWithFixedDelay(this::round, ms, ms, TimeUnit.MILLISECONDS);
  }

  /** One periodic round: prune by the retention (if any), finish earlier prunes, sweep the queue. */
  void round() {
    try {
      Duration r = retention;
      PruneResult res = r.isZero() ? new PruneResult(0, sweepPruned(), r) : prune(r, false);
      long swept = sweepQueue();
      if (res.jobs() > 0 || swept > 0) {
        LOG.info("job retention: removed {} jobs ({} tasks) that finished more than {} ago; {} stale queue rows", res.jobs(), res.tasks(),
            r, swept);
      }
    } catch (Exception e) {
      // the database may be down or restarting: the next round tries again
      LOG.debug("job retention round failed: {}", e.toString());
    }
  }

  /**
   * Removes the jobs that finished more than {@code olderThanMs} ago, or, for 0, longer ago than
   * the retention (refused when jobs are kept forever); with {@code dryRun}, counts them.
   */
  PruneResult pruneAsked(long olderThanMs, boolean dryRun) throws SQLException {
    if (olderThanMs < 0) {
      throw new InvalidArgumentException("older_than_ms must not be negative, got " + olderThanMs);
    }
    Duration age = Duration.ofMillis(olderThanMs);
    if (age.isZero()) {
      age = retention;
      if (age.isZero()) {
        throw new InvalidArgumentException("this server keeps jobs forever (job retention off): say how old the jobs to prune must be"
            + " (swath jobs prune --older-than 30d)");
      }
    }
    return prune(age, dryRun);
  }

  /** Removes the jobs that finished more than {@code olderThan} ago; with {@code dryRun}, counts them. */
  PruneResult prune(Duration olderThan, boolean dryRun) throws SQLException {
    if (olderThan.isNegative() || olderThan.isZero()) {
      throw new IllegalArgumentException("the age of jobs to prune must be positive, got " + olderThan);
    }
    long ms = olderThan.toMillis();
    if (dryRun) {
      try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT count(*), "
          + "coalesce(sum((SELECT count(*) FROM tasks t WHERE t.job_id = j.id)), 0)::bigint FROM jobs j "
          + "WHERE j.state IN (" + FINAL_STATES + ") AND j.finished_at < now() - ? * interval '1 millisecond'")) {
        ps.setLong(1, ms);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return new PruneResult(rs.getLong(1), rs.getLong(2), olderThan);
        }
      }
    }
    long jobs = 0;
    while (true) {
      int n = db.inTransaction(c -> {
        try (PreparedStatement ps = c.prepareStatement("WITH v AS (SELECT id FROM jobs WHERE state IN (" + FINAL_STATES + ") "
            + "AND finished_at < now() - ? * interval '1 millisecond' ORDER BY finished_at LIMIT ? FOR UPDATE SKIP LOCKED), "
            + "d AS (DELETE FROM jobs j WHERE j.id IN (SELECT id FROM v) RETURNING j.id), "
            + "q AS (DELETE FROM task_queue t WHERE t.job_id IN (SELECT id FROM d)) "
            + "INSERT INTO job_prunes (job_id) SELECT id FROM d")) {
          ps.setLong(1, ms);
          ps.setInt(2, JOB_BATCH);
          return ps.executeUpdate();
        }
      });
      jobs += n;
      jobsPruned.add(n);
      if (n < JOB_BATCH) {
        break;
      }
    }
    return new PruneResult(jobs, sweepPruned(), olderThan);
  }

  /** Deletes the rows of pruned jobs in bounded batches; returns the tasks it deleted. */
  long sweepPruned() throws SQLException {
    long tasks = 0;
    while (true) {
      List<UUID> ids = new ArrayList<>();
      try (Connection c = db.connection();
           PreparedStatement ps = c.prepareStatement("SELECT job_id FROM job_prunes ORDER BY pruned_at, job_id LIMIT " + SWEEP_JOBS)) {
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            ids.add(rs.getObject(1, UUID.class));
          }
        }
      }
      if (ids.isEmpty()) {
        return tasks;
      }
      UUID[] jobs = ids.toArray(new UUID[0]);
      tasks += deleteTasks(jobs);
      deleteByJob("task_logs", jobs);
      deleteByJob("task_progress", jobs);
      deleteByJob("task_queue", jobs);
      int gone = db.inTransaction(c -> {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM job_prunes p WHERE p.job_id = ANY(?) "
            + "AND NOT EXISTS (SELECT 1 FROM tasks t WHERE t.job_id = p.job_id) "
            + "AND NOT EXISTS (SELECT 1 FROM task_logs l WHERE l.job_id = p.job_id) "
            + "AND NOT EXISTS (SELECT 1 FROM task_progress g WHERE g.job_id = p.job_id) "
            + "AND NOT EXISTS (SELECT 1 FROM task_queue q WHERE q.job_id = p.job_id)")) {
          ps.setArray(1, c.createArrayOf("uuid", jobs));
          return ps.executeUpdate();
        }
      });
      if (gone == 0) {
        // what is left is locked by another server's sweep, which finishes it
        return tasks;
      }
    }
  }

  /** Tasks of {@code jobs} with their dependency edges and progress, a batch per transaction. */
  private long deleteTasks(UUID[] jobs) throws SQLException {
    long total = 0;
    while (true) {
      int n = db.inTransaction(c -> {
        List<UUID> ids = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM tasks WHERE job_id = ANY(?) LIMIT ? FOR UPDATE SKIP LOCKED")) {
          ps.setArray(1, c.createArrayOf("uuid", jobs));
          ps.setInt(2, ROW_BATCH);
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              ids.add(rs.getObject(1, UUID.class));
            }
          }
        }
        if (ids.isEmpty()) {
          return 0;
        }
        java.sql.Array arr = c.createArrayOf("uuid", ids.toArray());
        // every edge of a job joins two of its tasks; it goes with the task that depends
        for (String sql : List.of("DELETE FROM task_deps WHERE task_id = ANY(?)", "DELETE FROM task_progress WHERE task_id = ANY(?)")) {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setArray(1, arr);
            ps.executeUpdate();
          }
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM tasks WHERE id = ANY(?)")) {
          ps.setArray(1, arr);
          return ps.executeUpdate();
        }
      });
      total += n;
      tasksPruned.add(n);
      if (n < ROW_BATCH) {
        return total;
      }
    }
  }

  /** The rows of {@code jobs} in {@code table} (which has a job_id index), a batch per transaction. */
  private void deleteByJob(String table, UUID[] jobs) throws SQLException {
    while (true) {
      int n = db.inTransaction(c -> {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " + table
            + " WHERE job_id = ANY(?) LIMIT ? FOR UPDATE SKIP LOCKED))")) {
          ps.setArray(1, c.createArrayOf("uuid", jobs));
          ps.setInt(2, ROW_BATCH);
          return ps.executeUpdate();
        }
      });
      if (n < ROW_BATCH) {
        return;
      }
    }
  }

  /**
   * Deletes queue rows of stopped (or removed) jobs that no runner holds: left by a runner that
   * died holding a task of a job that was then cancelled or failed, or stored by an outcome that
   * raced the cancellation. Rows of jobs being retried right now are skipped (the job row is
   * locked), as are leases still running: their outcome removes them.
   */
  long sweepQueue() throws SQLException {
    long total = 0;
    while (true) {
      int n = db.inTransaction(c -> {
        int removed;
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM task_queue WHERE id = ANY(ARRAY("
            + "SELECT q.id FROM task_queue q JOIN jobs j ON j.id = q.job_id WHERE j.state NOT IN (" + ACTIVE_STATES + ") "
            + "AND (q.runner IS NULL OR q.available_at <= now()) LIMIT ? FOR UPDATE OF q SKIP LOCKED FOR SHARE OF j SKIP LOCKED))")) {
          ps.setInt(1, ROW_BATCH);
          removed = ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM task_queue WHERE id = ANY(ARRAY("
            + "SELECT q.id FROM task_queue q WHERE NOT EXISTS (SELECT 1 FROM jobs j WHERE j.id = q.job_id) LIMIT ? FOR UPDATE SKIP LOCKED))")) {
          ps.setInt(1, ROW_BATCH);
          removed += ps.executeUpdate();
        }
        return removed;
      });
      total += n;
      queueRowsSwept.add(n);
      if (n < ROW_BATCH) {
        return total;
      }
    }
  }

  /** Jobs removed since the server started. */
  long jobsPruned() {
    return jobsPruned.sum();
  }

  /** Tasks removed since the server started. */
  long tasksPruned() {
    return tasksPruned.sum();
  }

  /** Queue rows of stopped jobs removed by sweeps since the server started. */
  long queueRowsSwept() {
    return queueRowsSwept.sum();
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
