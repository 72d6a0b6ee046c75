package io.swath.client;

import io.swath.core.table.DatapointTable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** Blocking view of one dataset. */
final class BlockingDatasetClient implements DatasetClient {
  private final AsyncDatasetClient async;
  private final ClientCore core;

  BlockingDatasetClient(AsyncDatasetClient async, ClientCore core) {
    this.async = async;
    this.core = core;
  }

  @Override
  public DatasetInfo info() {
    return async.info();
  }

  @Override
  public Map<String, CollectionClient> collections() {
    Map<String, CollectionClient> out = new LinkedHashMap<>();
    Futures.await(async.collections(), core.callTimeout).forEach((k, v) -> out.put(k, v.blocking()));
    return java.util.Collections.unmodifiableMap(out);
  }

  @Override
  public CollectionClient collection(String name) {
    return Futures.await(async.collection(name), core.callTimeout).blocking();
  }

  @Override
  public CollectionClient createCollection(String name) {
    return Futures.await(async.createCollection(name), core.callTimeout).blocking();
  }

  @Override
  public CollectionClient createCollection(String name, String stacDocument) {
    return Futures.await(async.createCollection(name, stacDocument), core.callTimeout).blocking();
  }

  @Override
  public long deleteCollection(String name) {
    return Futures.await(async.deleteCollection(name), core.callTimeout);
  }

  @Override
  public DatapointTable query(Query query) {
    return Futures.await(async.query(query), null);
  }

  @Override
  public Stream<DatapointTable> queryPages(Query query) {
    return Futures.stream(Futures.await(((DefaultAsyncDatasetClient) async).openPages(query), core.callTimeout));
  }

  @Override
  public long count(Query query) {
    return Futures.await(async.count(query), null);
  }

  @Override
  public AsyncDatasetClient async() {
    return async;
  }

  @Override
  public String toString() {
    return async.toString();
  }
}
