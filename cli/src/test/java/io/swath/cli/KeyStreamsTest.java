package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.swath.api.v1.DataAccessServiceGrpc;
import io.swath.api.v1.DatapointPage;
import io.swath.api.v1.QueryRequest;
import io.swath.client.CollectionClient;
import io.swath.client.DatasetSpec;
import io.swath.client.DatasetsClient;
import io.swath.client.Query;
import io.swath.core.error.UnavailableException;
import io.swath.core.retry.RetryPolicy;
import io.swath.core.schema.FieldType;
import io.swath.server.SwathServer;
import io.swath.server.security.Grant;
import io.swath.server.security.Scope;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One key that opens many query streams cannot take the server from another: beyond
 * {@code --key-max-streams} its streams are refused at once with RESOURCE_EXHAUSTED and a wait the
 * SDK honours, while another key's queries run to the end, against a real server with keys.
 */
class KeyStreamsTest {
  static final int ROWS = 5_000;
  static final int LIMIT = io.swath.server.security.KeyStreams.DEFAULT_MAX;
  static final int GREEDY = 40;

  @TempDir
  Path dir;

  /** A raw query stream that reads nothing (a 64 KiB window): once the result outgrows it, the stream stays open. */
  static final class HeldStream extends ClientCall.Listener<DatapointPage> {
    final ClientCall<QueryRequest, DatapointPage> call;
    final CompletableFuture<Status> closed = new CompletableFuture<>();
    final java.util.concurrent.CountDownLatch anyClosed;
    volatile Metadata trailers;

    HeldStream(ManagedChannel ch, String key, String slug, java.util.concurrent.CountDownLatch anyClosed) {
      this.anyClosed = anyClosed;
      call = ch.newCall(DataAccessServiceGrpc.getQueryMethod(), CallOptions.DEFAULT);
      Metadata headers = new Metadata();
      headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
      call.start(this, headers);
      call.sendMessage(QueryRequest.newBuilder().setDatasetSlug(slug).setPageSize(500).build());
      call.halfClose();
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      this.trailers = trailers;
      closed.complete(status);
      anyClosed.countDown();
    }
  }

  static String readKey(SwathServer server, String name) throws Exception {
    return server.apiKeys().create(name, "tests", List.of(new Grant(Scope.READ, List.of(), List.of())), null).secret();
  }

