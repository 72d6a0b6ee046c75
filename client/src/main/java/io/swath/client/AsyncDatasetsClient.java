package io.swath.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The non-blocking face of the Swath datasets SDK: every call returns at once with a
 * {@link CompletableFuture}, so many collections, or one huge query, load concurrently.
 *
 * <pre>{@code
 * try (AsyncDatasetsClient client = AsyncDatasetsClient.connect()) {
 *   AsyncDatasetClient landsat = client.dataset("open_data.usgs.landsat8_oli_tirs").get();
 *   var l1tp = landsat.collection("L1TP").thenCompose(c -> c.query(Query.time("2020-01-01", "2021-01-01")));
 *   var l2sp = landsat.collection("L2SP").thenCompose(c -> c.query(Query.time("2020-01-01", "2021-01-01")));
 *   CompletableFuture.allOf(l1tp, l2sp).join();
 * }
 * }</pre>
 *
 * <p>Futures never block a thread while waiting for the server. They complete exceptionally
 * with a {@link io.swath.core.error.SwathException} subtype (wrapped in a
 * {@code CompletionException} by {@code join()}), including for invalid arguments: methods
 * report errors through the future rather than throwing. {@code cancel(true)} on a query's
 * future cancels the server-side stream.
 *
 * <p>One client is meant to be shared by the whole application and is thread-safe; it shares
 * its connection with its {@link #blocking()} view. Close it when done.
 */
public interface AsyncDatasetsClient extends AutoCloseable {
  /** Connects to {@code SWATH_URL}, or {@code localhost:7777} when unset. */
  static AsyncDatasetsClient connect() {
    return builder().build();
  }

  /** Connects to {@code target}: {@code host:port}, or a {@code grpc://} / {@code http://} URL. */
  static AsyncDatasetsClient connect(String target) {
    return builder().target(target).build();
  }

  /** A builder for address and options. */
  static DatasetsClientBuilder builder() {
    return new DatasetsClientBuilder();
  }

  /** The dataset with that slug; fails with NotFoundException when there is none. */
  CompletableFuture<AsyncDatasetClient> dataset(String slug);

  /** Every dataset, by slug. */
  CompletableFuture<List<DatasetInfo>> listDatasets();

  /** The tree of groups and datasets ({@code open_data} → {@code usgs} → {@code landsat8_oli_tirs}). */
  CompletableFuture<DatasetGroup> datasets();

  /** Creates a dataset; fails with AlreadyExistsException when the slug is taken. */
  CompletableFuture<AsyncDatasetClient> createDataset(DatasetSpec spec);

  /**
   * Creates the dataset, or updates description and schema of an existing one (fields may be
   * appended; changes that would break stored data fail with FailedPreconditionException).
   */
  CompletableFuture<AsyncDatasetClient> createOrUpdateDataset(DatasetSpec spec);

  /** Deletes a dataset with all its collections; returns the number of datapoints deleted. */
  CompletableFuture<Long> deleteDataset(String slug);

  /** The blocking view over the same connection. */
  DatasetsClient blocking();

  /** Closes the connection (only the client that opened it). */
  @Override
  void close();
}
