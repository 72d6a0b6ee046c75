package io.swath.server.workflows;

import static io.swath.server.workflows.WorkflowSql.JOB_RUNNING;
import static io.swath.server.workflows.WorkflowSql.JOB_SUBMITTED;
import static io.swath.server.workflows.WorkflowSql.RUNNING;

import io.swath.core.error.InvalidArgumentException;
import io.swath.core.id.Uuids;
import io.swath.server.metrics.ServerMetrics;
import io.swath.server.workflows.Transactions.Effects;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The queue, the runners' side: claims ({@code FOR UPDATE SKIP LOCKED} on the ready index) in the
 * same transaction as the outcomes a runner reports, long polls that hold no connection, lease
 * renewals, and the reclaim of tasks whose lease expired.
 */
final class TaskQueue {
  /** A task whose lease expired this often (its runner died or hung each time) fails for good. */
  static final int MAX_LEASE_EXPIRIES = 5;
  static final long DEFAULT_LEASE_MS = 30_000;

  private final Transactions txs;
  private final TaskWakeups wakeups;
  private final TaskInputs inputs;

  TaskQueue(Transactions txs, TaskWakeups wakeups, TaskInputs inputs) {
    this.txs = txs;
    this.wakeups = wakeups;
    this.inputs = inputs;
  }

  /** What one round gave: the answer, and when the queue next changes by itself (-1: never). */
  record Round(ClaimResult result, long recheckMs) {}

