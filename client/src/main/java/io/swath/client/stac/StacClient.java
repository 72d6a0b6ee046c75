package io.swath.client.stac;

import java.util.List;
import java.util.function.Consumer;

/**
 * A client for any STAC API (Earth Search, Planetary Computer, a Swath server, ...): landing page,
 * collections, and item search with the same {@link io.swath.client.Query} Swath queries take, paged
 * through {@code next} links (GET or POST), concurrently by time shards when the search is large,
 * with retries and backoff on 429 and 5xx that honour {@code Retry-After}.
 *
 * <pre>{@code
 * try (StacClient stac = StacClient.open("https://planetarycomputer.microsoft.com/api/stac/v1")) {
 *   for (StacCollectionInfo c : stac.collections()) {
 *     System.out.println(c);
 *   }
 *   List<StacItem> items = stac.searchAll(StacSearch.of(Query.time("2020-01-01", "2021-01-01")
 *       .collections("landsat-c2-l2").bbox(-122.5, 37.5, -122, 38).filter("eo:cloud_cover < 10")));
 * }
 * }</pre>
 *
 * <p>Methods throw {@link io.swath.core.error.SwathException} subtypes (see {@link AsyncStacClient});
 * an interrupted call is cancelled and throws {@link io.swath.core.error.SwathCancelledException}
 * with the interrupt flag set. Thread-safe; share one client.
 */
public interface StacClient extends AutoCloseable {
  /** A client for the STAC API whose landing page is at {@code url}, with default settings. */
  static StacClient open(String url) {
    return AsyncStacClient.open(url).blocking();
  }

  /** A builder for the STAC API whose landing page is at {@code url}; finish with {@code buildBlocking()}. */
  static StacClientBuilder builder(String url) {
    return new StacClientBuilder(url);
  }

  /** The landing page. */
  StacLanding landing();

  /** Every collection. */
  List<StacCollectionInfo> collections();

  /** One collection. */
  StacCollectionInfo collection(String id);

  /**
   * The pages of a search, fetched one after the other as the iteration reaches them (never
   * sharded). The search's {@code maxItems} and a "contains" place apply as in {@link #search}: the
   * last page is cut at the item budget, and no page is fetched after it.
   */
  Iterable<StacPage> pages(StacSearch search);

  /** Runs a search to its end, handing each page to {@code onPage}; returns the number of items. */
  long search(StacSearch search, Consumer<StacPage> onPage);

  /** Every item of a search. */
  List<StacItem> searchAll(StacSearch search);

  /** The async face over the same connection. */
  AsyncStacClient async();

  @Override
  void close();
}
