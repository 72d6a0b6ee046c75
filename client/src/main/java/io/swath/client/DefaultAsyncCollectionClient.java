package io.swath.client;

import com.google.protobuf.ByteString;
import io.swath.api.v1.DeleteDatapointsRequest;
import io.swath.api.v1.FindRequest;
import io.swath.api.v1.GetCollectionRequest;
import io.swath.core.id.DatapointId;
import io.swath.core.table.Datapoint;
import io.swath.core.table.DatapointTable;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/** One collection over the shared core. */
final class DefaultAsyncCollectionClient implements AsyncCollectionClient {
  private final ClientCore core;
  private final DatasetInfo dataset;
  private final String name;

  DefaultAsyncCollectionClient(ClientCore core, DatasetInfo dataset, String name) {
    this.core = core;
    this.dataset = dataset;
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public DatasetInfo dataset() {
    return dataset;
  }

  @Override
  public CompletableFuture<CollectionInfo> info() {
    return core.unary(core.collections, s -> s.getCollection(GetCollectionRequest.newBuilder().setDatasetSlug(dataset.slug()).setName(name)
        .build()), Codec::collection);
  }

  @Override
  public CompletableFuture<DatapointTable> query(Query query) {
    return QueryRunner.run(core, dataset, List.of(name), query, name);
  }

  @Override
  public Flow.Publisher<DatapointTable> queryPages(Query query) {
    return new QueryPublisher(() -> QueryRunner.openPages(core, dataset, List.of(name), query));
  }

  /** Opens the pages for pulling (used by the blocking stream). */
  CompletableFuture<PageIterator> openPages(Query query) {
    return QueryRunner.openPages(core, dataset, List.of(name), query);
  }

  @Override
  public CompletableFuture<Datapoint> find(DatapointId id) {
    if (id == null) {
      return Futures.failed(new IllegalArgumentException("datapoint id is null"));
    }
    return core.unary(core.access, s -> s.find(FindRequest.newBuilder().setDatasetSlug(dataset.slug()).setCollection(name)
        .setId(ByteString.copyFrom(id.toBytes())).build()), p -> {
          DatapointTable.Builder b = DatapointTable.builder(dataset.schema());
          Codec.addPage(b, p);
          return b.build().row(0);
        });
  }

  @Override
  public CompletableFuture<IngestResult> ingest(Collection<?> datapoints) {
    return ingest(datapoints, false);
  }

  @Override
  public CompletableFuture<IngestResult> ingest(Collection<?> datapoints, boolean showProgress) {
    if (datapoints == null) {
      return Futures.failed(new IllegalArgumentException("datapoints is null"));
    }
    return Ingester.ingest(core, dataset, name, datapoints, showProgress);
  }

  @Override
  public CompletableFuture<Long> delete(Collection<DatapointId> ids) {
    byte[] raw = new byte[ids.size() * 16];
    int o = 0;
    for (DatapointId id : ids) {
      System.arraycopy(id.toBytes(), 0, raw, o, 16);
      o += 16;
    }
    return core.unary(core.ingest, s -> s.deleteDatapoints(DeleteDatapointsRequest.newBuilder().setDatasetSlug(dataset.slug())
        .setCollection(name).setIds(ByteString.copyFrom(raw)).build()), r -> r.getDeleted());
  }

  @Override
  public CollectionClient blocking() {
    return new BlockingCollectionClient(this, core);
  }

  @Override
  public String toString() {
    return dataset.slug() + "/" + name;
  }
}
