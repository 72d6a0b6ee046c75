package io.swath.client.stac;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The non-blocking face of the STAC client: every call returns a {@link CompletableFuture}, and
 * bad arguments fail the future rather than throw.
 *
 * <pre>{@code
 * try (AsyncStacClient stac = AsyncStacClient.open("https://earth-search.aws.element84.com/v1")) {
 *   CompletableFuture<List<StacItem>> a = stac.searchAll(StacSearch.of(Query.time("2023-06-01", "2023-07-01")
 *       .collections("sentinel-2-l2a").bbox(5.9, 45.8, 10.5, 47.8)));
 *   CompletableFuture<List<StacItem>> b = stac.searchAll(StacSearch.of(Query.time("2023-06-01", "2023-07-01")
 *       .collections("landsat-c2-l2").bbox(5.9, 45.8, 10.5, 47.8)));
 *   System.out.println(a.join().size() + b.join().size());
 * }
 * }</pre>
 *
 * <p>Futures fail with {@link io.swath.core.error.SwathException} subtypes:
 * {@link io.swath.core.error.InvalidArgumentException} (400), {@link io.swath.core.error.NotFoundException}
 * (404), {@link io.swath.core.error.UnavailableException} (no answer, or 429/5xx after the retries).
 */
public interface AsyncStacClient extends AutoCloseable {
  /** A client for the STAC API whose landing page is at {@code url}, with default settings. */
  static AsyncStacClient open(String url) {
    return builder(url).build();
  }

  /** A builder for the STAC API whose landing page is at {@code url}. */
  static StacClientBuilder builder(String url) {
    return new StacClientBuilder(url);
  }

  /** The landing page (fetched once, then kept). */
  CompletableFuture<StacLanding> landing();

  /** Every collection, following the paging of {@code /collections} if the API pages it. */
  CompletableFuture<List<StacCollectionInfo>> collections();

  /** One collection. */
  CompletableFuture<StacCollectionInfo> collection(String id);

  /** The first page of a search, for paging by hand with {@link #nextPage}. */
  CompletableFuture<StacPage> firstPage(StacSearch search);

  /** The page a page's {@code next} link points at; fails when there is none. */
  CompletableFuture<StacPage> nextPage(StacPage page);

  /**
   * Runs a search to its end, handing each page to {@code onPage} (one call at a time, never
   * concurrently). A large search is split into time shards paged concurrently (see
   * {@link StacSearch#shards}), so pages of different shards interleave. Completes with the number
   * of items.
   */
  CompletableFuture<Long> search(StacSearch search, Consumer<StacPage> onPage);

  /** Every item of a search, in one list (sharded like {@link #search}). */
  CompletableFuture<List<StacItem>> searchAll(StacSearch search);

  /** The blocking face over the same connection and settings. */
  StacClient blocking();

  /** Closes the HTTP client; running calls fail. */
  @Override
  void close();
}
