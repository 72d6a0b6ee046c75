package io.swath.client;

import io.swath.core.schema.DatasetKind;
import io.swath.core.schema.Schema;
import io.swath.core.stac.StacMapping;
import java.time.Instant;

/**
 * What the server knows about a dataset.
 *
 * @param slug        {@code group.sub.name}
 * @param kind        temporal or spatio-temporal
 * @param description free text
 * @param schema      the fields (a spatio-temporal dataset has {@code geometry} first)
 * @param createdAt   creation time
 * @param updatedAt   last change of description or schema
 * @param stacMapping for a dataset made from STAC items, how its datapoints become those items again; null otherwise
 */
public record DatasetInfo(String slug, DatasetKind kind, String description, Schema schema, Instant createdAt, Instant updatedAt,
                          StacMapping stacMapping) {
  /** Information about a dataset that does not hold STAC items. */
  public DatasetInfo(String slug, DatasetKind kind, String description, Schema schema, Instant createdAt, Instant updatedAt) {
    this(slug, kind, description, schema, createdAt, updatedAt, null);
  }

  /** The last slug segment. */
  public String name() {
    return slug.substring(slug.lastIndexOf('.') + 1);
  }

  @Override
  public String toString() {
    return slug + " (" + kind.name().toLowerCase(java.util.Locale.ROOT) + ", " + schema.size() + " fields)";
  }
}
