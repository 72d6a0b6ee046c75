package io.swath.core.geo;

/**
 * A structural reader of 2D WKB that checks well-formedness and computes the envelope without
 * building geometry objects: what ingest needs per datapoint, at a fraction of a full parse.
 * Forms it does not know (Z/M dimensions, EWKB flags) fall back to a full JTS parse.
 */
public final class Wkb {
  private Wkb() {}

  /**
   * Checks that {@code len} bytes at {@code off} are one valid WKB geometry with finite
   * coordinates and writes its envelope (minX, minY, maxX, maxY; NaN when empty) to {@code env}.
   *
   * @throws IllegalArgumentException saying what is malformed
   */
  public static void envelope(byte[] b, int off, int len, double[] env) {
    env[0] = Double.POSITIVE_INFINITY;
    env[1] = Double.POSITIVE_INFINITY;
    env[2] = Double.NEGATIVE_INFINITY;
    env[3] = Double.NEGATIVE_INFINITY;
    int end = off + len;
    int at;
    try {
      at = geometry(b, off, end, env, 0);
    } catch (Unsupported u) {
      org.locationtech.jts.geom.Envelope e = Geometries.fromWkb(java.util.Arrays.copyOfRange(b, off, end)).getEnvelopeInternal();
      set(env, e.isNull() ? Double.NaN : e.getMinX(), e.isNull() ? Double.NaN : e.getMinY(), e.getMaxX(), e.getMaxY());
      return;
    }
    if (at != end) {
      throw new IllegalArgumentException("not a valid WKB geometry: " + (end - at) + " trailing bytes");
    }
    if (env[0] > env[2]) {
      set(env, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
  }

  private static void set(double[] env, double a, double b, double c, double d) {
    env[0] = a;
    env[1] = b;
    env[2] = c;
    env[3] = d;
  }

  private static final class Unsupported extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Unsupported() {
      super(null, null, false, false);
    }
  }

  private static int geometry(byte[] b, int p, int end, double[] env, int depth) {
    if (depth > 32) {
      throw new IllegalArgumentException("not a valid WKB geometry: nested too deeply");
    }
    need(p, 5, end);
    boolean le = b[p] == 1;
    if (b[p] != 0 && b[p] != 1) {
      throw new IllegalArgumentException("not a valid WKB geometry: byte order marker " + b[p]);
    }
    long type = u32(b, p + 1, le);
    p += 5;
    if (type < 1 || type > 7) {
      throw new Unsupported();
    }
    switch ((int) type) {
      case 1 -> {
        need(p, 16, end);
        double x = f64(b, p, le);
        double y = f64(b, p + 8, le);
        if (!(Double.isNaN(x) && Double.isNaN(y))) { // POINT EMPTY is NaN NaN
          coord(x, y, env);
        }
        return p + 16;
      }
      case 2 -> {
        return points(b, p, end, le, env, 2, false);
      }
      case 3 -> {
        need(p, 4, end);
        long rings = u32(b, p, le);
        p += 4;
        for (long i = 0; i < rings; i++) {
          p = points(b, p, end, le, env, 4, true);
        }
        return p;
      }
      default -> {
        need(p, 4, end);
        long parts = u32(b, p, le);
        p += 4;
        for (long i = 0; i < parts; i++) {
          p = geometry(b, p, end, env, depth + 1);
        }
        return p;
      }
    }
  }

  private static int points(byte[] b, int p, int end, boolean le, double[] env, int min, boolean closed) {
    need(p, 4, end);
    long n = u32(b, p, le);
    p += 4;
    if (n * 16 > end - p) {
      throw new IllegalArgumentException("not a valid WKB geometry: " + n + " points do not fit in " + (end - p) + " bytes");
    }
    if (n > 0 && n < min) {
      throw new IllegalArgumentException("not a valid WKB geometry: " + (closed ? "a polygon ring" : "a line") + " needs at least "
          + min + " points, has " + n);
    }
    if (closed && n > 0 && (f64(b, p, le) != f64(b, p + (int) (n - 1) * 16, le)
        || f64(b, p + 8, le) != f64(b, p + (int) (n - 1) * 16 + 8, le))) {
      throw new IllegalArgumentException("not a valid WKB geometry: a polygon ring is not closed");
    }
    for (long i = 0; i < n; i++) {
      coord(f64(b, p, le), f64(b, p + 8, le), env);
      p += 16;
    }
    return p;
  }

  private static void coord(double x, double y, double[] env) {
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      throw new IllegalArgumentException("not a valid WKB geometry: coordinate (" + x + ", " + y + ") is not finite");
    }
    if (x < env[0]) {
      env[0] = x;
    }
    if (y < env[1]) {
      env[1] = y;
    }
    if (x > env[2]) {
      env[2] = x;
    }
    if (y > env[3]) {
      env[3] = y;
    }
  }

  private static void need(int p, int n, int end) {
    if (p + n > end) {
      throw new IllegalArgumentException("not a valid WKB geometry: truncated");
    }
  }

  private static long u32(byte[] b, int p, boolean le) {
    return le ? (b[p] & 0xFFL) | (b[p + 1] & 0xFFL) << 8 | (b[p + 2] & 0xFFL) << 16 | (b[p + 3] & 0xFFL) << 24
        : (b[p + 3] & 0xFFL) | (b[p + 2] & 0xFFL) << 8 | (b[p + 1] & 0xFFL) << 16 | (b[p] & 0xFFL) << 24;
  }

  private static double f64(byte[] b, int p, boolean le) {
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
    return Double.longBitsToDouble(v);
  }
}
