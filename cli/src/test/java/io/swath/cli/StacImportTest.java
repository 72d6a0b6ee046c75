package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import io.swath.client.DatasetsClient;
import io.swath.server.SwathServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code swath ingest --from-stac} copies a search of a STAC API (here the test server's own STAC API,
 * behind a proxy that can fail) into another server: concurrently, resumably, and so exactly that
 * the copy serves the same items.
 */
class StacImportTest {
  static StacTestServer source;
  static SwathServer target;
  static Path targetDir;
  static HttpServer proxy;
  static String proxyUrl;
  /** Searches whose datetime starts at or after this fail with 400 while set. */
  static volatile Instant failFrom;
  static List<JsonNode> landsat;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() throws Exception {
    source = StacTestServer.get();
    for (var e : source.items.entrySet()) {
      if (e.getKey().endsWith(Path.of("planetary-computer", "landsat-8-c2-l2.items.ndjson"))) {
        landsat = e.getValue();
      }
    }
    targetDir = Files.createTempDirectory("swath-import-target");
    target = SwathServer.builder().dataDir(targetDir).port(0).httpPort(0).build().start();
    HttpClient http = HttpClient.newHttpClient();
    proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    proxy.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    proxyUrl = "http://127.0.0.1:" + proxy.getAddress().getPort();
    proxy.createContext("/", ex -> {
      try (ex) {
        byte[] body = ex.getRequestBody().readAllBytes();
        String datetime = datetimeOf(ex.getRequestURI().getRawQuery(), body);
        if (failFrom != null && datetime != null && !datetime.startsWith("..")
            && !Instant.parse(datetime.split("/")[0]).isBefore(failFrom)) {
          byte[] err = "{\"code\":\"Broken\",\"description\":\"injected failure\"}".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(400, err.length);
          ex.getResponseBody().write(err);
          return;
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(source.base + ex.getRequestURI()))
            .header("X-Forwarded-Host", "127.0.0.1:" + proxy.getAddress().getPort());
        if (ex.getRequestMethod().equals("POST")) {
          b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        }
        HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        ex.getResponseHeaders().set("Content-Type", r.headers().firstValue("Content-Type").orElse("application/json"));
        ex.sendResponseHeaders(r.statusCode(), r.body().length);
        ex.getResponseBody().write(r.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    proxy.start();
  }

  private static String datetimeOf(String query, byte[] body) throws java.io.IOException {
    if (body.length > 0) {
      JsonNode b = StacTestServer.JSON.readTree(body);
      return b.path("datetime").isTextual() ? b.path("datetime").asText() : null;
    }
    if (query != null) {
      for (String kv : query.split("&")) {
        if (kv.startsWith("datetime=")) {
          return URLDecoder.decode(kv.substring(9), StandardCharsets.UTF_8);
        }
      }
    }
    return null;
  }

  @AfterAll
  static void stop() {
    proxy.stop(0);
    target.close();
    BenchCommand.deleteTree(targetDir);
  }

  record Run(int exit, String out, String err) {}

  static Run swath(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int code = Main.run(args);
      return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void copiesASearchExactlyAndResumesAfterAFailure() throws Exception {
    Path state = tmp.resolve("import.json");
    String[] args = {"ingest", "imports.copy.landsat", "--url", target.target(), "--from-stac", proxyUrl + "/", "--collections",
        "landsat-8-c2-l2", "--shards", "4", "--concurrency", "1", "--page-size", "100", "--state", state.toString(), "--no-progress"};
    // the shards after 2019-06 fail: the first run stops with the earlier shards done
    failFrom = Instant.parse("2019-06-01T00:00:00Z");
    Run first = swath(args);
    assertThat(first.exit()).as(first.err()).isNotZero();
    assertThat(first.err()).contains("injected failure");
    JsonNode st = StacTestServer.JSON.readTree(state.toFile());
    List<Boolean> done = new ArrayList<>();
    st.path("shards").forEach(s -> done.add(s.path("done").asBoolean()));
    assertThat(done).hasSize(4).contains(true, false);
    // run again: the finished shards are skipped, the rest copied
    failFrom = null;
    Run second = swath(args);
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.out()).contains("done before");
    assertThat(state).doesNotExist();
    try (DatasetsClient c = DatasetsClient.connect(target.target())) {
      assertThat(c.dataset("imports.copy.landsat").collection("landsat-8-c2-l2").info().count()).isEqualTo(750);
    }
    // the copy serves the very same items
    String base = "http://127.0.0.1:" + target.httpPort();
    HttpClient http = HttpClient.newHttpClient();
    for (JsonNode original : landsat.subList(0, 60)) {
      HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + "/collections/landsat-8-c2-l2/items/"
          + original.path("id").asText())).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(r.statusCode()).isEqualTo(200);
      ObjectNode back = (ObjectNode) StacTestServer.JSON.readTree(r.body());
      assertThat(StacFixturesTest.sameJson(StacApiTest.withoutLinks(original), StacApiTest.withoutLinks(back))).isTrue();
    }
    // the source's collection document comes along, apart from its links; the extent is the copy's own
    JsonNode given = source.get("/collections/landsat-8-c2-l2").body();
    HttpResponse<byte[]> col = http.send(HttpRequest.newBuilder(URI.create(base + "/collections/landsat-8-c2-l2")).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertThat(col.statusCode()).isEqualTo(200);
    JsonNode copied = StacTestServer.JSON.readTree(col.body());
    assertThat(copied.path("keywords")).isEqualTo(given.path("keywords")); // the source dataset's slug, not the copy's
    assertThat(copied.path("description")).isEqualTo(given.path("description"));
    assertThat(copied.path("title")).isEqualTo(given.path("title"));
    assertThat(copied.path("swath:dataset").asText()).isEqualTo("imports.copy.landsat");
    assertThat(StacApiTest.rel(copied, "self")).startsWith(base);
    // once more: nothing new
    Run third = swath(args);
    assertThat(third.out()).contains("imported 750 items", "0 created, 750 already there");
  }

  @Test
  void copiesOnlyWhatTheSearchSelects() throws Exception {
    Run r = swath("ingest", "imports.copy.clear", "--url", target.target(), "--from-stac", source.base, "--collections", "landsat-8-c2-l2",
        "--time", "2016-01-01/2018-01-01", "--filter", "eo:cloud_cover < 20", "--collection", "clear", "--state",
        tmp.resolve("s.json").toString());
    assertThat(r.exit()).as(r.err()).isZero();
    long expected = landsat.stream().filter(i -> i.path("properties").path("datetime").asText().compareTo("2018") < 0
        && i.path("properties").path("eo:cloud_cover").asDouble(100) < 20).count();
    assertThat(r.out()).contains("imported " + expected + " items");
    try (DatasetsClient c = DatasetsClient.connect(target.target())) {
      assertThat(c.dataset("imports.copy.clear").collection("clear").info().count()).isEqualTo(expected);
    }
    Run limited = swath("ingest", "imports.copy.some", "--url", target.target(), "--from-stac", source.base, "--collections", "naip",
        "--limit", "25", "--page-size", "10", "--state", tmp.resolve("l.json").toString());
    assertThat(limited.out()).as(limited.err()).contains("imported 25 items");
    Run bad = swath("ingest", "imports.copy.bad", "--url", target.target(), "--from-stac", source.base, "--time", "never");
    assertThat(bad.exit()).isEqualTo(Main.USAGE);
    Run both = swath("ingest", "imports.copy.bad", "some.ndjson", "--from-stac", source.base);
    assertThat(both.exit()).isEqualTo(Main.USAGE);
  }
}
