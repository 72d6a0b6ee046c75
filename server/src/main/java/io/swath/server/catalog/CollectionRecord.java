package io.swath.server.catalog;

/**
 * A stored collection with its statistics.
 *
 * @param id          database id
 * @param datasetSlug the dataset it belongs to
 * @param name        collection name
 * @param description free text
 * @param count       number of datapoints (maintained on every write, never counted)
 * @param firstTimeUs time of the first datapoint, or null when empty
 * @param lastTimeUs  time of the last datapoint, or null when empty
 */
public record CollectionRecord(long id, String datasetSlug, String name, String description, long count, Long firstTimeUs, Long lastTimeUs) {}
