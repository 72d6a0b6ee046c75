package io.swath.cli;

import static io.swath.cli.StacTestServer.q;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swath.cli.StacTestServer.Response;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The filter (CQL2 text and JSON), sort and fields extensions and queryables, checked against the real items themselves. */
class StacSearchExtensionsTest {
  static StacTestServer s;
  static List<JsonNode> landsat;
  static final StacApiTest PAGING = new StacApiTest();

  @BeforeAll
  static void start() throws Exception {
    s = StacTestServer.get();
    StacApiTest.s = s;
    for (var e : s.items.entrySet()) {
      if (e.getKey().endsWith(Path.of("planetary-computer", "landsat-8-c2-l2.items.ndjson"))) {
        landsat = e.getValue();
      }
    }
    assertThat(landsat).hasSize(750);
  }

  static List<String> expected(Predicate<JsonNode> p) {
    return landsat.stream().filter(p).map(i -> i.path("id").asText()).sorted().toList();
  }

  List<String> found(String filterText) throws Exception {
    return PAGING.pageAllGet("/search?collections=landsat-8-c2-l2&limit=250&filter=" + q(filterText)).stream()
        .map(i -> i.path("id").asText()).sorted().toList();
  }

  List<String> foundJson(String filterJson) throws Exception {
    ObjectNode body = StacTestServer.JSON.createObjectNode();
    body.putArray("collections").add("landsat-8-c2-l2");
    body.put("limit", 250);
    body.set("filter", StacTestServer.JSON.readTree(filterJson));
    body.put("filter-lang", "cql2-json");
    return PAGING.pageAllPost(body).stream().map(i -> i.path("id").asText()).sorted().toList();
  }

  static double cloud(JsonNode i) {
    return i.path("properties").path("eo:cloud_cover").asDouble(Double.NaN);
  }

  @Test
  void basicCql2InTextAndJson() throws Exception {
    List<String> lowCloud = expected(i -> cloud(i) < 10);
    assertThat(lowCloud).isNotEmpty();
    assertThat(found("eo:cloud_cover < 10")).isEqualTo(lowCloud);
    assertThat(foundJson("{\"op\":\"<\",\"args\":[{\"property\":\"eo:cloud_cover\"},10]}")).isEqualTo(lowCloud);
    // properties. prefix
    assertThat(found("properties.eo:cloud_cover < 10")).isEqualTo(lowCloud);

    List<String> path45 = expected(i -> cloud(i) < 50 && i.path("properties").path("landsat:wrs_path").asText().equals("045"));
    assertThat(found("eo:cloud_cover < 50 AND \"landsat:wrs_path\" = '045'")).isEqualTo(path45);
    assertThat(foundJson("{\"op\":\"and\",\"args\":[{\"op\":\"<\",\"args\":[{\"property\":\"eo:cloud_cover\"},50]},"
        + "{\"op\":\"=\",\"args\":[{\"property\":\"landsat:wrs_path\"},\"045\"]}]}")).isEqualTo(path45);

    assertThat(found("eo:cloud_cover BETWEEN 10 AND 20 OR landsat:collection_category IN ('T2', 'RT')"))
        .isEqualTo(expected(i -> cloud(i) >= 10 && cloud(i) <= 20
            || List.of("T2", "RT").contains(i.path("properties").path("landsat:collection_category").asText())));
    assertThat(found("landsat:scene_id LIKE 'LC8045%'"))
        .isEqualTo(expected(i -> i.path("properties").path("landsat:scene_id").asText().startsWith("LC8045")));
    assertThat(found("NOT (eo:cloud_cover >= 1)")).isEqualTo(expected(i -> cloud(i) < 1));
    assertThat(found("eo:cloud_cover IS NULL")).isEqualTo(expected(i -> Double.isNaN(cloud(i))));
    // id and collection are the item's
    assertThat(found("id = 'LC08_L2SP_045034_20160821_02_T1'")).containsExactly("LC08_L2SP_045034_20160821_02_T1");
    assertThat(found("collection = 'landsat-8-c2-l2' AND eo:cloud_cover < 10")).isEqualTo(lowCloud);
    assertThat(found("collection = 'naip'")).isEmpty();
  }

