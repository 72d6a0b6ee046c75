package io.swath.cli;

import static io.swath.cli.StacTestServer.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swath.cli.StacTestServer.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The STAC API on the HTTP port, over the real STAC items kept in data/stac and datasets not made from STAC. */
class StacApiTest {
  static StacTestServer s;

  @BeforeAll
  static void start() throws Exception {
    s = StacTestServer.get();
  }

  static boolean sameJson(JsonNode a, JsonNode b) {
    return StacFixturesTest.sameJson(a, b);
  }

  static ObjectNode withoutLinks(JsonNode item) {
    ObjectNode o = item.deepCopy();
    o.remove("links");
    return o;
  }

  static String rel(JsonNode doc, String rel) {
    for (JsonNode l : doc.path("links")) {
      if (l.path("rel").asText().equals(rel)) {
        return l.path("href").asText();
      }
    }
    return null;
  }

  @Test
  void everyRealItemReadsBackThroughItsItemUrlAsTheSameJson() throws Exception {
    // the STAC collection id is the original one, unless another dataset took it first
    Map<String, String> stacIdOf = new java.util.HashMap<>();
    for (JsonNode c : s.get("/collections").body().path("collections")) {
      stacIdOf.put(c.path("swath:dataset").asText() + "/" + c.path("swath:collection").asText(), c.path("id").asText());
    }
    List<java.util.concurrent.Callable<Void>> checks = new ArrayList<>();
    for (Map.Entry<Path, List<JsonNode>> e : s.items.entrySet()) {
      String slug = s.slugs.get(e.getKey());
      for (JsonNode original : e.getValue()) {
        checks.add(() -> {
          String stacId = stacIdOf.get(slug + "/" + original.path("collection").asText());
          assertThat(stacId).isNotNull();
          if (!stacId.equals(original.path("collection").asText())) {
            assertThat(stacId).isEqualTo(slug + "." + original.path("collection").asText());
          }
          Response r = s.get("/collections/" + stacId + "/items/" + q(original.path("id").asText()).replace("+", "%20"));
          assertThat(r.status()).as("item %s of %s", original.path("id"), e.getKey()).isEqualTo(200);
          assertThat(r.contentType()).isEqualTo("application/geo+json");
          ObjectNode expected = withoutLinks(original);
          expected.put("collection", stacId);
          assertThat(sameJson(expected, withoutLinks(r.body()))).as("item %s of %s:%n%s%nvs%n%s", original.path("id"), e.getKey(),
              expected, withoutLinks(r.body())).isTrue();
          // navigation links point here; the item's other links are kept
          assertThat(rel(r.body(), "self")).isEqualTo(s.base + "/collections/" + stacId + "/items/"
              + r.body().path("id").asText().replace(" ", "%20"));
          assertThat(rel(r.body(), "collection")).isEqualTo(s.base + "/collections/" + stacId);
          List<String> hrefs = r.body().path("links").findValuesAsText("href");
          for (JsonNode l : original.path("links")) {
            if (!Set.of("self", "root", "parent", "collection").contains(l.path("rel").asText())) {
              assertThat(hrefs).contains(l.path("href").asText());
            }
          }
          return null;
        });
      }
    }
    try (var pool = java.util.concurrent.Executors.newFixedThreadPool(6)) {
      for (var f : pool.invokeAll(checks)) {
        f.get();
      }
    }
    assertThat(checks).hasSizeGreaterThanOrEqualTo(1200);
  }

  @Test
  void landingPageConformanceAndOpenApi() throws Exception {
    Response landing = s.get("/");
    assertThat(landing.status()).isEqualTo(200);
    assertThat(landing.body().path("type").asText()).isEqualTo("Catalog");
    assertThat(landing.body().path("conformsTo").toString()).contains("https://api.stacspec.org/v1.0.0/core",
        "https://api.stacspec.org/v1.0.0/item-search", "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json");
    assertThat(rel(landing.body(), "conformance")).isEqualTo(s.base + "/conformance");
    assertThat(rel(landing.body(), "service-desc")).isEqualTo(s.base + "/api");
    assertThat(rel(landing.body(), "data")).isEqualTo(s.base + "/collections");
    assertThat(landing.body().path("links").findValuesAsText("rel")).contains("search", "child");
    Response conf = s.get("/conformance");
    assertThat(conf.body().path("conformsTo")).isEqualTo(landing.body().path("conformsTo"));
    Response api = s.get("/api");
    assertThat(api.status()).isEqualTo(200);
    assertThat(api.contentType()).startsWith("application/vnd.oai.openapi+json");
    assertThat(api.body().path("openapi").asText()).startsWith("3.0");
    assertThat(api.body().path("paths").has("/search")).isTrue();
    assertThat(api.body().path("servers").get(0).path("url").asText()).isEqualTo(s.base);
    assertThat(s.get("/health").status()).isEqualTo(200);
  }

