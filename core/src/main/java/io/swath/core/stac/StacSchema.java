package io.swath.core.stac;

import io.swath.core.schema.Schema;
import java.util.Objects;

/**
 * The dataset schema that holds a set of STAC items, with the mapping that relates its fields
 * back to item members and properties. Made by {@link StacSchemas#infer}; both parts are needed
 * to convert items with {@link StacItems}.
 *
 * @param schema  a spatio-temporal schema ({@code geometry} first)
 * @param mapping property names and timestamp formats the schema does not record
 */
public record StacSchema(Schema schema, StacMapping mapping) {
  public StacSchema {
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(mapping, "mapping");
  }
}
