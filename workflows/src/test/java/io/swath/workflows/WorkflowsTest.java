package io.swath.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.core.retry.RetryPolicy;
import io.swath.core.error.InvalidArgumentException;
import io.swath.core.error.NotFoundException;
import io.swath.testing.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Jobs end to end against a real server: subtasks, dependencies, results, retries, cancellation, versions. */
class WorkflowsTest {
  static WorkflowsClient client;
  static final Map<String, AtomicInteger> RUNS = new ConcurrentHashMap<>();

  @BeforeAll
  static void connect() {
    client = WorkflowsClient.connect(TestServers.shared().target());
  }

  @AfterAll
  static void close() {
    client.close();
  }

  static int run(String key) {
    return RUNS.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
  }

  static TaskRunner runner(String cluster, Class<? extends Task>... types) {
    return TaskRunner.builder().client(client).cluster(cluster).tasks(types).lease(Duration.ofSeconds(5)).build();
  }

  // ------------------------------------------------------------- map-reduce with results

  record Square(int n) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      ctx.setResult(n * n);
    }
  }

  record Sum(String key) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      int s = ctx.dependencyResults(Integer.class).stream().mapToInt(Integer::intValue).sum();
      ctx.jobCache().put(key, Integer.toString(s).getBytes());
      ctx.setResult(s);
    }
  }

  record SumOfSquares(int upTo) implements Task {
    @Override
    public void execute(ExecutionContext ctx) throws Exception {
      // async inside a task is just Java
      var parts = new ArrayList<CompletableFuture<Integer>>();
      for (int i = 1; i <= upTo; i++) {
        int n = i;
        parts.add(CompletableFuture.supplyAsync(() -> n));
      }
      CompletableFuture.allOf(parts.toArray(new CompletableFuture[0])).join();
      List<TaskHandle> squares = new ArrayList<>();
      for (var p : parts) {
        squares.add(ctx.submitSubtask(new Square(p.join())));
      }
      ctx.submitSubtask(new Sum("total"), o -> o.dependsOn(squares));
    }
  }

  @Test
  void mapReduceWithResultsAndCache() {
    String cluster = TestServers.uniqueName("test");
    Job job = client.jobs().submit("sum-of-squares", new SumOfSquares(10), cluster);
    assertThat(job.state()).isEqualTo(JobState.SUBMITTED);
    var cache = new io.swath.workflows.cache.InMemoryCache();
    try (TaskRunner r = TaskRunner.builder().client(client).cluster(cluster).tasks(SumOfSquares.class, Square.class, Sum.class)
        .cache(cache).build()) {
      r.runAll();
      assertThat(r.completedTasks()).isEqualTo(12);
    }
    Job done = client.jobs().find(job.id());
    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(done.count(TaskState.COMPLETED)).isEqualTo(12);
    assertThat(done.startedAt()).isPresent();
    assertThat(done.finishedAt()).isPresent();
    List<TaskInfo> tasks = client.jobs().tasks(job.id());
    TaskInfo sum = tasks.stream().filter(t -> t.type().name().equals("Sum")).findFirst().orElseThrow();
    assertThat(sum.result()).isEqualTo("385");
    assertThat(sum.dependsOn()).hasSize(10);
    assertThat(new String(cache.group(job.id().toString()).get("total"))).isEqualTo("385");
    String graph = client.jobs().visualize(job.id());
    assertThat(graph).startsWith("flowchart TD").contains("Square ×10").contains("-.->").contains("SumOfSquares");
  }

  // ------------------------------------------------------------- deep trees: completion waits for subtasks

  record Tree(int depth, String order) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      if (depth > 0) {
        TaskHandle a = ctx.submitSubtask(new Tree(depth - 1, order));
        TaskHandle b = ctx.submitSubtask(new Tree(depth - 1, order));
        ctx.submitSubtask(new After(order), o -> o.dependsOn(a, b));
      } else {
        run(order + ".leaf");
      }
    }
  }

  record After(String order) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      run(order + ".after");
    }
  }

  @Test
  void dependentsWaitForTheWholeSubtreeOfTheirDependencies() {
    String cluster = TestServers.uniqueName("test");
    String key = "tree-" + cluster;
    Job job = client.jobs().submit("tree", new Tree(4, key), cluster);
    try (TaskRunner r = runner(cluster, Tree.class, After.class)) {
      r.runAll();
    }
    Job done = client.jobs().find(job.id());
    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    // 31 Tree tasks, 15 After tasks
    assertThat(done.taskCount()).isEqualTo(46);
    assertThat(RUNS.get(key + ".leaf").get()).isEqualTo(16);
    assertThat(RUNS.get(key + ".after").get()).isEqualTo(15);
    // an After task never starts before both subtrees it depends on completed
    List<TaskInfo> tasks = client.jobs().tasks(job.id());
    Map<TaskId, TaskInfo> byId = new ConcurrentHashMap<>();
    tasks.forEach(t -> byId.put(t.id(), t));
    for (TaskInfo t : tasks) {
      if (t.type().name().equals("After")) {
        for (TaskId d : t.dependsOn()) {
          // every task under d finished before t started
          for (TaskInfo u : tasks) {
            if (isUnder(u, d, byId)) {
              assertThat(u.finishedAt().orElseThrow()).isBeforeOrEqualTo(t.startedAt().orElseThrow());
            }
          }
        }
      }
    }
  }

  private static boolean isUnder(TaskInfo t, TaskId ancestor, Map<TaskId, TaskInfo> byId) {
    for (TaskInfo c = t; c != null; c = c.parent().map(byId::get).orElse(null)) {
      if (c.id().equals(ancestor)) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------- retries

  record Flaky(String key, int failures) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      int n = run(key);
      ctx.progress("flaky").add(1);
      ctx.logger().log(System.Logger.Level.INFO, "run {0}", n);
      if (n <= failures) {
        throw new IllegalStateException("flaky failure " + n);
      }
      ctx.progress("flaky").done(1);
    }
  }

  record Parent(String key, int failures, boolean optional, int retries) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      ctx.submitSubtask(new Flaky(key, failures), o -> o.retry(RetryPolicy.builder()
          .maxAttempts(retries + 1).initialBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(100)).build())
          .optional(optional));
    }
  }

  @Test
  void retriesWithBackoffThenCompletes() {
    String cluster = TestServers.uniqueName("test");
    Job job = client.jobs().submit("flaky", new Parent(cluster, 2, false, 3), cluster);
    try (TaskRunner r = runner(cluster, Parent.class, Flaky.class)) {
      r.runAll();
      assertThat(r.failedTasks()).isEqualTo(2);
    }
    Job done = client.jobs().find(job.id());
    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    TaskInfo flaky = client.jobs().tasks(job.id()).get(1);
    assertThat(flaky.attempts()).isEqualTo(2);
    assertThat(RUNS.get(cluster).get()).isEqualTo(3);
    // progress counts of failed attempts are replaced, not added
    assertThat(done.progress()).containsExactly(new Progress("flaky", 1, 1));
    List<TaskLog> logs = client.jobs().logs(job.id(), flaky.id());
    assertThat(logs).extracting(TaskLog::message).contains("run 1", "run 2", "run 3");
    assertThat(logs.stream().filter(l -> l.level() == System.Logger.Level.ERROR).count()).isEqualTo(2);
  }

  @Test
  void poisonTaskFailsTheJobAfterMaxRetriesAndRetryRunsOnlyWhatFailed() {
    String cluster = TestServers.uniqueName("test");
    Job job = client.jobs().submit("poison", new Parent(cluster, 1000, false, 2), cluster);
    try (TaskRunner r = runner(cluster, Parent.class, Flaky.class)) {
      r.runAll();
    }
    Job failed = client.jobs().find(job.id());
    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.error()).contains("Flaky").contains("failed after 3 attempts").contains("flaky failure 3");
    assertThat(failed.count(TaskState.FAILED)).isEqualTo(1);
    assertThat(RUNS.get(cluster).get()).isEqualTo(3);
    // the job's retry runs the failed task again (fresh budget), not the parent
    RUNS.get(cluster).set(1000);
    Job retried = client.jobs().retry(job.id());
    assertThat(retried.state()).isEqualTo(JobState.RUNNING);
    try (TaskRunner r = runner(cluster, Parent.class, Flaky.class)) {
      r.runAll();
      assertThat(r.completedTasks()).isEqualTo(1);
    }
    assertThat(client.jobs().find(job.id()).state()).isEqualTo(JobState.COMPLETED);
  }

  @Test
  void optionalPoisonTaskLetsTheJobComplete() {
    String cluster = TestServers.uniqueName("test");
    Job job = client.jobs().submit("optional", new Parent(cluster, 1000, true, 1), cluster);
    try (TaskRunner r = runner(cluster, Parent.class, Flaky.class)) {
      r.runAll();
    }
    Job done = client.jobs().find(job.id());
    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
    assertThat(done.count(TaskState.FAILED)).isEqualTo(1);
    assertThat(RUNS.get(cluster).get()).isEqualTo(2);
  }

  record Hopeless(String key) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      run(key);
      throw TaskFailure.nonRetryable("SceneNotFound", "no such scene", null);
    }
  }

  record Unsupported(String key) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      run(key);
      throw new UnsupportedOperationException("never works");
    }
  }

  @Test
  void nonRetryableFailuresAreNotRetried() {
    String cluster = TestServers.uniqueName("test");
    Job a = client.jobs().submit("hopeless", new Hopeless(cluster + "a"), cluster, o -> o.maxRetries(5));
    Job b = client.jobs().submit("unsupported", new Unsupported(cluster + "b"), cluster, o -> o.maxRetries(5));
    try (TaskRunner r = TaskRunner.builder().client(client).cluster(cluster).tasks(Hopeless.class, Unsupported.class)
        .nonRetryable(UnsupportedOperationException.class).build()) {
      r.runAll();
    }
    assertThat(client.jobs().find(a.id()).state()).isEqualTo(JobState.FAILED);
    assertThat(client.jobs().find(a.id()).error()).contains("SceneNotFound: no such scene");
    assertThat(client.jobs().find(b.id()).state()).isEqualTo(JobState.FAILED);
    assertThat(RUNS.get(cluster + "a").get()).isEqualTo(1);
    assertThat(RUNS.get(cluster + "b").get()).isEqualTo(1);
  }

  // ------------------------------------------------------------- cancellation

  static final Map<String, CountDownLatch> STARTED = new ConcurrentHashMap<>();

  record Patient(String key) implements Task {
    @Override
    public void execute(ExecutionContext ctx) throws InterruptedException {
      STARTED.get(key).countDown();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!ctx.isCancelled() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      ctx.setResult(ctx.isCancelled() ? "saw cancellation" : "timed out");
      ctx.submitSubtask(new Square(1));
    }
  }

  @Test
  void runningTasksSeeCancellation() throws Exception {
    String cluster = TestServers.uniqueName("test");
    STARTED.put(cluster, new CountDownLatch(1));
    Job job = client.jobs().submit("cancel-me", new Patient(cluster), cluster);
    try (TaskRunner r = TaskRunner.builder().client(client).cluster(cluster).tasks(Patient.class, Square.class)
        .lease(Duration.ofMillis(600)).build()) {
      r.start();
      assertThat(STARTED.get(cluster).await(20, TimeUnit.SECONDS)).isTrue();
      Job cancelled = client.jobs().cancel(job.id());
      assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
      long t0 = System.nanoTime();
      TaskInfo root;
      do {
        Thread.sleep(50);
        root = client.jobs().task(job.rootTask());
      } while (root.result().isEmpty() && System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20));
      assertThat(root.result()).isEqualTo("\"saw cancellation\"");
    }
    // the subtask of a cancelled job never runs
    Job after = client.jobs().find(job.id());
    assertThat(after.state()).isEqualTo(JobState.CANCELLED);
    assertThat(after.count(TaskState.COMPLETED)).isZero();
  }

  // ------------------------------------------------------------- versions, idempotency, errors

  @TaskIdentifier(name = "versioned", version = "v1.3")
  record V13() implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      ctx.setResult("v1.3");
    }
  }

  @TaskIdentifier(name = "versioned", version = "v1.2")
  record V12() implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      ctx.setResult("v1.2");
    }
  }

  @TaskIdentifier(name = "versioned", version = "v2.0")
  record V20() implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      ctx.setResult("v2.0");
    }
  }

  @Test
  void runnersRunTasksOfTheirMajorUpToTheirMinor() {
    String cluster = TestServers.uniqueName("test");
    Job job = client.jobs().submit("versions", new V13(), cluster);
    try (TaskRunner old = runner(cluster, V12.class); TaskRunner next = runner(cluster, V20.class)) {
      old.runAll();
      next.runAll();
      assertThat(old.completedTasks() + next.completedTasks()).isZero();
    }
    assertThat(client.jobs().find(job.id()).state()).isEqualTo(JobState.SUBMITTED);
    try (TaskRunner current = runner(cluster, V13.class)) {
      current.runAll();
    }
    assertThat(client.jobs().task(job.rootTask()).result()).isEqualTo("\"v1.3\"");
    assertThat(TaskType.of(V13.class)).isEqualTo(new TaskType("versioned", 1, 3));
    assertThat(new TaskType("versioned", 1, 3).runs(TaskType.of(V12.class))).isTrue();
    assertThat(new TaskType("versioned", 1, 2).runs(TaskType.of(V13.class))).isFalse();
  }

  @Test
  void idempotencyKeyReturnsTheFirstJob() {
    String cluster = TestServers.uniqueName("test");
    Job a = client.jobs().submit("once", new Square(3), cluster, o -> o.idempotencyKey("key-" + cluster));
    Job b = client.jobs().submit("once", new Square(3), cluster, o -> o.idempotencyKey("key-" + cluster));
    assertThat(b.id()).isEqualTo(a.id());
    assertThat(b.taskCount()).isEqualTo(1);
    assertThat(client.jobs().list(1000)).extracting(Job::id).contains(a.id());
  }

  @Test
  void badInputGetsTypedErrorsThatSayWhatIsWrong() {
    assertThatThrownBy(() -> client.jobs().submit("bad", new Square(1), "no spaces allowed"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("cluster 'no spaces allowed' is not valid");
    assertThatThrownBy(() -> client.jobs().submit(" ", new Square(1), "c"))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("job name");
    assertThatThrownBy(() -> client.jobs().find(JobId.parse("0192f6e4-5c1b-7a3e-8f00-1234567890ab")))
        .isInstanceOf(NotFoundException.class).hasMessageContaining("not found");
    assertThatThrownBy(() -> JobId.parse("nope")).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("not a valid id");
    assertThatThrownBy(() -> runner("c")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one task class");
    assertThatThrownBy(() -> runner("c", V12.class, V13.class)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("both claim versioned v1.x");
  }

  // ------------------------------------------------------------- leases

  @Test
  void aTaskWhoseRunnersKeepDyingFailsAfterFiveExpiredLeases() throws Exception {
    String cluster = TestServers.uniqueName("test");
    Job job = client.jobs().submit("kills-its-runners", new Square(2), cluster, o -> o.maxRetries(3));
    // a runner that claims and then dies: it never reports and never renews its 200 ms lease
    var stub = io.swath.api.v1.TaskServiceGrpc.newBlockingStub(client.channel);
    var claim = io.swath.api.v1.NextTasksRequest.newBuilder().setRunnerId("dies-every-time").setCluster(cluster)
        .addTypes(io.swath.api.v1.TaskType.newBuilder().setName("Square")).setMaxTasks(1).setLeaseMs(200).build();
    for (int i = 0; i < 5; i++) {
      var got = stub.nextTasks(claim);
      assertThat(got.getTasksCount()).as("claim %d", i).isEqualTo(1);
      // expired leases are not failed attempts: no retry is spent
      assertThat(got.getTasks(0).getAttempt()).isZero();
      Thread.sleep(300);
    }
    assertThat(stub.nextTasks(claim).getTasksCount()).isZero();
    Job failed = client.jobs().find(job.id());
    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.error()).contains("lease expired 5 times");
  }

  // ------------------------------------------------------------- big fan-out

  record Noop(int i) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      // nothing: measures the system, not the task
    }
  }

  record FanOut(int n) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      List<Noop> all = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        all.add(new Noop(i));
      }
      ctx.submitSubtasks(all);
    }
  }

  @Test
  void hundredThousandSubtasksFromOneTask() {
    String cluster = TestServers.uniqueName("test");
    Job job = client.jobs().submit("fan-out", new FanOut(100_000), cluster);
    try (TaskRunner r = TaskRunner.builder().client(client).cluster(cluster).tasks(FanOut.class, Noop.class).maxConcurrentTasks(500)
        .build()) {
      r.start();
      Job done = client.jobs().awaitCompletion(job.id(), Duration.ofMinutes(3));
      assertThat(done.state()).isEqualTo(JobState.COMPLETED);
      assertThat(done.count(TaskState.COMPLETED)).isEqualTo(100_001);
      assertThat(r.completedTasks()).isEqualTo(100_001);
    }
  }
}
