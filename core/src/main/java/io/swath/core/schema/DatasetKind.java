package io.swath.core.schema;

/** Whether the datapoints of a dataset carry a footprint geometry. */
public enum DatasetKind {
  /** Time-stamped datapoints without a footprint. */
  TEMPORAL,
  /** Time-stamped datapoints with a footprint: the schema's first field is {@code geometry}. */
  SPATIOTEMPORAL
}
