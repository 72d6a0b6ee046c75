package io.swath.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swath.client.DatasetSpec;
import io.swath.client.DatasetsClient;
import io.swath.core.geo.Geometries;
import io.swath.core.schema.FieldType;
import io.swath.server.SwathServer;
import io.swath.testing.TestServers;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One server for the STAC API tests of this module, started once per test JVM: the real STAC items
 * in data/stac (one dataset per file) and two small datasets that did not come from STAC (one
 * with footprints, one without).
 */
final class StacTestServer {
  static final ObjectMapper JSON = new ObjectMapper();
  /** A spatio-temporal dataset not made from STAC items. */
  static final String GENERIC = "tests.generic.scenes";
  /** A spatio-temporal dataset with one footprint across the antimeridian. */
  static final String DATELINE = "tests.generic.dateline";
  /** A temporal dataset (no footprints). */
  static final String TEMPORAL = "tests.generic.readings";
  /** Real NAIP items of one UTM zone whose image assets point at a local GeoTIFF ({@link #localTiff}). */
  static final String LOCAL_NAIP = "tests.local.naip";
  /**
   * Real NAIP items given {@code start_datetime}/{@code end_datetime} ranges around their time (a
   * third with a null {@code datetime}), as STAC collection {@link #RANGES_COLLECTION}.
   */
  static final String RANGES = "tests.derived.ranges";
  /** The STAC collection id of {@link #RANGES}. */
  static final String RANGES_COLLECTION = "tests-naip-ranges";
  private static StacTestServer instance;

  final SwathServer server;
  final String base;
  final HttpClient http = HttpClient.newHttpClient();
  /** Real items by file, as read. */
  final Map<Path, List<JsonNode>> items = new LinkedHashMap<>();
  /** The dataset slug of each file. */
  final Map<Path, String> slugs = new LinkedHashMap<>();
  /** Where the image assets of {@link #LOCAL_NAIP} point: a GeoTIFF the tests that read it create. */
  final Path localTiff;
  /** The STAC collection id of {@link #LOCAL_NAIP}. */
  final String localNaipCollection;

