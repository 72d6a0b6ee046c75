package io.swath.client;

import io.swath.core.id.DatapointId;
import io.swath.core.table.Datapoint;
import io.swath.core.table.DatapointTable;
import java.util.Collection;
import java.util.stream.Stream;

/** One collection, blocking. */
public interface CollectionClient {
  /** The collection name. */
  String name();

  /** The dataset it belongs to. */
  DatasetInfo dataset();

  /** Count and availability (first and last time), fetched fresh. */
  CollectionInfo info();

  /** Loads the datapoints matching {@code query}, in time order, as one table. */
  DatapointTable query(Query query);

  /**
   * The pages of a query, in time order, fetched as the stream is consumed (bounded memory for
   * results of any size). Close the stream (try-with-resources) to cancel the query early.
   */
  Stream<DatapointTable> queryPages(Query query);

  /**
   * How many datapoints {@code query} selects (its time, place and filter; at most its limit),
   * counted by the server without sending them. Runs with the query's timeout, else the call
   * timeout.
   */
  long count(Query query);

  /** One datapoint by id; NotFoundException when there is none. */
  Datapoint find(DatapointId id);

  /** Stores datapoints (see {@link AsyncCollectionClient#ingest(Collection)}). */
  IngestResult ingest(Collection<?> datapoints);

  /** Stores datapoints with an optional progress bar. */
  IngestResult ingest(Collection<?> datapoints, boolean showProgress);

  /** Deletes datapoints by id; returns how many existed. */
  long delete(Collection<DatapointId> ids);

  /** The async view. */
  AsyncCollectionClient async();
}
