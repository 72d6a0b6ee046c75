package io.swath.client;

import io.swath.core.id.DatapointId;
import io.swath.core.table.Datapoint;
import io.swath.core.table.DatapointTable;
import java.util.Collection;
import java.util.stream.Stream;

/** Blocking view of one collection. */
final class BlockingCollectionClient implements CollectionClient {
  private final AsyncCollectionClient async;
  private final ClientCore core;

  BlockingCollectionClient(AsyncCollectionClient async, ClientCore core) {
    this.async = async;
    this.core = core;
  }

  @Override
  public String name() {
    return async.name();
  }

  @Override
  public DatasetInfo dataset() {
    return async.dataset();
  }

  @Override
  public CollectionInfo info() {
    return Futures.await(async.info(), core.callTimeout);
  }

  @Override
  public DatapointTable query(Query query) {
    return Futures.await(async.query(query), null);
  }

  @Override
  public Stream<DatapointTable> queryPages(Query query) {
    return Futures.stream(Futures.await(((DefaultAsyncCollectionClient) async).openPages(query), core.callTimeout));
  }

  @Override
  public long count(Query query) {
    return Futures.await(async.count(query), null);
  }

  @Override
  public Datapoint find(DatapointId id) {
    return Futures.await(async.find(id), core.callTimeout);
  }

  @Override
  public IngestResult ingest(Collection<?> datapoints) {
    return Futures.await(async.ingest(datapoints), null);
  }

  @Override
  public IngestResult ingest(Collection<?> datapoints, boolean showProgress) {
    return Futures.await(async.ingest(datapoints, showProgress), null);
  }

  @Override
  public long delete(Collection<DatapointId> ids) {
    return Futures.await(async.delete(ids), core.callTimeout);
  }

  @Override
  public AsyncCollectionClient async() {
    return async;
  }

  @Override
  public String toString() {
    return async.toString();
  }
}
