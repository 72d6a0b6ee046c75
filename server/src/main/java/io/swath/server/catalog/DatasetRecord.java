package io.swath.server.catalog;

import io.swath.core.schema.DatasetKind;
import io.swath.core.schema.Schema;
import io.swath.core.stac.StacMapping;

/**
 * A stored dataset.
 *
 * @param id          database id
 * @param slug        group.sub.name
 * @param kind        temporal or spatio-temporal
 * @param description free text
 * @param schema      the stored field schema (geometry first for spatio-temporal)
 * @param createdUs   creation time, microseconds since epoch
 * @param updatedUs   last update time, microseconds since epoch
 * @param stacMapping for a dataset made from STAC items, how its datapoints become those items again; null otherwise
 */
public record DatasetRecord(long id, String slug, DatasetKind kind, String description, Schema schema, long createdUs, long updatedUs,
                            StacMapping stacMapping) {
  /** Whether the dataset was made from STAC items (its datapoints are served as those items). */
  public boolean fromStac() {
    return stacMapping != null;
  }
}
