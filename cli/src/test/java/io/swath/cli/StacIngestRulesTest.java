package io.swath.cli;

import static io.swath.cli.StacTestServer.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swath.cli.StacTestServer.Response;
import io.swath.server.SwathServer;
import io.swath.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * STAC items that real catalogs hold and the shared test server has not: time ranges
 * ({@code start_datetime}/{@code end_datetime}), a property that is an integer in some files and
 * a fraction in later ones, a STAC collection id that another dataset took first. Each test
 * ingests its own items into a server of its own, through {@code swath ingest} where the command
 * says something.
 */
class StacIngestRulesTest {
  static SwathServer server;
  static String base;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  /** A few real NAIP items, ingested as STAC collection {@code naip}. */
  static List<JsonNode> naipItems;

  @BeforeAll
  static void start() throws Exception {
    server = TestServers.start("stac-rules");
    base = "http://127.0.0.1:" + server.httpPort();
    Path stac = DemoData.stacDir().orElseThrow(() -> new AssertionError("data/stac not found in the project (or set SWATH_STAC_DIR)"));
    List<JsonNode> all = StacIngest.read(List.of(stac.resolve("planetary-computer/naip.items.ndjson")));
    naipItems = all.subList(0, 5);
    Path file = TestServers.tempDir("swath-stac-rules").resolve("naip.items.ndjson");
    Files.write(file, naipItems.stream().map(JsonNode::toString).toList());
    try (io.swath.client.DatasetsClient client = io.swath.client.DatasetsClient.connect(server.target())) {
      StacIngest.ingest(client, "fixtures.naip", null, List.of(file), false);
    }
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  static Response get(String pathAndQuery) throws Exception {
    return send(HttpRequest.newBuilder(URI.create(pathAndQuery.startsWith("http") ? pathAndQuery : base + pathAndQuery)).GET().build());
  }

  static Response post(String path, Object body) throws Exception {
    String json = body instanceof String str ? str : StacTestServer.JSON.writeValueAsString(body);
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  private static Response send(HttpRequest req) throws Exception {
    HttpResponse<byte[]> r = HTTP.send(req, HttpResponse.BodyHandlers.ofByteArray());
    JsonNode body = r.body().length == 0 ? null : StacTestServer.JSON.readTree(r.body());
    return new Response(r.statusCode(), body, r.headers().firstValue("Content-Type").orElse(""));
  }

  /** Every item of a GET search, following next links. */
  static List<JsonNode> pageAllGet(String first) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    String next = first;
    for (int pages = 0; next != null; pages++) {
      assertThat(pages).isLessThan(1000);
      Response r = get(next);
      assertThat(r.status()).as(next + ": " + r.body()).isEqualTo(200);
      r.body().path("features").forEach(out::add);
      next = StacApiTest.rel(r.body(), "next");
    }
    return out;
  }

  /** Every item of a POST search (these searches fit on one page). */
  static List<JsonNode> pageAllPost(ObjectNode body) throws Exception {
    Response r = post("/search", body);
    assertThat(r.status()).as(r.body().toString()).isEqualTo(200);
    assertThat(StacApiTest.rel(r.body(), "next")).isNull();
    List<JsonNode> out = new ArrayList<>();
    r.body().path("features").forEach(out::add);
    return out;
  }

  @Test
  void datetimeMeetsTheStartAndEndDatetimeRangeOfAnItem() throws Exception {
    String geometry = "\"geometry\":{\"type\":\"Point\",\"coordinates\":[5,5]},\"bbox\":[5,5,5,5]";
    List<String> lines = List.of(
        "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"year\",\"collection\":\"tests-ranges\"," + geometry
            + ",\"properties\":{\"datetime\":null,\"start_datetime\":\"2020-01-01T00:00:00Z\",\"end_datetime\":\"2020-12-31T23:59:59Z\"},"
            + "\"links\":[],\"assets\":{}}",
        "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"june\",\"collection\":\"tests-ranges\"," + geometry
            + ",\"properties\":{\"datetime\":\"2020-06-15T00:00:00Z\",\"start_datetime\":\"2020-06-01T00:00:00Z\","
            + "\"end_datetime\":\"2020-06-30T00:00:00Z\"},\"links\":[],\"assets\":{}}",
        "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"instant\",\"collection\":\"tests-ranges\"," + geometry
            + ",\"properties\":{\"datetime\":\"2021-01-01T00:00:00Z\"},\"links\":[],\"assets\":{}}");
    Path file = io.swath.testing.TestServers.tempDir("swath-stac-ranges").resolve("ranges.items.ndjson");
    java.nio.file.Files.write(file, lines);
    try (io.swath.client.DatasetsClient client = io.swath.client.DatasetsClient.connect(server.target())) {
      StacIngest.ingest(client, "tests.stac.ranges", null, List.of(file), false);
    }
    String c = "/search?collections=tests-ranges&datetime=";
    assertThat(itemIds(pageAllGet(c + q("2020-03-01T00:00:00Z")))).containsExactly("year");
    assertThat(itemIds(pageAllGet(c + q("2020-06-20T00:00:00Z/2020-06-21T00:00:00Z")))).containsExactlyInAnyOrder("year", "june");
    assertThat(itemIds(pageAllGet(c + q("2020-06-15T00:00:00Z")))).containsExactlyInAnyOrder("year", "june");
    assertThat(itemIds(pageAllGet(c + q("2020-06-30T00:00:00Z/..")))).containsExactlyInAnyOrder("year", "june", "instant");
    assertThat(itemIds(pageAllGet(c + q("../2020-01-01T00:00:00Z")))).containsExactly("year");
    assertThat(itemIds(pageAllGet(c + q("2021-01-01T00:00:00Z")))).containsExactly("instant");
    assertThat(itemIds(pageAllGet(c + q("2019-01-01T00:00:00Z/2019-12-31T23:59:59Z")))).isEmpty();
    assertThat(itemIds(pageAllGet(c + q("2020-12-31T23:59:59.000001Z/2020-12-31T23:59:59.5Z")))).isEmpty();
    // with a place and a filter too, in any order
    assertThat(itemIds(pageAllGet(c + q("2020-03-01T00:00:00Z") + "&bbox=4,4,6,6&sortby=-id&filter=" + q("id LIKE 'y%'"))))
        .containsExactly("year");
    ObjectNode body = StacTestServer.JSON.createObjectNode();
    body.putArray("collections").add("tests-ranges");
    body.put("datetime", "2020-06-20T00:00:00Z/2020-06-21T00:00:00Z");
    assertThat(itemIds(pageAllPost(body))).containsExactlyInAnyOrder("year", "june");
    // the SDK's Query.time follows the same rule, its end excluded
    try (io.swath.client.DatasetsClient client = io.swath.client.DatasetsClient.connect(server.target())) {
      io.swath.client.CollectionClient col = client.dataset("tests.stac.ranges").collection("tests-ranges");
      assertThat(stacIds(col.query(io.swath.client.Query.time("2020-03-01T00:00:00Z", "2020-03-02T00:00:00Z"))))
          .containsExactly("year");
      assertThat(stacIds(col.query(io.swath.client.Query.time("2020-06-20T00:00:00Z", "2020-06-21T00:00:00Z"))))
          .containsExactlyInAnyOrder("year", "june");
      assertThat(stacIds(col.query(io.swath.client.Query.time("2019-01-01T00:00:00Z", "2020-01-01T00:00:00Z")))).isEmpty();
      assertThat(stacIds(col.query(io.swath.client.Query.time("2019-01-01T00:00:00Z", "2020-01-01T00:00:00.000001Z"))))
          .containsExactly("year");
      assertThat(stacIds(col.query(io.swath.client.Query.time("2020-06-30T00:00:00Z", "2021-06-01T00:00:00Z"))))
          .containsExactly("year", "june", "instant");
      // sharded into many time slices, each item still comes once, in time order
      assertThat(stacIds(col.query(io.swath.client.Query.time("2020-06-10T00:00:00Z", "2021-01-02T00:00:00Z").parallelism(7))))
          .containsExactly("year", "june", "instant");
      assertThat(stacIds(col.query(io.swath.client.Query.all().parallelism(5)))).containsExactly("year", "june", "instant");
      // with a place and a filter too
      assertThat(stacIds(col.query(io.swath.client.Query.time("2020-03-01T00:00:00Z", "2020-03-02T00:00:00Z").bbox(4, 4, 6, 6)
          .filter("stac_id LIKE 'y%'")))).containsExactly("year");
    }
    // and swath query -t
    StacImportTest.Run r = StacImportTest.swath("query", "tests.stac.ranges", "-t", "2020-06-20/2020-06-21", "--format", "ndjson",
        "--no-progress", "--url", server.target());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines().map(l -> {
      try {
        return StacTestServer.JSON.readTree(l).path("stac_id").asText();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }).toList()).containsExactlyInAnyOrder("year", "june");
  }

  static List<String> stacIds(io.swath.core.table.DatapointTable t) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      out.add(t.strings(io.swath.core.stac.StacSchemas.STAC_ID).get(i));
    }
    return out;
  }

  static List<String> itemIds(List<JsonNode> items) {
    return items.stream().map(i -> i.path("id").asText()).toList();
  }

  @Test
  void ingestSaysWhenACollectionIdIsTakenInsteadOfRenamingSilently() throws Exception {
    Path dir = io.swath.testing.TestServers.tempDir("swath-stac-taken");
    Path file = dir.resolve("one.items.ndjson");
    java.nio.file.Files.write(file, List.of(naipItems.get(0).toString()));
    StacImportTest.Run r = StacImportTest.swath("ingest", "tests.stac.taken", file.toString(), "--url", server.target());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("STAC collection id 'naip' is already used").contains("'tests.stac.taken.naip'");
    assertThat(get("/collections/tests.stac.taken.naip").status()).isEqualTo(200);
    // an id nobody has is kept, and nothing is said
    ObjectNode own = naipItems.get(0).deepCopy();
    own.put("collection", "tests-untaken");
    Path other = dir.resolve("own.items.ndjson");
    java.nio.file.Files.write(other, List.of(own.toString()));
    r = StacImportTest.swath("ingest", "tests.stac.untaken", other.toString(), "--url", server.target());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).doesNotContain("STAC collection id");
    assertThat(get("/collections/tests-untaken").status()).isEqualTo(200);
  }

  @Test
  void aLaterFractionWidensAnIntegerFieldAndKeepsWhatWasStored() throws Exception {
    String head = "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"collection\":\"tests-widen\","
        + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[5.5,5.5]},\"bbox\":[5.5,5.5,5.5,5.5],\"links\":[],\"assets\":{},";
    List<JsonNode> first = List.of(
        StacTestServer.JSON.readTree(head + "\"id\":\"three\",\"properties\":{\"datetime\":\"2020-01-01T00:00:00Z\",\"tests:n\":3,\"tests:v\":[1,2]}}"),
        StacTestServer.JSON.readTree(head + "\"id\":\"four\",\"properties\":{\"datetime\":\"2020-01-02T00:00:00Z\",\"tests:n\":4,\"tests:v\":[3]}}"));
    List<JsonNode> later = List.of(
        StacTestServer.JSON.readTree(head + "\"id\":\"quarter\",\"properties\":{\"datetime\":\"2020-01-03T00:00:00Z\",\"tests:n\":1.25,\"tests:v\":[0.5,7]}}"));
    Path dir = io.swath.testing.TestServers.tempDir("swath-stac-widen");
    Path a = dir.resolve("a.items.ndjson");
    Path b = dir.resolve("b.items.ndjson");
    java.nio.file.Files.write(a, first.stream().map(JsonNode::toString).toList());
    java.nio.file.Files.write(b, later.stream().map(JsonNode::toString).toList());
    StacImportTest.Run r = StacImportTest.swath("ingest", "tests.stac.widen", a.toString(), "--url", server.target());
    assertThat(r.exit()).as(r.err()).isZero();
    r = StacImportTest.swath("ingest", "tests.stac.widen", b.toString(), "--url", server.target());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("field 'tests:n'").contains("widens from int64 to float64");
    try (io.swath.client.DatasetsClient client = io.swath.client.DatasetsClient.connect(server.target())) {
      var schema = client.dataset("tests.stac.widen").info().schema();
      assertThat(schema.find("tests:n").orElseThrow().type()).isEqualTo(io.swath.core.schema.FieldType.FLOAT64);
      assertThat(schema.find("tests:v").orElseThrow().type()).isEqualTo(io.swath.core.schema.FieldType.FLOAT64);
    }
    // every item reads back as it went in: stored integers stay integers
    List<JsonNode> all = new ArrayList<>(first);
    all.addAll(later);
    for (JsonNode original : all) {
      Response got = get("/collections/tests-widen/items/" + original.path("id").asText());
      assertThat(got.status()).isEqualTo(200);
      ObjectNode expected = StacApiTest.withoutLinks(original);
      ObjectNode back = StacApiTest.withoutLinks(got.body());
      back.remove("collection");
      expected.remove("collection");
      assertThat(StacApiTest.sameJson(expected, back)).as(back.toString()).isTrue();
    }
    // and every value is searchable as a number
    assertThat(itemIds(pageAllGet("/search?collections=tests-widen&filter=" + q("\"tests:n\" > 2")))).containsExactlyInAnyOrder("three", "four");
    assertThat(itemIds(pageAllGet("/search?collections=tests-widen&filter=" + q("\"tests:n\" < 2")))).containsExactly("quarter");
    assertThat(itemIds(pageAllGet("/search?collections=tests-widen&sortby=" + q("-tests:n")))).containsExactly("four", "three", "quarter");
  }

  @Test
  void laterItemsWithValuesOfAnotherTypeAreStoredAsTheyCame() throws Exception {
    String head = "{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"collection\":\"tests-types\","
        + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[6.5,6.5]},\"bbox\":[6.5,6.5,6.5,6.5],\"links\":[],\"assets\":{},";
    List<JsonNode> first = List.of(
        StacTestServer.JSON.readTree(head + "\"id\":\"a\",\"properties\":{\"datetime\":\"2020-01-01T00:00:00Z\",\"tests:k\":5,"
            + "\"tests:s\":\"abc\",\"tests:t\":\"2020-01-01T00:00:00Z\",\"tests:b\":true,\"tests:l\":[\"x\"]}}"));
    List<JsonNode> later = List.of(
        StacTestServer.JSON.readTree(head + "\"id\":\"b\",\"properties\":{\"datetime\":\"2020-01-02T00:00:00Z\",\"tests:k\":\"five\","
            + "\"tests:s\":7,\"tests:t\":\"2020-01-01T00:00:00.123456+01:00\",\"tests:b\":\"yes\",\"tests:l\":[1,{\"y\":2}]}}"),
        StacTestServer.JSON.readTree(head + "\"id\":\"c\",\"properties\":{\"datetime\":\"2020-01-03T00:00:00Z\",\"tests:k\":6,"
            + "\"tests:s\":\"abd\",\"tests:t\":\"yesterday\",\"tests:b\":false,\"tests:l\":\"x\"}}"));
    Path dir = io.swath.testing.TestServers.tempDir("swath-stac-types");
    Path a = dir.resolve("a.items.ndjson");
    Path b = dir.resolve("b.items.ndjson");
    java.nio.file.Files.write(a, first.stream().map(JsonNode::toString).toList());
    java.nio.file.Files.write(b, later.stream().map(JsonNode::toString).toList());
    StacImportTest.Run r = StacImportTest.swath("ingest", "tests.stac.types", a.toString(), "--url", server.target());
    assertThat(r.exit()).as(r.err()).isZero();
    r = StacImportTest.swath("ingest", "tests.stac.types", b.toString(), "--url", server.target());
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.err()).contains("'tests:k'").contains("'tests:s'");
    List<JsonNode> all = new ArrayList<>(first);
    all.addAll(later);
    for (JsonNode original : all) {
      Response got = get("/collections/tests-types/items/" + original.path("id").asText());
      assertThat(got.status()).isEqualTo(200);
      ObjectNode expected = StacApiTest.withoutLinks(original);
      ObjectNode back = StacApiTest.withoutLinks(got.body());
      back.remove("collection");
      expected.remove("collection");
      assertThat(StacApiTest.sameJson(expected, back)).as(back.toString()).isTrue();
    }
    // values of the field's type are searched as before; the others are null to a filter
    assertThat(itemIds(pageAllGet("/search?collections=tests-types&filter=" + q("\"tests:k\" >= 5")))).containsExactly("a", "c");
    assertThat(itemIds(pageAllGet("/search?collections=tests-types&filter=" + q("\"tests:s\" LIKE 'ab%'")))).containsExactly("a", "c");
    assertThat(itemIds(pageAllGet("/search?collections=tests-types&filter=" + q("\"tests:b\" = false")))).containsExactly("c");
  }

  @Test
  void collectionDocumentsAreIngestedAndServedWithExtentsFromTheData() throws Exception {
    Path stac = DemoData.stacDir().orElseThrow();
    Path docFile = stac.resolve("earth-search/sentinel-2-c1-l2a.collection.json");
    Path itemsFile = stac.resolve("earth-search/sentinel-2-c1-l2a.items.ndjson");
    JsonNode doc = StacTestServer.JSON.readTree(docFile.toFile());
    List<JsonNode> items = StacIngest.read(List.of(itemsFile));
    StacImportTest.Run r = StacImportTest.swath("ingest", "tests.stac.s2c1", docFile.toString(), itemsFile.toString(),
        "--url", server.target());
    assertThat(r.exit()).as(r.err()).isZero();

    Response got = get("/collections/sentinel-2-c1-l2a");
    assertThat(got.status()).isEqualTo(200);
    // every member as the document has it, apart from links and extent
    ObjectNode expected = StacApiTest.withoutLinks(doc);
    ObjectNode served = StacApiTest.withoutLinks(got.body());
    expected.remove("extent");
    served.remove("extent");
    for (String own : List.of("swath:dataset", "swath:collection", "swath:count")) {
      served.remove(own);
    }
    assertThat(StacApiTest.sameJson(expected, served)).as("served %s%ngiven %s", served, expected).isTrue();
    assertThat(got.body().path("swath:count").asLong()).isEqualTo(items.size());
    // the extent comes from the items, not from the document (which says the whole globe)
    double w = 180;
    double so = 90;
    double e = -180;
    double n = -90;
    for (JsonNode it : items) {
      JsonNode b = it.path("bbox");
      w = Math.min(w, b.get(0).asDouble());
      so = Math.min(so, b.get(1).asDouble());
      e = Math.max(e, b.get(2).asDouble());
      n = Math.max(n, b.get(3).asDouble());
    }
    JsonNode box = got.body().path("extent").path("spatial").path("bbox").get(0);
    assertThat(box.get(0).asDouble()).isCloseTo(w, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(box.get(1).asDouble()).isCloseTo(so, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(box.get(2).asDouble()).isCloseTo(e, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(box.get(3).asDouble()).isCloseTo(n, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(e - w).isLessThan(360);
    assertThat(StacApiTest.rel(got.body(), "self")).endsWith("/collections/sentinel-2-c1-l2a");
    // the list of collections serves the same document
    JsonNode listed = null;
    for (JsonNode c : get("/collections").body().path("collections")) {
      if (c.path("id").asText().equals("sentinel-2-c1-l2a")) {
        listed = c;
      }
    }
    assertThat(listed).isNotNull();
    assertThat(StacApiTest.sameJson(listed, got.body())).isTrue();

    // a document given again replaces the stored one; a document alone needs the dataset to exist
    Path dir = TestServers.tempDir("swath-stac-collections");
    ObjectNode retitled = doc.deepCopy();
    retitled.put("title", "Sentinel-2, retitled");
    retitled.remove("providers");
    Path again = dir.resolve("s2.collection.json");
    Files.writeString(again, retitled.toPrettyString());
    r = StacImportTest.swath("ingest", "tests.stac.s2c1", again.toString(), "--url", server.target());
    assertThat(r.exit()).as(r.err()).isZero();
    JsonNode now = get("/collections/sentinel-2-c1-l2a").body();
    assertThat(now.path("title").asText()).isEqualTo("Sentinel-2, retitled");
    assertThat(now.has("providers")).isFalse();
    assertThat(now.path("swath:count").asLong()).isEqualTo(items.size());
    r = StacImportTest.swath("ingest", "tests.stac.nowhere", again.toString(), "--url", server.target());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("tests.stac.nowhere");

    // what is not a STAC Collection is refused, saying why
    Path feature = dir.resolve("bad.collection.json");
    Files.writeString(feature, naipItems.get(0).toString());
    r = StacImportTest.swath("ingest", "tests.stac.s2c1", feature.toString(), itemsFile.toString(), "--url", server.target());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("bad.collection.json").contains("not a STAC Collection");
    Path broken = dir.resolve("broken.collection.json");
    Files.writeString(broken, "{\"type\": \"Collection\", ");
    r = StacImportTest.swath("ingest", "tests.stac.s2c1", broken.toString(), "--url", server.target());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("broken.collection.json").contains("not valid JSON");
    // and over gRPC, a document the SDK sends that is no Collection is an invalid argument
    try (io.swath.client.DatasetsClient client = io.swath.client.DatasetsClient.connect(server.target())) {
      var ds = client.dataset("tests.stac.s2c1");
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> ds.createCollection("other", "[1, 2]"))
          .isInstanceOf(io.swath.core.error.InvalidArgumentException.class).hasMessageContaining("\"type\": \"Collection\"");
    }
  }
}
