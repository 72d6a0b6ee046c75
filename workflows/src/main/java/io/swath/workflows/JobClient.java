package io.swath.workflows;

import io.swath.client.Futures;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Jobs on a Swath server: submit a root task, follow, cancel and retry jobs, list their tasks and
 * logs, and draw their task graph. Methods block and throw
 * {@link io.swath.core.error.SwathException} subtypes (NotFoundException for an unknown job,
 * InvalidArgumentException for bad input, UnavailableException when the server is down).
 *
 * <p>A view over {@link AsyncJobClient}, which does the work: each method waits for the future of
 * its async twin (bounded by the call timeout of the {@link WorkflowsClient}, or the wait asked
 * for); interrupting the waiting thread cancels the call and throws SwathCancelledException with
 * the thread's interrupt flag set again. A null argument throws NullPointerException, an option
 * out of range IllegalArgumentException.
 */
public final class JobClient {
  private final AsyncJobClient async;

  JobClient(AsyncJobClient async) {
    this.async = async;
  }

  /** The non-blocking face over the same connection. */
  public AsyncJobClient async() {
    return async;
  }

  /** Submits a job whose root task {@code root} runs on runners of {@code cluster}. */
  public Job submit(String name, Task root, String cluster) {
    return await(async.submit(name, root, cluster));
  }

  /** Submits a job with options: idempotency key, retries of the root task. */
  public Job submit(String name, Task root, String cluster, Consumer<JobOptions> options) {
    return await(async.submit(name, root, cluster, options));
  }

  /**
   * Submits a job whose root task is given by type and JSON input, for tools that have no task
   * class at hand (the command line, other languages).
   */
  public Job submit(String name, TaskType type, String inputJson, String cluster, Consumer<JobOptions> options) {
    return await(async.submit(name, type, inputJson, cluster, options));
  }

  /** The job with that id; NotFoundException if there is none. */
  public Job find(JobId id) {
    return await(async.find(id));
  }

  /** The 100 newest jobs. */
  public List<Job> list() {
    return await(async.list());
  }

  /** The newest jobs, at most {@code limit}. */
  public List<Job> list(int limit) {
    return await(async.list(limit));
  }

  /**
   * Cancels a job: its tasks that have not started never run, running ones see
   * {@link ExecutionContext#isCancelled()}. Cancelling a finished job changes nothing.
   */
  public Job cancel(JobId id) {
    return await(async.cancel(id));
  }

  /**
   * Runs the failed and cancelled tasks of a job again, with fresh retry budgets; what completed
   * stays completed. Retrying a completed job changes nothing.
   */
  public Job retry(JobId id) {
    return await(async.retry(id));
  }

  /**
   * Waits until the job completed, failed or was cancelled and returns it; SwathTimeoutException
   * if it is still going after {@code timeout}. The server answers as soon as the job finishes.
   */
  public Job awaitCompletion(JobId id, Duration timeout) {
    return await(async.awaitCompletion(id, timeout));
  }

  /**
   * Waits until every one of the jobs completed, failed or was cancelled and returns them in the
   * order of {@code ids}; SwathTimeoutException if one is still going after {@code timeout}. At
   * most 16 calls to the server are open at once, however many jobs there are.
   */
  public List<Job> awaitAll(List<JobId> ids, Duration timeout) {
    return await(async.awaitAll(ids, timeout));
  }

  /** The tasks of a job in creation order. */
  public List<TaskInfo> tasks(JobId id) {
    return await(async.tasks(id));
  }

  /** One task. */
  public TaskInfo task(TaskId id) {
    return await(async.task(id));
  }

  /** What the tasks of a job logged, oldest first (at most 10,000 lines). */
  public List<TaskLog> logs(JobId id) {
    return await(async.logs(id));
  }

  /** What one task of a job logged, over all its attempts. */
  public List<TaskLog> logs(JobId id, TaskId task) {
    return await(async.logs(id, task));
  }

  /**
   * Removes the completed, failed and cancelled jobs that finished longer ago than
   * {@code o.olderThan(age)} (default: the server's job retention), with their tasks, progress,
   * logs and queue rows; {@code o.dryRun(true)} only counts them. The server does this by itself
   * ({@code swath server --job-retention 30d}); this is for doing it now, or with another age.
   * Needs write access. InvalidArgumentException when no age is given and the server keeps jobs
   * forever.
   */
  public PruneResult prune(Consumer<PruneOptions> options) {
    return await(async.prune(options));
  }

  /**
   * The job's task graph as a Mermaid flowchart: subtasks hang under their parent, dotted arrows
   * are dependencies, colours are states; many siblings of one type become one node with counts.
   */
  public String visualize(JobId id) {
    return await(async.visualize(id));
  }

  @Override
  public String toString() {
    return "JobClient" + async.toString().substring("AsyncJobClient".length());
  }

  /**
   * Every call of the async face has a deadline, so waiting has no limit of its own. Mistakes in
   * the call (a null, an option out of range), which the async face reports through the future,
   * are thrown as they were made.
   */
  private static <T> T await(CompletableFuture<T> f) {
    if (f.isCompletedExceptionally() && !f.isCancelled()) {
      Throwable t = f.exceptionNow();
      if (t instanceof NullPointerException || t instanceof IllegalArgumentException) {
        throw (RuntimeException) t;
      }
    }
    return Futures.await(f, null);
  }
}