  @Test
  void collectionsCarryIdsExtentsAndLinks() throws Exception {
    Response all = s.get("/collections");
    assertThat(all.status()).isEqualTo(200);
    Map<String, JsonNode> byId = new LinkedHashMap<>();
    all.body().path("collections").forEach(c -> byId.put(c.path("id").asText(), c));
    // original STAC ids for datasets made from STAC items; <slug>.<collection> otherwise, and on collisions
    assertThat(byId).containsKeys("landsat-8-c2-l2", "naip", "sentinel-2-l2a", StacTestServer.GENERIC + ".S1",
        StacTestServer.TEMPORAL + ".station_1");
    JsonNode landsat = byId.get("landsat-8-c2-l2");
    assertThat(landsat.path("swath:count").asLong()).isEqualTo(750);
    JsonNode bbox = landsat.path("extent").path("spatial").path("bbox").get(0);
    assertThat(bbox.get(0).asDouble()).isLessThan(bbox.get(2).asDouble());
    assertThat(landsat.path("extent").path("temporal").path("interval").get(0).get(0).asText()).startsWith("20");
    assertThat(rel(landsat, "items")).isEqualTo(s.base + "/collections/landsat-8-c2-l2/items");
    Response one = s.get("/collections/landsat-8-c2-l2");
    assertThat(one.body()).isEqualTo(landsat);
    JsonNode generic = byId.get(StacTestServer.GENERIC + ".S1");
    assertThat(generic.path("extent").path("spatial").path("bbox").get(0).toString()).isEqualTo("[0.0,10.0,30.0,11.0]");
    assertThat(generic.path("extent").path("temporal").path("interval").get(0).toString())
        .isEqualTo("[\"2021-03-01T00:00:00Z\",\"2021-03-02T05:00:00Z\"]");
    assertThat(byId.get(StacTestServer.TEMPORAL + ".station_1").path("extent").path("spatial").path("bbox").get(0).toString())
        .isEqualTo("[-180.0,-90.0,180.0,90.0]");
  }

