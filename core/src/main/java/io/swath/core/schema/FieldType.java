package io.swath.core.schema;

/** The value types a dataset field can hold. Any type can also be an array ({@link Field#array()}). */
public enum FieldType {
  /** UTF-8 text. */
  STRING,
  /** 64-bit signed integer. */
  INT64,
  /** IEEE 754 double. */
  FLOAT64,
  /** true / false. */
  BOOL,
  /** An instant in UTC, microsecond precision. */
  TIMESTAMP,
  /** A length of time, microsecond precision. */
  DURATION,
  /** Opaque bytes. */
  BYTES,
  /** A 128-bit UUID. */
  UUID,
  /** A WGS84 lon/lat geometry (points, lines, polygons, multi-*). */
  GEOMETRY,
  /** A JSON document kept verbatim, e.g. STAC assets and links. */
  JSON;

  /** The lower-case name used in schemas, CLI output and error messages. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** Parses a label such as {@code float64} or {@code string}; also accepts common aliases. */
  public static FieldType parse(String label) {
    String l = label.trim().toLowerCase(java.util.Locale.ROOT);
    return switch (l) {
      case "string", "str", "text" -> STRING;
      case "int64", "int", "long", "integer" -> INT64;
      case "float64", "double", "float", "number" -> FLOAT64;
      case "bool", "boolean" -> BOOL;
      case "timestamp", "datetime", "time", "instant" -> TIMESTAMP;
      case "duration", "interval" -> DURATION;
      case "bytes", "binary" -> BYTES;
      case "uuid" -> UUID;
      case "geometry", "geom" -> GEOMETRY;
      case "json" -> JSON;
      default -> throw new IllegalArgumentException("unknown field type '" + label
          + "' (expected one of string, int64, float64, bool, timestamp, duration, bytes, uuid, geometry, json)");
    };
  }
}
