package io.swath.client.stac;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.swath.client.Query;
import io.swath.client.stac.RecordedStacApi.Style;
import io.swath.core.error.InvalidArgumentException;
import io.swath.core.error.NotFoundException;
import io.swath.core.error.UnavailableException;
import io.swath.core.retry.RetryPolicy;
import io.swath.core.geo.Geometries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The SDK's STAC client against local servers that answer like Planetary Computer and Earth Search, from recorded items. */
class StacClientTest {
  static final String LANDSAT = "landsat-8-c2-l2";

  static StacClient client(RecordedStacApi api) {
    return StacClient.builder(api.base)
        .retry(RetryPolicy.builder().initialBackoff(Duration.ofMillis(20)).maxBackoff(Duration.ofMillis(200)).build()).buildBlocking();
  }

  static Set<String> ids(List<StacItem> items) {
    Set<String> out = new HashSet<>();
    items.forEach(i -> out.add(i.collection() + "/" + i.id()));
    return out;
  }

  static Set<String> ids(RecordedStacApi api, java.util.function.Predicate<JsonNode> p) {
    Set<String> out = new HashSet<>();
    api.items.stream().filter(p).forEach(i -> out.add(i.path("collection").asText() + "/" + i.path("id").asText()));
    return out;
  }

  @Test
  void landingPageAndCollections() throws Exception {
    try (RecordedStacApi api = new RecordedStacApi(Style.PLANETARY_COMPUTER); StacClient stac = client(api)) {
      assertThat(stac.landing().id()).isEqualTo("microsoft-pc");
      assertThat(stac.landing().conformsTo("item-search#filter")).isTrue();
      List<StacCollectionInfo> cols = stac.collections();
      assertThat(cols).extracting(StacCollectionInfo::id).contains(LANDSAT, "naip", "sentinel-2-l2a");
      StacCollectionInfo landsat = stac.collection(LANDSAT);
      assertThat(landsat.start()).isNotNull();
      assertThatThrownBy(() -> stac.collection("nope")).isInstanceOf(NotFoundException.class);
    }
  }

  @Test
  void pagesThroughNextLinksWithPostAndGet() throws Exception {
    for (Style style : Style.values()) {
      try (RecordedStacApi api = new RecordedStacApi(style); StacClient stac = client(api)) {
        Set<String> expected = ids(api, i -> i.path("collection").asText().equals(LANDSAT));
        StacSearch s = StacSearch.of(Query.all().collections(LANDSAT)).pageSize(100).shards(1);
        List<StacItem> post = stac.searchAll(s);
        assertThat(post).hasSize(750);
        assertThat(ids(post)).isEqualTo(expected);
        assertThat(api.requests).filteredOn(r -> r.path().equals("/search")).allMatch(r -> r.method().equals("POST"));
        api.requests.clear();
        List<StacItem> get = stac.searchAll(s.method(StacSearch.Method.GET));
        assertThat(ids(get)).isEqualTo(expected);
        assertThat(api.requests).filteredOn(r -> r.path().equals("/search")).hasSize(8).allMatch(r -> r.method().equals("GET"));
        // by hand, page by page
        int pages = 0;
        int items = 0;
        for (StacPage p : stac.pages(s.pageSize(300))) {
          pages++;
          items += p.items().size();
        }
        assertThat(pages).isEqualTo(3);
        assertThat(items).isEqualTo(750);
        // with an item budget: the last page is cut at it, and no page is fetched after it (the
        // client asks for one page ahead while a page is read, so at most one request more)
        api.requests.clear();
        List<StacItem> some = new ArrayList<>();
        for (StacPage p : stac.pages(s.pageSize(100).maxItems(250))) {
          some.addAll(p.items());
        }
        assertThat(some).hasSize(250);
        assertThat(ids(some)).isSubsetOf(expected);
        assertThat(api.requests).filteredOn(r -> r.path().equals("/search")).hasSizeLessThanOrEqualTo(4);
      }
    }
  }

