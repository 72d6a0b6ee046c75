package io.swath.server.workflows;

import io.swath.server.db.Database;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Jobs and tasks in PostgreSQL, the workflow half of the server as the gRPC services and the
 * console see it. Each part is a class of its own: {@link Submissions} (checks and inserts),
 * {@link TaskQueue} (claims, long polls, leases), {@link Outcomes} and {@link Propagation}
 * (reports, retries, cancellation, parents and dependents), {@link JobQueries} (the read side)
 * and {@link JobPruner} (retention); they share one connection source, {@link Transactions},
 * and the SQL of {@link WorkflowSql}.
 *
 * <p>Every call is one transaction, so an acknowledged outcome or submission survives a crash
 * and a call that failed changed nothing. Several servers may share one database.
 */
public final class WorkflowStore implements AutoCloseable {
  private final TaskWakeups wakeups;
  private final Transactions txs;
  private final Submissions submissions;
  private final TaskQueue queue;
  private final Outcomes outcomes;
  private final JobQueries queries;
  private final JobPruner pruner;

  /** A store over {@code db}; wakes waiting runners of this server and, through NOTIFY, of others. */
  public WorkflowStore(Database db) {
    this.wakeups = new TaskWakeups(UUID.randomUUID().toString());
    this.txs = new Transactions(db, wakeups);
    this.wakeups.listen(db.dataSource());
    TaskInputs inputs = new TaskInputs(db);
    this.pruner = new JobPruner(db);
    this.submissions = new Submissions(txs, inputs);
    this.queue = new TaskQueue(txs, wakeups, inputs);
    this.outcomes = new Outcomes(txs);
    this.queries = new JobQueries(db, wakeups);
  }

  /** Runners' long polls waiting for work on this server now. */
  public int waitingPolls() {
    return wakeups.waiting();
  }

  // ------------------------------------------------------------------ jobs

  /** Stores a job with its root task, ready to run; with an idempotency key seen before, returns that job. */
  public JobRecord submit(JobSubmission req) throws SQLException {
    return submissions.submit(req);
  }

  /** The job with its task counts and progress. */
  public JobRecord job(UUID id) throws SQLException {
    return queries.job(id);
  }

  /** Waits up to {@code waitMs} for the job to finish, then returns it. */
  public JobRecord awaitJob(UUID id, long waitMs) throws SQLException, InterruptedException {
    return queries.awaitJob(id, waitMs);
  }

  /** Newest jobs first. */
  public List<JobRecord> listJobs(int limit, String namePrefix) throws SQLException {
    return queries.listJobs(limit, namePrefix);
  }

  /** Cancels a job: tasks not started never run; running tasks see the cancellation at their next lease renewal. */
  public JobRecord cancel(UUID id) throws SQLException {
    return outcomes.cancel(id);
  }

  /**
   * Runs the failed and cancelled tasks of a job again (with fresh retry budgets) and tasks whose
   * runner was lost while the job was stopped; completed work is kept.
   */
  public JobRecord retry(UUID id) throws SQLException {
    return outcomes.retry(id);
  }

  /** Tasks of a job in creation order, with their dependencies; {@code limit} 0: all. */
  public List<TaskRecord> tasks(UUID jobId, int limit) throws SQLException {
    return queries.tasks(jobId, limit);
  }

  /** One task, with its input. */
  public TaskRecord task(UUID id) throws SQLException {
    return queries.task(id);
  }

  /** Log lines of a job (or, with a {@code taskId}, of one of its tasks), oldest first. */
  public List<LogRecord> logs(UUID jobId, UUID taskId, int limit) throws SQLException {
    return queries.logs(jobId, taskId, limit);
  }

  /** Those of {@code ids} that name a job this server has (in any state). */
  public List<UUID> knownJobs(List<UUID> ids) throws SQLException {
    return queries.knownJobs(ids);
  }

  // ------------------------------------------------------------------ runners

  /**
   * Applies the reported outcomes and claims tasks; when none is ready and the runner asked to
   * wait, waits (holding no database connection) until new work for its cluster is signalled,
   * a delayed task or an expired lease comes due, or the wait passes.
   */
  public ClaimResult nextTasks(ClaimRequest req, BooleanSupplier callCancelled) throws SQLException, InterruptedException {
    return queue.nextTasks(req, callCancelled);
  }

  /** Extends the leases still held (0: 30 s); says which tasks were cancelled and which leases were lost. */
  public RenewalResult renew(long leaseMs, List<LeaseReport> leases) throws SQLException {
    return queue.renew(leaseMs, leases);
  }

  /** Results of the tasks a task depends on, in the order it listed them. */
  public List<DependencyResult> dependencyResults(UUID taskId) throws SQLException {
    return queries.dependencyResults(taskId);
  }

  // ------------------------------------------------------------------ metrics

  /** Tasks in the queue by cluster and state ({@code ready}, {@code leased}, {@code delayed}), for metrics. */
  public Map<String, Double> queueCounts() throws SQLException {
    return queue.queueCounts();
  }

  /** Jobs by state ({@code submitted}, {@code running}, ...), for metrics. */
  public Map<String, Double> jobCounts() throws SQLException {
    return queries.jobCounts();
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

  // ------------------------------------------------------------------ retention

  /**
   * Removes by itself, every {@code interval}, the jobs that finished more than {@code retention}
   * ago (zero: keeps them forever), and the queue rows of stopped jobs that no runner holds.
   */
  public void startPruning(Duration retention, Duration interval) {
    pruner.start(retention, interval);
  }

  /**
   * Removes the completed, failed and cancelled jobs that finished longer ago than
   * {@code olderThanMs} (0: than the retention), with their tasks, progress, logs and queue rows;
   * with {@code dryRun}, counts them.
   */
  public PruneResult prune(long olderThanMs, boolean dryRun) throws SQLException {
    return pruner.pruneAsked(olderThanMs, dryRun);
  }

  /** Ends every long poll at once (they answer with no tasks) and every one after; call first when stopping. */
  public void stopWaiting() {
    wakeups.close();
  }

  @Override
  public void close() {
    pruner.close();
    wakeups.close();
    txs.close();
  }
}
