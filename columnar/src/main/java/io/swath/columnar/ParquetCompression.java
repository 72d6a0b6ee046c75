package io.swath.columnar;

import java.util.Locale;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;

/** The page compression of a GeoParquet file. {@link #ZSTD} is the default (docs/adr/0010). */
public enum ParquetCompression {
  /** No compression: fastest to write, largest files. */
  NONE(CompressionCodecName.UNCOMPRESSED),
  /** Snappy: fast, read by every Parquet reader. */
  SNAPPY(CompressionCodecName.SNAPPY),
  /** Zstandard level 1: smaller than Snappy at nearly its speed; read by DuckDB, Arrow, Spark 3+. */
  ZSTD(CompressionCodecName.ZSTD);

  private final CompressionCodecName codec;

  ParquetCompression(CompressionCodecName codec) {
    this.codec = codec;
  }

  /** The Parquet codec name. */
  public CompressionCodecName codec() {
    return codec;
  }

  /** Parses {@code none}, {@code snappy} or {@code zstd} (any case); a typed error names the choices. */
  public static ParquetCompression parse(String s) {
    try {
      return valueOf(s.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("compression '" + s + "' is not one of none, snappy, zstd");
    }
  }
}
