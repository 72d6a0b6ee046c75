package io.swath.client;

import java.util.List;

/**
 * The blocking face of the Swath datasets SDK.
 *
 * <pre>{@code
 * try (DatasetsClient client = DatasetsClient.connect()) {          // SWATH_URL or localhost:7777
 *   DatasetClient landsat = client.dataset("open_data.usgs.landsat8_oli_tirs");
 *   for (CollectionClient c : landsat.collections().values()) {
 *     System.out.println(c.info());                                  // L1TP: [2020-01-01T.., ..] (65313 datapoints)
 *   }
 *   DatapointTable data = landsat.collection("L1TP").query(Query.time("2020-01-01", "2021-01-01").showProgress(true));
 * }
 * }</pre>
 *
 * <p>Methods throw {@link io.swath.core.error.SwathException} subtypes: NotFoundException,
 * InvalidArgumentException, AlreadyExistsException, UnavailableException, ... An empty query
 * result is a table with no rows, not an error. If the calling thread is interrupted, the call
 * is cancelled on the server and SwathCancelledException is thrown with the interrupt flag set.
 *
 * <p>Thread-safe; share one client. It is a view over an {@link AsyncDatasetsClient}
 * ({@link #async()}) and uses the same connection.
 */
public interface DatasetsClient extends AutoCloseable {
  /** Connects to {@code SWATH_URL}, or {@code localhost:7777} when unset. */
  static DatasetsClient connect() {
    return AsyncDatasetsClient.connect().blocking();
  }

  /** Connects to {@code target}: {@code host:port}, or a {@code grpc://} / {@code http://} URL. */
  static DatasetsClient connect(String target) {
    return AsyncDatasetsClient.connect(target).blocking();
  }

  /** A builder for address and options; finish with {@code buildBlocking()}. */
  static DatasetsClientBuilder builder() {
    return new DatasetsClientBuilder();
  }

  /** The dataset with that slug. */
  DatasetClient dataset(String slug);

  /** Every dataset, by slug. */
  List<DatasetInfo> listDatasets();

  /** The tree of groups and datasets. */
  DatasetGroup datasets();

  /** Creates a dataset. */
  DatasetClient createDataset(DatasetSpec spec);

  /** Creates the dataset or updates an existing one compatibly. */
  DatasetClient createOrUpdateDataset(DatasetSpec spec);

  /** Deletes a dataset with all its collections; returns the number of datapoints deleted. */
  long deleteDataset(String slug);

  /** The async face over the same connection. */
  AsyncDatasetsClient async();

  /** Closes the connection. */
  @Override
  void close();
}
