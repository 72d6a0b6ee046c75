package io.swath.workflows;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.swath.api.v1.GetJobRequest;
import io.swath.api.v1.GetTaskRequest;
import io.swath.api.v1.JobIdRequest;
import io.swath.api.v1.JobServiceGrpc;
import io.swath.api.v1.ListJobsRequest;
import io.swath.api.v1.ListLogsRequest;
import io.swath.api.v1.ListTasksRequest;
import io.swath.api.v1.PruneJobsRequest;
import io.swath.api.v1.SubmitJobRequest;
import io.swath.client.GrpcErrors;
import io.swath.core.error.SwathTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The non-blocking face of {@link JobClient}: the same operations, each returning at once with a
 * {@link CompletableFuture}, so an application submits and awaits many jobs without a thread per
 * job. Both faces share the connection of their {@link WorkflowsClient}; {@link JobClient} is a
 * view that waits on these futures.
 *
 * <pre>{@code
 * try (WorkflowsClient client = WorkflowsClient.connect()) {
 *   AsyncJobClient jobs = client.asyncJobs();
 *   List<CompletableFuture<Job>> submitted = years.stream()
 *       .map(y -> jobs.submit("year-" + y, new Year(y), "default-cluster")).toList();
 *   CompletableFuture<List<Job>> done = CompletableFuture.allOf(submitted.toArray(CompletableFuture[]::new))
 *       .thenCompose(v -> jobs.awaitAll(submitted.stream().map(f -> f.join().id()).toList(), Duration.ofHours(1)));
 * }
 * }</pre>
 *
 * <p>Futures complete exceptionally with a {@link io.swath.core.error.SwathException} subtype
 * (wrapped in a {@code CompletionException} by {@code join()}): NotFoundException for an unknown
 * job, InvalidArgumentException for bad input, UnavailableException when the server is down,
 * SwathTimeoutException when a wait ran out. Methods never throw: mistakes in the call fail the
 * returned future too, with the exception the blocking face throws for them (NullPointerException
 * for a null, IllegalArgumentException for an option out of range). Cancelling a future cancels its call to the server. Callbacks
 * run on the connection's threads: chain blocking work with the {@code *Async} variants of
 * {@code CompletableFuture}. Thread-safe.
 */
public final class AsyncJobClient {
  /** Longest a single wait for a job stays open on the server; longer waits are several calls. */
  private static final long MAX_WAIT_MS = 30_000;
  /** Removing millions of tasks takes a while: the deadline of a prune call. */
  private static final long PRUNE_TIMEOUT_MS = 30 * 60_000L;
  /** Calls {@link #awaitAll} keeps open at most. */
  private static final int AWAIT_WINDOW = 16;

  private final WorkflowsClient client;
  private final JobServiceGrpc.JobServiceFutureStub stub;
  private final JobClient blocking;

  AsyncJobClient(WorkflowsClient client, JobServiceGrpc.JobServiceFutureStub stub) {
    this.client = client;
    this.stub = stub;
    this.blocking = new JobClient(this);
  }

  /** The blocking view over the same connection. */
  public JobClient blocking() {
    return blocking;
  }

  /** Submits a job whose root task {@code root} runs on runners of {@code cluster}. */
  public CompletableFuture<Job> submit(String name, Task root, String cluster) {
    return submit(name, root, cluster, o -> {});
  }

