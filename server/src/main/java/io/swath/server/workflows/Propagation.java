package io.swath.server.workflows;

import static io.swath.server.workflows.WorkflowSql.COMPLETED;
import static io.swath.server.workflows.WorkflowSql.JOB_COMPLETED;
import static io.swath.server.workflows.WorkflowSql.JOB_FAILED;
import static io.swath.server.workflows.WorkflowSql.JOB_RUNNING;
import static io.swath.server.workflows.WorkflowSql.JOB_SUBMITTED;
import static io.swath.server.workflows.WorkflowSql.QUEUED;
import static io.swath.server.workflows.WorkflowSql.WAITING;
import static io.swath.server.workflows.WorkflowSql.lockInOrder;
import static io.swath.server.workflows.WorkflowSql.update;

import io.swath.server.workflows.Transactions.Effects;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What a finished task sets off, in the transaction of its outcome: parents whose last subtask is
 * done complete, dependents whose last dependency is done are queued, a job whose root is done
 * completes, a job with a task failed for good fails.
 */
final class Propagation {
  private Propagation() {}

  /** A task that is done for its parent and dependents: completed, or failed but optional. */
  record Done(UUID id, UUID parent, UUID job, boolean hasDependents) {}

  static void failJob(Connection c, Effects fx, UUID job, String error) throws SQLException {
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

  /**
   * Deletes the queue rows this transaction stored or handed back for jobs that are cancelled or
   * failed (subtasks of a task that finished after the cancellation, retries, released tasks,
   * dependents), so that none stays behind; {@link Outcomes#retry} queues them again. The rows of
   * stopped jobs are locked, so a retry of one of them waits for this commit; the jobs of this
   * transaction that run are not locked.
   */
  static void dropQueueRowsOfStoppedJobs(Connection c, Effects fx) throws SQLException {
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

  /** Completes parents whose last subtask is done and releases dependents whose last dependency is done, transitively. */
  static void propagate(Connection c, Effects fx, List<Done> frontier) throws SQLException {
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
}