  private StacTestServer() throws Exception {
    server = TestServers.start("stac");
    Path dir = TestServers.tempDir("swath-stac-files");
    base = "http://127.0.0.1:" + server.httpPort();
    Path stac = DemoData.stacDir().orElseThrow(() -> new AssertionError(
        "data/stac not found in the project (or set SWATH_STAC_DIR)"));
    List<Path> files;
    try (Stream<Path> s = Files.walk(stac)) {
      files = s.filter(p -> p.toString().endsWith(".items.ndjson")).sorted().toList();
    }
    try (DatasetsClient client = DatasetsClient.connect(server.target())) {
      for (Path f : files) {
        String slug = "fixtures." + StacIngest.slugSegment(f.getParent().getFileName().toString()) + "."
            + StacIngest.slugSegment(f.getFileName().toString().replace(".items.ndjson", ""));
        StacIngest.ingest(client, slug, null, List.of(f), false);
        items.put(f, StacIngest.read(List.of(f)));
        slugs.put(f, slug);
      }
      // NAIP items of UTM zone 18N with their image asset on this machine
      localTiff = dir.resolve("naip-local.tif");
      List<String> local = new ArrayList<>();
      for (JsonNode item : items.get(files.stream().filter(f -> f.endsWith("naip.items.ndjson")).findFirst().orElseThrow())) {
        if (item.path("properties").path("proj:epsg").asInt() == 26918 && local.size() < 6) {
          com.fasterxml.jackson.databind.node.ObjectNode copy = item.deepCopy();
          ((com.fasterxml.jackson.databind.node.ObjectNode) copy.path("assets").path("image")).put("href", localTiff.toString());
          local.add(copy.toString());
        }
      }
      Path localFile = dir.resolve("naip-local.items.ndjson");
      Files.write(localFile, local);
      StacIngest.ingest(client, LOCAL_NAIP, null, List.of(localFile), false);
      items.put(localFile, StacIngest.read(List.of(localFile)));
      slugs.put(localFile, LOCAL_NAIP);
      localNaipCollection = LOCAL_NAIP + ".naip";
      // real items with time ranges of a few minutes to a year, always the same
      Path rangesFile = dir.resolve("naip-ranges.items.ndjson");
      Files.write(rangesFile, ranges(items.get(files.stream().filter(f -> f.endsWith("naip.items.ndjson")).findFirst().orElseThrow())));
      StacIngest.ingest(client, RANGES, null, List.of(rangesFile), false);
      items.put(rangesFile, StacIngest.read(List.of(rangesFile)));
      slugs.put(rangesFile, RANGES);

      var scenes = client.createDataset(DatasetSpec.builder(GENERIC).spatioTemporal().description("Generic test scenes")
          .field("cloud_cover", FieldType.FLOAT64).field("platform", FieldType.STRING).field("path", FieldType.INT64)
          .field("acquired", FieldType.TIMESTAMP).arrayField("bands", FieldType.STRING).field("meta", FieldType.JSON)
          .field("datetime", FieldType.STRING).build()).createCollection("S1");
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("time", Instant.parse("2021-03-01T00:00:00Z").plusSeconds(3600L * i));
        r.put("geometry", Geometries.fromWkt("POLYGON ((" + (i) + " 10, " + (i + 1) + " 10, " + (i + 1) + " 11, " + i + " 11, " + i + " 10))"));
        r.put("cloud_cover", i * 3.5);
        r.put("platform", i % 2 == 0 ? "sat-a" : "sat-b");
        r.put("path", (long) i);
        r.put("acquired", Instant.parse("2021-03-01T00:00:00Z").plusSeconds(i));
        r.put("bands", List.of("red", "nir"));
        r.put("meta", "{\"k\":" + i + "}");
        r.put("datetime", "raw-" + i);
        rows.add(r);
      }
      scenes.ingest(rows);
      var readings = client.createDataset(DatasetSpec.builder(TEMPORAL).description("Generic test readings")
          .field("value", FieldType.FLOAT64).build()).createCollection("station_1");
      List<Map<String, Object>> values = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        values.add(Map.of("time", Instant.parse("2021-03-01T00:00:00Z").plusSeconds(60L * i), "value", i / 2.0));
      }
      readings.ingest(values);
      var dateline = client.createDataset(DatasetSpec.builder(DATELINE).spatioTemporal().field("name", FieldType.STRING).build())
          .createCollection("D");
      dateline.ingest(List.of(Map.of("time", Instant.parse("2021-03-01T00:00:00Z"), "name", "fiji",
          "geometry", Geometries.fromWkt("POLYGON ((179 -17, -179 -17, -179 -16, 179 -16, 179 -17))"))));
    }
  }

  /**
   * Every other real item of {@code naip} as an item of {@link #RANGES_COLLECTION} with a
   * {@code start_datetime} before and an {@code end_datetime} after its {@code datetime} (some
   * with fractions of a second), every third with a null {@code datetime}; a fixed seed, so the
   * catalog is the same in every run.
   */
  static List<String> ranges(List<JsonNode> naip) {
    java.util.Random rnd = new java.util.Random(20_200_101);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < naip.size(); i += 2) {
      com.fasterxml.jackson.databind.node.ObjectNode item = naip.get(i).deepCopy();
      item.put("id", item.path("id").asText() + "-range");
      item.put("collection", RANGES_COLLECTION);
      com.fasterxml.jackson.databind.node.ObjectNode p = (com.fasterxml.jackson.databind.node.ObjectNode) item.path("properties");
      Instant t = java.time.OffsetDateTime.parse(p.path("datetime").asText()).toInstant();
      long[] spans = {60, 3_600, 86_400, 30 * 86_400L, 365 * 86_400L};
      long before = (long) (rnd.nextDouble() * spans[rnd.nextInt(spans.length)]);
      long after = (long) (rnd.nextDouble() * spans[rnd.nextInt(spans.length)]);
      Instant start = t.minusSeconds(before).minusNanos(rnd.nextInt(3) == 0 ? rnd.nextInt(1_000_000) * 1000L : 0);
      Instant end = t.plusSeconds(after);
      p.put("start_datetime", start.toString());
      p.put("end_datetime", end.toString());
      if (out.size() % 3 == 0) {
        p.putNull("datetime");
      }
      out.add(item.toString());
    }
    return out;
  }

  static synchronized StacTestServer get() throws Exception {
    if (instance == null) {
      instance = new StacTestServer();
    }
    return instance;
  }

  /** A response: status and parsed JSON body. */
  record Response(int status, JsonNode body, String contentType) {}

  Response get(String pathAndQuery) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(URI.create(pathAndQuery.startsWith("http") ? pathAndQuery : base + pathAndQuery)).GET().build());
  }

  Response post(String path, Object body) throws IOException, InterruptedException {
    String json = body instanceof String s ? s : JSON.writeValueAsString(body);
    return send(HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : base + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
  }

  private Response send(HttpRequest req) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
    JsonNode body = r.body().length == 0 ? null : JSON.readTree(r.body());
    return new Response(r.statusCode(), body, r.headers().firstValue("Content-Type").orElse(""));
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
