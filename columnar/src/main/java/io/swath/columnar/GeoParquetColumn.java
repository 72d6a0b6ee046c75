package io.swath.columnar;

import io.swath.core.schema.FieldType;

/**
 * A column of a GeoParquet file that {@link GeoParquetReader} reads, with the Swath type its values
 * take.
 *
 * @param name        the column name as in the file
 * @param type        the Swath field type of its values
 * @param array       whether each value is a list (a Parquet {@code LIST} of {@code type})
 * @param parquetType the Parquet type, for messages (e.g. {@code INT64 TIMESTAMP(NANOS,true)})
 */
public record GeoParquetColumn(String name, FieldType type, boolean array, String parquetType) {
  /**
   * The Java class of a value of {@code type}: {@code Long} (int64), {@code Double} (float64),
   * {@code Boolean}, {@code String} (string, json), {@code java.time.Instant} (timestamp),
   * {@code byte[]} (bytes; WKB for geometry), {@code java.util.UUID}; a {@code java.util.List} of
   * those for arrays; null for a null.
   */
  public Class<?> valueClass() {
    if (array) {
      return java.util.List.class;
    }
    return switch (type) {
      case INT64, DURATION -> Long.class;
      case FLOAT64 -> Double.class;
      case BOOL -> Boolean.class;
      case STRING, JSON -> String.class;
      case TIMESTAMP -> java.time.Instant.class;
      case BYTES, GEOMETRY -> byte[].class;
      case UUID -> java.util.UUID.class;
    };
  }
}
