package io.swath.core.table;

import io.swath.core.geo.Geometries;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import org.locationtech.jts.geom.Geometry;

/**
 * Writes a {@link DatapointTable} as CSV (RFC 4180; geometries as WKT), newline-delimited JSON
 * (one object per datapoint; geometries as GeoJSON) or a GeoJSON FeatureCollection (the
 * {@code geometry} field, when present, is the feature geometry; other fields are properties).
 */
public final class TableWriters {
  private TableWriters() {}

  /** The export formats. */
  public enum Format {
    /** Comma-separated values with a header row. */
    CSV,
    /** One JSON object per line. */
    NDJSON,
    /** A GeoJSON FeatureCollection. */
    GEOJSON;

    /** Parses {@code csv}, {@code ndjson} or {@code geojson}. */
    public static Format parse(String s) {
      try {
        return valueOf(s.trim().toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown format '" + s + "': use csv, ndjson or geojson");
      }
    }
  }

  /** Writes {@code table} to {@code out} in {@code format}. */
  public static void write(DatapointTable table, Format format, Appendable out) {
    try {
      switch (format) {
        case CSV -> csv(table, out);
        case NDJSON -> ndjson(table, out);
        case GEOJSON -> geojson(table, out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void csv(DatapointTable t, Appendable out) throws IOException {
    List<String> names = t.isSkipData() ? List.of() : t.columnNames();
    out.append("time,id,ingestion_time,collection");
    for (String n : names) {
      out.append(',').append(csvCell(n));
    }
    out.append("\r\n");
    for (int r = 0; r < t.size(); r++) {
      out.append(t.time(r).toString()).append(',').append(t.id(r).toString()).append(',')
          .append(t.ingestionTime(r).toString()).append(',').append(csvCell(t.collection(r)));
      for (String n : names) {
        Column c = t.column(n);
        out.append(',');
        if (!c.isNull(r)) {
          Object v = c.get(r);
          out.append(csvCell(v instanceof Geometry g ? g.toText() : v instanceof byte[] b ? Base64.getEncoder().encodeToString(b)
              : String.valueOf(v)));
        }
      }
      out.append("\r\n");
    }
  }

  static String csvCell(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
  }

  static void ndjson(DatapointTable t, Appendable out) throws IOException {
    StringBuilder sb = new StringBuilder(512);
    for (int r = 0; r < t.size(); r++) {
      sb.setLength(0);
      sb.append("{\"time\":\"").append(t.time(r)).append("\",\"id\":\"").append(t.id(r)).append("\",\"ingestion_time\":\"")
          .append(t.ingestionTime(r)).append("\",\"collection\":");
      str(t.collection(r), sb);
      if (!t.isSkipData()) {
        for (Field f : t.schema().fields()) {
          sb.append(',');
          str(f.name(), sb);
          sb.append(':');
          value(t.column(f.name()), r, sb);
        }
      }
      sb.append("}\n");
      out.append(sb);
    }
  }

  static void geojson(DatapointTable t, Appendable out) throws IOException {
    out.append("{\"type\":\"FeatureCollection\",\"features\":[");
    boolean hasGeom = !t.isSkipData() && t.schema().indexOf("geometry") >= 0
        && t.schema().find("geometry").get().type() == FieldType.GEOMETRY;
    StringBuilder sb = new StringBuilder(512);
    for (int r = 0; r < t.size(); r++) {
      sb.setLength(0);
      if (r > 0) {
        sb.append(',');
      }
      sb.append("\n{\"type\":\"Feature\",\"id\":\"").append(t.id(r)).append("\",\"geometry\":");
      if (hasGeom && !t.column("geometry").isNull(r)) {
        sb.append(Geometries.toGeoJson((Geometry) t.column("geometry").get(r)));
      } else {
        sb.append("null");
      }
      sb.append(",\"properties\":{\"time\":\"").append(t.time(r)).append("\",\"ingestion_time\":\"").append(t.ingestionTime(r))
          .append("\",\"collection\":");
      str(t.collection(r), sb);
      if (!t.isSkipData()) {
        for (Field f : t.schema().fields()) {
          if (hasGeom && f.name().equals("geometry")) {
            continue;
          }
          sb.append(',');
          str(f.name(), sb);
          sb.append(':');
          value(t.column(f.name()), r, sb);
        }
      }
      sb.append("}}");
      out.append(sb);
    }
    out.append("\n]}\n");
  }

  static void value(Column c, int r, StringBuilder sb) {
    if (c.isNull(r)) {
      sb.append("null");
      return;
    }
    Field f = c.field();
    Object v = c.get(r);
    if (f.array()) {
      sb.append('[');
      List<?> l = (List<?>) v;
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        scalar(f.type(), l.get(i), sb);
      }
      sb.append(']');
    } else {
      scalar(f.type(), v, sb);
    }
  }

  static void scalar(FieldType type, Object v, StringBuilder sb) {
    switch (type) {
      case INT64, BOOL -> sb.append(v);
      case FLOAT64 -> {
        double d = (Double) v;
        if (Double.isFinite(d)) {
          sb.append(d);
        } else {
          sb.append("null");
        }
      }
      case JSON -> sb.append((String) v);
      case GEOMETRY -> sb.append(Geometries.toGeoJson((Geometry) v));
      case BYTES -> str(Base64.getEncoder().encodeToString((byte[]) v), sb);
      default -> str(String.valueOf(v), sb);
    }
  }

  /** Appends {@code s} as a JSON string literal. */
  public static void str(String s, StringBuilder sb) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (ch < 0x20) {
            sb.append(String.format("\\u%04x", (int) ch));
          } else {
            sb.append(ch);
          }
        }
      }
    }
    sb.append('"');
  }
}