  @Test
  void spatialAndTemporalOperators() throws Exception {
    List<String> box = PAGING.pageAllGet("/search?collections=landsat-8-c2-l2&limit=500&bbox=-125,36,-122,39").stream()
        .map(i -> i.path("id").asText()).sorted().toList();
    assertThat(found("S_INTERSECTS(geometry, BBOX(-125, 36, -122, 39))")).isEqualTo(box);
    assertThat(found("S_INTERSECTS(geometry, POLYGON((-125 36, -122 36, -122 39, -125 39, -125 36)))")).isEqualTo(box);
    assertThat(foundJson("{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"},{\"type\":\"Polygon\",\"coordinates\":"
        + "[[[-125,36],[-122,36],[-122,39],[-125,39],[-125,36]]]}]}")).isEqualTo(box);

    List<String> in2017 = expected(i -> i.path("properties").path("datetime").asText().startsWith("2017"));
    assertThat(in2017).isNotEmpty();
    assertThat(found("T_INTERSECTS(datetime, INTERVAL('2017-01-01T00:00:00Z', '2017-12-31T23:59:59.999999Z'))")).isEqualTo(in2017);
    assertThat(found("datetime >= TIMESTAMP('2017-01-01T00:00:00Z') AND datetime < TIMESTAMP('2018-01-01T00:00:00Z')"))
        .isEqualTo(in2017);
    assertThat(found("T_AFTER(datetime, TIMESTAMP('2022-01-01T00:00:00Z'))"))
        .isEqualTo(expected(i -> i.path("properties").path("datetime").asText().compareTo("2022-01-01T00:00:00Z") > 0));
  }

  @Test
  void aPropertyOnlySomeCollectionsHaveIsNullInTheOthers() throws Exception {
    // naip has gsd, landsat does not (at the item level): only naip items match
    List<JsonNode> r = PAGING.pageAllGet("/search?collections=landsat-8-c2-l2,naip&limit=500&filter=" + q("gsd = 1"));
    assertThat(r).isNotEmpty().allSatisfy(i -> assertThat(i.path("collection").asText()).isEqualTo("naip"));
    List<JsonNode> nulls = PAGING.pageAllGet("/search?collections=landsat-8-c2-l2,naip&limit=500&filter=" + q("gsd IS NULL"));
    assertThat(nulls).hasSize(750).allSatisfy(i -> assertThat(i.path("collection").asText()).isEqualTo("landsat-8-c2-l2"));
  }

  @Test
  void queryablesDescribeTheProperties() throws Exception {
    Response q = s.get("/collections/landsat-8-c2-l2/queryables");
    assertThat(q.status()).isEqualTo(200);
    assertThat(q.contentType()).isEqualTo("application/schema+json");
    JsonNode p = q.body().path("properties");
    assertThat(p.path("eo:cloud_cover").path("type").asText()).isEqualTo("number");
    assertThat(p.path("landsat:wrs_path").path("type").asText()).isEqualTo("string");
    assertThat(p.path("instruments").path("type").asText()).isEqualTo("array");
    assertThat(p.path("proj:epsg").path("type").asText()).isEqualTo("integer");
    assertThat(p.path("datetime").path("format").asText()).isEqualTo("date-time");
    assertThat(p.has("geometry") && p.has("id") && p.has("collection")).isTrue();
    assertThat(p.has("stac_id")).isFalse();
    JsonNode all = s.get("/queryables").body().path("properties");
    assertThat(all.has("eo:cloud_cover") && all.has("naip:state") && all.has("cloud_cover")).isTrue();
    JsonNode generic = s.get("/collections/" + StacTestServer.GENERIC + ".S1/queryables").body().path("properties");
    assertThat(generic.path("acquired").path("format").asText()).isEqualTo("date-time");
    assertThat(generic.path("path").path("type").asText()).isEqualTo("integer");
  }

