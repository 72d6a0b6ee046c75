package io.swath.workflows;

import io.swath.api.v1.GetJobRequest;
import io.swath.api.v1.GetTaskRequest;
import io.swath.api.v1.JobIdRequest;
import io.swath.api.v1.JobServiceGrpc;
import io.swath.api.v1.ListJobsRequest;
import io.swath.api.v1.ListLogsRequest;
import io.swath.api.v1.ListTasksRequest;
import io.swath.api.v1.SubmitJobRequest;
import io.swath.client.GrpcErrors;
import io.swath.core.error.SwathTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Jobs on a Swath server: submit a root task, follow, cancel and retry jobs, list their tasks and
 * logs, and draw their task graph. Methods block and throw
 * {@link io.swath.core.error.SwathException} subtypes (NotFoundException for an unknown job,
 * InvalidArgumentException for bad input, UnavailableException when the server is down).
 */
public final class JobClient {
  private final WorkflowsClient client;

  JobClient(WorkflowsClient client) {
    this.client = client;
  }

  /** Submits a job whose root task {@code root} runs on runners of {@code cluster}. */
  public Job submit(String name, Task root, String cluster) {
    return submit(name, root, cluster, o -> {});
  }

  /** Submits a job with options: idempotency key, retries of the root task. */
  public Job submit(String name, Task root, String cluster, Consumer<JobOptions> options) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(root, "root");
    Objects.requireNonNull(cluster, "cluster");
    JobOptions o = new JobOptions();
    options.accept(o);
    SubmitJobRequest req = SubmitJobRequest.newBuilder().setName(name).setIdempotencyKey(o.idempotencyKey)
        .setRoot(Codec.spec(root, cluster, o.retry, false, o.display)).build();
    return Codec.job(call(s -> s.submitJob(Codec.checked(req))));
  }

  /**
   * Submits a job whose root task is given by type and JSON input, for tools that have no task
   * class at hand (the command line, other languages).
   */
  public Job submit(String name, TaskType type, String inputJson, String cluster, Consumer<JobOptions> options) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(inputJson, "inputJson");
    JobOptions o = new JobOptions();
    options.accept(o);
    io.swath.api.v1.TaskSpec.Builder spec = io.swath.api.v1.TaskSpec.newBuilder().setName(type.name()).setMajor(type.major())
        .setMinor(type.minor()).setInput(inputJson).setCluster(cluster).setDisplay(o.display);
    Codec.retry(spec, o.retry);
    SubmitJobRequest req = SubmitJobRequest.newBuilder().setName(name).setIdempotencyKey(o.idempotencyKey).setRoot(spec).build();
    return Codec.job(call(s -> s.submitJob(Codec.checked(req))));
  }

  /** The job with that id; NotFoundException if there is none. */
  public Job find(JobId id) {
    return Codec.job(call(s -> s.getJob(GetJobRequest.newBuilder().setJobId(id.toString()).build())));
  }

  /** The 100 newest jobs. */
  public List<Job> list() {
    return list(100);
  }

  /** The newest jobs, at most {@code limit}. */
  public List<Job> list(int limit) {
    return call(s -> s.listJobs(ListJobsRequest.newBuilder().setLimit(limit).build())).getJobsList().stream().map(Codec::job).toList();
  }

  /**
   * Cancels a job: its tasks that have not started never run, running ones see
   * {@link ExecutionContext#isCancelled()}. Cancelling a finished job changes nothing.
   */
  public Job cancel(JobId id) {
    return Codec.job(call(s -> s.cancelJob(JobIdRequest.newBuilder().setJobId(id.toString()).build())));
  }

  /**
   * Runs the failed and cancelled tasks of a job again, with fresh retry budgets; what completed
   * stays completed. Retrying a completed job changes nothing.
   */
  public Job retry(JobId id) {
    return Codec.job(call(s -> s.retryJob(JobIdRequest.newBuilder().setJobId(id.toString()).build())));
  }

  /**
   * Waits until the job completed, failed or was cancelled and returns it; SwathTimeoutException
   * if it is still going after {@code timeout}. The server answers as soon as the job finishes.
   */
  public Job awaitCompletion(JobId id, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        throw new SwathTimeoutException(timeout, null);
      }
      long wait = Math.min(left, 30_000);
      io.swath.api.v1.Job j = call(s -> s.withDeadlineAfter(wait + 30_000, TimeUnit.MILLISECONDS)
          .getJob(GetJobRequest.newBuilder().setJobId(id.toString()).setWaitMs(wait).build()), false);
      Job job = Codec.job(j);
      if (job.state().isFinal()) {
        return job;
      }
    }
  }

  /** The tasks of a job in creation order. */
  public List<TaskInfo> tasks(JobId id) {
    return call(s -> s.listTasks(ListTasksRequest.newBuilder().setJobId(id.toString()).build())).getTasksList().stream()
        .map(Codec::task).toList();
  }

  /** One task. */
  public TaskInfo task(TaskId id) {
    return Codec.task(call(s -> s.getTask(GetTaskRequest.newBuilder().setTaskId(id.toString()).build())));
  }

  /** What the tasks of a job logged, oldest first (at most 10,000 lines). */
  public List<TaskLog> logs(JobId id) {
    return call(s -> s.listLogs(ListLogsRequest.newBuilder().setJobId(id.toString()).build())).getLinesList().stream().map(Codec::log)
        .toList();
  }

  /** What one task of a job logged, over all its attempts. */
  public List<TaskLog> logs(JobId id, TaskId task) {
    return call(s -> s.listLogs(ListLogsRequest.newBuilder().setJobId(id.toString()).setTaskId(task.toString()).build())).getLinesList()
        .stream().map(Codec::log).toList();
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
    PruneOptions o = new PruneOptions();
    options.accept(o);
    io.swath.api.v1.PruneJobsResponse r = call(s -> s.withDeadlineAfter(Math.max(client.callTimeout.toMillis(), PRUNE_TIMEOUT_MS),
        TimeUnit.MILLISECONDS).pruneJobs(io.swath.api.v1.PruneJobsRequest.newBuilder().setOlderThanMs(o.olderThan.toMillis())
        .setDryRun(o.dryRun).build()), false);
    return new PruneResult(r.getJobs(), r.getTasks(), Duration.ofMillis(r.getOlderThanMs()), o.dryRun);
  }

  /** Removing millions of tasks takes a while: the deadline of a prune call. */
  private static final long PRUNE_TIMEOUT_MS = 30 * 60_000L;

  /**
   * The job's task graph as a Mermaid flowchart: subtasks hang under their parent, dotted arrows
   * are dependencies, colours are states; many siblings of one type become one node with counts.
   */
  public String visualize(JobId id) {
    return TaskGraph.mermaid(find(id), tasks(id));
  }

  private <T> T call(Function<JobServiceGrpc.JobServiceBlockingStub, T> f) {
    return call(f, true);
  }

  private <T> T call(Function<JobServiceGrpc.JobServiceBlockingStub, T> f, boolean deadline) {
    try {
      JobServiceGrpc.JobServiceBlockingStub s = client.jobStub;
      return f.apply(deadline ? s.withDeadlineAfter(client.callTimeout.toMillis(), TimeUnit.MILLISECONDS) : s);
    } catch (RuntimeException e) {
      throw GrpcErrors.from(e);
    }
  }
}
