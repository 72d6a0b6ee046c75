package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import io.swath.core.schema.FieldType;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server in its own process, as users run it, keeps serving everyone while some clients
 * misbehave: idle connections, query streams that stop reading, streams opened and abandoned,
 * HTTP requests sent a byte at a time.
 */
class ServerLimitsTest {
  static final int ROWS = 20_000;
  static final Duration NORMAL = Duration.ofSeconds(2);

  @TempDir
  Path dir;

  /** A server process whose output is kept, to look for stack traces. */
  static final class ServerProcess implements AutoCloseable {
    final Process process;
    final List<String> log = java.util.Collections.synchronizedList(new ArrayList<>());
    final String target;
    final String http;

    ServerProcess(Path dir, String... flags) throws Exception {
      List<String> args = new ArrayList<>(List.of("server", "--data-dir", dir.toString(), "--port", "0", "--http-port", "0"));
      args.addAll(List.of(flags));
      process = BenchCommand.startCli(args.toArray(String[]::new));
      CountDownLatch ready = new CountDownLatch(1);
      String[] line0 = new String[1];
      Thread reader = new Thread(() -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          String line;
          while ((line = r.readLine()) != null) {
            log.add(line);
            if (line.startsWith("swath server ready: gRPC ")) {
              line0[0] = line;
              ready.countDown();
            }
          }
        } catch (java.io.IOException ignored) {
          // the process ended
        }
        ready.countDown();
      }, "server-output");
      reader.setDaemon(true);
      reader.start();
      assertThat(ready.await(120, TimeUnit.SECONDS)).as("server started").isTrue();
      assertThat(line0[0]).as("server output:\n%s", String.join("\n", log)).isNotNull();
      target = line0[0].substring("swath server ready: gRPC ".length()).split(",")[0].trim();
      String health = line0[0].substring(line0[0].indexOf("HTTP ") + 5).trim();
      http = health.substring(0, health.length() - "/health".length());
    }

    int grpcPort() {
      return Integer.parseInt(target.substring(target.lastIndexOf(':') + 1));
    }

    int httpPort() {
      return URI.create(http).getPort();
    }

    /** Lines of the log that belong to a stack trace. */
    List<String> stackTraceLines() {
      synchronized (log) {
        return log.stream().filter(l -> l.startsWith("\tat ") || l.matches("^\\S+(Exception|Error)(: .*)?$")).toList();
      }
    }

    @Override
    public void close() throws Exception {
      process.destroy();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** Threads for blocking socket work (the common pool may have a single thread on a small machine). */
  static final java.util.concurrent.ExecutorService THREADS = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** One gauge of the server's /metrics. */
  static double gauge(ServerProcess s, String name) throws Exception {
    return gauges(s).get(name);
  }

  /** The unlabeled gauges of one scrape of the server's /metrics. */
  static Map<String, Double> gauges(ServerProcess s) throws Exception {
    HttpResponse<String> r = get(s.http + "/metrics");
    assertThat(r.statusCode()).isEqualTo(200);
    Map<String, Double> out = new java.util.HashMap<>();
    for (String line : r.body().split("\n")) {
      String[] f = line.split(" ");
      if (!line.startsWith("#") && f.length == 2 && !f[0].contains("{")) {
        out.put(f[0], Double.parseDouble(f[1]));
      }
    }
    return out;
  }

  /** Polls {@code condition} until it holds or {@code timeout} passes; returns the time it took. */
  static Duration await(String what, Duration timeout, java.util.concurrent.Callable<Boolean> condition) throws Exception {
    long t0 = System.nanoTime();
    long deadline = t0 + timeout.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
      }
      Thread.sleep(20);
    }
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  static long timed(String what, Supplier<Object> call) {
    return timed(what, NORMAL, call);
  }

  static long timed(String what, Duration bound, Supplier<Object> call) {
    long t0 = System.nanoTime();
    call.get();
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("  %-40s %5d ms%n", what, ms);
    assertThat(Duration.ofMillis(ms)).as(what).isLessThan(bound);
    return ms;
  }

  static String load(String target, String slug) {
    try (DatasetsClient c = DatasetsClient.connect(target)) {
      CollectionClient col = c.createDataset(DatasetSpec.builder(slug).field("v", FieldType.INT64).field("pad", FieldType.STRING).build())
          .createCollection("a");
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < ROWS; i++) {
        rows.add(Map.of("time", Instant.parse("2020-01-01T00:00:00Z").plusSeconds(i), "v", (long) i, "pad", "x".repeat(200)));
      }
      assertThat(col.ingest(rows).created()).isEqualTo(ROWS);
    }
    return slug;
  }

  /** A raw query stream with manual flow control: it receives only what it asks for. */
  static final class RawStream extends ClientCall.Listener<DatapointPage> {
    final ClientCall<QueryRequest, DatapointPage> call;
    final CompletableFuture<Status> closed = new CompletableFuture<>();
    final List<DatapointPage> pages = java.util.Collections.synchronizedList(new ArrayList<>());

    RawStream(ManagedChannel ch, String slug) {
      call = ch.newCall(DataAccessServiceGrpc.getQueryMethod(), CallOptions.DEFAULT);
      call.start(this, new Metadata());
      call.sendMessage(QueryRequest.newBuilder().setDatasetSlug(slug).setPageSize(1000).build());
      call.halfClose();
    }

    @Override
    public void onMessage(DatapointPage message) {
      pages.add(message);
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      closed.complete(status);
    }

    /** The ids received, in order. */
    List<java.util.UUID> ids() {
      List<java.util.UUID> out = new ArrayList<>();
      synchronized (pages) {
        for (DatapointPage p : pages) {
          java.nio.ByteBuffer b = p.getIds().asReadOnlyByteBuffer();
          while (b.remaining() >= 16) {
            out.add(new java.util.UUID(b.getLong(), b.getLong()));
          }
        }
      }
      return out;
    }
  }

  static ManagedChannel channel(String target) {
    // a small receive window: a stream that is not read stalls after ~64 KiB
    return NettyChannelBuilder.forTarget(target).usePlaintext().flowControlWindow(64 << 10).build();
  }

  @Test
  void othersAreServedWhileClientsHoldIdleConnectionsAndStopReading() throws Exception {
    try (ServerProcess s = new ServerProcess(dir.resolve("a"), "--query-send-timeout", "25s",
        // 100 streams take turns through 12 slots, each holding one ~0.5 s before it pauses: on a
        // slow machine the last would be answered busy after the default 10 s
        "--query-queue-timeout", "60s")) {
      String slug = load(s.target, "limits.idle");
      List<Socket> idle = new ArrayList<>();
      List<ManagedChannel> channels = new ArrayList<>();
      List<RawStream> streams = new ArrayList<>();
      try (DatasetsClient client = DatasetsClient.connect(s.target)) {
        long t0 = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
          for (int port : new int[] {s.grpcPort(), s.httpPort()}) {
            Socket so = new Socket();
            so.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            idle.add(so);
          }
        }
        System.out.printf("2,000 idle TCP connections opened in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        for (int c = 0; c < 4; c++) {
          channels.add(channel(s.target));
        }
        for (int i = 0; i < 100; i++) {
          streams.add(new RawStream(channels.get(i % channels.size()), slug));
        }
        Duration open = await("100 query streams open", Duration.ofSeconds(60), () -> gauge(s, "swath_query_streams_active") >= 100);
        // while they still take turns reading their first pages (the server busy with them, and
        // dropping a connection each time one pauses), calls that need no query slot answer
        System.out.println("latencies while the 100 streams take turns through the query slots:");
        CollectionClient early = client.dataset(slug).collection("a");
        Duration busy = Duration.ofSeconds(5);
        timed("metadata (collection info)", busy, () -> early.info());
        timed("GET /health", busy, () -> status(s.http + "/health", 200));
        timed("GET /metrics", busy, () -> status(s.http + "/metrics", 200));
        long q0 = System.nanoTime();
        early.query(Query.all().limit(10));
        System.out.printf("  %-40s %5d ms (queued behind the streams for a slot, first come first served)%n", "small query (limit 10)",
            (System.nanoTime() - q0) / 1_000_000);
        Duration released = await("the stalled streams release their database connections", Duration.ofSeconds(30),
            () -> gauge(s, "swath_query_slots_in_use") == 0);
        System.out.printf("100 non-reading streams open after %d ms; all released their connections %d ms later "
            + "(db connections active: %.0f of %.0f)%n", open.toMillis(), released.toMillis(), gauge(s, "swath_db_connections_active"),
            gauge(s, "swath_db_connections_max"));
        assertThat(gauge(s, "swath_query_streams_active")).as("streams still open; server log:\n%s", String.join("\n", s.log))
            .isEqualTo(100);

        System.out.println("latencies while they wait:");
        CollectionClient col = client.dataset(slug).collection("a");
        for (int round = 0; round < 3; round++) {
          timed("metadata (list datasets)", () -> client.listDatasets());
          timed("metadata (collection info)", () -> col.info());
          timed("small query (limit 10)", () -> {
            assertThat(col.query(Query.all().limit(10)).size()).isEqualTo(10);
            return null;
          });
          timed("GET /health", () -> status(s.http + "/health", 200));
          timed("GET /search?limit=10 (STAC)", () -> status(s.http + "/search?limit=10", 200));
          timed("GET /metrics", () -> status(s.http + "/metrics", 200));
        }

        System.out.printf("query streams still waiting for their clients: %.0f%n", gauge(s, "swath_query_streams_active"));

        // a stalled stream that reads again gets every datapoint, once, in order
        for (RawStream r : streams.subList(0, 3)) {
          r.call.request(Integer.MAX_VALUE);
        }
        for (RawStream r : streams.subList(0, 3)) {
          assertThat(r.closed.get(60, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
          List<java.util.UUID> ids = r.ids();
          assertThat(ids).hasSize(ROWS);
          for (int i = 1; i < ids.size(); i++) {
            assertThat(ids.get(i).compareTo(ids.get(i - 1))).as("ids ascending at %d", i).isPositive();
          }
        }

        // the others are closed after the send timeout, and say why when finally read
        Duration ended = await("the non-reading streams end", Duration.ofSeconds(60), () -> gauge(s, "swath_query_streams_active") == 0);
        System.out.printf("the 97 non-reading streams were ended %d ms later%n", ended.toMillis());
        RawStream late = streams.get(50);
        late.call.request(Integer.MAX_VALUE);
        Status st = late.closed.get(30, TimeUnit.SECONDS);
        assertThat(st.getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
        assertThat(st.getDescription()).contains("did not read for 25 s");
      } finally {
        for (Socket so : idle) {
          so.close();
        }
        for (ManagedChannel ch : channels) {
          ch.shutdownNow();
        }
      }
      assertThat(s.stackTraceLines()).as("stack traces in the server log").isEmpty();
    }
  }

  static Object status(String url, int expected) {
    try {
      HttpResponse<String> r = get(url);
      assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(expected);
      return r;
    } catch (Exception e) {
      throw new AssertionError(url, e);
    }
  }

  @Test
  void abandonedStreamsAreFreedAtOnceAndQuietly() throws Exception {
    try (ServerProcess s = new ServerProcess(dir.resolve("b"), "--max-query-streams", "4000")) {
      String slug = load(s.target, "limits.abandoned");
      List<ManagedChannel> channels = new ArrayList<>();
      for (int c = 0; c < 4; c++) {
        channels.add(NettyChannelBuilder.forTarget(s.target).usePlaintext().build());
      }
      try {
        List<RawStream> streams = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
          RawStream r = new RawStream(channels.get(i % channels.size()), slug);
          r.call.request(1);
          streams.add(r);
        }
        double peak = gauge(s, "swath_query_streams_active");
        for (RawStream r : streams) {
          r.call.cancel("abandoned", null);
        }
        long t0 = System.nanoTime();
        Duration freed = await("2,000 abandoned streams freed", Duration.ofSeconds(10), () -> {
          Map<String, Double> g = gauges(s);
          System.out.printf("  %5d ms: streams %.0f, slots in use %.0f, waiting %.0f%n", (System.nanoTime() - t0) / 1_000_000,
              g.get("swath_query_streams_active"), g.get("swath_query_slots_in_use"), g.get("swath_query_slots_waiting"));
          return g.get("swath_query_streams_active") == 0 && g.get("swath_query_slots_in_use") == 0 && g.get("swath_query_slots_waiting") == 0;
        });
        System.out.printf("2,000 streams opened (%.0f open on the server at the last look) and cancelled: all freed in %d ms%n",
            peak, freed.toMillis());
        // a second or two on an idle machine; the bound is generous for a busy one with 2 cores
        assertThat(freed).isLessThan(Duration.ofSeconds(5));
        // and the server answers at once
        try (DatasetsClient client = DatasetsClient.connect(s.target)) {
          timed("small query after the abandoned streams", () -> client.dataset(slug).collection("a").query(Query.all().limit(10)));
        }
        timed("GET /health", () -> status(s.http + "/health", 200));
        System.out.printf("db connections active after: %.0f%n", gauge(s, "swath_db_connections_active"));
        System.out.printf("server log: %d lines%n", s.log.size());
      } finally {
        for (ManagedChannel ch : channels) {
          ch.shutdownNow();
        }
      }
      assertThat(s.stackTraceLines()).as("stack traces in the server log").isEmpty();
    }
  }

  /** Sends {@code head} a byte every 200 ms (and nothing at all when empty); returns how long until the server closed the connection. */
  static Duration closedAfter(ServerProcess s, String head, Duration limit) throws Exception {
    try (Socket so = new Socket()) {
      so.connect(new InetSocketAddress("127.0.0.1", s.httpPort()), 10_000);
      long t0 = System.nanoTime();
      CompletableFuture<Long> closed = CompletableFuture.supplyAsync(() -> {
        try {
          while (so.getInputStream().read() >= 0) {
            // a server may answer an error first; the close is what counts
          }
        } catch (java.io.IOException reset) {
          // closed with a reset
        }
        return System.nanoTime();
      }, THREADS);
      OutputStream out = so.getOutputStream();
      byte[] bytes = head.getBytes(StandardCharsets.US_ASCII);
      long deadline = t0 + limit.toNanos();
      for (int i = 0; !closed.isDone() && System.nanoTime() < deadline; i++) {
        if (i < bytes.length) {
          try {
            out.write(bytes[i]);
            out.flush();
          } catch (java.io.IOException e) {
            break; // the server closed it
          }
        }
        Thread.sleep(200);
      }
      return Duration.ofNanos(closed.get(limit.toMillis(), TimeUnit.MILLISECONDS) - t0);
    }
  }

  @Test
  void slowHttpClientsAreDisconnected() throws Exception {
    try (ServerProcess s = new ServerProcess(dir.resolve("c"), "--http-read-timeout", "2s", "--http-idle-timeout", "3s")) {
      String slow = "GET /search?limit=1 HTTP/1.1\r\nHost: localhost\r\n" + "X-Slow: " + "a".repeat(500) + "\r\n\r\n";
      CompletableFuture<Duration> headers = CompletableFuture.supplyAsync(() -> {
        try {
          return closedAfter(s, slow, Duration.ofSeconds(30));
        } catch (Exception e) {
          throw new java.util.concurrent.CompletionException(e);
        }
      }, THREADS);
      CompletableFuture<Duration> silent = CompletableFuture.supplyAsync(() -> {
        try {
          return closedAfter(s, "", Duration.ofSeconds(30));
        } catch (Exception e) {
          throw new java.util.concurrent.CompletionException(e);
        }
      }, THREADS);
      String body = "POST /search HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"limit\": 1"
          + " ".repeat(300);
      Duration slowBody = closedAfter(s, body, Duration.ofSeconds(30));
      timed("GET /health while they trickle", () -> status(s.http + "/health", 200));
      System.out.printf("HTTP connections closed by the server (--http-read-timeout 2s): headers sent a byte every 200 ms after %d ms, "
          + "a body after %d ms, a connection that sends nothing after %d ms%n", headers.get().toMillis(), slowBody.toMillis(),
          silent.get().toMillis());
      assertThat(headers.get()).isLessThan(Duration.ofSeconds(10));
      assertThat(slowBody).isLessThan(Duration.ofSeconds(10));
      assertThat(silent.get()).isLessThan(Duration.ofSeconds(10));
      timed("GET /health after", () -> status(s.http + "/health", 200));
      assertThat(s.stackTraceLines()).as("stack traces in the server log").isEmpty();
    }
  }
}
