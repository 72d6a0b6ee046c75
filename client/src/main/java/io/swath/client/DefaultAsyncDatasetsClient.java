package io.swath.client;

import io.swath.api.v1.CreateDatasetRequest;
import io.swath.api.v1.DeleteDatasetRequest;
import io.swath.api.v1.GetDatasetRequest;
import io.swath.api.v1.ListDatasetsRequest;
import io.swath.api.v1.UpdateDatasetRequest;
import io.swath.core.error.NotFoundException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The async datasets client over the shared core. */
final class DefaultAsyncDatasetsClient implements AsyncDatasetsClient {
  private final ClientCore core;
  private final DatasetsClient blocking;

  DefaultAsyncDatasetsClient(ClientCore core) {
    this.core = core;
    this.blocking = new BlockingDatasetsClient(this, core);
  }

  @Override
  public CompletableFuture<AsyncDatasetClient> dataset(String slug) {
    return core.unary(core.datasets, s -> s.getDataset(GetDatasetRequest.newBuilder().setSlug(slug).build()),
        d -> new DefaultAsyncDatasetClient(core, Codec.dataset(d)));
  }

  @Override
  public CompletableFuture<List<DatasetInfo>> listDatasets() {
    return core.unary(core.datasets, s -> s.listDatasets(ListDatasetsRequest.getDefaultInstance()),
        r -> r.getDatasetsList().stream().map(Codec::dataset).toList());
  }

  @Override
  public CompletableFuture<DatasetGroup> datasets() {
    return listDatasets().thenApply(DatasetGroup::of);
  }

  @Override
  public CompletableFuture<AsyncDatasetClient> createDataset(DatasetSpec spec) {
    return core.unary(core.datasets, s -> s.createDataset(CreateDatasetRequest.newBuilder().setDataset(Codec.dataset(spec)).build()),
        d -> new DefaultAsyncDatasetClient(core, Codec.dataset(d)));
  }

  @Override
  public CompletableFuture<AsyncDatasetClient> createOrUpdateDataset(DatasetSpec spec) {
    return core.unary(core.datasets, s -> s.updateDataset(UpdateDatasetRequest.newBuilder().setDataset(Codec.dataset(spec)).build()),
        d -> (AsyncDatasetClient) new DefaultAsyncDatasetClient(core, Codec.dataset(d)))
        .exceptionallyCompose(e -> e instanceof NotFoundException || e.getCause() instanceof NotFoundException
            ? createDataset(spec) : CompletableFuture.failedFuture(e));
  }

  @Override
  public CompletableFuture<Long> deleteDataset(String slug) {
    return core.unary(core.datasets, s -> s.deleteDataset(DeleteDatasetRequest.newBuilder().setSlug(slug).build()),
        r -> r.getDeletedDatapoints());
  }

  @Override
  public DatasetsClient blocking() {
    return blocking;
  }

  @Override
  public void close() {
    core.close();
  }

  @Override
  public String toString() {
    return "AsyncDatasetsClient[" + core.target + "]";
  }
}
