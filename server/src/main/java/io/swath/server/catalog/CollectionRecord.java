package io.swath.server.catalog;

import io.swath.core.geo.BoundingBox;

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
 * @param stacId      the collection's id in the STAC API, unique across the server
 * @param extent      a box around every footprint stored so far, or null when there is none
 * @param rangeBeforeUs how far (microseconds) the {@code start_datetime} of a STAC item stored so
 *                    far may lie before its datapoint time, or null when unknown (see
 *                    {@link io.swath.core.stac.StacTimeRanges})
 * @param rangeAfterUs how far the {@code end_datetime} of a STAC item may lie after its datapoint
 *                    time, or null when unknown
 */
public record CollectionRecord(long id, String datasetSlug, String name, String description, long count, Long firstTimeUs, Long lastTimeUs,
                               String stacId, BoundingBox extent, Long rangeBeforeUs, Long rangeAfterUs) {
  /** A collection whose items have no time ranges to reach beyond their times. */
  public CollectionRecord(long id, String datasetSlug, String name, String description, long count, Long firstTimeUs, Long lastTimeUs,
                          String stacId, BoundingBox extent) {
    this(id, datasetSlug, name, description, count, firstTimeUs, lastTimeUs, stacId, extent, 0L, 0L);
  }
}
