package io.swath.client;

import java.util.List;

/** The blocking view: one line per method over the async client. */
final class BlockingDatasetsClient implements DatasetsClient {
  private final AsyncDatasetsClient async;
  private final ClientCore core;

  BlockingDatasetsClient(AsyncDatasetsClient async, ClientCore core) {
    this.async = async;
    this.core = core;
  }

  @Override
  public DatasetClient dataset(String slug) {
    return Futures.await(async.dataset(slug), core.callTimeout).blocking();
  }

  @Override
  public List<DatasetInfo> listDatasets() {
    return Futures.await(async.listDatasets(), core.callTimeout);
  }

  @Override
  public DatasetGroup datasets() {
    return Futures.await(async.datasets(), core.callTimeout);
  }

  @Override
  public DatasetClient createDataset(DatasetSpec spec) {
    return Futures.await(async.createDataset(spec), core.callTimeout).blocking();
  }

  @Override
  public DatasetClient createOrUpdateDataset(DatasetSpec spec) {
    return Futures.await(async.createOrUpdateDataset(spec), core.callTimeout).blocking();
  }

  @Override
  public long deleteDataset(String slug) {
    return Futures.await(async.deleteDataset(slug), core.callTimeout);
  }

  @Override
  public AsyncDatasetsClient async() {
    return async;
  }

  @Override
  public void close() {
    async.close();
  }

  @Override
  public String toString() {
    return "DatasetsClient[" + core.target + "]";
  }
}
