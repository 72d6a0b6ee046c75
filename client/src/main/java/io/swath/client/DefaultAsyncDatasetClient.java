package io.swath.client;

import io.swath.api.v1.CreateCollectionRequest;
import io.swath.api.v1.DeleteCollectionRequest;
import io.swath.api.v1.GetCollectionRequest;
import io.swath.api.v1.ListCollectionsRequest;
import io.swath.core.table.DatapointTable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/** One dataset over the shared core. */
final class DefaultAsyncDatasetClient implements AsyncDatasetClient {
  private final ClientCore core;
  private final DatasetInfo info;

  DefaultAsyncDatasetClient(ClientCore core, DatasetInfo info) {
    this.core = core;
    this.info = info;
  }

  @Override
  public DatasetInfo info() {
    return info;
  }

  @Override
  public CompletableFuture<Map<String, AsyncCollectionClient>> collections() {
    return core.unary(core.collections, s -> s.listCollections(ListCollectionsRequest.newBuilder().setDatasetSlug(info.slug()).build()),
        r -> {
          Map<String, AsyncCollectionClient> m = new LinkedHashMap<>();
          r.getCollectionsList().forEach(c -> m.put(c.getName(), new DefaultAsyncCollectionClient(core, info, c)));
          return java.util.Collections.unmodifiableMap(m);
        });
  }

  @Override
  public CompletableFuture<AsyncCollectionClient> collection(String name) {
    return core.unary(core.collections, s -> s.getCollection(GetCollectionRequest.newBuilder().setDatasetSlug(info.slug()).setName(name).build()),
        c -> new DefaultAsyncCollectionClient(core, info, c));
  }

  @Override
  public CompletableFuture<AsyncCollectionClient> createCollection(String name) {
    return createCollection(name, "");
  }

  @Override
  public CompletableFuture<AsyncCollectionClient> createCollection(String name, String stacDocument) {
    try {
      io.swath.core.rules.StorageRules.checkCollectionName(name);
      java.util.Objects.requireNonNull(stacDocument, "stacDocument");
    } catch (IllegalArgumentException | NullPointerException e) {
      return Futures.failed(e);
    }
    return core.unary(core.collections, s -> s.createCollection(CreateCollectionRequest.newBuilder().setDatasetSlug(info.slug()).setName(name)
        .setIfNotExists(true).setStacDocument(stacDocument).build()), c -> new DefaultAsyncCollectionClient(core, info, c));
  }

  @Override
  public CompletableFuture<Long> deleteCollection(String name) {
    return core.unary(core.collections, s -> s.deleteCollection(DeleteCollectionRequest.newBuilder().setDatasetSlug(info.slug()).setName(name)
        .build()), r -> r.getDeletedDatapoints());
  }

  @Override
  public CompletableFuture<DatapointTable> query(Query query) {
    return QueryRunner.run(core, info, query.collectionNames(), query, QueryRunner.label(info, query.collectionNames()), null);
  }

  @Override
  public Flow.Publisher<DatapointTable> queryPages(Query query) {
    return new QueryPublisher(() -> QueryRunner.openPages(core, info, query.collectionNames(), query, null));
  }

  /** Opens the pages for pulling (used by the blocking stream). */
  CompletableFuture<PageIterator> openPages(Query query) {
    return QueryRunner.openPages(core, info, query.collectionNames(), query, null);
  }

  @Override
  public CompletableFuture<Long> count(Query query) {
    return QueryRunner.count(core, info, query == null ? java.util.List.of() : query.collectionNames(), query);
  }

  @Override
  public DatasetClient blocking() {
    return new BlockingDatasetClient(this, core);
  }

  @Override
  public String toString() {
    return info.toString();
  }
}