  @Test
  void datapointsOfOtherDatasetsAreStacItems() throws Exception {
    Response page = s.get("/collections/" + StacTestServer.GENERIC + ".S1/items?limit=2");
    JsonNode item = page.body().path("features").get(0);
    assertThat(item.path("type").asText()).isEqualTo("Feature");
    assertThat(item.path("collection").asText()).isEqualTo(StacTestServer.GENERIC + ".S1");
    assertThat(item.path("geometry").path("type").asText()).isEqualTo("Polygon");
    assertThat(item.path("bbox").toString()).isEqualTo("[0.0,10.0,1.0,11.0]");
    JsonNode p = item.path("properties");
    assertThat(p.path("datetime").asText()).isEqualTo("2021-03-01T00:00:00Z");
    assertThat(p.path("cloud_cover").asDouble()).isEqualTo(0.0);
    assertThat(p.path("platform").asText()).isEqualTo("sat-a");
    assertThat(p.path("path").isIntegralNumber()).isTrue();
    assertThat(p.path("acquired").asText()).isEqualTo("2021-03-01T00:00:00Z");
    assertThat(p.path("bands").toString()).isEqualTo("[\"red\",\"nir\"]");
    assertThat(p.path("meta").toString()).isEqualTo("{\"k\":0}");
    assertThat(p.path("swath:datetime").asText()).isEqualTo("raw-0");
    assertThat(item.has("assets")).isTrue();
    // the item id is the datapoint id, and its self link reads it back
    Response again = s.get(rel(item, "self"));
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(item);
    // a temporal dataset's items have a null geometry and no bbox
    JsonNode reading = s.get("/collections/" + StacTestServer.TEMPORAL + ".station_1/items?limit=1").body().path("features").get(0);
    assertThat(reading.path("geometry").isNull()).isTrue();
    assertThat(reading.has("bbox")).isFalse();
    assertThat(reading.path("properties").path("value").asDouble()).isEqualTo(0.0);
    assertThat(s.get("/collections/" + StacTestServer.TEMPORAL + ".station_1/items/not-a-uuid").status()).isEqualTo(404);
    // a footprint across the antimeridian: split in two, with a bbox that crosses it (RFC 7946 5.2)
    String dateline = "/collections/" + StacTestServer.DATELINE + ".D/items";
    JsonNode fiji = s.get(dateline).body().path("features").get(0);
    assertThat(fiji.path("geometry").path("type").asText()).isEqualTo("MultiPolygon");
    assertThat(fiji.path("bbox").toString()).isEqualTo("[179.0,-17.0,-179.0,-16.0]");
    assertThat(s.get(dateline + "?bbox=179.5,-16.8,179.9,-16.2").body().path("features")).hasSize(1);
    assertThat(s.get(dateline + "?bbox=-179.9,-16.8,-179.5,-16.2").body().path("features")).hasSize(1);
    assertThat(s.get(dateline + "?bbox=178,-16.8,178.5,-16.2").body().path("features")).isEmpty();
    assertThat(s.get(dateline + "?bbox=170,-20,-170,-10").body().path("features")).hasSize(1);
  }

