package io.swath.client;

import io.swath.core.table.DatapointTable;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/** One dataset, non-blocking. Obtained from {@link AsyncDatasetsClient#dataset(String)}. */
public interface AsyncDatasetClient {
  /** Slug, kind, description and schema as fetched. */
  DatasetInfo info();

  /** The collections by name, in name order. */
  CompletableFuture<Map<String, AsyncCollectionClient>> collections();

  /** One collection; fails with NotFoundException when there is none. */
  CompletableFuture<AsyncCollectionClient> collection(String name);

  /** Creates a collection, or returns the existing one of that name. */
  CompletableFuture<AsyncCollectionClient> createCollection(String name);

  /**
   * Creates a collection, or returns the existing one of that name, with the STAC Collection
   * document the server's STAC API serves for it ({@code stacDocument}: a JSON object with
   * {@code "type": "Collection"}; its title, license, providers, summaries, item_assets,
   * keywords... are served as given, its id, links and extent come from the server and the data).
   * The document replaces one stored before. An invalid document fails with
   * InvalidArgumentException.
   */
  CompletableFuture<AsyncCollectionClient> createCollection(String name, String stacDocument);

  /** Deletes a collection and its datapoints; returns how many datapoints were deleted. */
  CompletableFuture<Long> deleteCollection(String name);

  /** Queries several collections at once ({@link Query#collections}; default all), merged in time order. */
  CompletableFuture<DatapointTable> query(Query query);

  /** The pages of a multi-collection query, in time order, with backpressure (see {@link AsyncCollectionClient#queryPages}). */
  Flow.Publisher<DatapointTable> queryPages(Query query);

  /** How many datapoints a multi-collection query selects, counted by the server (see {@link AsyncCollectionClient#count}). */
  CompletableFuture<Long> count(Query query);

  /** The blocking view. */
  DatasetClient blocking();
}