  @Test
  void aGreedyKeyIsLimitedWhileAPoliteKeysQueriesComplete() throws Exception {
    // the default limit; fewer slots than the greedy key asks for streams: without the limit it
    // would fill them and their queue. Admitted streams that nobody reads stay open meanwhile.
    try (SwathServer server = SwathServer.builder().dataDir(dir).port(0).httpPort(0).initAdminKey(true)
        .querySlots(4).queryQueueTimeout(Duration.ofSeconds(60)).querySendTimeout(Duration.ofMinutes(10)).build().start()) {
      String target = server.target();
      String admin = server.initialAdminKey().orElseThrow();
      String greedy = readKey(server, "greedy");
      String polite = readKey(server, "polite");
      try (DatasetsClient c = DatasetsClient.builder().target(target).apiKey(admin).buildBlocking()) {
        CollectionClient col = c.createDataset(DatasetSpec.builder("limits.streams").field("v", FieldType.INT64)
            .field("pad", FieldType.STRING).build()).createCollection("a");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
          rows.add(Map.of("time", Instant.parse("2020-01-01T00:00:00Z").plusSeconds(i), "v", (long) i, "pad", "x".repeat(200)));
        }
        assertThat(col.ingest(rows).created()).isEqualTo(ROWS);
      }

      ManagedChannel ch = NettyChannelBuilder.forTarget(target).usePlaintext().flowControlWindow(64 << 10).build();
      ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
      List<HeldStream> streams = new ArrayList<>();
      try (DatasetsClient politeClient = DatasetsClient.builder().target(target).apiKey(polite).buildBlocking()) {
        java.util.concurrent.CountDownLatch refusals = new java.util.concurrent.CountDownLatch(GREEDY - LIMIT);
        for (int i = 0; i < GREEDY; i++) {
          streams.add(new HeldStream(ch, greedy, "limits.streams", refusals));
        }
        // the polite key queries (sharded: as many streams as the limit) while the greedy streams arrive and stay open
        CollectionClient politeCol = politeClient.dataset("limits.streams").collection("a");
        List<Future<Integer>> politeQueries = new ArrayList<>();
        for (int i = 0; i < LIMIT / 2; i++) {
          politeQueries.add(pool.submit(() -> politeCol.query(Query.all().parallelism(2)).size()));
        }
        for (Future<Integer> q : politeQueries) {
          assertThat(q.get(120, TimeUnit.SECONDS)).as("rows of a polite query").isEqualTo(ROWS);
        }
        assertThat(refusals.await(60, TimeUnit.SECONDS)).as("greedy streams refused").isTrue();
        // every greedy stream beyond the limit was refused with a wait to retry after, the others stay open
        List<Status> statuses = new ArrayList<>();
        int open = 0;
        for (HeldStream s : streams) {
          if (s.closed.isDone()) {
            statuses.add(s.closed.get());
          } else {
            open++;
          }
        }
        System.out.printf("greedy key: %d of %d streams refused, %d open; polite key: %d queries of %d rows completed meanwhile%n",
            statuses.size(), GREEDY, open, politeQueries.size(), ROWS);
        assertThat(statuses).hasSize(GREEDY - LIMIT).allSatisfy(st -> {
          assertThat(st.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
          assertThat(st.getDescription()).contains("key 'greedy' has " + LIMIT + " query streams open").contains("--key-max-streams");
        });
        assertThat(streams).filteredOn(s -> s.closed.isDone())
            .allSatisfy(s -> assertThat(s.trailers.get(Metadata.Key.of("grpc-retry-pushback-ms", Metadata.ASCII_STRING_MARSHALLER)))
                .isEqualTo("1000"));
        assertThat(open).isEqualTo(LIMIT);

        // the SDK sees the refusal as retryable, with the server's wait
        try (DatasetsClient once = DatasetsClient.builder().target(target).apiKey(greedy).retry(RetryPolicy.none()).buildBlocking()) {
          assertThatThrownBy(() -> once.dataset("limits.streams").collection("a").query(Query.all().parallelism(1)))
              .isInstanceOfSatisfying(UnavailableException.class, e -> {
                assertThat(e.isRetryable()).isTrue();
                assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
                assertThat(e.getMessage()).contains("query streams open");
              });
        }

        // streams the greedy key gives up free its places: its next query, retried as the server asks, completes
        for (HeldStream s : streams) {
          s.call.cancel("done", null);
        }
        try (DatasetsClient again = DatasetsClient.builder().target(target).apiKey(greedy).buildBlocking()) {
          assertThat(again.dataset("limits.streams").collection("a").query(Query.all()).size()).isEqualTo(ROWS);
        }
      } finally {
        pool.shutdownNow();
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /**
   * Counts and STAC searches count against the same limit as query streams: a key holding its
   * streams is refused a count (RESOURCE_EXHAUSTED with the SDK's pushback) and a search or item
   * page (429 with Retry-After), other keys are not, and once its streams end it gets both, with
   * nothing left counted after many searches and refusals.
   */
  @Test
  void countsAndSearchesCountAgainstTheKeysStreams() throws Exception {
    int limit = 2;
    try (SwathServer server = SwathServer.builder().dataDir(dir).port(0).httpPort(0).initAdminKey(true).keyMaxStreams(limit)
        .querySlots(4).querySendTimeout(Duration.ofMinutes(10)).build().start()) {
      String target = server.target();
      String admin = server.initialAdminKey().orElseThrow();
      String busy = readKey(server, "busy");
      String other = readKey(server, "other");
      try (DatasetsClient c = DatasetsClient.builder().target(target).apiKey(admin).buildBlocking()) {
        CollectionClient col = c.createDataset(DatasetSpec.builder("limits.reads").field("v", FieldType.INT64)
            .field("pad", FieldType.STRING).build()).createCollection("a");
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < ROWS; i++) {
          rows.add(Map.of("time", Instant.parse("2020-01-01T00:00:00Z").plusSeconds(i), "v", (long) i, "pad", "x".repeat(200)));
        }
        assertThat(col.ingest(rows).created()).isEqualTo(ROWS);
      }
      java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
      java.util.function.BiFunction<String, String, java.net.http.HttpResponse<String>> get = (key, path) -> {
        try {
          return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.httpUrl() + path))
              .header("Authorization", "Bearer " + key).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      };
      String items = "/collections/limits.reads.a/items?limit=3";
      // searches and item pages one after the other, and concurrently up to the limit: nothing stays counted
      for (int i = 0; i < 3 * limit; i++) {
        assertThat(get.apply(busy, "/search?limit=2").statusCode()).isEqualTo(200);
        assertThat(get.apply(busy, items).statusCode()).isEqualTo(200);
      }

      ManagedChannel ch = NettyChannelBuilder.forTarget(target).usePlaintext().flowControlWindow(64 << 10).build();
      List<HeldStream> streams = new ArrayList<>();
      try (DatasetsClient busyOnce = DatasetsClient.builder().target(target).apiKey(busy).retry(RetryPolicy.none()).buildBlocking();
           DatasetsClient otherClient = DatasetsClient.builder().target(target).apiKey(other).buildBlocking()) {
        for (int i = 0; i < limit; i++) {
          streams.add(new HeldStream(ch, busy, "limits.reads", new java.util.concurrent.CountDownLatch(1)));
        }
        WorkflowProcessesTest.await("the held streams open", Duration.ofSeconds(30), () -> server.activeQueryStreams() == limit);
        assertThat(streams).noneMatch(st -> st.closed.isDone());

        // a count of the busy key is refused at once, with the wait the SDK honours
        assertThatThrownBy(() -> busyOnce.dataset("limits.reads").collection("a").count(Query.all()))
            .isInstanceOfSatisfying(UnavailableException.class, e -> {
              assertThat(e.isRetryable()).isTrue();
              assertThat(e.retryAfter()).contains(Duration.ofSeconds(1));
              assertThat(e.getMessage()).contains("key 'busy' has " + limit + " query streams open").contains("--key-max-streams");
            });
        // and so are its searches and item pages
        for (String path : List.of("/search?limit=2", items)) {
          var refused = get.apply(busy, path);
          assertThat(refused.statusCode()).as(path).isEqualTo(429);
          assertThat(refused.headers().firstValue("Retry-After")).as(path).contains("1");
          assertThat(refused.body()).contains("\"code\":\"TooManyRequests\"").contains("key 'busy' has " + limit + " query streams open");
        }
        // another key reads meanwhile
        assertThat(otherClient.dataset("limits.reads").collection("a").count(Query.all())).isEqualTo(ROWS);
        assertThat(get.apply(other, "/search?limit=2").statusCode()).isEqualTo(200);

        // the busy key's streams end: it counts and searches again
        for (HeldStream st : streams) {
          st.call.cancel("done", null);
        }
        WorkflowProcessesTest.await("the held streams closed", Duration.ofSeconds(30), () -> server.activeQueryStreams() == 0);
        try (DatasetsClient busyAgain = DatasetsClient.builder().target(target).apiKey(busy).buildBlocking()) {
          assertThat(busyAgain.dataset("limits.reads").collection("a").count(Query.all())).isEqualTo(ROWS);
        }
        assertThat(get.apply(busy, "/search?limit=2").statusCode()).isEqualTo(200);
        // nothing of the refusals and searches stayed counted: the key opens its whole limit of streams again
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        List<HeldStream> again = new ArrayList<>();
        for (int i = 0; i < limit; i++) {
          again.add(new HeldStream(ch, busy, "limits.reads", closed));
        }
        WorkflowProcessesTest.await("the streams open again", Duration.ofSeconds(30), () -> server.activeQueryStreams() == limit);
        assertThat(again).noneMatch(st -> st.closed.isDone());
        again.forEach(st -> st.call.cancel("done", null));
      } finally {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
