package io.swath.columnar.internal;

/**
 * Reads the envelope and type of a WKB geometry straight from its bytes, without building a
 * geometry. Handles ISO and EWKB flags for Z and M and an EWKB SRID; keeps x and y only.
 */
public final class WkbEnvelope {
  /** Minimum x of the last {@link #scan} (NaN when the geometry is empty). */
  public double xmin;
  /** Minimum y of the last scan. */
  public double ymin;
  /** Maximum x of the last scan. */
  public double xmax;
  /** Maximum y of the last scan. */
  public double ymax;

  private byte[] b;
  private int pos;
  private boolean little;

  /** The GeoParquet names of the WKB types 1 to 7. */
  public static final String[] TYPE_NAMES = {
      "Geometry", "Point", "LineString", "Polygon", "MultiPoint", "MultiLineString", "MultiPolygon", "GeometryCollection"};

  /**
   * Scans {@code wkb}, leaving its envelope in the fields, and returns its base type (1 Point to 7
   * GeometryCollection) plus 1000 when it has a Z coordinate.
   */
  public int scan(byte[] wkb) {
    return scan(wkb, 0);
  }

  /** As {@link #scan(byte[])} for the WKB starting at {@code wkb[offset]}. */
  public int scan(byte[] wkb, int offset) {
    b = wkb;
    pos = offset;
    xmin = Double.POSITIVE_INFINITY;
    ymin = Double.POSITIVE_INFINITY;
    xmax = Double.NEGATIVE_INFINITY;
    ymax = Double.NEGATIVE_INFINITY;
    int type = geometry();
    if (xmin > xmax) {
      xmin = ymin = xmax = ymax = Double.NaN;
    }
    return type;
  }

  private int geometry() {
    little = b[pos++] == 1;
    int raw = readInt();
    boolean z = (raw & 0x80000000) != 0;
    boolean m = (raw & 0x40000000) != 0;
    if ((raw & 0x20000000) != 0) {
      pos += 4; // EWKB SRID
    }
    int iso = raw & 0x0fffffff;
    int base = iso % 1000;
    int dimCode = iso / 1000;
    z |= dimCode == 1 || dimCode == 3;
    m |= dimCode == 2 || dimCode == 3;
    int dims = 2 + (z ? 1 : 0) + (m ? 1 : 0);
    switch (base) {
      case 1 -> coords(1, dims);
      case 2 -> coords(readInt(), dims);
      case 3 -> {
        int rings = readInt();
        for (int i = 0; i < rings; i++) {
          coords(readInt(), dims);
        }
      }
      case 4, 5, 6, 7 -> {
        int parts = readInt();
        for (int i = 0; i < parts; i++) {
          boolean outer = little;
          geometry();
          little = outer;
        }
      }
      default -> throw new IllegalArgumentException("not a WKB geometry type: " + raw);
    }
    return base + (z ? 1000 : 0);
  }

  private void coords(int n, int dims) {
    for (int i = 0; i < n; i++) {
      double x = readDouble();
      double y = readDouble();
      pos += 8 * (dims - 2);
      if (x == x && y == y) { // an empty point is NaN NaN
        xmin = Math.min(xmin, x);
        xmax = Math.max(xmax, x);
        ymin = Math.min(ymin, y);
        ymax = Math.max(ymax, y);
      }
    }
  }

  private int readInt() {
    int v = little
        ? (b[pos] & 0xff) | (b[pos + 1] & 0xff) << 8 | (b[pos + 2] & 0xff) << 16 | (b[pos + 3] & 0xff) << 24
        : (b[pos] & 0xff) << 24 | (b[pos + 1] & 0xff) << 16 | (b[pos + 2] & 0xff) << 8 | (b[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  private double readDouble() {
    long v = 0;
    if (little) {
      for (int i = 7; i >= 0; i--) {
        v = v << 8 | (b[pos + i] & 0xff);
      }
    } else {
      for (int i = 0; i < 8; i++) {
        v = v << 8 | (b[pos + i] & 0xff);
      }
    }
    pos += 8;
    return Double.longBitsToDouble(v);
  }
}