  @Test
  void sortByPropertiesPagesInOrder() throws Exception {
    List<JsonNode> byCloud = PAGING.pageAllGet("/search?collections=landsat-8-c2-l2&limit=64&sortby=" + q("+eo:cloud_cover,-datetime"));
    assertThat(StacApiTest.ids(byCloud)).hasSize(750).doesNotHaveDuplicates();
    List<Double> clouds = new ArrayList<>();
    for (JsonNode i : byCloud) {
      if (!Double.isNaN(cloud(i))) {
        clouds.add(cloud(i));
      }
    }
    assertThat(clouds).isSorted();
    for (int i = 1; i < byCloud.size(); i++) {
      JsonNode a = byCloud.get(i - 1);
      JsonNode b = byCloud.get(i);
      if (cloud(a) == cloud(b)) {
        assertThat(a.path("properties").path("datetime").asText()).isGreaterThanOrEqualTo(b.path("properties").path("datetime").asText());
      }
    }
    // POST form, descending, across collections with a property only some have (missing values last)
    ObjectNode body = StacTestServer.JSON.createObjectNode();
    body.putArray("collections").add("landsat-8-c2-l2").add("naip");
    body.put("limit", 200);
    body.putArray("sortby").addObject().put("field", "properties.eo:cloud_cover").put("direction", "desc");
    List<JsonNode> desc = PAGING.pageAllPost(body);
    assertThat(StacApiTest.ids(desc)).hasSize(750 + 437).doesNotHaveDuplicates();
    assertThat(cloud(desc.get(0))).isEqualTo(landsat.stream().mapToDouble(StacSearchExtensionsTest::cloud).filter(d -> !Double.isNaN(d)).max()
        .orElseThrow());
    assertThat(desc.get(desc.size() - 1).path("collection").asText()).isEqualTo("naip");
    // by id
    List<JsonNode> byId = PAGING.pageAllGet("/search?collections=naip&limit=100&sortby=id");
    List<String> ids = byId.stream().map(i -> i.path("id").asText()).toList();
    assertThat(ids).hasSize(437).isSorted();
  }

  @Test
  void fieldsIncludeAndExclude() throws Exception {
    JsonNode only = s.get("/search?collections=landsat-8-c2-l2&limit=3&fields=" + q("properties.eo:cloud_cover,geometry")).body()
        .path("features").get(0);
    assertThat(only.fieldNames()).toIterable().containsExactlyInAnyOrder("type", "stac_version", "id", "collection", "properties", "geometry");
    assertThat(only.path("properties").fieldNames()).toIterable().containsExactly("eo:cloud_cover");
    JsonNode without = s.get("/search?collections=landsat-8-c2-l2&limit=3&fields=" + q("-assets,-properties.description")).body()
        .path("features").get(0);
    assertThat(without.has("assets")).isFalse();
    assertThat(without.path("properties").has("description")).isFalse();
    assertThat(without.path("properties").has("eo:cloud_cover")).isTrue();
    ObjectNode body = StacTestServer.JSON.createObjectNode();
    body.putArray("collections").add(StacTestServer.GENERIC + ".S1");
    body.put("limit", 2);
    ObjectNode fields = body.putObject("fields");
    fields.putArray("include").add("properties.platform");
    fields.putArray("exclude").add("links");
    JsonNode generic = s.post("/search", body).body().path("features").get(0);
    assertThat(generic.path("properties").fieldNames()).toIterable().containsExactly("platform");
    assertThat(generic.has("links")).isFalse();
    // the next link keeps the fields
    Response paged = s.get("/search?collections=naip&limit=2&fields=id");
    Response second = s.get(StacApiTest.rel(paged.body(), "next"));
    assertThat(second.body().path("features").get(0).has("assets")).isFalse();
  }

