package io.swath.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.core.error.SwathCancelledException;
import io.swath.core.retry.RetryPolicy;
import io.swath.core.schema.FieldType;
import io.swath.core.table.DatapointTable;
import io.swath.testing.LatencyProxy;
import io.swath.testing.TestServers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Sharded loading, page streams with backpressure, cancellation and resumption after cut connections. */
class StreamingTest {
  static final int N = 60_000;
  static DatasetsClient client;
  static CollectionClient col;
  static List<Long> expected = new ArrayList<>();

  @BeforeAll
  static void load() {
    client = DatasetsClient.connect(TestServers.shared().target());
    String slug = TestServers.slug("stream");
    DatasetClient ds = client.createDataset(DatasetSpec.builder(slug).field("n", FieldType.INT64).field("pad", FieldType.STRING).build());
    col = ds.createCollection("c");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      // irregular spacing, so equal-width time shards hold different counts
      long ms = (long) i * i / 1000 + i;
      rows.add(Map.of("time", Instant.parse("2021-01-01T00:00:00Z").plusMillis(ms), "n", (long) i, "pad", "p".repeat(i % 50)));
    }
    col.ingest(rows);
    for (int i = 0; i < N; i++) {
      expected.add((long) i);
    }
  }

  @AfterAll
  static void close() {
    client.close();
  }

  static List<Long> values(DatapointTable t) {
    return t.longs("n").stream().boxed().toList();
  }

  @Test
  void shardedLoadsEqualTheSingleStream() {
    for (int p : new int[] {1, 2, 3, 7, 0}) {
      DatapointTable t = col.query(Query.all().parallelism(p).pageSize(3000));
      assertThat(values(t)).as("parallelism %d", p).isEqualTo(expected);
    }
    DatapointTable some = col.query(Query.time("2021-01-01T00:10:00Z", "2021-01-01T00:40:00Z").parallelism(5));
    DatapointTable same = col.query(Query.time("2021-01-01T00:10:00Z", "2021-01-01T00:40:00Z").parallelism(1));
    assertThat(values(some)).isEqualTo(values(same)).isNotEmpty();
  }

  @Test
  void statisticsHeldByACollectionClientNeverDropNewerDatapoints() {
    DatasetClient ds = client.createDataset(DatasetSpec.builder(TestServers.slug("stale")).field("n", FieldType.INT64).build());
    ds.createCollection("c").ingest(List.of(Map.of("time", Instant.parse("2022-01-01T00:00:00Z"), "n", 1L),
        Map.of("time", Instant.parse("2022-06-01T00:00:00Z"), "n", 2L)));
    CollectionClient held = ds.collection("c"); // count 2, 2022-01-01 .. 2022-06-01: plans the next queries
    ds.collection("c").ingest(List.of(Map.of("time", Instant.parse("2021-01-01T00:00:00Z"), "n", 0L),
        Map.of("time", Instant.parse("2022-03-01T00:00:00Z"), "n", 3L), Map.of("time", Instant.parse("2023-01-01T00:00:00Z"), "n", 4L)));
    assertThat(values(held.query(Query.all().parallelism(4)))).containsExactly(0L, 1L, 3L, 2L, 4L);
    assertThat(values(held.query(Query.all().parallelism(1)))).containsExactly(0L, 1L, 3L, 2L, 4L);
    assertThat(values(held.query(Query.time("2020-01-01", "2024-01-01").parallelism(3)))).containsExactly(0L, 1L, 3L, 2L, 4L);
  }

  @Test
  void streamsSpreadOverTheClientsConnections() throws Exception {
    try (LatencyProxy proxy = LatencyProxy.builder("127.0.0.1", TestServers.shared().port()).start();
         DatasetsClient three = DatasetsClient.builder().target(proxy.target()).connections(3).buildBlocking()) {
      assertThat(values(three.dataset(col.dataset().slug()).collection("c").query(Query.all().parallelism(3)))).isEqualTo(expected);
      assertThat(proxy.connections()).as("TCP connections through the proxy").isEqualTo(3);
    }
    try (LatencyProxy proxy = LatencyProxy.builder("127.0.0.1", TestServers.shared().port()).start();
         DatasetsClient three = DatasetsClient.builder().target(proxy.target()).connections(3).buildBlocking()) {
      CollectionClient c = three.dataset(col.dataset().slug()).collection("c");
      for (int i = 0; i < 5; i++) {
        assertThat(values(c.query(Query.all().parallelism(1)))).isEqualTo(expected);
      }
      assertThat(proxy.connections()).as("queries one after another keep to one connection").isEqualTo(1);
    }
    try (LatencyProxy proxy = LatencyProxy.builder("127.0.0.1", TestServers.shared().port()).start();
         DatasetsClient one = DatasetsClient.builder().target(proxy.target()).connections(1).buildBlocking()) {
      assertThat(values(one.dataset(col.dataset().slug()).collection("c").query(Query.all().parallelism(3)))).isEqualTo(expected);
      assertThat(proxy.connections()).isEqualTo(1);
    }
    assertThatThrownBy(() -> DatasetsClient.builder().connections(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 1 and 64");
  }

  @Test
  void flowControlWindowIsValidated() {
    assertThatThrownBy(() -> DatasetsClient.builder().flowControlWindow(1000)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("between 64 KiB and 1 GiB");
    try (DatasetsClient small = DatasetsClient.builder().target(TestServers.shared().target()).flowControlWindow(64 << 10).buildBlocking()) {
      assertThat(values(small.dataset(col.dataset().slug()).collection("c").query(Query.all()))).isEqualTo(expected);
    }
  }

  @Test
  void progressCallbackSeesEveryDatapoint() {
    List<QueryProgress> seen = new CopyOnWriteArrayList<>();
    col.query(Query.all().parallelism(3).pageSize(4000).onProgress(seen::add));
    assertThat(seen).isNotEmpty();
    QueryProgress last = seen.stream().max(java.util.Comparator.comparingLong(QueryProgress::loaded)).orElseThrow();
    assertThat(last.loaded()).isEqualTo(N);
    assertThat(last.total()).isEqualTo(N);
    assertThat(last.fraction()).isEqualTo(1.0);
  }

  @Test
  void aShardedQueryReportsWhyItFailedNotTheCancelledShards() {
    for (int i = 0; i < 30; i++) {
      assertThatThrownBy(() -> col.query(Query.all().parallelism(8).filter("n << 3")))
          .isInstanceOf(io.swath.core.error.InvalidArgumentException.class).hasMessageContaining("CQL2");
    }
  }

  @Test
  void pageStreamIsOrderedAndComplete() {
    List<Long> got = new ArrayList<>();
    List<QueryProgress> seen = new CopyOnWriteArrayList<>();
    try (Stream<DatapointTable> pages = col.queryPages(Query.all().parallelism(4).pageSize(2500).onProgress(seen::add))) {
      pages.forEach(p -> {
        got.addAll(values(p));
        // progress follows the pages taken, not the pages buffered
        assertThat(seen.get(seen.size() - 1).loaded()).isEqualTo(got.size());
      });
    }
    assertThat(got).isEqualTo(expected);
    assertThat(seen.get(seen.size() - 1)).isEqualTo(new QueryProgress(N, N, 1.0));
  }

  @Test
  void publisherHonoursBackpressureAndCancels() throws Exception {
    SwathTestPages sub = new SwathTestPages();
    // a small receive window: the server cannot push the whole result into the client's buffers
    // and finish before the subscriber asks for more
    AsyncDatasetsClient small = DatasetsClient.builder().target(TestServers.shared().target()).flowControlWindow(64 << 10).build();
    small.dataset(col.dataset().slug()).join().collection("c").join().queryPages(Query.all().pageSize(1000).parallelism(2))
        .subscribe(sub);
    Flow.Subscription s = sub.subscription.get(10, TimeUnit.SECONDS);
    s.request(3);
    awaitPages(sub, 3);
    assertThat(TestServers.shared().activeQueryStreams()).isGreaterThanOrEqualTo(1);
    s.request(2);
    awaitPages(sub, 5);
    s.cancel();
    // the subscriber counts its demand: a page beyond what was asked for is recorded, whenever it came
    assertThat(sub.beyondDemand.get()).as("pages delivered beyond the demand").isZero();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (TestServers.shared().activeQueryStreams() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(TestServers.shared().activeQueryStreams()).as("server-side streams after cancel").isZero();
    // a second subscriber reads everything
    SwathTestPages all = new SwathTestPages();
    col.async().queryPages(Query.all().pageSize(5000)).subscribe(all);
    all.subscription.get(10, TimeUnit.SECONDS).request(Long.MAX_VALUE);
    all.done.get(30, TimeUnit.SECONDS);
    assertThat(all.pages.stream().flatMap(p -> values(p).stream()).toList()).isEqualTo(expected);
    small.close();
  }

  @Test
  void cancellingAFutureCancelsTheServerStream() throws Exception {
    try (LatencyProxy slow = LatencyProxy.builder("127.0.0.1", TestServers.shared().port()).bandwidth(200_000).start();
         AsyncDatasetsClient async = AsyncDatasetsClient.connect(slow.target())) {
      CompletableFuture<DatapointTable> f = async.dataset(col.dataset().slug()).join().collection("c").join().query(Query.all());
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (TestServers.shared().activeQueryStreams() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(f.cancel(true)).isTrue();
      while (TestServers.shared().activeQueryStreams() > 0 && System.nanoTime() < deadline + TimeUnit.SECONDS.toNanos(10)) {
        Thread.sleep(20);
      }
      assertThat(TestServers.shared().activeQueryStreams()).isZero();
    }
    // the blocking face: an interrupted thread cancels its query and keeps its interrupt flag
    Thread t = Thread.currentThread();
    try (LatencyProxy slow = LatencyProxy.builder("127.0.0.1", TestServers.shared().port()).bandwidth(200_000).start();
         DatasetsClient c = DatasetsClient.connect(slow.target())) {
      CollectionClient slowCol = c.dataset(col.dataset().slug()).collection("c");
      CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS).execute(t::interrupt);
      assertThatThrownBy(() -> slowCol.query(Query.all())).isInstanceOf(SwathCancelledException.class);
      assertThat(Thread.interrupted()).isTrue();
    }
  }

  @Test
  void streamsResumeAfterCutConnectionsWithoutGapsOrDuplicates() throws Exception {
    try (LatencyProxy proxy = LatencyProxy.builder("127.0.0.1", TestServers.shared().port()).rtt(Duration.ofMillis(5)).start();
         AsyncDatasetsClient async = AsyncDatasetsClient.builder().target(proxy.target())
             .retry(RetryPolicy.builder().maxAttempts(10).initialBackoff(Duration.ofMillis(20)).build()).build()) {
      AsyncCollectionClient c = async.dataset(col.dataset().slug()).join().collection("c").join();
      // every connection is reset after ~300 kB from the server: each load needs several resumptions
      proxy.cutAfterServerBytes(300_000);
      CompletableFuture<DatapointTable> f = c.query(Query.all().parallelism(1).pageSize(500));
      CompletableFuture<DatapointTable> g = c.query(Query.all().parallelism(3).pageSize(700));
      assertThat(values(f.get(120, TimeUnit.SECONDS))).isEqualTo(expected);
      assertThat(values(g.get(120, TimeUnit.SECONDS))).isEqualTo(expected);
    }
  }

  /** A subscriber that records what it receives. */
  private static void awaitPages(SwathTestPages sub, int n) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (sub.pages.size() < n && !sub.done.isDone() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    assertThat(sub.pages).as("pages after asking for %d", n).hasSize(n);
  }

  static final class SwathTestPages implements Flow.Subscriber<DatapointTable> {
    final CompletableFuture<Flow.Subscription> subscription = new CompletableFuture<>();
    final List<DatapointTable> pages = new CopyOnWriteArrayList<>();
    final CompletableFuture<Void> done = new CompletableFuture<>();
    final AtomicLong demand = new AtomicLong();
    final AtomicInteger beyondDemand = new AtomicInteger();

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription.complete(new Flow.Subscription() {
        @Override
        public void request(long n) {
          demand.accumulateAndGet(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
          s.request(n);
        }

        @Override
        public void cancel() {
          s.cancel();
        }
      });
    }

    @Override
    public void onNext(DatapointTable item) {
      if (demand.getAndUpdate(d -> d == Long.MAX_VALUE ? d : d - 1) <= 0) {
        beyondDemand.incrementAndGet();
      }
      pages.add(item);
    }

    @Override
    public void onError(Throwable t) {
      done.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
      done.complete(null);
    }
  }
}