  /**
   * Applies the reported outcomes and claims tasks; when none is ready and the runner asked to
   * wait, waits (holding no database connection) until new work for its cluster is signalled,
   * a delayed task or an expired lease comes due, or {@code wait_ms} passes.
   */
  ClaimResult nextTasks(ClaimRequest req, BooleanSupplier callCancelled) throws SQLException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(req.waitMs());
    String cluster = req.cluster();
    long seen = wakeups.version(cluster);
    Round r = next(req, callCancelled);
    if (!r.result().tasks().isEmpty() || req.waitMs() == 0 || req.maxTasks() == 0) {
      return r.result();
    }
    List<String> rejected = r.result().rejected();
    ClaimRequest again = req.withoutOutcomes();
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
      if (!r.result().tasks().isEmpty()) {
        break;
      }
    }
    return new ClaimResult(r.result().tasks(), rejected, r.result().nextReadyInMs());
  }

  /** Applies the reported outcomes, then claims up to {@code max_tasks} tasks; one transaction. */
  Round next(ClaimRequest req, BooleanSupplier callCancelled) throws SQLException {
    String runner = req.runnerId();
    if (runner.isBlank()) {
      throw new InvalidArgumentException("runner_id is required");
    }
    if (req.maxTasks() < 0 || req.maxTasks() > 10_000) {
      throw new InvalidArgumentException("max_tasks must be between 0 and 10000, got " + req.maxTasks());
    }
    if (req.maxTasks() > 0) {
      Submissions.checkCluster(req.cluster());
      if (req.types().isEmpty()) {
        throw new InvalidArgumentException("a runner that claims tasks must name the task types it runs");
      }
      inputs.announce(req.cluster(), req.types());
    }
    long leaseMs = leaseMs(req.leaseMs());
    return txs.tx(fx -> c -> {
      List<TaskClaim> tasks = new ArrayList<>();
      List<String> rejected = new ArrayList<>();
      // claims first: the outcomes lock parent rows that other runners' outcomes lock too, so
      // they come last and hold those locks only until the commit
      if (req.maxTasks() > 0) {
        claim(c, fx, req, leaseMs, tasks, req.maxTasks());
      }
      if (!req.finished().isEmpty()) {
        Outcomes.applyOutcomes(c, fx, req.finished(), rejected);
        int room = req.maxTasks() - tasks.size();
        if (room > 0 && fx.clusters.contains(req.cluster())) {
          claim(c, fx, req, leaseMs, tasks, room);
        }
      }
      if (!tasks.isEmpty() && req.finished().isEmpty() && callCancelled.getAsBoolean()) {
        // the runner gave up on this call (it is stopping): nobody would run what we claimed
        throw new CancellationException("the runner cancelled the call");
      }
      long recheck = -1;
      long nextReadyInMs = 0;
      if (req.maxTasks() > 0) {
        if (tasks.isEmpty()) {
          long[] next = nextReady(c, req.cluster());
          nextReadyInMs = next[0];
          recheck = next[1];
        }
      }
      return new Round(new ClaimResult(List.copyOf(tasks), List.copyOf(rejected), nextReadyInMs), recheck);
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
  RenewalResult renew(long requestedLeaseMs, List<LeaseReport> leases) throws SQLException {
    long leaseMs = leaseMs(requestedLeaseMs);
    if (leases.isEmpty()) {
      return new RenewalResult(List.of(), List.of());
    }
    return txs.tx(fx -> c -> {
      int n = leases.size();
      UUID[] ids = new UUID[n];
      Long[] claims = new Long[n];
      for (int i = 0; i < n; i++) {
        ids[i] = Uuids.parse("task id", leases.get(i).id());
        claims[i] = leases.get(i).claim();
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
      List<String> cancelled = new ArrayList<>();
      List<String> lost = new ArrayList<>();
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
      List<LeaseReport> reports = new ArrayList<>();
      for (LeaseReport l : leases) {
        UUID id = UUID.fromString(l.id());
        UUID job = held.get(id);
        if (job == null) {
          lost.add(l.id());
        } else {
          if (stoppedJobs.contains(job)) {
            cancelled.add(l.id());
          }
          reports.add(l);
        }
      }
      List<UUID> pIds = new ArrayList<>();
      List<ProgressRecord> ps = new ArrayList<>();
      List<UUID> lIds = new ArrayList<>();
      List<LogRecord> ls = new ArrayList<>();
      for (LeaseReport l : reports) {
        UUID id = UUID.fromString(l.id());
        l.progress().forEach(p -> {
          pIds.add(id);
          ps.add(p);
        });
        l.logs().forEach(line -> {
          lIds.add(id);
          ls.add(line);
        });
      }
      WorkflowSql.saveProgress(c, pIds, ps);
      WorkflowSql.saveLogs(c, lIds, ls);
      return new RenewalResult(List.copyOf(cancelled), List.copyOf(lost));
    });
  }

  private void claim(Connection c, Effects fx, ClaimRequest req, long leaseMs, List<TaskClaim> out, int max) throws SQLException {
    int nt = req.types().size();
    String[] names = new String[nt];
    Integer[] majors = new Integer[nt];
    Integer[] minors = new Integer[nt];
    for (int i = 0; i < nt; i++) {
      TaskType t = req.types().get(i);
      names[i] = t.name();
      majors[i] = t.major();
      minors[i] = t.minor();
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
    List<Outcome> poisoned = new ArrayList<>();
    Set<UUID> jobs = new HashSet<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, req.cluster());
      ps.setArray(2, c.createArrayOf("text", names));
      ps.setArray(3, c.createArrayOf("int4", majors));
      ps.setArray(4, c.createArrayOf("int4", minors));
      ps.setInt(5, max);
      ps.setString(6, req.runnerId());
      ps.setLong(7, leaseMs);
      ps.setString(8, req.runnerId());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          if (rs.getInt(12) >= MAX_LEASE_EXPIRIES) {
            poisoned.add(new Outcome(rs.getString(1), rs.getLong(7), Outcome.Kind.FAILED, "", List.of(), "the task's lease expired "
                + rs.getInt(12) + " times: its runner died or stopped renewing each time it ran this task", false, List.of(), List.of()));
            continue;
          }
          UUID job = rs.getObject(2, UUID.class);
          jobs.add(job);
          out.add(new TaskClaim(rs.getObject(1, UUID.class), job, rs.getString(3), rs.getInt(4), rs.getInt(5), rs.getString(6),
              rs.getLong(7), rs.getInt(8), rs.getString(9), rs.getInt(10), rs.getInt(11)));
        }
      }
    }
    jobs.removeAll(txs.startedJobs());
    if (!jobs.isEmpty()) {
      try (PreparedStatement ps = c.prepareStatement("UPDATE jobs SET state = " + JOB_RUNNING + ", started_at = now() "
          + "WHERE id = ANY(?) AND state = " + JOB_SUBMITTED)) {
        ps.setArray(1, c.createArrayOf("uuid", jobs.toArray()));
        ps.executeUpdate();
      }
      fx.started.addAll(jobs);
    }
    if (!poisoned.isEmpty()) {
      Outcomes.applyOutcomes(c, fx, poisoned, new ArrayList<>());
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

  /**
   * Tasks in the queue by cluster and state, for metrics: {@code ready} (claimable now),
   * {@code leased} (a runner holds it) and {@code delayed} (waiting out a retry backoff). One
   * query over the queue, which holds only ready and running tasks.
   */
  Map<String, Double> queueCounts() throws SQLException {
    Map<String, Double> out = new LinkedHashMap<>();
    try (Connection c = txs.connection(); PreparedStatement ps = c.prepareStatement(
        "SELECT cluster, count(*) FILTER (WHERE available_at <= now()), count(*) FILTER (WHERE available_at > now() AND runner IS NOT NULL), "
            + "count(*) FILTER (WHERE available_at > now() AND runner IS NULL) FROM task_queue GROUP BY cluster");
         ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String cluster = ServerMetrics.label(rs.getString(1));
        out.put("cluster=" + cluster + ",state=\"ready\"", (double) rs.getLong(2));
        out.put("cluster=" + cluster + ",state=\"leased\"", (double) rs.getLong(3));
        out.put("cluster=" + cluster + ",state=\"delayed\"", (double) rs.getLong(4));
      }
    }
    return out;
  }
}
