package io.swath.core.table;

import io.swath.core.geo.Geometries;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.time.Times;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
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
    PageWriter w = pages(format, table.isSkipData() ? List.of() : table.columnNames(), out);
    w.write(table);
    w.finish();
  }

  /**
   * A writer of one result that arrives page by page (e.g. from {@code queryPages}), as one
   * document: {@code columns} are the field columns every page has (none when the data was
   * skipped); they name the CSV header, which is written even when no page comes.
   */
  public static PageWriter pages(Format format, List<String> columns, Appendable out) {
    return new PageWriter(java.util.Objects.requireNonNull(format, "format"), List.copyOf(columns), out);
  }

  /** A writer of one result that arrives page by page, with a column for every field of {@code schema}. */
  public static PageWriter pages(Format format, io.swath.core.schema.Schema schema, Appendable out) {
    return pages(format, schema.fields().stream().map(Field::name).toList(), out);
  }

  /**
   * Writes the pages of one result one after another as one CSV, NDJSON or GeoJSON document;
   * {@link #finish} ends it. Not thread-safe. I/O errors surface as {@link UncheckedIOException}.
   */
  public static final class PageWriter {
    private final Format format;
    private final List<String> columns;
    private final Appendable out;
    private final StringBuilder sb = new StringBuilder(1024);
    private boolean started;
    private boolean finished;
    private long rows;

    private PageWriter(Format format, List<String> columns, Appendable out) {
      this.format = format;
      this.columns = columns;
      this.out = out;
    }

    /** Writes the rows of {@code page} (the header first, on the first call). */
    public void write(DatapointTable page) {
      if (finished) {
        throw new IllegalStateException("the document is finished");
      }
      try {
        start();
        Column[] cols = new Column[columns.size()];
        for (int i = 0; i < cols.length; i++) {
          cols[i] = page.column(columns.get(i));
        }
        switch (format) {
          case CSV -> csv(page, cols);
          case NDJSON -> ndjson(page, cols);
          case GEOJSON -> geojson(page, cols);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Ends the document (the header alone when no page came). Further calls do nothing. */
    public void finish() {
      if (finished) {
        return;
      }
      try {
        start();
        if (format == Format.GEOJSON) {
          out.append("\n]}\n");
        }
        finished = true;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** Datapoints written so far. */
    public long rows() {
      return rows;
    }

    private void start() throws IOException {
      if (started) {
        return;
      }
      started = true;
      switch (format) {
        case CSV -> {
          out.append("time,id,ingestion_time,collection");
          for (String n : columns) {
            out.append(',').append(csvCell(n));
          }
          out.append("\r\n");
        }
        case GEOJSON -> out.append("{\"type\":\"FeatureCollection\",\"features\":[");
        case NDJSON -> { }
      }
    }

    private void csv(DatapointTable t, Column[] cols) throws IOException {
      for (int r = 0; r < t.size(); r++) {
        sb.setLength(0);
        sb.append(Times.format(t.timeMicros(r))).append(',').append(t.id(r)).append(',')
            .append(Times.format(t.ingestionTimeMicros(r))).append(',').append(csvCell(t.collection(r)));
        for (Column c : cols) {
          sb.append(',');
          if (!c.isNull(r)) {
            Object v = c.get(r);
            sb.append(csvCell(switch (v) {
              case Geometry g -> Geometries.toWkt(g);
              case byte[] b -> Base64.getEncoder().encodeToString(b);
              case Instant i -> Times.format(Times.micros(i));
              default -> String.valueOf(v);
            }));
          }
        }
        sb.append("\r\n");
        out.append(sb);
        rows++;
      }
    }

    private void ndjson(DatapointTable t, Column[] cols) throws IOException {
      for (int r = 0; r < t.size(); r++) {
        sb.setLength(0);
        sb.append("{\"time\":\"").append(Times.format(t.timeMicros(r))).append("\",\"id\":\"").append(t.id(r))
            .append("\",\"ingestion_time\":\"").append(Times.format(t.ingestionTimeMicros(r))).append("\",\"collection\":");
        str(t.collection(r), sb);
        for (Column c : cols) {
          sb.append(',');
          str(c.field().name(), sb);
          sb.append(':');
          value(c, r, sb);
        }
        sb.append("}\n");
        out.append(sb);
        rows++;
      }
    }

    private void geojson(DatapointTable t, Column[] cols) throws IOException {
      Column geometry = null;
      List<Column> props = new java.util.ArrayList<>(cols.length);
      for (Column c : cols) {
        if (geometry == null && c.field().name().equals("geometry") && c.field().type() == FieldType.GEOMETRY && !c.field().array()) {
          geometry = c;
        } else {
          props.add(c);
        }
      }
      for (int r = 0; r < t.size(); r++) {
        sb.setLength(0);
        if (rows > 0) {
          sb.append(',');
        }
        sb.append("\n{\"type\":\"Feature\",\"id\":\"").append(t.id(r)).append("\",\"geometry\":");
        if (geometry != null && !geometry.isNull(r)) {
          sb.append(Geometries.toGeoJson((Geometry) geometry.get(r)));
        } else {
          sb.append("null");
        }
        sb.append(",\"properties\":{\"time\":\"").append(Times.format(t.timeMicros(r))).append("\",\"ingestion_time\":\"")
            .append(Times.format(t.ingestionTimeMicros(r))).append("\",\"collection\":");
        str(t.collection(r), sb);
        for (Column c : props) {
          sb.append(',');
          str(c.field().name(), sb);
          sb.append(':');
          value(c, r, sb);
        }
        sb.append("}}");
        out.append(sb);
        rows++;
      }
    }
  }

  static String csvCell(String s) {
    if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
      return s;
    }
    return '"' + s.replace("\"", "\"\"") + '"';
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
      case TIMESTAMP -> sb.append('"').append(Times.format(Times.micros((Instant) v))).append('"');
      case BYTES -> str(Base64.getEncoder().encodeToString((byte[]) v), sb);
      default -> str(String.valueOf(v), sb);
    }
  }

  /** Appends {@code s} as a JSON string literal. */
  public static void str(String s, StringBuilder sb) {
    sb.append('"');
    int plain = 0;
    while (plain < s.length() && s.charAt(plain) >= 0x20 && s.charAt(plain) != '"' && s.charAt(plain) != '\\') {
      plain++;
    }
    sb.append(s, 0, plain);
    for (int i = plain; i < s.length(); i++) {
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
