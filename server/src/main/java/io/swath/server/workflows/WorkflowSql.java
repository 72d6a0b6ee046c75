package io.swath.server.workflows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/** The SQL the parts of the workflow store share: the stored state codes, time columns, progress and log rows, row locks. */
final class WorkflowSql {
  static final int WAITING = TaskState.WAITING.code();
  static final int QUEUED = TaskState.QUEUED.code();
  static final int RUNNING = TaskState.RUNNING.code();
  static final int COMPUTED = TaskState.COMPUTED.code();
  static final int COMPLETED = TaskState.COMPLETED.code();
  static final int FAILED = TaskState.FAILED.code();
  static final int CANCELLED = TaskState.CANCELLED.code();
  static final int JOB_SUBMITTED = JobState.SUBMITTED.code();
  static final int JOB_RUNNING = JobState.RUNNING.code();
  static final int JOB_COMPLETED = JobState.COMPLETED.code();
  static final int JOB_FAILED = JobState.FAILED.code();
  static final int JOB_CANCELLED = JobState.CANCELLED.code();

  private WorkflowSql() {}

  /** {@code col} (a timestamp) in microseconds since epoch, 0 for null. */
  static String us(String col) {
    return "coalesce((extract(epoch FROM " + col + ") * 1000000)::bigint, 0)";
  }

  static void update(Connection c, String sql, UUID id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setObject(1, id);
      ps.executeUpdate();
    }
  }

  /** Locks the task rows {@code sortedIds} in id order, so that transactions locking several never deadlock. */
  static void lockInOrder(Connection c, UUID[] sortedIds) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM tasks WHERE id = ANY(?) ORDER BY id FOR NO KEY UPDATE")) {
      ps.setArray(1, c.createArrayOf("uuid", sortedIds));
      ps.executeQuery().close();
    }
  }

  /** Stores progress {@code ps.get(i)} of task {@code ids.get(i)}, replacing what the task reported before under the label. */
  static void saveProgress(Connection c, List<UUID> ids, List<ProgressRecord> ps) throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    String[] labels = new String[ids.size()];
    Long[] totals = new Long[ids.size()];
    Long[] dones = new Long[ids.size()];
    for (int i = 0; i < labels.length; i++) {
      labels[i] = ps.get(i).label();
      totals[i] = ps.get(i).total();
      dones[i] = ps.get(i).done();
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

  /** Stores log line {@code lines.get(i)} of task {@code ids.get(i)}. */
  static void saveLogs(Connection c, List<UUID> ids, List<LogRecord> lines) throws SQLException {
    if (ids.isEmpty()) {
      return;
    }
    int n = ids.size();
    Integer[] attempts = new Integer[n];
    Long[] times = new Long[n];
    Integer[] levels = new Integer[n];
    String[] messages = new String[n];
    for (int i = 0; i < n; i++) {
      LogRecord l = lines.get(i);
      attempts[i] = l.attempt();
      times[i] = l.timeUs();
      levels[i] = l.level();
      messages[i] = l.message().replace("\u0000", "");
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
}
