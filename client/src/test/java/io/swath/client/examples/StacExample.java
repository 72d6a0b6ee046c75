package io.swath.client.examples;

import io.swath.client.Query;
import io.swath.client.stac.AsyncStacClient;
import io.swath.client.stac.StacClient;
import io.swath.client.stac.StacCollectionInfo;
import io.swath.client.stac.StacItem;
import io.swath.client.stac.StacPage;
import io.swath.client.stac.StacSearch;
import io.swath.core.retry.RetryPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The Java code of docs/stac.md, compiled and run by StacExampleTest against a recorded STAC API. */
public final class StacExample {
  private StacExample() {}

  /** Runs the examples against the STAC API at {@code url}; returns what they printed, line by line. */
  public static List<String> run(String url) throws Exception {
    List<String> out = new ArrayList<>();
    // --8<-- [start:open]
    try (StacClient stac = StacClient.builder(url)
        .concurrency(4)                                   // time shards paged at once for large searches
        .retry(RetryPolicy.defaults())                     // 429/5xx and broken connections, Retry-After honoured
        .buildBlocking()) {
      for (StacCollectionInfo c : stac.collections()) {
        out.add(c.id());                                  // landsat-8-c2-l2, naip, sentinel-2-l2a, ...
      }
      // --8<-- [end:open]

      // --8<-- [start:search]
      Query q = Query.time("2016-01-01", "2017-01-01")   // [start, end): sent as 2016-01-01T00:00:00Z/2016-12-31T23:59:59.999999Z
          .bbox(-125, 36, -122, 39)
          .filter("eo:cloud_cover < 50")                   // CQL2 text; sent as CQL2 JSON in POST searches
          .collections("landsat-8-c2-l2");
      List<StacItem> items = stac.searchAll(StacSearch.of(q).sortBy("-datetime").exclude("assets"));
      out.add(items.size() + " items, first " + items.get(0).id() + " at " + items.get(0).time());
      // --8<-- [end:search]

      // --8<-- [start:pages]
      int pages = 0;
      for (StacPage page : stac.pages(StacSearch.of(Query.all().collections("naip")).pageSize(100))) {
        pages++;                                          // each page is fetched when the loop reaches it
      }
      out.add(pages + " pages of naip");
      // --8<-- [end:pages]

      // --8<-- [start:async]
      AsyncStacClient async = stac.async();
      CompletableFuture<List<StacItem>> landsat = async.searchAll(StacSearch.of(Query.all().collections("landsat-8-c2-l2")));
      CompletableFuture<List<StacItem>> naip = async.searchAll(StacSearch.of(Query.all().collections("naip")));
      out.add(landsat.get().size() + " + " + naip.get().size() + " items, loaded concurrently");
      // --8<-- [end:async]
    }
    return out;
  }
}
