package io.swath.server.workflows;

import static io.swath.server.workflows.WorkflowSql.CANCELLED;
import static io.swath.server.workflows.WorkflowSql.COMPLETED;
import static io.swath.server.workflows.WorkflowSql.COMPUTED;
import static io.swath.server.workflows.WorkflowSql.FAILED;
import static io.swath.server.workflows.WorkflowSql.JOB_CANCELLED;
import static io.swath.server.workflows.WorkflowSql.JOB_FAILED;
import static io.swath.server.workflows.WorkflowSql.JOB_RUNNING;
import static io.swath.server.workflows.WorkflowSql.JOB_SUBMITTED;
import static io.swath.server.workflows.WorkflowSql.QUEUED;
import static io.swath.server.workflows.WorkflowSql.RUNNING;
import static io.swath.server.workflows.WorkflowSql.WAITING;
import static io.swath.server.workflows.WorkflowSql.update;

import io.swath.core.error.InvalidArgumentException;
import io.swath.core.id.Uuids;
import io.swath.core.retry.RetryPolicy;
import io.swath.server.workflows.Propagation.Done;
import io.swath.server.workflows.Transactions.Effects;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Outcomes of tasks and of jobs: a runner's reports (completed with subtasks, failed with retries
 * and exponential backoff, released), the cancellation of a job and its retry.
 */
final class Outcomes {
  private final Transactions txs;

  Outcomes(Transactions txs) {
    this.txs = txs;
  }

  /** Cancels a job: tasks not started never run; running tasks see the cancellation at their next lease renewal. */
  JobRecord cancel(UUID id) throws SQLException {
    return txs.tx(fx -> c -> {
      JobQueries.job(c, id);
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
      return JobQueries.job(c, id);
    });
  }

  /**
   * Runs the failed and cancelled tasks of a job again (with fresh retry budgets) and tasks whose
   * runner was lost while the job was stopped; completed work is kept.
   */
  JobRecord retry(UUID id) throws SQLException {
    return txs.tx(fx -> c -> {
      // the job row stays locked to the commit: pruning skips the job meanwhile, and queue sweeps
      // leave its rows alone
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM jobs WHERE id = ? FOR NO KEY UPDATE")) {
        ps.setObject(1, id);
        ps.executeQuery().close();
      }
      JobRecord j = JobQueries.job(c, id);
      if (j.state() == JobState.COMPLETED) {
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
      return JobQueries.job(c, id);
    });
  }

  /** Applies outcomes in the transaction of {@code c}; the ids of those whose claim was stale go to {@code rejected}. */
  static void applyOutcomes(Connection c, Effects fx, List<Outcome> outcomes, List<String> rejected) throws SQLException {
    List<Outcome> released = new ArrayList<>();
    List<Outcome> finished = new ArrayList<>();
    for (Outcome o : outcomes) {
      Uuids.parse("task id", o.id());
      switch (o.kind()) {
        case RELEASED -> released.add(o);
        case COMPLETED, FAILED -> finished.add(checkSubtasks(o));
        case null -> throw new InvalidArgumentException("outcome of task " + o.id() + " has no kind");
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
    List<Outcome> completed = new ArrayList<>();
    List<Outcome> failed = new ArrayList<>();
    List<UUID> pIds = new ArrayList<>();
    List<ProgressRecord> progress = new ArrayList<>();
    List<UUID> lIds = new ArrayList<>();
    List<LogRecord> logs = new ArrayList<>();
    for (Outcome o : outcomes) {
      if (!accepted.contains(o.id())) {
        rejected.add(o.id());
        continue;
      }
      UUID id = UUID.fromString(o.id());
      o.progress().forEach(p -> {
        pIds.add(id);
        progress.add(p);
      });
      o.logs().forEach(l -> {
        lIds.add(id);
        logs.add(l);
      });
      if (o.kind() == Outcome.Kind.COMPLETED) {
        completed.add(o);
      } else if (o.kind() == Outcome.Kind.FAILED) {
        failed.add(o);
      }
    }
    WorkflowSql.saveProgress(c, pIds, progress);
    WorkflowSql.saveLogs(c, lIds, logs);
    List<Done> done = new ArrayList<>();
    if (!completed.isEmpty()) {
      complete(c, fx, completed, done);
    }
    if (!failed.isEmpty()) {
      fail(c, fx, failed, done);
    }
    Propagation.propagate(c, fx, done);
    Propagation.dropQueueRowsOfStoppedJobs(c, fx);
  }

  /** A completed outcome whose subtasks are malformed becomes a failure that says why. */
  private static Outcome checkSubtasks(Outcome o) {
    if (o.kind() != Outcome.Kind.COMPLETED) {
      return o;
    }
    try {
      for (int i = 0; i < o.subtasks().size(); i++) {
        Submissions.validate(o.subtasks().get(i), "subtask " + i, i);
      }
      return o;
    } catch (InvalidArgumentException e) {
      return o.failedForGood("invalid subtasks: " + e.getMessage());
    }
  }

  private static void bindClaims(Connection c, PreparedStatement ps, List<Outcome> os) throws SQLException {
    UUID[] ids = new UUID[os.size()];
    Long[] claims = new Long[os.size()];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = UUID.fromString(os.get(i).id());
      claims[i] = os.get(i).claim();
    }
    Array idArray = c.createArrayOf("uuid", ids);
    ps.setArray(1, idArray);
    ps.setArray(2, idArray);
    ps.setArray(3, c.createArrayOf("int8", claims));
  }

  private static void complete(Connection c, Effects fx, List<Outcome> completed, List<Done> done) throws SQLException {
    int n = completed.size();
    UUID[] ids = new UUID[n];
    String[] results = new String[n];
    Integer[] subs = new Integer[n];
    Map<UUID, Outcome> byId = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Outcome o = completed.get(i);
      ids[i] = UUID.fromString(o.id());
      results[i] = o.result().isEmpty() ? null : o.result();
      subs[i] = o.subtasks().size();
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
        List<NewTask> specs = byId.get(p.id()).subtasks();
        UUID[] subIds = new UUID[specs.size()];
        for (int i = 0; i < subIds.length; i++) {
          subIds[i] = Ids.next();
        }
        Submissions.insertTasks(c, fx, p.job(), p.id(), p.cluster(), specs, subIds);
        // a parent finished executing once its subtasks are stored
        update(c, "UPDATE tasks SET finished_at = clock_timestamp() WHERE id = ?", p.id());
      }
    }
  }

  private static void fail(Connection c, Effects fx, List<Outcome> failed, List<Done> done) throws SQLException {
    int n = failed.size();
    UUID[] ids = new UUID[n];
    String[] errors = new String[n];
    Boolean[] retryable = new Boolean[n];
    for (int i = 0; i < n; i++) {
      Outcome o = failed.get(i);
      ids[i] = UUID.fromString(o.id());
      errors[i] = o.error().isEmpty() ? "failed without a message" : o.error();
      retryable[i] = o.retryable();
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
      Propagation.failJob(c, fx, e.getKey(), e.getValue());
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
}
