package io.swath.server.stac;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * Writes 2D WKB (points, lines, polygons, their multi forms and collections) straight to a JSON
 * generator as a GeoJSON geometry, and its envelope on the way, without building geometry objects:
 * the footprint of every item of a page goes through here. Other forms (Z/M, EWKB flags) are
 * reported as unsupported before anything is written, for the caller to take the slow path.
 */
final class WkbGeoJson {
  private final byte[] b;
  private final JsonGenerator g;
  /** minX, minY, maxX, maxY of the coordinates written. */
  final double[] env = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
  /** The WKB type of the top-level geometry. */
  int type;

  private WkbGeoJson(byte[] b, JsonGenerator g) {
    this.b = b;
    this.g = g;
  }

  /** Whether {@code len} bytes at {@code off} are WKB this writer handles. */
  static boolean supported(byte[] b, int off, int len) {
    try {
      return check(b, off, off + len, 0) == off + len;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static int check(byte[] b, int p, int end, int depth) {
    if (depth > 8 || p + 5 > end || b[p] > 1) {
      throw new IllegalStateException();
    }
    boolean le = b[p] == 1;
    int t = readInt(b, p + 1, le);
    p += 5;
    switch (t) {
      case 1 -> p += 16;
      case 2 -> p = 4 + p + 16 * readInt(b, p, le);
      case 3 -> {
        int rings = readInt(b, p, le);
        p += 4;
        for (int r = 0; r < rings; r++) {
          p = 4 + p + 16 * readInt(b, p, le);
        }
      }
      case 4, 5, 6, 7 -> {
        int n = readInt(b, p, le);
        p += 4;
        for (int i = 0; i < n; i++) {
          p = check(b, p, end, depth + 1);
        }
      }
      default -> throw new IllegalStateException();
    }
    if (p > end) {
      throw new IllegalStateException();
    }
    return p;
  }

  /** Writes the geometry; call only when {@link #supported} said yes. */
  static WkbGeoJson write(JsonGenerator g, byte[] b, int off) throws IOException {
    WkbGeoJson w = new WkbGeoJson(b, g);
    w.type = readInt(b, off + 1, b[off] == 1);
    w.geometry(off);
    return w;
  }

  private int geometry(int p) throws IOException {
    boolean le = b[p] == 1;
    int t = readInt(b, p + 1, le);
    p += 5;
    g.writeStartObject();
    g.writeStringField("type", switch (t) {
      case 1 -> "Point";
      case 2 -> "LineString";
      case 3 -> "Polygon";
      case 4 -> "MultiPoint";
      case 5 -> "MultiLineString";
      case 6 -> "MultiPolygon";
      default -> "GeometryCollection";
    });
    g.writeFieldName(t == 7 ? "geometries" : "coordinates");
    switch (t) {
      case 1 -> p = position(p, le);
      case 2 -> p = positions(p, le);
      case 3 -> p = rings(p, le);
      default -> {
        int n = readInt(b, p, le);
        p += 4;
        g.writeStartArray();
        for (int i = 0; i < n; i++) {
          if (t == 7) {
            p = geometry(p);
          } else {
            boolean ple = b[p] == 1;
            int pt = readInt(b, p + 1, ple);
            p += 5;
            p = pt == 1 ? position(p, ple) : pt == 2 ? positions(p, ple) : rings(p, ple);
          }
        }
        g.writeEndArray();
      }
    }
    g.writeEndObject();
    return p;
  }

  private int rings(int p, boolean le) throws IOException {
    int rings = readInt(b, p, le);
    p += 4;
    g.writeStartArray();
    for (int r = 0; r < rings; r++) {
      p = positions(p, le);
    }
    g.writeEndArray();
    return p;
  }

  private int positions(int p, boolean le) throws IOException {
    int n = readInt(b, p, le);
    p += 4;
    g.writeStartArray();
    for (int i = 0; i < n; i++) {
      p = position(p, le);
    }
    g.writeEndArray();
    return p;
  }

  private int position(int p, boolean le) throws IOException {
    double x = Double.longBitsToDouble(readLong(b, p, le));
    double y = Double.longBitsToDouble(readLong(b, p + 8, le));
    env[0] = Math.min(env[0], x);
    env[1] = Math.min(env[1], y);
    env[2] = Math.max(env[2], x);
    env[3] = Math.max(env[3], y);
    g.writeStartArray();
    g.writeNumber(x);
    g.writeNumber(y);
    g.writeEndArray();
    return p + 16;
  }

  static int readInt(byte[] b, int p, boolean le) {
    return le ? (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24
        : (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
  }

  static long readLong(byte[] b, int p, boolean le) {
    long v = 0;
    if (le) {
      for (int i = 7; i >= 0; i--) {
        v = (v << 8) | (b[p + i] & 0xFFL);
      }
    } else {
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (b[p + i] & 0xFFL);
      }
    }
    return v;
  }
}