  /** Submits a job with options: idempotency key, retries of the root task. */
  public CompletableFuture<Job> submit(String name, Task root, String cluster, Consumer<JobOptions> options) {
    SubmitJobRequest req;
    try {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(root, "root");
      Objects.requireNonNull(cluster, "cluster");
      JobOptions o = options(options);
      req = SubmitJobRequest.newBuilder().setName(name).setIdempotencyKey(o.idempotencyKey)
          .setRoot(Codec.spec(root, cluster, o.retry, false, o.display)).build();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return submit(req);
  }

  /**
   * Submits a job whose root task is given by type and JSON input, for tools that have no task
   * class at hand (the command line, other languages).
   */
  public CompletableFuture<Job> submit(String name, TaskType type, String inputJson, String cluster, Consumer<JobOptions> options) {
    SubmitJobRequest req;
    try {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(inputJson, "inputJson");
      Objects.requireNonNull(cluster, "cluster");
      JobOptions o = options(options);
      io.swath.api.v1.TaskSpec.Builder spec = io.swath.api.v1.TaskSpec.newBuilder().setName(type.name()).setMajor(type.major())
          .setMinor(type.minor()).setInput(inputJson).setCluster(cluster).setDisplay(o.display);
      Codec.retry(spec, o.retry);
      req = SubmitJobRequest.newBuilder().setName(name).setIdempotencyKey(o.idempotencyKey).setRoot(spec).build();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return submit(req);
  }

  /** Checks the request against the server's rules here (InvalidArgumentException), then sends it. */
  private CompletableFuture<Job> submit(SubmitJobRequest req) {
    try {
      Codec.checked(req);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(GrpcErrors.from(e));
    }
    return call(s -> s.submitJob(req), Codec::job);
  }

  /** The job with that id; fails with NotFoundException if there is none. */
  public CompletableFuture<Job> find(JobId id) {
    if (id == null) {
      return nullArgument("id");
    }
    return call(s -> s.getJob(GetJobRequest.newBuilder().setJobId(id.toString()).build()), Codec::job);
  }

  /** The 100 newest jobs. */
  public CompletableFuture<List<Job>> list() {
    return list(100);
  }

  /** The newest jobs, at most {@code limit}. */
  public CompletableFuture<List<Job>> list(int limit) {
    return call(s -> s.listJobs(ListJobsRequest.newBuilder().setLimit(limit).build()),
        r -> r.getJobsList().stream().map(Codec::job).toList());
  }

  /**
   * Cancels a job: its tasks that have not started never run, running ones see
   * {@link ExecutionContext#isCancelled()}. Cancelling a finished job changes nothing.
   */
  public CompletableFuture<Job> cancel(JobId id) {
    if (id == null) {
      return nullArgument("id");
    }
    return call(s -> s.cancelJob(JobIdRequest.newBuilder().setJobId(id.toString()).build()), Codec::job);
  }

  /**
   * Runs the failed and cancelled tasks of a job again, with fresh retry budgets; what completed
   * stays completed. Retrying a completed job changes nothing.
   */
  public CompletableFuture<Job> retry(JobId id) {
    if (id == null) {
      return nullArgument("id");
    }
    return call(s -> s.retryJob(JobIdRequest.newBuilder().setJobId(id.toString()).build()), Codec::job);
  }

  /**
   * Completes with the job once it completed, failed or was cancelled; fails with
   * SwathTimeoutException if it is still going after {@code timeout}. The server answers as soon
   * as the job finishes; while waiting, one call per job is open (at most 30 s each).
   * {@link #awaitAll} waits for many jobs with at most 16 open calls.
   */
  public CompletableFuture<Job> awaitCompletion(JobId id, Duration timeout) {
    try {
      Objects.requireNonNull(id, "id");
      checkTimeout(timeout);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<Job> out = new CompletableFuture<>();
    Set<CompletableFuture<?>> inFlight = cancelsCalls(out);
    poll(id, timeout, System.nanoTime() + timeout.toNanos(), out, out, inFlight);
    return out;
  }

  /**
   * Completes with the jobs, in the order of {@code ids}, once every one of them completed, failed
   * or was cancelled; fails with SwathTimeoutException if one is still going after
   * {@code timeout}, or with the first error (NotFoundException for an unknown job). At most 16
   * calls are open at once, however many jobs there are: each waits for one job, then goes on
   * with the next of the list, so the wait takes about as long as the slowest job, and jobs that
   * already finished answer at once.
   */
  public CompletableFuture<List<Job>> awaitAll(List<JobId> ids, Duration timeout) {
    List<JobId> todo;
    try {
      todo = List.copyOf(Objects.requireNonNull(ids, "ids"));
      checkTimeout(timeout);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (todo.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    CompletableFuture<List<Job>> out = new CompletableFuture<>();
    Set<CompletableFuture<?>> inFlight = cancelsCalls(out);
    Job[] done = new Job[todo.size()];
    AtomicInteger next = new AtomicInteger();
    AtomicInteger left = new AtomicInteger(todo.size());
    for (int w = 0; w < Math.min(AWAIT_WINDOW, todo.size()); w++) {
      awaitNext(todo, done, next, left, timeout, deadline, out, inFlight);
    }
    return out;
  }

  /** The tasks of a job in creation order. */
  public CompletableFuture<List<TaskInfo>> tasks(JobId id) {
    if (id == null) {
      return nullArgument("id");
    }
    return call(s -> s.listTasks(ListTasksRequest.newBuilder().setJobId(id.toString()).build()),
        r -> r.getTasksList().stream().map(Codec::task).toList());
  }

  /** One task. */
  public CompletableFuture<TaskInfo> task(TaskId id) {
    if (id == null) {
      return nullArgument("id");
    }
    return call(s -> s.getTask(GetTaskRequest.newBuilder().setTaskId(id.toString()).build()), Codec::task);
  }

  /** What the tasks of a job logged, oldest first (at most 10,000 lines). */
  public CompletableFuture<List<TaskLog>> logs(JobId id) {
    if (id == null) {
      return nullArgument("id");
    }
    return call(s -> s.listLogs(ListLogsRequest.newBuilder().setJobId(id.toString()).build()),
        r -> r.getLinesList().stream().map(Codec::log).toList());
  }

  /** What one task of a job logged, over all its attempts. */
  public CompletableFuture<List<TaskLog>> logs(JobId id, TaskId task) {
    if (id == null || task == null) {
      return nullArgument(id == null ? "id" : "task");
    }
    return call(s -> s.listLogs(ListLogsRequest.newBuilder().setJobId(id.toString()).setTaskId(task.toString()).build()),
        r -> r.getLinesList().stream().map(Codec::log).toList());
  }

  /**
   * Removes the completed, failed and cancelled jobs that finished longer ago than
   * {@code o.olderThan(age)} (default: the server's job retention), with their tasks, progress,
   * logs and queue rows; {@code o.dryRun(true)} only counts them. See {@link JobClient#prune}.
   */
  public CompletableFuture<PruneResult> prune(Consumer<PruneOptions> options) {
    PruneOptions o = new PruneOptions();
    try {
      Objects.requireNonNull(options, "options").accept(o);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    long deadline = Math.max(client.callTimeout.toMillis(), PRUNE_TIMEOUT_MS);
    return call(deadline, s -> s.pruneJobs(PruneJobsRequest.newBuilder().setOlderThanMs(o.olderThan.toMillis()).setDryRun(o.dryRun).build()),
        r -> new PruneResult(r.getJobs(), r.getTasks(), Duration.ofMillis(r.getOlderThanMs()), o.dryRun));
  }

  /**
   * The job's task graph as a Mermaid flowchart: subtasks hang under their parent, dotted arrows
   * are dependencies, colours are states; many siblings of one type become one node with counts.
   */
  public CompletableFuture<String> visualize(JobId id) {
    return find(id).thenCombine(tasks(id), TaskGraph::mermaid);
  }

  @Override
  public String toString() {
    return "AsyncJobClient[" + client.target + "]";
  }

  // ---------------------------------------------------------------- waiting

  /**
   * Asks for the job, waiting on the server, until it is final (then completes {@code out}) or
   * {@code deadline} passed; stops when {@code owner}, the future handed to the user, is done
   * (cancelled), and cancels the call under way then.
   */
  private void poll(JobId id, Duration timeout, long deadline, CompletableFuture<Job> out, CompletableFuture<?> owner,
                    Set<CompletableFuture<?>> inFlight) {
    if (out.isDone() || owner.isDone()) {
      return;
    }
    long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    if (left <= 0) {
      out.completeExceptionally(new SwathTimeoutException(timeout, null));
      return;
    }
    long wait = Math.min(left, MAX_WAIT_MS);
    CompletableFuture<io.swath.api.v1.Job> f = call(wait + MAX_WAIT_MS,
        s -> s.getJob(GetJobRequest.newBuilder().setJobId(id.toString()).setWaitMs(wait).build()), j -> j);
    inFlight.add(f);
    if (owner.isDone()) {
      f.cancel(true);
      return;
    }
    f.whenComplete((j, e) -> {
      inFlight.remove(f);
      if (e != null) {
        out.completeExceptionally(GrpcErrors.from(e));
        return;
      }
      Job job;
      try {
        job = Codec.job(j);
      } catch (RuntimeException bad) {
        out.completeExceptionally(GrpcErrors.from(bad));
        return;
      }
      if (job.state().isFinal()) {
        out.complete(job);
      } else {
        poll(id, timeout, deadline, out, owner, inFlight);
      }
    });
  }

  /** Waits for the next job of {@code ids} not yet taken, then for the one after, until none is left or {@code out} is done. */
  private void awaitNext(List<JobId> ids, Job[] done, AtomicInteger next, AtomicInteger left, Duration timeout, long deadline,
                         CompletableFuture<List<Job>> out, Set<CompletableFuture<?>> inFlight) {
    if (out.isDone()) {
      return;
    }
    int i = next.getAndIncrement();
    if (i >= ids.size()) {
      return;
    }
    CompletableFuture<Job> one = new CompletableFuture<>();
    one.whenComplete((j, e) -> {
      if (e != null) {
        out.completeExceptionally(GrpcErrors.from(e));
        return;
      }
      done[i] = j;
      if (left.decrementAndGet() == 0) {
        out.complete(List.of(done));
      } else {
        awaitNext(ids, done, next, left, timeout, deadline, out, inFlight);
      }
    });
    poll(ids.get(i), timeout, deadline, one, out, inFlight);
  }

  /** The calls under way for {@code out}, cancelled once it is done (cancelled, or failed by one of them). */
  private static Set<CompletableFuture<?>> cancelsCalls(CompletableFuture<?> out) {
    Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    out.whenComplete((r, e) -> inFlight.forEach(f -> f.cancel(true)));
    return inFlight;
  }

  private static void checkTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
    }
  }

  // ---------------------------------------------------------------- calls

  private static JobOptions options(Consumer<JobOptions> options) {
    JobOptions o = new JobOptions();
    Objects.requireNonNull(options, "options").accept(o);
    return o;
  }

  private static <T> CompletableFuture<T> nullArgument(String name) {
    return CompletableFuture.failedFuture(new NullPointerException(name));
  }


  private <R, T> CompletableFuture<T> call(Function<JobServiceGrpc.JobServiceFutureStub, ListenableFuture<R>> f, Function<R, T> map) {
    return call(client.callTimeout.toMillis(), f, map);
  }

  /**
   * One call with a deadline of {@code deadlineMs}; the result mapped by {@code map}; failures
   * become Swath exceptions; cancelling the future cancels the call.
   */
  private <R, T> CompletableFuture<T> call(long deadlineMs, Function<JobServiceGrpc.JobServiceFutureStub, ListenableFuture<R>> f,
                                           Function<R, T> map) {
    ListenableFuture<R> lf;
    try {
      lf = f.apply(stub.withDeadlineAfter(deadlineMs, TimeUnit.MILLISECONDS));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(GrpcErrors.from(e));
    }
    CompletableFuture<T> out = new CompletableFuture<>();
    com.google.common.util.concurrent.Futures.addCallback(lf, new FutureCallback<R>() {
      @Override
      public void onSuccess(R r) {
        try {
          out.complete(map.apply(r));
        } catch (RuntimeException e) {
          out.completeExceptionally(GrpcErrors.from(e));
        }
      }

      @Override
      public void onFailure(Throwable t) {
        out.completeExceptionally(GrpcErrors.from(t));
      }
    }, MoreExecutors.directExecutor());
    out.whenComplete((r, e) -> {
      if (out.isCancelled()) {
        lf.cancel(true);
      }
    });
    return out;
  }
}
