package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.client.CollectionClient;
import io.swath.client.DatasetSpec;
import io.swath.client.DatasetsClient;
import io.swath.client.Query;
import io.swath.core.retry.RetryPolicy;
import io.swath.core.error.SwathException;
import io.swath.core.error.UnavailableException;
import io.swath.core.schema.FieldType;
import io.swath.core.table.DatapointTable;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as users run it: its own process, real signals, restarts on the same data directory. */
class ServerProcessTest {
  @TempDir
  Path dir;

  static List<Map<String, Object>> rows(int from, int n) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      out.add(Map.of("time", Instant.parse("2020-01-01T00:00:00Z").plusSeconds(i), "v", (long) i));
    }
    return out;
  }

  @Test
  void restartsKeepDataAfterSigtermAndKill9() throws Exception {
    Process p = BenchCommand.startServer(dir);
    String target = BenchCommand.awaitReady(p);
    try (DatasetsClient c = DatasetsClient.connect(target)) {
      var col = c.createDataset(DatasetSpec.builder("proc.test.data").field("v", FieldType.INT64).build()).createCollection("a");
      assertThat(col.ingest(rows(0, 5000)).created()).isEqualTo(5000);
    }
    // the health endpoint answers while running
    assertThat(Files.readString(dir.resolve("server.target")).trim()).isEqualTo(target);

    // SIGTERM: clean shutdown, exit code 0 (143 from the JVM is also a clean signal exit)
    p.destroy();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isIn(0, 143);

    p = BenchCommand.startServer(dir);
    target = BenchCommand.awaitReady(p);
    try (DatasetsClient c = DatasetsClient.connect(target)) {
      var col = c.dataset("proc.test.data").collection("a");
      assertThat(col.info().count()).isEqualTo(5000);
      // acknowledged writes right before a kill -9 must survive it
      assertThat(col.ingest(rows(5000, 3000)).created()).isEqualTo(3000);
    }
    p.destroyForcibly();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    // the embedded PostgreSQL of the killed server is still running; the restart must handle it
    p = BenchCommand.startServer(dir);
    target = BenchCommand.awaitReady(p);
    try (DatasetsClient c = DatasetsClient.connect(target)) {
      var col = c.dataset("proc.test.data").collection("a");
      assertThat(col.info().count()).isEqualTo(8000);
      assertThat(col.query(Query.all()).size()).isEqualTo(8000);
      // a second server on the same data directory is refused
      Process second = BenchCommand.startServer(dir);
      assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(new String(second.getInputStream().readAllBytes())).contains("another swath server is using the data directory");
      assertThat(second.exitValue()).isNotZero();
    } finally {
      p.destroy();
      p.waitFor(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void healthEndpoint() throws Exception {
    Process p = BenchCommand.startServer(dir);
    try {
      BenchCommand.awaitReady(p);
      // the ready line names the HTTP port; read it from the process's target file's sibling: ask the OS
      HttpClient http = HttpClient.newHttpClient();
      String url = BenchCommand.lastHealthUrl;
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"status\":\"ok\"").contains("\"database\":{\"state\":\"up\"").contains("\"restarts\":0");
    } finally {
      p.destroy();
      p.waitFor(60, TimeUnit.SECONDS);
    }
  }

  /** A failed ingest: which batch, how long the call took, what it threw. */
  private record Failure(int batch, long millis, SwathException error) {}

  /** Ingests batches of {@code rows} datapoints one after the other on a thread of its own, noting which were acknowledged. */
  private static final class BatchLoop {
    final List<Failure> failures = new CopyOnWriteArrayList<>();
    final AtomicBoolean stop = new AtomicBoolean();
    final Thread thread;

    BatchLoop(CollectionClient col, int rows, AtomicInteger next, Set<Integer> acked) {
      thread = Thread.ofPlatform().name("ingester").start(() -> {
        while (!stop.get()) {
          int b = next.getAndIncrement();
          long t0 = System.nanoTime();
          try {
            col.ingest(rows(b * rows, rows));
            acked.add(b);
          } catch (SwathException e) {
            failures.add(new Failure(b, (System.nanoTime() - t0) / 1_000_000, e));
          }
        }
      });
    }

    void stop() throws InterruptedException {
      stop.set(true);
      thread.join(TimeUnit.SECONDS.toMillis(60));
      assertThat(thread.isAlive()).as("ingester stopped").isFalse();
    }
  }

  /**
   * kill -9 of the embedded PostgreSQL's postmaster while a client ingests: calls during the
   * outage fail at once with UNAVAILABLE, the server restarts PostgreSQL by itself, and afterwards
   * every acknowledged batch is there and no batch is there in part. Then kill -9 of the server
   * and its PostgreSQL together while it ingests: after a restart of the server, the same holds.
   * Random: the moments of the kills (rerun one with {@code -Dswath.test.seed=N}).
   */
  @Test
  void killedPostgresIsRestartedByTheServerAndKeepsEveryAcknowledgedBatch() throws Exception {
    long seed = Long.getLong("swath.test.seed", System.nanoTime());
    System.out.println("killedPostgres...: seed " + seed + " (rerun with -Dswath.test.seed=" + seed + ")");
    Random random = new Random(seed);
    int batchRows = 500;
    Set<Integer> acked = ConcurrentHashMap.newKeySet();
    AtomicInteger next = new AtomicInteger();
    Process p = BenchCommand.startServer(dir);
    String target = BenchCommand.awaitReady(p);
    String health = BenchCommand.lastHealthUrl;
    HttpClient http = HttpClient.newHttpClient();
    try {
      try (DatasetsClient c = DatasetsClient.builder().target(target).retry(RetryPolicy.none()).build().blocking()) {
        var col = c.createDataset(DatasetSpec.builder("proc.test.pgkill").field("v", FieldType.INT64).build()).createCollection("a");
        BatchLoop loop = new BatchLoop(col, batchRows, next, acked);
        try {
          int before = 3 + random.nextInt(20);
          awaitTrue(() -> acked.size() >= before, 60, "batches acknowledged before the kill");
          long pid = postmasterPid();
          ProcessHandle postmaster = ProcessHandle.of(pid).orElseThrow();
          assertThat(postmaster.info().command().orElse("postgres")).contains("postgres");
          long killed = System.nanoTime();
          assertThat(postmaster.destroyForcibly()).isTrue(); // SIGKILL

          // /health says what is going on while it is down, and 200 again once PostgreSQL is back
          List<String> downBodies = new ArrayList<>();
          awaitTrue(() -> {
            HttpResponse<String> r = get(http, health);
            if (r.statusCode() == 503) {
              downBodies.add(r.body());
            }
            return r.statusCode() == 200 && r.body().contains("\"restarts\":1");
          }, 60, "/health answering 200 after the restart");
          long recoveredMs = (System.nanoTime() - killed) / 1_000_000;
          int ackedAtRecovery = acked.size();
          awaitTrue(() -> acked.size() >= ackedAtRecovery + 3, 60, "batches acknowledged after the restart");
          loop.stop();

          long slowest = loop.failures.stream().mapToLong(Failure::millis).max().orElse(0);
          System.out.printf("killedPostgres...: back after %d ms; %d calls failed meanwhile, the slowest in %d ms; %d batches acknowledged%n",
              recoveredMs, loop.failures.size(), slowest, acked.size());
          assertThat(loop.failures).as("calls during the outage fail").isNotEmpty();
          assertThat(loop.failures).allSatisfy(f -> {
            assertThat(f.error()).isInstanceOf(UnavailableException.class);
            assertThat(f.error().isRetryable()).isTrue();
            assertThat(f.millis()).as("a call during the outage fails fast: %s", f.error().getMessage()).isLessThan(1000);
          });
          assertThat(loop.failures).anySatisfy(f -> assertThat(f.error().getMessage()).contains("database is down and being restarted"));
          assertThat(downBodies).allSatisfy(b -> assertThat(b).contains("\"status\":\"unavailable\"").containsPattern(
              "\"state\":\"(restarting|reconnecting)\""));
          assertThat(recoveredMs).isLessThan(60_000);
          assertThat(postmasterPid()).isNotEqualTo(pid);
          String metrics = get(http, health.replaceFirst("/health$", "/metrics")).body();
          assertThat(metrics).contains("\nswath_db_up 1\n").contains("\nswath_db_restarts 1\n").contains("\nswath_db_state{state=\"up\"} 1\n");
        } finally {
          loop.stop();
        }
        assertBatches(col, batchRows, acked);

        // kill -9 of the server and its (restarted) PostgreSQL at once, while it ingests
        loop = new BatchLoop(col, batchRows, next, acked);
        try {
          int before = acked.size() + 1 + random.nextInt(10);
          awaitTrue(() -> acked.size() >= before, 60, "batches acknowledged before killing both");
          ProcessHandle postmaster = ProcessHandle.of(postmasterPid()).orElseThrow();
          p.destroyForcibly();
          postmaster.destroyForcibly();
          assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } finally {
          loop.stop();
        }
      }
      p = BenchCommand.startServer(dir);
      target = BenchCommand.awaitReady(p);
      try (DatasetsClient c = DatasetsClient.connect(target)) {
        assertBatches(c.dataset("proc.test.pgkill").collection("a"), batchRows, acked);
      }
    } finally {
      p.destroy();
      p.waitFor(60, TimeUnit.SECONDS);
    }
  }

  private long postmasterPid() throws java.io.IOException {
    return Long.parseLong(Files.readAllLines(dir.resolve("postgres").resolve("postmaster.pid")).get(0).trim());
  }

  /** Every acknowledged batch is stored in full; a failed one is stored in full or not at all. */
  private static void assertBatches(CollectionClient col, int batchRows, Set<Integer> acked) {
    DatapointTable t = col.query(Query.all());
    Map<Integer, Integer> perBatch = new TreeMap<>();
    Instant t0 = Instant.parse("2020-01-01T00:00:00Z");
    for (int i = 0; i < t.size(); i++) {
      perBatch.merge((int) ((t.time(i).getEpochSecond() - t0.getEpochSecond()) / batchRows), 1, Integer::sum);
    }
    for (int b : acked) {
      assertThat(perBatch.get(b)).as("acknowledged batch %d", b).isEqualTo(batchRows);
    }
    assertThat(perBatch.values()).as("rows per stored batch").allSatisfy(n -> assertThat(n).isEqualTo(batchRows));
    assertThat(col.info().count()).isEqualTo(t.size());
  }

  private static HttpResponse<String> get(HttpClient http, String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(java.time.Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException("GET " + url + ": " + e, e);
    }
  }

  /** Polls {@code condition} until it holds; fails naming {@code what} after {@code seconds}. */
  private static void awaitTrue(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
      }
      Thread.sleep(10);
    }
  }
}
