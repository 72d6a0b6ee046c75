package io.swath.client;

import io.swath.core.id.DatapointId;
import io.swath.core.table.Datapoint;
import io.swath.core.table.DatapointTable;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/** One collection, non-blocking. */
public interface AsyncCollectionClient {
  /** The collection name. */
  String name();

  /** The dataset it belongs to. */
  DatasetInfo dataset();

  /** Count and availability (first and last time), fetched fresh. */
  CompletableFuture<CollectionInfo> info();

  /** Loads the datapoints matching {@code query}, in time order, as one table. */
  CompletableFuture<DatapointTable> query(Query query);

  /**
   * The pages of a query, in time order, as a reactive-streams publisher with backpressure: pages
   * are fetched only as the subscriber requests them, so a result of any size streams in bounded
   * memory. Each subscription runs the query; cancelling it cancels the query on the server.
   */
  Flow.Publisher<DatapointTable> queryPages(Query query);

  /**
   * How many datapoints {@code query} selects (its time, place and filter; at most its limit),
   * counted by the server without sending them. Runs with the query's timeout, else the call
   * timeout.
   */
  CompletableFuture<Long> count(Query query);

  /** One datapoint by id; fails with NotFoundException when there is none. */
  CompletableFuture<Datapoint> find(DatapointId id);

  /**
   * Stores datapoints: {@code Map}s with a {@code time} key and one key per field, records with a
   * {@code time} component and components named like the fields ({@code cloudCover} or
   * {@code cloud_cover}), or {@link Datapoint} rows. Sent in atomic batches; idempotent.
   */
  CompletableFuture<IngestResult> ingest(Collection<?> datapoints);

  /** As {@link #ingest(Collection)}, drawing a progress bar on stderr when {@code showProgress}. */
  CompletableFuture<IngestResult> ingest(Collection<?> datapoints, boolean showProgress);

  /** Deletes datapoints by id; returns how many existed. */
  CompletableFuture<Long> delete(Collection<DatapointId> ids);

  /** The blocking view. */
  CollectionClient blocking();
}
