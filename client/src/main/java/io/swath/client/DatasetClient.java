package io.swath.client;

import io.swath.core.table.DatapointTable;
import java.util.Map;
import java.util.stream.Stream;

/** One dataset, blocking. Obtained from {@link DatasetsClient#dataset(String)}. */
public interface DatasetClient {
  /** Slug, kind, description and schema as fetched. */
  DatasetInfo info();

  /** The collections by name, in name order. */
  Map<String, CollectionClient> collections();

  /** One collection; NotFoundException when there is none. */
  CollectionClient collection(String name);

  /** Creates a collection, or returns the existing one of that name. */
  CollectionClient createCollection(String name);

  /**
   * Creates a collection, or returns the existing one of that name, with the STAC Collection
   * document the server's STAC API serves for it ({@code stacDocument}: a JSON object with
   * {@code "type": "Collection"}; its title, license, providers, summaries, item_assets,
   * keywords... are served as given, its id, links and extent come from the server and the data).
   * The document replaces one stored before. An invalid document fails with
   * InvalidArgumentException.
   */
  CollectionClient createCollection(String name, String stacDocument);

  /** Deletes a collection and its datapoints; returns how many datapoints were deleted. */
  long deleteCollection(String name);

  /** Queries several collections at once ({@link Query#collections}; default all), merged in time order. */
  DatapointTable query(Query query);

  /** The pages of a multi-collection query, in time order, fetched as consumed; close to cancel. */
  Stream<DatapointTable> queryPages(Query query);

  /** How many datapoints a multi-collection query selects, counted by the server (see {@link CollectionClient#count}). */
  long count(Query query);

  /** The async view. */
  AsyncDatasetClient async();
}
