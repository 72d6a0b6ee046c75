package io.swath.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.core.error.InvalidArgumentException;
import io.swath.core.error.NotFoundException;
import io.swath.core.error.SwathTimeoutException;
import io.swath.testing.TestServers;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The async face of the job client against a real server and runners: many jobs submitted and awaited at once. */
class AsyncJobClientTest {
  static WorkflowsClient client;

  @BeforeAll
  static void connect() {
    client = WorkflowsClient.connect(TestServers.shared().target());
  }

  @AfterAll
  static void close() {
    client.close();
  }

  /** Squares {@code n}, or fails for good when {@code n} is negative. */
  record Square(int n) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      if (n < 0) {
        throw TaskFailure.nonRetryable("Negative", "no square of " + n + " here", null);
      }
      ctx.setResult((long) n * n);
    }
  }

  static TaskRunner runner(String cluster) {
    return TaskRunner.builder().client(client).cluster(cluster).tasks(Square.class).lease(Duration.ofSeconds(5)).build();
  }

  @Test
  void manyJobsSubmittedAndAwaitedAtOnceEndAsTheirInputsSay() throws Exception {
    String cluster = TestServers.uniqueName("async");
    AsyncJobClient jobs = client.asyncJobs();
    Random random = new Random(18);
    int n = 60;
    List<Integer> inputs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int magnitude = random.nextInt(2_000_000);
      inputs.add(i % 7 == 3 ? -1 - magnitude : magnitude); // every seventh fails for good
    }
    List<CompletableFuture<Job>> submitted = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      submitted.add(jobs.submit("square-" + i, new Square(inputs.get(i)), cluster));
    }
    CompletableFuture.allOf(submitted.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    List<JobId> ids = submitted.stream().map(f -> f.join().id()).toList();
    assertThat(ids).doesNotHaveDuplicates();

    // waiting starts before any runner exists, so it really waits
    CompletableFuture<List<Job>> all = jobs.awaitAll(ids, Duration.ofSeconds(120));
    List<CompletableFuture<Job>> each = ids.stream().map(id -> jobs.awaitCompletion(id, Duration.ofSeconds(120))).toList();
    assertThat(all).isNotDone();
    try (TaskRunner r = runner(cluster)) {
      r.start();
      List<Job> done = all.get(120, TimeUnit.SECONDS);
      CompletableFuture.allOf(each.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
      assertThat(done).extracting(Job::id).containsExactlyElementsOf(ids);
      // read every root task's result at once; each must be what squaring the input gives
      Map<JobId, CompletableFuture<TaskInfo>> roots = new HashMap<>();
      done.forEach(j -> roots.put(j.id(), jobs.task(j.rootTask())));
      CompletableFuture.allOf(roots.values().toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
      for (int i = 0; i < n; i++) {
        Job j = done.get(i);
        int in = inputs.get(i);
        assertThat(each.get(i).join().state()).isEqualTo(j.state());
        TaskInfo root = roots.get(j.id()).join();
        if (in < 0) {
          assertThat(j.state()).as("job %d (input %d)", i, in).isEqualTo(JobState.FAILED);
          assertThat(j.error()).contains("Negative").contains(Integer.toString(in));
          assertThat(root.result()).isEmpty();
        } else {
          assertThat(j.state()).as("job %d (input %d)", i, in).isEqualTo(JobState.COMPLETED);
          assertThat(Long.parseLong(root.result())).isEqualTo((long) in * in);
        }
      }
      assertThat(done.stream().filter(j -> j.state() == JobState.FAILED).count()).isEqualTo(inputs.stream().filter(x -> x < 0).count());
    }
    // the blocking face over the same connection sees the same jobs
    assertThat(client.jobs().awaitAll(ids, Duration.ofSeconds(10))).extracting(Job::state)
        .containsExactlyElementsOf(all.join().stream().map(Job::state).toList());
    assertThat(client.jobs().async()).isSameAs(jobs);
    assertThat(jobs.blocking()).isSameAs(client.jobs());
  }

  @Test
  void waitsEndWithATimeoutWhenNoRunnerComes() {
    String cluster = TestServers.uniqueName("async-nobody");
    AsyncJobClient jobs = client.asyncJobs();
    Job job = jobs.submit("waiting", new Square(3), cluster).join();
    long start = System.nanoTime();
    assertThatThrownBy(() -> jobs.awaitCompletion(job.id(), Duration.ofMillis(400)).get(30, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SwathTimeoutException.class);
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(400));
    Job finished = jobs.cancel(job.id()).join();
    assertThat(finished.state()).isEqualTo(JobState.CANCELLED);
    Job other = jobs.submit("still waiting", new Square(4), cluster).join();
    // one finished, one not: awaitAll times out on the second
    assertThatThrownBy(() -> jobs.awaitAll(List.of(job.id(), other.id()), Duration.ofMillis(300)).get(30, TimeUnit.SECONDS))
        .cause().isInstanceOf(SwathTimeoutException.class);
    assertThatThrownBy(() -> client.jobs().awaitCompletion(other.id(), Duration.ofMillis(200))).isInstanceOf(SwathTimeoutException.class);
    // nothing to wait for is done at once, even with no time to wait
    assertThat(jobs.awaitAll(List.of(), Duration.ZERO).join()).isEmpty();
    jobs.cancel(other.id()).join();
    assertThat(jobs.awaitAll(List.of(job.id(), other.id()), Duration.ofSeconds(10)).join()).extracting(Job::state)
        .containsExactly(JobState.CANCELLED, JobState.CANCELLED);
  }

  @Test
  void cancellingAWaitStopsItAndLeavesTheJobAlone() throws Exception {
    String cluster = TestServers.uniqueName("async-cancel");
    AsyncJobClient jobs = client.asyncJobs();
    Job job = jobs.submit("cancel my wait", new Square(5), cluster).join();
    CompletableFuture<Job> wait = jobs.awaitCompletion(job.id(), Duration.ofMinutes(5));
    CompletableFuture<List<Job>> waitAll = jobs.awaitAll(List.of(job.id()), Duration.ofMinutes(5));
    assertThat(wait.cancel(true)).isTrue();
    assertThat(waitAll.cancel(true)).isTrue();
    assertThatThrownBy(wait::join).isInstanceOf(CancellationException.class);
    assertThat(jobs.find(job.id()).join().state()).isEqualTo(JobState.SUBMITTED);
    try (TaskRunner r = runner(cluster)) {
      r.start();
      assertThat(jobs.awaitCompletion(job.id(), Duration.ofSeconds(60)).get(90, TimeUnit.SECONDS).state()).isEqualTo(JobState.COMPLETED);
    }
    assertThat(waitAll).isCancelled();
  }

  @Test
  void errorsArriveThroughTheFutureTyped() {
    AsyncJobClient jobs = client.asyncJobs();
    JobId unknown = JobId.parse(UUID.randomUUID().toString());
    assertThatThrownBy(() -> jobs.find(unknown).join()).cause().isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> jobs.awaitAll(List.of(unknown), Duration.ofSeconds(10)).join()).cause().isInstanceOf(NotFoundException.class);
    // bad arguments fail the future; nothing is thrown by the call itself
    CompletableFuture<Job> noName = jobs.submit(null, new Square(1), "c");
    assertThatThrownBy(noName::join).cause().isInstanceOf(NullPointerException.class).hasMessage("name");
    assertThatThrownBy(() -> jobs.awaitCompletion(unknown, Duration.ofSeconds(-1)).join()).cause()
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    assertThatThrownBy(() -> jobs.prune(o -> o.olderThan(Duration.ZERO)).join()).cause().isInstanceOf(IllegalArgumentException.class);
    // input the server would refuse is refused here already, typed as the server's answer would be
    assertThatThrownBy(() -> jobs.submit(" ", new Square(1), "c").join()).cause().isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("job name");
    assertThatThrownBy(() -> jobs.submit("bad", new Square(1), "no spaces allowed").join()).cause()
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("cluster 'no spaces allowed' is not valid");
    // the blocking face throws the same errors the way it always did
    assertThatThrownBy(() -> client.jobs().find(unknown)).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> client.jobs().submit(null, new Square(1), "c")).isInstanceOf(NullPointerException.class).hasMessage("name");
    assertThatThrownBy(() -> client.jobs().prune(o -> o.olderThan(Duration.ZERO))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.jobs().submit(" ", new Square(1), "c")).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> client.jobs().awaitAll(List.of(unknown), Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class);
  }

  /** Every operation of the blocking face has an async twin with the same parameters returning a future of its result. */
  @Test
  void theAsyncFaceHasEveryOperationOfTheBlockingOne() {
    int checked = 0;
    for (Method m : JobClient.class.getDeclaredMethods()) {
      if (!Modifier.isPublic(m.getModifiers()) || Modifier.isStatic(m.getModifiers()) || m.getName().equals("async")
          || m.getName().equals("toString")) {
        continue;
      }
      Method twin;
      try {
        twin = AsyncJobClient.class.getMethod(m.getName(), m.getParameterTypes());
      } catch (NoSuchMethodException e) {
        throw new AssertionError("AsyncJobClient lacks " + m, e);
      }
      assertThat(twin.getReturnType()).as("%s", twin).isEqualTo(CompletableFuture.class);
      var result = ((ParameterizedType) twin.getGenericReturnType()).getActualTypeArguments()[0];
      assertThat(result.getTypeName()).as("%s", twin).isEqualTo(boxed(m.getGenericReturnType()).getTypeName());
      checked++;
    }
    assertThat(checked).isGreaterThanOrEqualTo(15);
  }

  private static java.lang.reflect.Type boxed(java.lang.reflect.Type t) {
    return t == long.class ? Long.class : t == int.class ? Integer.class : t == boolean.class ? Boolean.class : t == void.class ? Void.class : t;
  }
}