  @Test
  void unknownParametersAreRefusedNamingThemAndTheAcceptedOnes() throws Exception {
    for (String path : List.of("/search?collections=naip&colections=naip", "/search?sort_by=datetime",
        "/collections/naip/items?limit=2&page=2", "/collections/naip/items?collections=naip", "/collections?sortby=id")) {
      Response r = s.get(path);
      assertThat(r.status()).as(path).isEqualTo(400);
      String name = path.replaceAll(".*[?&]([a-z_]+)=[^&]*$", "$1");
      assertThat(r.body().path("description").asText()).as(path).contains("unknown query parameter '" + name + "'").contains("accepted: ");
    }
    assertThat(s.get("/search?collections=naip&limit=2").body().path("description").asText()).isEmpty();
    ObjectNode body = StacTestServer.JSON.createObjectNode();
    body.putArray("collections").add("naip");
    body.put("sort_by", "datetime");
    Response r = s.post("/search", body);
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.body().path("description").asText()).contains("unknown member of the search body 'sort_by'")
        .contains("collections").contains("sortby").contains("query");
    // what OGC API Features and STAC clients send along is accepted: f=json, CRS84, empty values
    for (String path : List.of("/search?collections=naip&limit=2&f=json", "/collections/naip/items?f=application/geo%2Bjson&limit=1"
        + "&crs=http://www.opengis.net/def/crs/OGC/1.3/CRS84&bbox-crs=http://www.opengis.net/def/crs/OGC/1.3/CRS84&bbox=-180,-90,180,90",
        "/collections?f=json", "/search?collections=naip&query=&q=&filter-lang=cql2-text")) {
      assertThat(s.get(path).status()).as(path).isEqualTo(200);
    }
    assertThat(s.get("/search?f=html").status()).isEqualTo(400);
    assertThat(s.get("/search?crs=http://www.opengis.net/def/crs/EPSG/0/3857").body().path("description").asText()).contains("CRS84");
  }

  @Test
  void theQueryExtensionAgreesWithTheEquivalentFilter() throws Exception {
    assertThat(s.get("/conformance").body().path("conformsTo").toString())
        .contains("https://api.stacspec.org/v1.0.0-rc.1/item-search#query", "https://api.stacspec.org/v1.0.0-rc.1/item-search#free-text");
    List<String> lowCloud = expected(i -> cloud(i) < 10);
    assertThat(lowCloud).isNotEmpty();
    assertThat(foundQuery("{\"eo:cloud_cover\":{\"lt\":10}}")).isEqualTo(lowCloud);
    assertThat(foundQueryGet("{\"eo:cloud_cover\":{\"lt\":10}}")).isEqualTo(lowCloud);
    // several operators and properties all hold; with a filter too
    assertThat(foundQuery("{\"eo:cloud_cover\":{\"gte\":10,\"lte\":20},\"properties.landsat:wrs_path\":{\"in\":[\"045\",\"046\"]}}"))
        .isEqualTo(expected(i -> cloud(i) >= 10 && cloud(i) <= 20
            && List.of("045", "046").contains(i.path("properties").path("landsat:wrs_path").asText())));
    ObjectNode both = StacTestServer.JSON.createObjectNode();
    both.putArray("collections").add("landsat-8-c2-l2");
    both.put("limit", 250);
    both.put("filter", "\"landsat:wrs_path\" = '045'");
    both.set("query", StacTestServer.JSON.readTree("{\"eo:cloud_cover\":{\"lt\":50}}"));
    assertThat(PAGING.pageAllPost(both).stream().map(i -> i.path("id").asText()).sorted().toList())
        .isEqualTo(expected(i -> cloud(i) < 50 && i.path("properties").path("landsat:wrs_path").asText().equals("045")));
    // string operators match literally and case-sensitively
    assertThat(foundQuery("{\"landsat:scene_id\":{\"startsWith\":\"LC8045\"}}"))
        .isEqualTo(expected(i -> i.path("properties").path("landsat:scene_id").asText().startsWith("LC8045")));
    assertThat(foundQuery("{\"landsat:scene_id\":{\"startsWith\":\"lc8045\"}}")).isEmpty();
    assertThat(foundQuery("{\"landsat:scene_id\":{\"contains\":\"%\"}}")).isEmpty();
    assertThat(foundQuery("{\"landsat:scene_id\":{\"endsWith\":\"_0\"}}")).isEmpty();
    assertThat(foundQuery("{\"platform\":{\"neq\":\"landsat-8\"}}"))
        .isEqualTo(expected(i -> i.path("properties").path("platform").isTextual()
            && !i.path("properties").path("platform").asText().equals("landsat-8")));
    // what it does not understand is a 400 that says why
    for (String[] bad : List.of(new String[] {"{\"eo:cloud_cover\":{\"less\":10}}", "unknown operator 'less'"},
        new String[] {"{\"eo:cloud_cover\":10}", "must map operators"}, new String[] {"[1]", "JSON object"},
        new String[] {"{\"platform\":{\"in\":[]}}", "non-empty array"}, new String[] {"{\"platform\":{\"startsWith\":1}}", "needs a string"},
        new String[] {"{\"no:such\":{\"eq\":1}}", "unknown property 'no:such'"}, new String[] {"{\"platform\":{\"lt\":10}}", ""},
        new String[] {"{not json", "JSON object"})) {
      Response r = s.get("/search?collections=landsat-8-c2-l2&query=" + q(bad[0]));
      assertThat(r.status()).as(bad[0]).isEqualTo(400);
      assertThat(r.body().path("description").asText()).as(bad[0]).contains(bad[1]);
    }
  }

  @Test
  void freeTextMatchesTitlesDescriptionsAndKeywords() throws Exception {
    List<JsonNode> all = new ArrayList<>();
    s.items.values().forEach(all::addAll);
    long described = landsat.stream().filter(i -> i.path("properties").path("description").asText().contains("Surface Reflectance")).count();
    assertThat(described).isPositive();
    // any term, ignoring case, in the description; naip items have no such text
    List<JsonNode> found = PAGING.pageAllGet("/search?collections=landsat-8-c2-l2,naip&limit=250&q=" + q("surface REFLECTANCE,no-such-word"));
    assertThat(found).hasSize((int) described).allSatisfy(i -> assertThat(i.path("collection").asText()).isEqualTo("landsat-8-c2-l2"));
    assertThat(PAGING.pageAllGet("/search?collections=naip&limit=250&q=landsat")).isEmpty();
    ObjectNode body = StacTestServer.JSON.createObjectNode();
    body.putArray("collections").add("landsat-8-c2-l2");
    body.put("limit", 250);
    body.putArray("q").add("no-such-word").add("level-2");
    assertThat(PAGING.pageAllPost(body)).hasSize((int) landsat.stream()
        .filter(i -> i.path("properties").path("description").asText().toLowerCase(java.util.Locale.ROOT).contains("level-2")).count());
    ObjectNode blank = StacTestServer.JSON.createObjectNode().put("q", "").put("limit", 1);
    assertThat(s.post("/search", blank).status()).isEqualTo(200);
    Response empty = s.get("/search?q=" + q(" , "));
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.body().path("description").asText()).contains("no term");
  }

  List<String> foundQuery(String queryJson) throws Exception {
    ObjectNode body = StacTestServer.JSON.createObjectNode();
    body.putArray("collections").add("landsat-8-c2-l2");
    body.put("limit", 250);
    body.set("query", StacTestServer.JSON.readTree(queryJson));
    return PAGING.pageAllPost(body).stream().map(i -> i.path("id").asText()).sorted().toList();
  }

  List<String> foundQueryGet(String queryJson) throws Exception {
    return PAGING.pageAllGet("/search?collections=landsat-8-c2-l2&limit=250&query=" + q(queryJson)).stream()
        .map(i -> i.path("id").asText()).sorted().toList();
  }

  @Test
  void collectionSearchPagesAndNarrowsTheCollections() throws Exception {
    assertThat(s.get("/").body().path("conformsTo").toString()).contains("https://api.stacspec.org/v1.0.0-rc.1/collection-search",
        "https://api.stacspec.org/v1.0.0-rc.1/collection-search#free-text");
    JsonNode all = s.get("/collections").body();
    int n = all.path("collections").size();
    assertThat(all.path("numberMatched").asInt()).isEqualTo(n);
    assertThat(StacApiTest.rel(all, "next")).isNull();
    List<String> paged = new ArrayList<>();
    String next = "/collections?limit=2";
    while (next != null) {
      JsonNode page = s.get(next.replace(s.base, "")).body();
      assertThat(page.path("numberMatched").asInt()).isEqualTo(n);
      page.path("collections").forEach(c -> paged.add(c.path("id").asText()));
      next = StacApiTest.rel(page, "next");
    }
    List<String> ids = new ArrayList<>();
    all.path("collections").forEach(c -> ids.add(c.path("id").asText()));
    assertThat(paged).isEqualTo(ids).isSorted();
    // naip lies in the United States, in 2010s; the landsat collection's document says Landsat
    List<String> here = new ArrayList<>();
    s.get("/collections?bbox=-125,24,-66,50&datetime=2010-01-01T00:00:00Z/..").body().path("collections")
        .forEach(c -> here.add(c.path("id").asText()));
    assertThat(here).contains("naip").doesNotContain(StacTestServer.TEMPORAL + ".station_1");
    assertThat(s.get("/collections?bbox=10,-10,11,-9").body().path("collections").toString()).doesNotContain("\"naip\"");
    JsonNode landsat = s.get("/collections?q=LANDSAT").body();
    assertThat(landsat.path("collections")).isNotEmpty().allSatisfy(c -> assertThat((c.path("title").asText() + c.path("description").asText()
        + c.path("keywords")).toLowerCase(java.util.Locale.ROOT)).contains("landsat"));
    for (String bad : List.of("/collections?bbox=1,2,3", "/collections?datetime=../..", "/collections?limit=0", "/collections?q=,")) {
      assertThat(s.get(bad).status()).as(bad).isEqualTo(400);
    }
  }
}
