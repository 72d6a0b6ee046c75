package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swath.client.DatasetSpec;
import io.swath.client.DatasetsClient;
import io.swath.core.geo.Geometries;
import io.swath.core.schema.FieldType;
import io.swath.server.SwathServer;
import io.swath.testing.TestServers;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code numberMatched} of a filtered search costs a count, which a server with no count budget
 * never makes: then it comes only from what is known anyway (collection counts, a first page that
 * holds every match, a sort that reads every match). A server with a budget counts on the first
 * page and carries that count to the later pages in the paging token.
 */
class StacCountBudgetTest {
  static SwathServer server;
  static String base;
  static String collection;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    server = SwathServer.builder().dataDir(TestServers.tempDir("swath-stac-budget")).port(0).httpPort(0)
        .stacCountBudget(Duration.ZERO).build().start();
    base = "http://127.0.0.1:" + server.httpPort();
    try (DatasetsClient client = DatasetsClient.connect(server.target())) {
      var c = client.createDataset(DatasetSpec.builder("tests.budget.scenes").spatioTemporal()
          .field("cloud_cover", FieldType.FLOAT64).build()).createCollection("S");
      c.ingest(scenes(0, 40));
      collection = c.info().stacId();
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static List<Map<String, Object>> scenes(int from, int to) {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = from; i < to; i++) {
      rows.add(Map.of("time", Instant.parse("2021-03-01T00:00:00Z").plusSeconds(3600L * i), "cloud_cover", i * 2.5,
          "geometry", Geometries.fromWkt("POLYGON ((" + i + " 10, " + (i + 1) + " 10, " + (i + 1) + " 11, " + i + " 11, " + i + " 10))")));
    }
    return rows;
  }

  static JsonNode get(String pathAndQuery) throws Exception {
    return get(base, pathAndQuery);
  }

  static JsonNode get(String base, String pathAndQuery) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return new ObjectMapper().readTree(r.body());
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void withoutABudgetOnlyWhatIsKnownAnywayIsReported() throws Exception {
    String items = "/collections/" + collection + "/items";
    // a filtered search over several pages would need a count: left out
    assertThat(get(items + "?limit=5&bbox=0,0,20,20").has("numberMatched")).isFalse();
    assertThat(get(items + "?limit=5&filter=" + q("cloud_cover < 50")).has("numberMatched")).isFalse();
    // the collection's count, a first page that holds every match, a sort that reads every match
    assertThat(get(items + "?limit=5").path("numberMatched").asLong()).isEqualTo(40);
    assertThat(get(items + "?limit=100&bbox=0,0,20,20").path("numberMatched").asLong()).isEqualTo(21);
    assertThat(get(items + "?limit=5&bbox=0,0,20,20&sortby=-cloud_cover").path("numberMatched").asLong()).isEqualTo(21);
  }

  @Test
  void theFirstPageCountsAndTheLaterPagesRepeatItsCount() throws Exception {
    try (SwathServer counting = SwathServer.builder().dataDir(TestServers.tempDir("swath-stac-count")).port(0).httpPort(0).build().start();
         DatasetsClient client = DatasetsClient.connect(counting.target())) {
      String http = "http://127.0.0.1:" + counting.httpPort();
      var c = client.createDataset(DatasetSpec.builder("tests.budget.counted").spatioTemporal()
          .field("cloud_cover", FieldType.FLOAT64).build()).createCollection("S");
      c.ingest(scenes(0, 40));
      String items = "/collections/" + c.info().stacId() + "/items";
      String search = items + "?limit=5&filter=" + q("cloud_cover < 50"); // i < 20
      JsonNode first = get(http, search);
      assertThat(first.path("numberMatched").asLong()).isEqualTo(20);
      // matches added while paging: the later pages of the search repeat the first page's count,
      // a new search counts them
      c.ingest(scenes(40, 43).stream().map(r -> {
        Map<String, Object> m = new java.util.HashMap<>(r);
        m.put("cloud_cover", 1.0);
        return m;
      }).toList());
      JsonNode second = get(http, search + "&token=" + q(token(first)));
      assertThat(second.path("numberMatched").asLong()).isEqualTo(20);
      assertThat(get(http, search).path("numberMatched").asLong()).isEqualTo(23);
    }
  }

  /** The token of a page's next link. */
  static String token(JsonNode page) {
    for (JsonNode l : page.path("links")) {
      if (l.path("rel").asText().equals("next")) {
        String href = l.path("href").asText();
        String t = href.substring(href.indexOf("token=") + "token=".length());
        int amp = t.indexOf('&');
        return java.net.URLDecoder.decode(amp < 0 ? t : t.substring(0, amp), StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no next link in " + page);
  }
}