  @Test
  void sendsTheQueryAsStacParameters() throws Exception {
    try (RecordedStacApi api = new RecordedStacApi(Style.EARTH_SEARCH); StacClient stac = client(api)) {
      Query q = Query.time("2016-01-01", "2017-01-01").bbox(-125, 36, -122, 39).filter("eo:cloud_cover < 50").collections(LANDSAT);
      List<StacItem> found = stac.searchAll(StacSearch.of(q).sortBy("-datetime").exclude("assets").shards(1));
      Set<String> expected = ids(api, i -> i.path("collection").asText().equals(LANDSAT)
          && i.path("properties").path("datetime").asText().startsWith("2016")
          && i.path("properties").path("eo:cloud_cover").asDouble() < 50
          && Geometries.fromGeoJson(i.get("geometry")).intersects(io.swath.core.geo.BoundingBox.of(-125, 36, -122, 39).toGeometry()));
      assertThat(expected).isNotEmpty();
      assertThat(ids(found)).isEqualTo(expected);
      JsonNode body = api.requests.stream().filter(r -> r.path().equals("/search")).findFirst().orElseThrow().body();
      // [2016-01-01, 2017-01-01) as a closed STAC interval
      assertThat(body.path("datetime").asText()).isEqualTo("2016-01-01T00:00:00Z/2016-12-31T23:59:59.999999Z");
      assertThat(body.path("intersects").path("type").asText()).isEqualTo("Polygon");
      assertThat(body.path("filter").toString()).isEqualTo("{\"op\":\"<\",\"args\":[{\"property\":\"eo:cloud_cover\"},50]}");
      assertThat(body.path("filter-lang").asText()).isEqualTo("cql2-json");
      assertThat(body.path("sortby").toString()).isEqualTo("[{\"field\":\"datetime\",\"direction\":\"desc\"}]");
      assertThat(body.path("fields").path("exclude").toString()).isEqualTo("[\"assets\"]");
      assertThat(body.path("collections").toString()).isEqualTo("[\"" + LANDSAT + "\"]");
      // the same by GET: a rectangle becomes a bbox, the filter CQL2 text
      api.requests.clear();
      assertThat(ids(stac.searchAll(StacSearch.of(q).method(StacSearch.Method.GET).shards(1)))).isEqualTo(expected);
      String query = api.requests.stream().filter(r -> r.path().equals("/search")).findFirst().orElseThrow().query();
      assertThat(java.net.URLDecoder.decode(query, java.nio.charset.StandardCharsets.UTF_8))
          .contains("bbox=-125,36,-122,39", "filter=eo:cloud_cover < 50", "filter-lang=cql2-text",
              "datetime=2016-01-01T00:00:00Z/2016-12-31T23:59:59.999999Z");
      // ids, a limit, and "within" checked here on the footprints
      List<StacItem> two = stac.searchAll(StacSearch.of(Query.all()).ids("LC08_L2SP_045034_20160821_02_T1", "LC08_L2SR_066091_20160824_02_T1"));
      assertThat(two).extracting(StacItem::id).containsExactlyInAnyOrder("LC08_L2SP_045034_20160821_02_T1", "LC08_L2SR_066091_20160824_02_T1");
      assertThat(stac.searchAll(StacSearch.of(Query.all().collections(LANDSAT).limit(123)).pageSize(50))).hasSize(123);
      var area = io.swath.core.geo.BoundingBox.of(-130, 30, -115, 45).toGeometry();
      List<StacItem> within = stac.searchAll(StacSearch.of(Query.all().collections(LANDSAT).within(area)).shards(1));
      assertThat(within).isNotEmpty().allMatch(i -> area.covers(i.geometry()));
    }
  }

