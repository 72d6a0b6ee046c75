package io.swath.core.table;

import io.swath.core.schema.Field;

/**
 * One column of a {@link DatapointTable}. Values are typed by the field: use the typed views
 * ({@link DoubleColumn}, {@link LongColumn}, ...) from the table for primitive access without boxing.
 *
 * <p>{@link #get(int)} returns, per field type: {@code String} (string, json), {@code Long}
 * (int64), {@code Double} (float64), {@code Boolean}, {@code Instant} (timestamp), {@code Duration},
 * {@code byte[]}, {@code UUID}, JTS {@code Geometry}; arrays as an immutable {@code List}; null when absent.
 */
public interface Column {
  /** The field this column holds. */
  Field field();

  /** The field name. */
  default String name() {
    return field().name();
  }

  /** Number of rows. */
  int size();

  /** Whether the value at {@code row} is absent. */
  boolean isNull(int row);

  /** The value at {@code row} as a Java object, or null. */
  Object get(int row);
}
