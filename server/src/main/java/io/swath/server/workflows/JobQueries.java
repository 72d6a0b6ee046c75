package io.swath.server.workflows;

import static io.swath.server.workflows.WorkflowSql.us;

import io.swath.core.error.NotFoundException;
import io.swath.server.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** The read side of jobs and tasks: a job with its counts and progress, job lists, tasks, logs, dependency results. */
final class JobQueries {
  private final Database db;
  private final TaskWakeups wakeups;

  JobQueries(Database db, TaskWakeups wakeups) {
    this.db = db;
    this.wakeups = wakeups;
  }

  /** The job with its task counts and progress. */
  JobRecord job(UUID id) throws SQLException {
    try (Connection c = db.connection()) {
      return job(c, id);
    }
  }

  /** Waits up to {@code waitMs} for the job to finish, then returns it. */
  JobRecord awaitJob(UUID id, long waitMs) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
    while (true) {
      long seen = wakeups.jobVersion();
      JobRecord j = job(id);
      if (j.state().isFinal() || System.nanoTime() >= deadline || wakeups.isClosed()) {
        return j;
      }
      // other servers finish jobs too: look again at least every 250 ms
      wakeups.awaitJob(seen, Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(250)));
    }
  }

  /** Newest jobs first. */
  List<JobRecord> listJobs(int limit, String namePrefix) throws SQLException {
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
      List<JobRecord> out = new ArrayList<>();
      for (UUID id : ids) {
        out.add(job(c, id));
      }
      return out;
    }
  }

  private static String escapeLike(String s) {
    return s == null ? "" : s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /** The job {@code id} read on {@code c}; {@link NotFoundException} when there is none. */
  static JobRecord job(Connection c, UUID id) throws SQLException {
    String name;
    JobState state;
    String cluster;
    UUID root;
    String key;
    String error;
    long submitted;
    long started;
    long finished;
    try (PreparedStatement ps = c.prepareStatement("SELECT id, name, state, cluster, root_task_id, coalesce(idempotency_key, ''), "
        + "coalesce(error, ''), " + us("submitted_at") + ", " + us("started_at") + ", " + us("finished_at") + " FROM jobs WHERE id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new NotFoundException("job " + id + " not found");
        }
        name = rs.getString(2);
        state = JobState.ofCode(rs.getInt(3));
        cluster = rs.getString(4);
        root = rs.getObject(5, UUID.class);
        key = rs.getString(6);
        error = rs.getString(7);
        submitted = rs.getLong(8);
        started = rs.getLong(9);
        finished = rs.getLong(10);
      }
    }
    Map<TaskState, Long> counts = new LinkedHashMap<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT state, count(*) FROM tasks WHERE job_id = ? GROUP BY state ORDER BY state")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          counts.put(TaskState.ofCode(rs.getInt(1)), rs.getLong(2));
        }
      }
    }
    List<ProgressRecord> progress = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT label, sum(total)::bigint, sum(done)::bigint FROM task_progress WHERE job_id = ? GROUP BY label ORDER BY label")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          progress.add(new ProgressRecord(rs.getString(1), rs.getLong(2), rs.getLong(3)));
        }
      }
    }
    return new JobRecord(id, name, state, cluster, root, key, error, submitted, started, finished, counts, progress);
  }

  /** Tasks of a job in creation order, with their dependencies. */
  List<TaskRecord> tasks(UUID jobId, int limit) throws SQLException {
    try (Connection c = db.connection()) {
      job(c, jobId);
      Map<UUID, TaskRecord> out = new LinkedHashMap<>();
      try (PreparedStatement ps = c.prepareStatement(taskSelect(false) + " WHERE job_id = ? ORDER BY created_at, id LIMIT ?")) {
        ps.setObject(1, jobId);
        ps.setLong(2, limit <= 0 ? Long.MAX_VALUE : limit);
        ps.setFetchSize(10_000);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            TaskRecord t = taskRecord(rs, false, new ArrayList<>());
            out.put(t.id(), t);
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT d.task_id, d.depends_on FROM task_deps d JOIN tasks t ON t.id = d.task_id "
          + "WHERE t.job_id = ? ORDER BY d.task_id, d.ord")) {
        ps.setObject(1, jobId);
        ps.setFetchSize(10_000);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            TaskRecord t = out.get(rs.getObject(1, UUID.class));
            if (t != null) {
              t.dependsOn().add(rs.getObject(2, UUID.class));
            }
          }
        }
      }
      return List.copyOf(out.values());
    }
  }

  /** One task, with its input. */
  TaskRecord task(UUID id) throws SQLException {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(taskSelect(true) + " WHERE id = ?")) {
      ps.setObject(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new NotFoundException("task " + id + " not found");
        }
        List<UUID> deps = new ArrayList<>();
        TaskRecord t = taskRecord(rs, true, deps);
        try (PreparedStatement d = c.prepareStatement("SELECT depends_on FROM task_deps WHERE task_id = ? ORDER BY ord")) {
          d.setObject(1, id);
          try (ResultSet r2 = d.executeQuery()) {
            while (r2.next()) {
              deps.add(r2.getObject(1, UUID.class));
            }
          }
        }
        return t;
      }
    }
  }

  private static String taskSelect(boolean withInput) {
    return "SELECT id, coalesce(parent_id::text, ''), name, major, minor, display, state, attempts, coalesce(error, ''), "
        + us("created_at") + ", " + us("started_at") + ", " + us("finished_at") + ", coalesce(result, ''), cluster, optional"
        + (withInput ? ", input" : "") + " FROM tasks";
  }

  /** The task at the row of {@code rs}; its dependencies go into {@code dependsOn}, filled by the caller. */
  private static TaskRecord taskRecord(ResultSet rs, boolean withInput, List<UUID> dependsOn) throws SQLException {
    String parent = rs.getString(2);
    return new TaskRecord(rs.getObject(1, UUID.class), parent.isEmpty() ? null : UUID.fromString(parent), rs.getString(3), rs.getInt(4),
        rs.getInt(5), rs.getString(6), TaskState.ofCode(rs.getInt(7)), rs.getInt(8), rs.getString(9), rs.getLong(10), rs.getLong(11),
        rs.getLong(12), rs.getString(13), rs.getString(14), rs.getBoolean(15), withInput ? rs.getString(16) : null, dependsOn);
  }

  /** Log lines of a job (or of one of its tasks), oldest first. */
  List<LogRecord> logs(UUID jobId, UUID taskId, int limit) throws SQLException {
    try (Connection c = db.connection()) {
      job(c, jobId);
      String sql = "SELECT task_id, attempt, " + us("at") + ", level, message FROM task_logs WHERE job_id = ?"
          + (taskId != null ? " AND task_id = ?" : "") + " ORDER BY at LIMIT ?";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        int i = 1;
        ps.setObject(i++, jobId);
        if (taskId != null) {
          ps.setObject(i++, taskId);
        }
        ps.setInt(i, limit <= 0 ? 10_000 : limit);
        List<LogRecord> out = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            out.add(new LogRecord(rs.getObject(1, UUID.class), rs.getInt(2), rs.getLong(3), rs.getInt(4), rs.getString(5)));
          }
        }
        return out;
      }
    }
  }

  /** Results of the tasks a task depends on, in the order it listed them. */
  List<DependencyResult> dependencyResults(UUID taskId) throws SQLException {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(
        "SELECT d.depends_on, coalesce(t.result, '') FROM task_deps d JOIN tasks t ON t.id = d.depends_on WHERE d.task_id = ? ORDER BY d.ord")) {
      ps.setObject(1, taskId);
      List<DependencyResult> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new DependencyResult(rs.getObject(1, UUID.class), rs.getString(2)));
        }
      }
      return out;
    }
  }

  /** Those of {@code ids} that name a job this server has (in any state). */
  List<UUID> knownJobs(List<UUID> ids) throws SQLException {
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

  /** Jobs by state ({@code submitted}, {@code running}, ...), for metrics. */
  Map<String, Double> jobCounts() throws SQLException {
    Map<JobState, Double> counts = new EnumMap<>(JobState.class);
    for (JobState s : JobState.values()) {
      counts.put(s, 0.0);
    }
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT state, count(*) FROM jobs GROUP BY state");
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        for (JobState s : JobState.values()) {
          if (s.code() == rs.getInt(1)) {
            counts.put(s, (double) rs.getLong(2));
          }
        }
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    counts.forEach((s, n) -> out.put("state=\"" + s.name().toLowerCase(Locale.ROOT) + "\"", n));
    return out;
  }
}
