package io.swath.workflows;

import io.swath.api.v1.ClaimedTask;
import io.swath.api.v1.KnownJobsRequest;
import io.swath.api.v1.KnownJobsResponse;
import io.swath.api.v1.NextTasksRequest;
import io.swath.api.v1.NextTasksResponse;
import io.swath.api.v1.OutcomeKind;
import io.swath.api.v1.RenewLeasesRequest;
import io.swath.api.v1.RenewLeasesResponse;
import io.swath.api.v1.TaskLease;
import io.swath.api.v1.TaskOutcome;
import io.swath.client.AsyncDatasetsClient;
import io.swath.client.GrpcErrors;
import io.swath.core.retry.RetryPolicy;
import io.swath.workflows.cache.InMemoryCache;
import io.swath.workflows.cache.JobCache;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs tasks of a cluster: claims them from the server, executes each on a virtual thread (up to
 * {@link Builder#maxConcurrentTasks} at once), keeps their leases alive, and reports outcomes.
 * One round trip reports finished tasks and claims the next ones; an idle runner waits on the
 * server, which answers the moment new work is ready.
 *
 * <pre>{@code
 * try (WorkflowsClient client = WorkflowsClient.connect()) {
 *   TaskRunner.connect(client, "default-cluster", FetchData.class, Process.class).runForever();
 * }
 * }</pre>
 *
 * <p>Stopping ({@link #shutdown()}, {@link #close()}, or SIGTERM while in {@link #runForever()}):
 * the runner stops claiming, lets running tasks finish for the grace period, then hands the
 * unfinished ones back to the server, where they run again without spending a retry. If the
 * runner dies instead, its tasks run again once their lease expires. When the server is
 * unreachable the runner keeps its finished outcomes and retries until it is back.
 */
public final class TaskRunner implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(TaskRunner.class.getName());

  final WorkflowsClient client;
  final JobCache cache;
  private final String cluster;
  private final String runnerId;
  private final int slots;
  private final Duration lease;
  private final Duration grace;
  private final Duration pollWait;
  private final Duration cacheSweepInterval;
  private Thread cacheSweeper;
  /** Set to stop the current sweeper, which waits on it between sweeps. */
  private AtomicBoolean sweepStop;
  private final List<Class<? extends Throwable>> nonRetryable;
  private final Map<String, List<Registered>> types;
  private final List<io.swath.api.v1.TaskType> wireTypes = new ArrayList<>();
  private AsyncDatasetsClient datasets;
  private final boolean ownsDatasets;

  private final AtomicInteger free;
  private final AtomicInteger inflight = new AtomicInteger();
  private final LinkedBlockingQueue<TaskOutcome> outcomes = new LinkedBlockingQueue<>();
  private final Map<String, RunningTask> running = new ConcurrentHashMap<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final AtomicLong completed = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private volatile boolean claiming = true;
  private final AtomicBoolean polling = new AtomicBoolean();
  private volatile boolean abandoned;
  private volatile boolean started;
  private final List<Thread> loops = new ArrayList<>();
  private final java.util.Set<io.grpc.Context.CancellableContext> waitingCalls = ConcurrentHashMap.newKeySet();
  private Thread renewer;

  private record Registered(TaskType type, Class<? extends Task> cls) {}

  private TaskRunner(Builder b) {
    this.client = Objects.requireNonNull(b.client, "client");
    this.cluster = Objects.requireNonNull(b.cluster, "cluster");
    if (b.tasks.isEmpty()) {
      throw new IllegalArgumentException("a runner needs at least one task class to run");
    }
    this.slots = b.slots;
    this.lease = b.lease;
    this.grace = b.grace;
    this.pollWait = b.pollWait;
    this.cacheSweepInterval = b.cacheSweepInterval;
    this.nonRetryable = List.copyOf(b.nonRetryable);
    this.cache = b.cache != null ? b.cache : new InMemoryCache();
    this.datasets = b.datasets;
    this.ownsDatasets = b.datasets == null;
    this.runnerId = b.runnerId != null ? b.runnerId : defaultRunnerId();
    this.free = new AtomicInteger(slots);
    Map<String, List<Registered>> m = new HashMap<>();
    for (Class<? extends Task> c : b.tasks) {
      TaskType t = TaskType.of(c);
      List<Registered> same = m.computeIfAbsent(t.name(), k -> new ArrayList<>());
      for (Registered r : same) {
        if (r.type().major() == t.major()) {
          throw new IllegalArgumentException("task classes " + r.cls().getName() + " and " + c.getName() + " both claim " + t.name() + " v"
              + t.major() + ".x; give one another name or major version");
        }
      }
      same.add(new Registered(t, c));
      wireTypes.add(io.swath.api.v1.TaskType.newBuilder().setName(t.name()).setMajor(t.major()).setMinor(t.minor())
          .setInput(io.swath.api.v1.TaskInputFields.newBuilder().addAllNames(new java.util.TreeSet<>(TaskJson.propertyNames(c)))).build());
    }
    this.types = m;
  }

  private static String defaultRunnerId() {
    String host;
    try {
      host = java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.io.IOException e) {
      host = "host";
    }
    return host + "/" + ManagementFactory.getRuntimeMXBean().getPid() + "/" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** A runner for {@code cluster} that runs the given task classes, with default options. */
  @SafeVarargs
  public static TaskRunner connect(WorkflowsClient client, String cluster, Class<? extends Task>... tasks) {
    return builder().client(client).cluster(cluster).tasks(tasks).build();
  }

  /** All options. */
  public static Builder builder() {
    return new Builder();
  }

  /** This runner's id as the server sees it. */
  public String id() {
    return runnerId;
  }

  /** Tasks this runner completed (executed without throwing). */
  public long completedTasks() {
    return completed.get();
  }

  /** Task attempts this runner saw fail. */
  public long failedTasks() {
    return failed.get();
  }

  /**
   * Runs tasks until none is ready for this runner and none is running here, then returns. Waits
   * out retry delays of tasks it could run. Good for tests, scripts and batch machines.
   */
  public void runAll() {
    startRenewer();
    startCacheSweeper();
    try {
      loop(true);
    } finally {
      claiming = false;
      stopRenewer();
      stopCacheSweeper(true);
    }
  }

  /**
   * Runs tasks until {@link #shutdown()} or SIGTERM / Ctrl-C, which stop it gracefully (see the
   * class comment).
   */
  public void runForever() {
    Thread hook = new Thread(this::shutdown, "swath-runner-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    start();
    try {
      for (Thread t : List.copyOf(loops)) {
        t.join();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      shutdown();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException ignored) {
        // the JVM is already shutting down; the hook runs
      }
    }
  }

  /** Starts claiming and running tasks in the background; returns at once. */
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    startRenewer();
    startCacheSweeper();
    // two loops: one may wait on the server for work while the other reports finished tasks
    for (int i = 0; i < 2; i++) {
      loops.add(Thread.ofVirtual().name("swath-runner-loop-" + i).start(() -> loop(false)));
    }
  }

  /**
   * Stops gracefully and waits: no new claims; running tasks may finish during the grace period;
   * what is still running then is cancelled ({@link ExecutionContext#isCancelled()}) and handed
   * back to the server to run again elsewhere, without spending a retry.
   */
  public void shutdown() {
    claiming = false;
    waitingCalls.forEach(c -> c.cancel(null));
    signal();
    long deadline = System.nanoTime() + grace.toNanos();
    while (!running.isEmpty() && System.nanoTime() < deadline) {
      awaitChange(deadline);
    }
    for (RunningTask r : List.copyOf(running.values())) {
      if (r.finished.compareAndSet(false, true)) {
        r.cancelled = true;
        Thread t = r.thread;
        if (t != null) {
          t.interrupt();
        }
        running.remove(r.claimed.getId());
        free.incrementAndGet();
        outcomes.add(TaskOutcome.newBuilder().setId(r.claimed.getId()).setClaim(r.claimed.getClaim())
            .setKind(OutcomeKind.OUTCOME_KIND_RELEASED).addAllLogs(r.drainLogs()).build());
        LOG.log(System.Logger.Level.INFO, "handing back task {0} ({1}) unfinished after the grace period", r.claimed.getId(),
            r.claimed.getName());
      }
    }
    signal();
    // the loops report the last outcomes and end; give up on an unreachable server after a while
    long flushDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15) + pollWait.toNanos();
    for (Thread t : List.copyOf(loops)) {
      try {
        t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(flushDeadline - System.nanoTime())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    abandoned = true;
    signal();
    stopRenewer();
    stopCacheSweeper(false);
    if (ownsDatasets) {
      synchronized (this) {
        if (datasets != null) {
          datasets.close();
          datasets = null;
        }
      }
    }
  }

  /** Same as {@link #shutdown()}. */
  @Override
  public void close() {
    shutdown();
  }

  synchronized AsyncDatasetsClient datasets() {
    if (datasets == null) {
      if (!ownsDatasets || abandoned) {
        throw new IllegalStateException("this runner has no datasets client");
      }
      datasets = client.newDatasetsClient();
    }
    return datasets;
  }

  // ---------------------------------------------------------------- claiming and reporting

  /** Waits between calls while the server cannot be reached: a runner never gives up, it holds its outcomes. */
  private static final RetryPolicy RECONNECT = RetryPolicy.builder().maxAttempts(Integer.MAX_VALUE)
      .initialBackoff(Duration.ofMillis(50)).maxBackoff(Duration.ofSeconds(2)).build();

  private void loop(boolean untilIdle) {
    int failures = 0;
    boolean warned = false;
    while (!abandoned) {
      List<TaskOutcome> batch = new ArrayList<>();
      outcomes.drainTo(batch, 20_000);
      int want = claiming ? free.getAndSet(0) : 0;
      // only one loop waits on the server at a time; the other stays free to report finished tasks
      boolean poll = batch.isEmpty() && want > 0 && !untilIdle && polling.compareAndSet(false, true);
      if (batch.isEmpty() && want > 0 && !untilIdle && !poll) {
        free.addAndGet(want);
        want = 0;
      }
      if (batch.isEmpty() && want == 0) {
        if (!claiming && running.isEmpty() && outcomes.isEmpty() && inflight.get() == 0) {
          return;
        }
        awaitChange(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));
        continue;
      }
      long waitMs = poll ? pollWait.toMillis() : 0;
      NextTasksRequest req = NextTasksRequest.newBuilder().setRunnerId(runnerId).setCluster(cluster).addAllTypes(wireTypes)
          .addAllFinished(batch).setMaxTasks(want).setWaitMs(want > 0 ? waitMs : 0).setLeaseMs(lease.toMillis()).build();
      inflight.incrementAndGet();
      NextTasksResponse resp;
      // a call that only waits for work is cancelled when the runner stops; one that reports outcomes never is
      io.grpc.Context.CancellableContext call = io.grpc.Context.current().withCancellation();
      boolean cancellable = batch.isEmpty() && req.getWaitMs() > 0;
      if (cancellable) {
        waitingCalls.add(call);
      }
      try {
        if (cancellable && !claiming) {
          throw new java.util.concurrent.CancellationException("stopping");
        }
        resp = call.call(() -> client.taskStub.withDeadlineAfter(waitMs + client.callTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .nextTasks(req));
      } catch (Exception e) {
        inflight.decrementAndGet();
        free.addAndGet(want);
        outcomes.addAll(batch);
        if (!claiming && batch.isEmpty()) {
          continue;
        }
        if (!warned) {
          LOG.log(System.Logger.Level.WARNING, "swath runner: cannot reach the server at {0} ({1}); retrying", client.target(),
              e.getMessage());
          warned = true;
        }
        failures++;
        sleep(RECONNECT.delay(failures, GrpcErrors.from(e).retryAfter(), ThreadLocalRandom.current()).toMillis());
        continue;
      } finally {
        if (cancellable) {
          waitingCalls.remove(call);
        }
        if (poll) {
          polling.set(false);
        }
        call.cancel(null);
      }
      inflight.decrementAndGet();
      if (warned) {
        LOG.log(System.Logger.Level.INFO, "swath runner: connected to {0} again", client.target());
        warned = false;
      }
      failures = 0;
      free.addAndGet(want - resp.getTasksCount());
      for (ClaimedTask t : resp.getTasksList()) {
        if (!claiming) {
          outcomes.add(TaskOutcome.newBuilder().setId(t.getId()).setClaim(t.getClaim()).setKind(OutcomeKind.OUTCOME_KIND_RELEASED).build());
          free.incrementAndGet();
          continue;
        }
        startTask(t);
      }
      if (untilIdle && resp.getTasksCount() == 0 && running.isEmpty() && outcomes.isEmpty() && inflight.get() == 0) {
        if (resp.getNextReadyInMs() < 0) {
          return;
        }
        sleep(Math.min(resp.getNextReadyInMs() + 5, 1000));
      }
    }
  }

  private void startTask(ClaimedTask t) {
    RunningTask r = new RunningTask(this, t);
    running.put(t.getId(), r);
    r.thread = Thread.ofVirtual().name("swath-task-" + t.getName()).unstarted(() -> execute(r));
    r.thread.start();
  }

  private void execute(RunningTask r) {
    ClaimedTask t = r.claimed;
    TaskOutcome.Builder o = TaskOutcome.newBuilder().setId(t.getId()).setClaim(t.getClaim());
    try {
      Class<? extends Task> cls = resolve(t);
      Task task;
      try {
        task = TaskJson.read(t.getInput(), cls, "the input of task " + t.getName());
      } catch (IllegalArgumentException e) {
        throw TaskFailure.nonRetryable("InvalidInput", e.getMessage(), e);
      }
      task.execute(r);
      o.setKind(OutcomeKind.OUTCOME_KIND_COMPLETED).setResult(r.result);
      synchronized (r.subtasks) {
        o.addAllSubtasks(r.subtasks);
      }
    } catch (Throwable e) {
      o.setKind(OutcomeKind.OUTCOME_KIND_FAILED).setError(describe(e)).setRetryable(isRetryable(e));
      o.addLogs(io.swath.api.v1.LogLine.newBuilder().setTaskId(t.getId()).setAttempt(t.getAttempt()).setLevel(3)
          .setTimeUs(Codec.micros(java.time.Instant.now())).setMessage("attempt " + t.getAttempt() + " failed: " + e));
    }
    if (!r.finished.compareAndSet(false, true)) {
      return; // handed back during shutdown: neither completed nor failed
    }
    (o.getKind() == OutcomeKind.OUTCOME_KIND_COMPLETED ? completed : failed).incrementAndGet();
    o.addAllProgress(r.progressSnapshot(true)).addAllLogs(r.drainLogs());
    running.remove(t.getId());
    free.incrementAndGet();
    outcomes.add(o.build());
    signal();
  }

  private Class<? extends Task> resolve(ClaimedTask t) {
    Registered best = null;
    for (Registered r : types.getOrDefault(t.getName(), List.of())) {
      if (r.type().major() == t.getMajor() && r.type().minor() >= t.getMinor()) {
        best = r;
      }
    }
    if (best == null) {
      throw TaskFailure.retryable("NoTaskClass", "this runner has no class for " + t.getName() + " v" + t.getMajor() + "." + t.getMinor(),
          null);
    }
    return best.cls();
  }

  private boolean isRetryable(Throwable e) {
    for (Throwable c = e; c != null; c = c.getCause()) {
      for (Class<? extends Throwable> n : nonRetryable) {
        if (n.isInstance(c)) {
          return false;
        }
      }
      if (c instanceof TaskFailure f) {
        return f.isRetryable();
      }
      if (c == c.getCause()) {
        break;
      }
    }
    return true;
  }

  private static String describe(Throwable e) {
    StringWriter w = new StringWriter();
    e.printStackTrace(new PrintWriter(w));
    String s = w.toString();
    return s.length() > 16_384 ? s.substring(0, 16_384) + "\n…" : s;
  }

  // ---------------------------------------------------------------- the cache

  /**
   * Removes the groups of this runner's cache that belong to jobs the server no longer has
   * (pruned after the server's job retention, see {@code swath server --job-retention}): groups
   * named by a job id the server does not know. Other groups are left alone. The runner does this
   * by itself when it starts and then every {@link Builder#cacheSweepInterval}. Returns how many
   * groups it removed; 0 for a cache that cannot list its groups.
   *
   * <p>A cache shared by several runners must belong to the jobs of one server: the groups of
   * another server's jobs would look unknown.
   */
  public int pruneCache() {
    List<String> groups;
    try {
      groups = cache.groups();
    } catch (UnsupportedOperationException e) {
      return 0;
    }
    List<String> jobIds = new ArrayList<>();
    for (String g : groups) {
      try {
        if (UUID.fromString(g).toString().equals(g)) {
          jobIds.add(g);
        }
      } catch (IllegalArgumentException notAJob) {
        // a group the user made: not ours to remove
      }
    }
    Set<String> busy = new HashSet<>();
    running.values().forEach(r -> busy.add(r.claimed.getJobId()));
    int removed = 0;
    for (int i = 0; i < jobIds.size(); i += 1000) {
      List<String> batch = jobIds.subList(i, Math.min(jobIds.size(), i + 1000));
      KnownJobsResponse known;
      try {
        known = client.taskStub.withDeadlineAfter(client.callTimeout.toMillis(), TimeUnit.MILLISECONDS)
            .knownJobs(KnownJobsRequest.newBuilder().addAllJobIds(batch).build());
      } catch (RuntimeException e) {
        throw GrpcErrors.from(e);
      }
      Set<String> keep = new HashSet<>(known.getJobIdsList());
      for (String id : batch) {
        if (!keep.contains(id) && !busy.contains(id)) {
          cache.deleteGroup(id);
          removed++;
        }
      }
    }
    return removed;
  }

  private synchronized void startCacheSweeper() {
    if (cacheSweeper != null || cacheSweepInterval.isZero()) {
      return;
    }
    var stop = new AtomicBoolean();
    sweepStop = stop;
    cacheSweeper = Thread.ofVirtual().name("swath-runner-cache").start(() -> {
      while (true) {
        try {
          int n = pruneCache();
          if (n > 0) {
            LOG.log(System.Logger.Level.INFO, "removed the cache groups of {0} jobs the server no longer has", n);
          }
        } catch (RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "could not prune the job cache {0}: {1}", cache, e.getMessage());
        }
        synchronized (stop) {
          long deadline = System.nanoTime() + cacheSweepInterval.toNanos();
          while (!stop.get() && System.nanoTime() < deadline) {
            try {
              stop.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
              return;
            }
          }
          if (stop.get()) {
            return;
          }
        }
      }
    });
  }

  /** Stops the periodic sweep after the one under way, if any; with {@code finish}, waits for that one. */
  private void stopCacheSweeper(boolean finish) {
    Thread t;
    AtomicBoolean stop;
    synchronized (this) {
      t = cacheSweeper;
      stop = sweepStop;
      cacheSweeper = null;
    }
    if (t != null) {
      synchronized (stop) {
        stop.set(true);
        stop.notifyAll();
      }
      if (finish) {
        try {
          t.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  // ---------------------------------------------------------------- leases

  private synchronized void startRenewer() {
    if (renewer != null) {
      return;
    }
    renewer = Thread.ofVirtual().name("swath-runner-leases").start(() -> {
      long period = Math.max(100, lease.toMillis() / 3);
      while (!abandoned && !Thread.currentThread().isInterrupted()) {
        try {
          Thread.sleep(period);
        } catch (InterruptedException e) {
          return;
        }
        renew();
      }
    });
  }

  private synchronized void stopRenewer() {
    if (renewer != null) {
      renewer.interrupt();
      renewer = null;
    }
  }

  private void renew() {
    List<RunningTask> now = List.copyOf(running.values());
    if (now.isEmpty()) {
      return;
    }
    RenewLeasesRequest.Builder req = RenewLeasesRequest.newBuilder().setRunnerId(runnerId).setLeaseMs(lease.toMillis());
    Map<String, RunningTask> byId = new LinkedHashMap<>();
    for (RunningTask r : now) {
      byId.put(r.claimed.getId(), r);
      req.addLeases(TaskLease.newBuilder().setId(r.claimed.getId()).setClaim(r.claimed.getClaim()).addAllProgress(r.progressSnapshot(false))
          .addAllLogs(r.drainLogs()));
    }
    try {
      RenewLeasesResponse resp = client.taskStub.withDeadlineAfter(Math.max(1000, lease.toMillis() / 2), TimeUnit.MILLISECONDS)
          .renewLeases(req.build());
      for (String id : resp.getCancelledList()) {
        RunningTask r = byId.get(id);
        if (r != null) {
          r.cancelled = true;
        }
      }
      for (String id : resp.getLostList()) {
        RunningTask r = byId.get(id);
        if (r != null) {
          r.cancelled = true;
        }
      }
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.DEBUG, "lease renewal failed: {0}", e.getMessage());
    }
  }

  // ---------------------------------------------------------------- plumbing

  private void signal() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void awaitChange(long deadlineNanos) {
    lock.lock();
    try {
      long left = deadlineNanos - System.nanoTime();
      if (left > 0 && outcomes.isEmpty()) {
        changed.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(100)));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Options of a {@link TaskRunner}. */
  public static final class Builder {
    private WorkflowsClient client;
    private String cluster;
    private final List<Class<? extends Task>> tasks = new ArrayList<>();
    private int slots = Math.max(8, 4 * Runtime.getRuntime().availableProcessors());
    private Duration lease = Duration.ofSeconds(30);
    private Duration grace = Duration.ofSeconds(30);
    private Duration pollWait = Duration.ofSeconds(5);
    private final List<Class<? extends Throwable>> nonRetryable = new ArrayList<>();
    private JobCache cache;
    private AsyncDatasetsClient datasets;
    private String runnerId;
    private Duration cacheSweepInterval = Duration.ofHours(1);

    private Builder() {}

    /**
     * How often the runner removes the cache groups of jobs the server no longer has
     * ({@link TaskRunner#pruneCache()}); the first time when it starts. Default 1 hour; zero never.
     */
    public Builder cacheSweepInterval(Duration d) {
      Objects.requireNonNull(d, "interval");
      if (d.isNegative()) {
        throw new IllegalArgumentException("cache sweep interval must not be negative (zero: never), got " + d);
      }
      this.cacheSweepInterval = d;
      return this;
    }

    /** The connection to the server (shared, not closed by the runner). */
    public Builder client(WorkflowsClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /** The cluster whose tasks this runner claims. */
    public Builder cluster(String cluster) {
      this.cluster = Objects.requireNonNull(cluster, "cluster");
      return this;
    }

    /** Task classes this runner can run. */
    @SafeVarargs
    public final Builder tasks(Class<? extends Task>... types) {
      for (Class<? extends Task> t : types) {
        tasks.add(Objects.requireNonNull(t, "task class"));
      }
      return this;
    }

    /** Task classes this runner can run. */
    public Builder tasks(List<Class<? extends Task>> types) {
      types.forEach(t -> tasks.add(Objects.requireNonNull(t, "task class")));
      return this;
    }

    /** Tasks run at once, each on its own virtual thread (default: 4 per core, at least 8). */
    public Builder maxConcurrentTasks(int n) {
      if (n < 1 || n > 10_000) {
        throw new IllegalArgumentException("maxConcurrentTasks must be between 1 and 10000, got " + n);
      }
      this.slots = n;
      return this;
    }

    /**
     * How long a claimed task stays reserved without renewal (default 30 s); renewed every third
     * of it while the task runs. A runner that dies loses its tasks to others after this long.
     */
    public Builder lease(Duration d) {
      if (d.toMillis() < 200 || d.toMillis() > 3_600_000) {
        throw new IllegalArgumentException("lease must be between 200 ms and 1 h, got " + d);
      }
      this.lease = d;
      return this;
    }

    /** How long running tasks may finish after a shutdown starts (default 30 s). */
    public Builder shutdownGrace(Duration d) {
      if (d.isNegative()) {
        throw new IllegalArgumentException("shutdown grace must not be negative, got " + d);
      }
      this.grace = d;
      return this;
    }

    /** How long one idle request waits on the server for work (default 5 s); new work ends the wait at once. */
    public Builder pollWait(Duration d) {
      if (d.isNegative() || d.toMillis() > 60_000) {
        throw new IllegalArgumentException("poll wait must be between 0 and 60 s, got " + d);
      }
      this.pollWait = d;
      return this;
    }

    /** Exceptions of these types (anywhere in the cause chain) fail a task at once, without retries. */
    @SafeVarargs
    public final Builder nonRetryable(Class<? extends Throwable>... types) {
      nonRetryable.addAll(List.of(types));
      return this;
    }

    /** Where {@link ExecutionContext#jobCache()} keeps data (default: in memory). */
    public Builder cache(JobCache cache) {
      this.cache = Objects.requireNonNull(cache, "cache");
      return this;
    }

    /** The datasets client tasks get from {@link ExecutionContext#datasets()} (default: one to the same server). */
    public Builder datasets(AsyncDatasetsClient client) {
      this.datasets = Objects.requireNonNull(client, "datasets client");
      return this;
    }

    /** The id the server records for this runner (default: host/pid/random). */
    public Builder runnerId(String id) {
      if (id == null || id.isBlank()) {
        throw new IllegalArgumentException("runner id must not be blank");
      }
      this.runnerId = id;
      return this;
    }

    /** The runner, not yet running. */
    public TaskRunner build() {
      return new TaskRunner(this);
    }
  }
}
