package io.swath.columnar;

/**
 * A file that cannot be read as GeoParquet: not Parquet, truncated or corrupt, without the
 * {@code geo} metadata, or with a geometry encoding or CRS Swath does not read. The message names
 * the file and, where one is at fault, the column.
 */
public final class GeoParquetException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** An error with its message. */
  public GeoParquetException(String message) {
    super(message);
  }

  /** An error with its message and cause. */
  public GeoParquetException(String message, Throwable cause) {
    super(message, cause);
  }
}
