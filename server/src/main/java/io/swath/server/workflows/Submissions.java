package io.swath.server.workflows;

import static io.swath.server.workflows.WorkflowSql.JOB_SUBMITTED;
import static io.swath.server.workflows.WorkflowSql.QUEUED;
import static io.swath.server.workflows.WorkflowSql.WAITING;

import io.swath.core.error.InvalidArgumentException;
import io.swath.core.rules.StorageRules;
import io.swath.server.workflows.Transactions.Effects;
import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/** Submissions: the checks of a job and its tasks, and the insert of tasks (a job's root, a task's subtasks) with COPY. */
final class Submissions {
  private static final Pattern CLUSTER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private final Transactions txs;
  private final TaskInputs inputs;

  Submissions(Transactions txs, TaskInputs inputs) {
    this.txs = txs;
    this.inputs = inputs;
  }

  /** Stores a job with its root task, ready to run; with an idempotency key seen before, returns that job. */
  JobRecord submit(JobSubmission req) throws SQLException {
    String name = req.name().trim();
    StorageRules.checkJob(name, req.idempotencyKey());
    if (req.root() == null) {
      throw new InvalidArgumentException("a job needs a root task");
    }
    NewTask root = req.root();
    validate(root, "root task", 0);
    if (root.cluster().isEmpty()) {
      throw new InvalidArgumentException("the root task needs a cluster (e.g. default-cluster)");
    }
    if (!root.dependsOn().isEmpty()) {
      throw new InvalidArgumentException("the root task cannot depend on other tasks");
    }
    inputs.check(root.cluster(), root);
    String key = req.idempotencyKey().isBlank() ? null : req.idempotencyKey();
    return txs.tx(fx -> c -> {
      UUID jobId = Ids.next();
      UUID rootId = Ids.next();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO jobs (id, name, state, cluster, root_task_id, idempotency_key) "
          + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING RETURNING id")) {
        ps.setObject(1, jobId);
        ps.setString(2, name);
        ps.setInt(3, JOB_SUBMITTED);
        ps.setString(4, root.cluster());
        ps.setObject(5, rootId);
        ps.setString(6, key);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            try (PreparedStatement q = c.prepareStatement("SELECT id FROM jobs WHERE idempotency_key = ?")) {
              q.setString(1, key);
              try (ResultSet r2 = q.executeQuery()) {
                r2.next();
                return JobQueries.job(c, r2.getObject(1, UUID.class));
              }
            }
          }
        }
      }
      insertTasks(c, fx, jobId, null, root.cluster(), List.of(root), new UUID[] {rootId});
      return JobQueries.job(c, jobId);
    });
  }

  static void validate(NewTask s, String what, int index) {
    StorageRules.checkTask(what, s.name(), s.display(), s.input());
    if (s.major() < 0 || s.minor() < 0) {
      throw new InvalidArgumentException(what + " (" + s.name() + "): version numbers must not be negative, got v" + s.major() + "."
          + s.minor());
    }
    if (!s.cluster().isEmpty()) {
      checkCluster(s.cluster());
    }
    if (s.maxRetries() < 0 || s.maxRetries() > 1000) {
      throw new InvalidArgumentException(what + " (" + s.name() + "): max retries must be between 0 and 1000, got " + s.maxRetries());
    }
    if (s.backoffMs() < 0 || s.maxBackoffMs() < 0) {
      throw new InvalidArgumentException(what + " (" + s.name() + "): retry backoff must not be negative");
    }
    for (int d : s.dependsOn()) {
      if (d < 0 || d >= index) {
        throw new InvalidArgumentException(what + " (" + s.name() + ") depends on subtask " + d
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
  static void insertTasks(Connection c, Effects fx, UUID job, UUID parent, String parentCluster, List<NewTask> specs, UUID[] ids)
      throws SQLException {
    int n = specs.size();
    boolean[] hasDependents = new boolean[n];
    for (NewTask s : specs) {
      for (int d : s.dependsOn()) {
        hasDependents[d] = true;
      }
    }
    StringBuilder tasks = new StringBuilder(n * 160);
    StringBuilder queue = new StringBuilder();
    StringBuilder deps = new StringBuilder();
    String parentText = parent == null ? "" : parent.toString();
    Set<String> clusters = new LinkedHashSet<>();
    for (int i = 0; i < n; i++) {
      NewTask s = specs.get(i);
      String cluster = s.cluster().isEmpty() ? parentCluster : s.cluster();
      int ndeps = (int) s.dependsOn().stream().distinct().count();
      int state = ndeps > 0 ? WAITING : QUEUED;
      tasks.append(ids[i]).append(',').append(job).append(',').append(parentText).append(',');
      csv(tasks, cluster).append(',');
      csv(tasks, s.name()).append(',').append(s.major()).append(',').append(s.minor()).append(',');
      csv(tasks, s.display()).append(',');
      csv(tasks, s.input()).append(',').append(state).append(',').append(s.optional()).append(',').append(s.maxRetries())
          .append(',').append(s.backoffMs() == 0 && s.maxBackoffMs() == 0 ? 1000 : s.backoffMs()).append(',')
          .append(s.maxBackoffMs() == 0 ? 60_000 : s.maxBackoffMs()).append(',').append(ndeps).append(',')
          .append(hasDependents[i]).append(',').append(ndeps).append('\n');
      if (ndeps == 0) {
        queue.append(ids[i]).append(',').append(job).append(',');
        csv(queue, cluster).append(',');
        csv(queue, s.name()).append(',').append(s.major()).append(',').append(s.minor()).append('\n');
        clusters.add(cluster);
      } else {
        Set<Integer> seen = new HashSet<>();
        int ord = 0;
        for (int d : s.dependsOn()) {
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
    } catch (IOException e) {
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
}
