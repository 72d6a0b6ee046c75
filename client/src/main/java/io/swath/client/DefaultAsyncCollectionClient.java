package io.swath.client;

import com.google.protobuf.ByteString;
import io.swath.api.v1.DeleteDatapointsRequest;
import io.swath.api.v1.FindRequest;
import io.swath.api.v1.GetCollectionRequest;
import io.swath.api.v1.ListCollectionsResponse;
import io.swath.core.id.DatapointId;
import io.swath.core.table.Datapoint;
import io.swath.core.table.DatapointTable;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/** One collection over the shared core. */
final class DefaultAsyncCollectionClient implements AsyncCollectionClient {
  /** How long the statistics received with the collection plan its queries without asking again. */
  static final long STATS_MAX_AGE_NANOS = TimeUnit.SECONDS.toNanos(5);
  private final ClientCore core;
  private final DatasetInfo dataset;
  private final String name;
  private final ListCollectionsResponse stats;
  private final long statsAt;

  /** A collection as the server described it: its count and availability plan the next queries. */
  DefaultAsyncCollectionClient(ClientCore core, DatasetInfo dataset, io.swath.api.v1.Collection described) {
    this.core = core;
    this.dataset = dataset;
    this.name = described.getName();
    this.stats = ListCollectionsResponse.newBuilder().addCollections(described).build();
    this.statsAt = System.nanoTime();
  }

  /**
   * The statistics received with this collection while they are recent and not empty (a
   * collection just created is usually filled next), else null: the query asks for fresh ones.
   */
  private ListCollectionsResponse recentStats() {
    return stats.getCollections(0).getCount() > 0 && System.nanoTime() - statsAt < STATS_MAX_AGE_NANOS ? stats : null;
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
    return QueryRunner.run(core, dataset, List.of(name), query, name, recentStats());
  }

  @Override
  public Flow.Publisher<DatapointTable> queryPages(Query query) {
    return new QueryPublisher(() -> QueryRunner.openPages(core, dataset, List.of(name), query, recentStats()));
  }

  /** Opens the pages for pulling (used by the blocking stream). */
  CompletableFuture<PageIterator> openPages(Query query) {
    return QueryRunner.openPages(core, dataset, List.of(name), query, recentStats());
  }

  @Override
  public CompletableFuture<Long> count(Query query) {
    return QueryRunner.count(core, dataset, List.of(name), query);
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