  @Test
  void largeSearchesPageConcurrentlyByTimeShards() throws Exception {
    try (RecordedStacApi api = new RecordedStacApi(Style.EARTH_SEARCH);
         StacClient stac = StacClient.builder(api.base).concurrency(4).shardThreshold(100).buildBlocking()) {
      api.latencyMs = 30;
      Set<String> expected = ids(api, i -> i.path("collection").asText().equals(LANDSAT) || i.path("collection").asText().equals("naip"));
      List<StacItem> found = stac.searchAll(StacSearch.of(Query.all().collections(LANDSAT, "naip")).pageSize(50));
      assertThat(found).hasSize(expected.size());
      assertThat(ids(found)).isEqualTo(expected);
      assertThat(api.maxInFlight.get()).isGreaterThan(1);
      // the shards are time ranges that together cover the collections' extent
      Set<String> ranges = new HashSet<>();
      api.requests.stream().filter(r -> r.path().equals("/search") && r.body().has("datetime") && !r.body().has("next"))
          .forEach(r -> ranges.add(r.body().path("datetime").asText()));
      assertThat(ranges).hasSize(4);
      // async: two searches at once
      AsyncStacClient async = stac.async();
      CompletableFuture<List<StacItem>> a = async.searchAll(StacSearch.of(Query.all().collections(LANDSAT)).pageSize(100));
      CompletableFuture<List<StacItem>> b = async.searchAll(StacSearch.of(Query.all().collections("naip")).pageSize(100));
      assertThat(a.get()).hasSize(750);
      assertThat(b.get()).hasSize(437);
    }
  }

  @Test
  void retriesHonourRetryAfterOn429AndBackOffOn503() throws Exception {
    try (RecordedStacApi api = new RecordedStacApi(Style.PLANETARY_COMPUTER); StacClient stac = client(api)) {
      api.tooManyRequests.set(1);
      api.unavailable.set(2);
      List<StacItem> found = stac.searchAll(StacSearch.of(Query.all().collections("naip")).pageSize(100).shards(1));
      assertThat(found).hasSize(437);
      List<RecordedStacApi.Request> searches = api.requests.stream().filter(r -> r.path().equals("/search")).toList();
      // 2 x 503, 1 x 429, then 5 pages
      assertThat(searches).hasSize(8);
      long waitedAfter429 = searches.get(3).nanos() - searches.get(2).nanos();
      assertThat(Duration.ofNanos(waitedAfter429)).isGreaterThanOrEqualTo(Duration.ofMillis(950));

      api.down = true;
      long t0 = System.nanoTime();
      StacClient impatient = StacClient.builder(api.base)
          .retry(RetryPolicy.builder().maxAttempts(3).initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(50)).build())
          .buildBlocking();
      assertThatThrownBy(() -> impatient.searchAll(StacSearch.of(Query.all()).shards(1))).isInstanceOf(UnavailableException.class)
          .hasMessageContaining("503");
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
      impatient.close();
    }
  }

  @Test
  void badRequestsFailWithTheApisMessage() throws Exception {
    try (RecordedStacApi api = new RecordedStacApi(Style.EARTH_SEARCH); StacClient stac = client(api)) {
      assertThatThrownBy(() -> stac.searchAll(StacSearch.of(Query.all().filter("eo:cloud_cover LIKE 'x'")).shards(1)))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("does not know op like");
      assertThatThrownBy(() -> StacClient.open("ftp://example.com")).isInstanceOf(IllegalArgumentException.class);
      // a connection refused is retried, then reported
      StacClient nowhere = StacClient.builder("http://127.0.0.1:1/")
          .retry(RetryPolicy.builder().maxAttempts(2).initialBackoff(Duration.ofMillis(5)).maxBackoff(Duration.ofMillis(5)).build())
          .buildBlocking();
      assertThatThrownBy(nowhere::landing).isInstanceOf(UnavailableException.class);
      nowhere.close();
    }
  }

  @Test
  void itemsGiveTypedAccess() throws Exception {
    try (RecordedStacApi api = new RecordedStacApi(Style.PLANETARY_COMPUTER); StacClient stac = client(api)) {
      List<StacItem> items = new ArrayList<>(stac.searchAll(StacSearch.of(Query.all()).ids("LC08_L2SP_045034_20160821_02_T1")));
      StacItem i = items.get(0);
      assertThat(i.time()).isEqualTo(Instant.parse("2016-08-21T18:52:22.630466Z"));
      assertThat(i.geometry().getGeometryType()).isEqualTo("Polygon");
      assertThat(i.properties().path("platform").asText()).isEqualTo("landsat-8");
      assertThat(i.assets().has("SR_B2")).isTrue();
    }
  }
}