  /** Every item of a GET search, following next links. */
  List<JsonNode> pageAllGet(String first) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    String next = first;
    int pages = 0;
    while (next != null) {
      Response r = s.get(next);
      assertThat(r.status()).as(next).isEqualTo(200);
      r.body().path("features").forEach(out::add);
      assertThat(r.body().path("numberReturned").asInt()).isEqualTo(r.body().path("features").size());
      next = rel(r.body(), "next");
      assertThat(++pages).isLessThan(1000);
    }
    return out;
  }

  /** Every item of a POST search, following next links (merging bodies as the link says). */
  List<JsonNode> pageAllPost(ObjectNode body) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    ObjectNode b = body;
    int pages = 0;
    while (b != null) {
      Response r = s.post("/search", b);
      assertThat(r.status()).as(b.toString()).isEqualTo(200);
      r.body().path("features").forEach(out::add);
      JsonNode next = null;
      for (JsonNode l : r.body().path("links")) {
        if (l.path("rel").asText().equals("next")) {
          next = l;
        }
      }
      if (next == null) {
        b = null;
      } else {
        assertThat(next.path("method").asText()).isEqualTo("POST");
        ObjectNode merged = next.path("merge").asBoolean() ? b.deepCopy() : StacTestServer.JSON.createObjectNode();
        merged.setAll((ObjectNode) next.path("body"));
        b = merged;
      }
      assertThat(++pages).isLessThan(1000);
    }
    return out;
  }

  static List<String> ids(List<JsonNode> items) {
    return items.stream().map(i -> i.path("collection").asText() + "/" + i.path("id").asText()).toList();
  }

  @Test
  void searchPagesThroughEverythingOnceWithGetAndPost() throws Exception {
    long total = 0;
    for (List<JsonNode> l : s.items.values()) {
      total += l.size();
    }
    total += 30 + 12 + 1;
    Response first = s.get("/search?limit=5");
    assertThat(first.body().path("numberMatched").asLong()).isEqualTo(total);
    List<JsonNode> viaGet = pageAllGet("/search?limit=97");
    assertThat(viaGet).hasSize((int) total);
    assertThat(new HashSet<>(ids(viaGet))).hasSize((int) total);
    // time order
    for (int i = 1; i < viaGet.size(); i++) {
      String a = viaGet.get(i - 1).path("properties").path("datetime").asText(viaGet.get(i - 1).path("properties").path("start_datetime").asText());
      String b = viaGet.get(i).path("properties").path("datetime").asText(viaGet.get(i).path("properties").path("start_datetime").asText());
      assertThat(java.time.Instant.parse(a)).isBeforeOrEqualTo(java.time.Instant.parse(b));
    }
    ObjectNode body = StacTestServer.JSON.createObjectNode();
    body.put("limit", 113);
    body.putArray("collections").add("landsat-8-c2-l2").add("naip");
    List<JsonNode> viaPost = pageAllPost(body);
    assertThat(viaPost).hasSize(750 + 437);
    assertThat(new HashSet<>(ids(viaPost))).hasSize(750 + 437);
    // descending time order pages too
    List<JsonNode> desc = pageAllGet("/search?collections=landsat-8-c2-l2&limit=200&sortby=-datetime");
    assertThat(ids(desc)).hasSize(750).doesNotHaveDuplicates();
    assertThat(desc.get(0).path("properties").path("datetime").asText())
        .isGreaterThan(desc.get(749).path("properties").path("datetime").asText());
  }

  @Test
  void searchByPlaceTimeIdsAndCollections() throws Exception {
    // bbox and intersects select the same items
    List<JsonNode> box = pageAllGet("/search?collections=landsat-8-c2-l2&limit=500&bbox=-125,36,-122,39");
    assertThat(box).isNotEmpty();
    ObjectNode body = StacTestServer.JSON.createObjectNode();
    body.putArray("collections").add("landsat-8-c2-l2");
    body.put("limit", 500);
    body.set("intersects", StacTestServer.JSON.readTree(
        "{\"type\":\"Polygon\",\"coordinates\":[[[-125,36],[-122,36],[-122,39],[-125,39],[-125,36]]]}"));
    assertThat(ids(pageAllPost(body))).containsExactlyElementsOf(ids(box));
    for (JsonNode i : box) {
      JsonNode b = i.path("bbox");
      if (b.isMissingNode()) {
        continue; // some real items have no bbox
      }
      assertThat(b.get(0).asDouble()).isLessThanOrEqualTo(-122);
      assertThat(b.get(2).asDouble()).isGreaterThanOrEqualTo(-125);
    }
    // the generic footprints are 1x1 degree squares at x = 0..29
    assertThat(pageAllGet("/search?collections=" + StacTestServer.GENERIC + ".S1&bbox=4.5,10.2,6.5,10.4")).extracting(i -> i.path("bbox").get(0).asDouble())
        .containsExactlyInAnyOrder(4.0, 5.0, 6.0);

    String c = "/collections/" + StacTestServer.GENERIC + ".S1/items?limit=100&datetime=";
    // one instant
    assertThat(pageAllGet(c + q("2021-03-01T05:00:00Z"))).hasSize(1);
    // a closed interval includes both ends
    assertThat(pageAllGet(c + q("2021-03-01T01:00:00Z/2021-03-01T03:00:00Z"))).hasSize(3);
    // open ends, both spellings
    assertThat(pageAllGet(c + q("../2021-03-01T03:00:00Z"))).hasSize(4);
    assertThat(pageAllGet(c + q("/2021-03-01T03:00:00Z"))).hasSize(4);
    assertThat(pageAllGet(c + q("2021-03-02T04:00:00Z/.."))).hasSize(2);
    assertThat(pageAllGet(c + q("2021-03-02T04:00:00Z/"))).hasSize(2);
    // fractions and offsets
    assertThat(pageAllGet(c + q("2021-03-01T00:59:59.999999Z/2021-03-01T03:00:00.000001+00:00"))).hasSize(3);
    // a date means the whole day
    assertThat(pageAllGet(c + q("2021-03-02"))).hasSize(6);
    // a month or a year means all of it
    assertThat(pageAllGet(c + q("2021-03"))).hasSize(30);
    assertThat(pageAllGet(c + q("2021"))).hasSize(30);
    assertThat(pageAllGet(c + q("2020/2020-12"))).isEmpty();

    // ids, in the items' own collections
    Response byIds = s.get("/search?ids=LC08_L2SP_045034_20160821_02_T1,LC08_L2SR_066091_20160824_02_T1,nope");
    assertThat(byIds.body().path("features")).extracting(f -> f.path("id").asText())
        .containsExactly("LC08_L2SP_045034_20160821_02_T1", "LC08_L2SR_066091_20160824_02_T1");
    String someGenericId = s.get(c + q("2021-03-01T05:00:00Z")).body().path("features").get(0).path("id").asText();
    assertThat(s.get("/search?ids=" + someGenericId).body().path("features")).hasSize(1);
    // unknown collections match nothing
    assertThat(s.get("/search?collections=nope").body().path("features")).isEmpty();
    // a place excludes items without footprints
    assertThat(pageAllGet("/search?collections=" + StacTestServer.TEMPORAL + ".station_1&bbox=-180,-90,180,90")).isEmpty();
  }

  @Test
  void boxesWiderThanHalfTheGlobeAndPolygonsAreReadAsDrawn() throws Exception {
    int all = s.get("/collections/naip/items?limit=1").body().path("numberMatched").asInt();
    // only west > east crosses the antimeridian: a box from -179 to 179 covers nearly the whole globe
    assertThat(pageAllGet("/search?collections=naip&limit=500&bbox=-179,-90,179,90")).hasSize(all);
    List<JsonNode> band = pageAllGet("/search?collections=naip&limit=500&bbox=-100,44,100,45");
    assertThat(band).isNotEmpty();
    List<String> halves = new ArrayList<>(ids(pageAllGet("/search?collections=naip&limit=500&bbox=-100,44,0,45")));
    halves.addAll(ids(pageAllGet("/search?collections=naip&limit=500&bbox=0,44,100,45")));
    assertThat(ids(band)).containsExactlyInAnyOrderElementsOf(new HashSet<>(halves));
    // a polygon's edges are straight lines in lon/lat, as drawn
    ObjectNode body = StacTestServer.JSON.createObjectNode();
    body.putArray("collections").add("naip");
    body.put("limit", 500);
    body.set("intersects", StacTestServer.JSON.readTree(
        "{\"type\":\"Polygon\",\"coordinates\":[[[-179,-89],[179,-89],[179,89],[-179,89],[-179,-89]]]}"));
    assertThat(pageAllPost(body)).hasSize(all);
    // and in a CQL2 filter
    assertThat(pageAllGet("/search?collections=naip&limit=500&filter="
        + q("S_INTERSECTS(geometry, POLYGON((-179 -89, 179 -89, 179 89, -179 89, -179 -89)))"))).hasSize(all);
    // a box with west > east crosses the antimeridian: the Fiji footprint, not the rest of the world
    String dateline = "/search?collections=" + StacTestServer.DATELINE + ".D&bbox=";
    assertThat(pageAllGet(dateline + "178,-18,-178.5,-15")).hasSize(1);
    assertThat(pageAllGet(dateline + "-178.5,-18,178,-15")).isEmpty();
    // the SDK's Query.bbox follows the same rule
    Path naip = s.slugs.keySet().stream().filter(f -> f.endsWith("naip.items.ndjson")).findFirst().orElseThrow();
    try (io.swath.client.DatasetsClient client = io.swath.client.DatasetsClient.connect(s.server.target())) {
      io.swath.client.CollectionClient c = client.dataset(s.slugs.get(naip)).collection("naip");
      assertThat(c.query(io.swath.client.Query.all().bbox(-179, -90, 179, 90)).size()).isEqualTo(all);
      assertThat(c.query(io.swath.client.Query.all().bbox(-100, 44, 100, 45)).size()).isEqualTo(band.size());
      assertThat(c.query(io.swath.client.Query.all().bbox(179, -90, -179, 90)).size()).isZero();
    }
  }

  @Test
  void bboxHeightsPlaceFootprintsAtElevationZero() throws Exception {
    int all = s.get("/collections/naip/items?limit=1").body().path("numberMatched").asInt();
    assertThat(pageAllGet("/search?collections=naip&limit=500&bbox=-179,-90,1,179,90,1001")).isEmpty();
    assertThat(pageAllGet("/search?collections=naip&limit=500&bbox=-179,-90,-1001,179,90,-1")).isEmpty();
    assertThat(pageAllGet("/search?collections=naip&limit=500&bbox=-179,-90,-10,179,90,10")).hasSize(all);
    assertThat(pageAllGet("/search?collections=naip&limit=500&bbox=-179,-90,0,179,90,0")).hasSize(all);
    ObjectNode body = StacTestServer.JSON.createObjectNode();
    body.putArray("collections").add("naip");
    body.putArray("bbox").add(-179).add(-90).add(1).add(179).add(90).add(1001);
    assertThat(s.post("/search", body).body().path("features")).isEmpty();
    Response upsideDown = s.get("/search?bbox=0,0,10,1,1,5");
    assertThat(upsideDown.status()).isEqualTo(400);
    assertThat(upsideDown.body().path("description").asText()).contains("minimum height 10").contains("maximum height 5");
    body.putArray("bbox").add(0).add(0).add(10).add(1).add(1).add(5);
    assertThat(s.post("/search", body).status()).isEqualTo(400);
  }

  @Test
  void malformedDatetimesAreA400SayingWhy() throws Exception {
    for (String open : List.of("../..", "/", "/..", "../", " .. / .. ")) {
      Response r = s.get("/search?datetime=" + q(open));
      assertThat(r.status()).as(open).isEqualTo(400);
      assertThat(r.body().path("description").asText()).as(open).contains("no closed end");
      ObjectNode body = StacTestServer.JSON.createObjectNode().put("datetime", open);
      assertThat(s.post("/search", body).status()).as(open).isEqualTo(400);
    }
    for (String local : List.of("2021-01-01T00:00:00", "2021-01-01T00:00:00.5/..", "../2021-01-01T00:00:00",
        "2021-01-01T00:00:00Z/2021-02-01T00:00:00")) {
      Response r = s.get("/search?datetime=" + q(local));
      assertThat(r.status()).as(local).isEqualTo(400);
      assertThat(r.body().path("description").asText()).as(local).contains("no UTC offset").contains("RFC 3339");
    }
    // offsets in any spelling RFC 3339 allows still work
    String c = "/collections/" + StacTestServer.GENERIC + ".S1/items?limit=100&datetime=";
    assertThat(pageAllGet(c + q("2021-03-01T05:00:00z"))).hasSize(1);
    assertThat(pageAllGet(c + q("2021-03-01T06:00:00+01:00"))).hasSize(1);
    assertThat(pageAllGet(c + q("2021-03-01T00:00:00-01:00/.."))).hasSize(29);
  }

  @Test
  void likeOnATimestampPropertyMatchesItsText() throws Exception {
    long expected = s.items.values().stream().flatMap(List::stream)
        .filter(i -> i.path("properties").path("created").asText("").startsWith("2025-07")).count();
    assertThat(expected).isPositive();
    assertThat(pageAllGet("/search?limit=500&filter=" + q("created LIKE '2025-07%'"))).hasSize((int) expected);
    ObjectNode body = StacTestServer.JSON.createObjectNode();
    body.put("limit", 500);
    body.set("filter", StacTestServer.JSON.readTree("{\"op\":\"like\",\"args\":[{\"property\":\"created\"},\"2025-07%\"]}"));
    assertThat(pageAllPost(body)).hasSize((int) expected);
    assertThat(pageAllGet("/search?limit=500&filter=" + q("created LIKE '1999%'"))).isEmpty();
    // a time still compares as a time
    assertThat(pageAllGet("/search?limit=500&filter=" + q("created >= '2025-07-01T00:00:00Z' AND created < '2025-08-01T00:00:00Z'")))
        .hasSize((int) expected);
    // the item time too
    assertThat(pageAllGet("/collections/" + StacTestServer.GENERIC + ".S1/items?limit=100&filter=" + q("datetime LIKE '2021-03-01T0%'")))
        .hasSize(10);
    // a string property is a string: any text compares with it, as text
    Response none = s.get("/search?limit=500&filter=" + q("created = 'no time at all'"));
    assertThat(none.status()).as(String.valueOf(none.body())).isEqualTo(200);
    assertThat(none.body().path("features")).isEmpty();
    long before = s.items.values().stream().flatMap(List::stream).map(i -> i.path("properties").path("created"))
        .filter(JsonNode::isTextual).filter(c -> c.asText().compareTo("2025-07-15") < 0).count();
    assertThat(pageAllGet("/search?limit=500&filter=" + q("created < '2025-07-15'"))).hasSize((int) before);
    assertThat(s.get("/queryables").body().path("properties").path("created").path("type").asText())
        .isEqualTo("string");
  }

  @Test
  void limitIsClampedAndNumberMatchedIsCounted() throws Exception {
    Response big = s.get("/search?limit=100000");
    assertThat(big.status()).isEqualTo(200);
    assertThat(big.body().path("features").size()).isLessThanOrEqualTo(10_000);
    assertThat(s.get("/collections/naip/items?limit=1").body().path("numberMatched").asLong()).isEqualTo(437);
    // a filtered search is counted (small here, so within the count budget) on every page
    String search = "/search?limit=2&bbox=-80,35,-70,45&filter=" + q("datetime >= '2000-01-01T00:00:00Z'");
    // every match, paged at once (items of time ranges whose datetime is null do not match the filter)
    int all = pageAllGet(search.replace("limit=2", "limit=500")).size();
    assertThat(all).isGreaterThan(4);
    Response first = s.get(search);
    assertThat(first.body().path("numberMatched").asLong()).isEqualTo(all);
    Response second = s.get(rel(first.body(), "next"));
    assertThat(second.body().path("numberMatched").asLong()).isEqualTo(all);
  }

  @Test
  void badInputIsA400AndUnknownThingsA404NeverA500() throws Exception {
    List<String> bad = List.of("/search?limit=0", "/search?limit=-3", "/search?limit=ten", "/search?bbox=1,2,3",
        "/search?bbox=a,b,c,d", "/search?bbox=0,50,10,40", "/search?bbox=-200,0,10,10", "/search?datetime=yesterday",
        "/search?datetime=" + q("2021-02-01T00:00:00Z/2021-01-01T00:00:00Z"), "/search?intersects=" + q("{\"type\":\"Point\"}"),
        "/search?intersects=notjson", "/search?bbox=0,0,1,1&intersects=" + q("{\"type\":\"Point\",\"coordinates\":[0,0]}"),
        "/search?token=xyz", "/search?filter=" + q("nosuchproperty = 1"), "/search?filter=" + q("eo:cloud_cover <"),
        "/search?filter=" + q("eo:cloud_cover = 'abc'"), "/search?filter-lang=cql3&filter=" + q("a=1"),
        "/search?filter-crs=EPSG:3857&filter=" + q("eo:cloud_cover < 1"), "/search?sortby=nosuchproperty",
        "/search?fields=" + q("properties..x"), "/collections/naip/items?limit=x");
    for (String b : bad) {
      Response r = s.get(b);
      assertThat(r.status()).as(b).isEqualTo(400);
      assertThat(r.body().path("code").asText()).as(b).isNotEmpty();
      assertThat(r.body().path("description").asText()).as(b).isNotEmpty();
    }
    List<String> badBodies = List.of("[]", "{\"limit\":\"x\"}", "{\"bbox\":[1,2]}", "{\"bbox\":\"x\"}", "{\"intersects\":{}}",
        "{\"datetime\":5}", "{\"collections\":5}", "{\"ids\":[1]}", "{\"filter\":{\"op\":\"nope\",\"args\":[]}}",
        "{\"filter\":{\"op\":\"=\"}}", "{\"sortby\":[{\"field\":\"datetime\",\"direction\":\"sideways\"}]}", "{\"sortby\":5}",
        "{\"fields\":[\"id\"]}", "{\"fields\":{\"include\":\"id\"}}", "not json", "{\"filter\":\"x = \",\"filter-lang\":\"cql2-text\"}");
    for (String b : badBodies) {
      Response r = s.post("/search", b);
      assertThat(r.status()).as(b).isEqualTo(400);
      assertThat(r.body().path("code").asText()).as(b).isNotEmpty();
    }
    for (String p : List.of("/nope", "/collections/nope", "/collections/nope/items", "/collections/naip/items/nope",
        "/collections/naip/nope", "/collections/naip/items/a/b", "/conformance/x")) {
      Response r = s.get(p);
      assertThat(r.status()).as(p).isEqualTo(404);
      assertThat(r.body().path("code").asText()).isEqualTo("NotFound");
    }
    assertThat(s.post("/collections", "{}").status()).isEqualTo(405);
  }

  static Iterator<JsonNode> features(Response r) {
    return r.body().path("features").iterator();
  }
}
