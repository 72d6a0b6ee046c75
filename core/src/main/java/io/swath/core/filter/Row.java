package io.swath.core.filter;

import java.util.Objects;
import java.util.UUID;

/**
 * One datapoint as a {@link BoundFilter} sees it. Implement it over whatever holds the row (a
 * decoded value array, a columnar table, a database cursor); the filter calls only what its
 * conditions need.
 *
 * <p>Field values are typed as {@link io.swath.core.table.RowCodec#decode} returns them:
 * {@code String} (string, json), {@code Long} (int64), {@code Double} (float64), {@code Boolean},
 * {@code java.time.Instant} (timestamp), {@code java.time.Duration}, {@code byte[]},
 * {@code UUID}, JTS {@code Geometry}, an immutable {@code List} of these for arrays, and
 * {@code null} when absent.
 */
public interface Row {
  /** The value of the schema field at {@code fieldIndex} (see {@link io.swath.core.schema.Schema#indexOf}), or null. */
  Object value(int fieldIndex);

  /** The datapoint time, microseconds since the epoch. */
  long timeMicros();

  /** The datapoint id, or null if unknown. */
  UUID id();

  /** When the datapoint was ingested, microseconds since the epoch. */
  long ingestionTimeMicros();

  /** The name of the collection the datapoint belongs to, or null if unknown. */
  String collection();

  /**
   * A row over an array of field values (one per schema field, as {@code RowCodec.decode}
   * returns them) and the built-in properties. The array is not copied.
   */
  static Row of(Object[] values, long timeMicros, UUID id, long ingestionTimeMicros, String collection) {
    return new ArrayRow(Objects.requireNonNull(values, "values"), timeMicros, id, ingestionTimeMicros, collection);
  }
}
