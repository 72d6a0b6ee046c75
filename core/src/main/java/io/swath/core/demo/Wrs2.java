package io.swath.core.demo;

import io.swath.core.geo.Geometries;
import java.util.Arrays;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.Polygon;

/**
 * The Landsat Worldwide Reference System 2 from orbital geometry: a circular, sun-synchronous
 * orbit inclined 98.2°, 233 orbits in 16 days, 248 rows per orbit. Row 60 is the descending
 * equator crossing (the node); path 1 crosses there at 64.6° W and each next path 360/233° further
 * west. Rows 1–122 are the descending, daylit half of an orbit, from 81.8° N to 81.8° S.
 *
 * <p>Scene centres come out within a few kilometres of the centres of real Landsat 8 scenes;
 * footprints are 185 km across by 180 km along the ground track, whose heading includes the
 * Earth turning under the orbit.
 */
final class Wrs2 {
  static final int PATHS = 233;
  static final int ROWS = 248;
  /** Rows 1..DAY_ROWS are the descending pass, which Landsat 8 images in daylight. */
  static final int DAY_ROWS = 122;
  static final int NODE_ROW = 60;
  static final double INCLINATION = Math.toRadians(98.2);
  /** One orbit: 16 days / 233, in microseconds. */
  static final double PERIOD_US = 16 * 86_400e6 / PATHS;
  static final double PATH1_NODE_LON = -64.6;
  /** Degrees the Earth turns under the orbit plane during one orbit (the plane follows the Sun). */
  static final double EARTH_TURN_PER_ORBIT = 360.0 * 16 / PATHS;
  static final double EARTH_RADIUS_KM = 6371.0;
  /** WGS84 first eccentricity squared. */
  static final double WGS84_E2 = 6.69437999014e-3;
  static final double HALF_ACROSS_KM = 92.5;
  static final double HALF_ALONG_KM = 90.0;

  private Wrs2() {}

  /** Argument of latitude (degrees from the ascending node) of a row's centre. */
  static double argumentOfLatitude(int row) {
    return 180.0 + (row - NODE_ROW) * 360.0 / ROWS;
  }

  /** Microseconds from the descending node to the centre of {@code row}. */
  static long rowOffsetUs(int row) {
    return Math.round((argumentOfLatitude(row) - 180.0) / 360.0 * PERIOD_US);
  }

  /** Longitude of the descending node of {@code path}. */
  static double nodeLongitude(int path) {
    return wrap(PATH1_NODE_LON - (path - 1) * 360.0 / PATHS);
  }

  /** {latitude, longitude} of the ground track of {@code path} at argument of latitude {@code uDeg}. */
  static double[] track(int path, double uDeg) {
    double u = Math.toRadians(uDeg);
    double geocentric = Math.asin(Math.sin(INCLINATION) * Math.sin(u));
    // the orbit is about the Earth's centre; maps use geodetic (WGS84) latitude
    double lat = Math.toDegrees(Math.atan(Math.tan(geocentric) / (1 - WGS84_E2)));
    double inertial = Math.toDegrees(Math.atan2(Math.cos(INCLINATION) * Math.sin(u), Math.cos(u))) - 180.0;
    double turned = EARTH_TURN_PER_ORBIT * (uDeg - 180.0) / 360.0;
    return new double[] {lat, wrap(nodeLongitude(path) + wrap(inertial) - turned)};
  }

  /** The scene centre {latitude, longitude} of a path and row. */
  static double[] centre(int path, int row) {
    return track(path, argumentOfLatitude(row));
  }

  /**
   * The footprint of a scene: a 185 × 180 km rectangle around the centre, turned to the ground
   * track, as counter-clockwise closed rings of lon/lat pairs: one ring, or two when the scene
   * crosses the antimeridian (split there, one part on each side).
   */
  static double[][] footprint(int path, int row) {
    double u = argumentOfLatitude(row);
    double[] c = track(path, u);
    double[] before = track(path, u - 0.05);
    double[] after = track(path, u + 0.05);
    double heading = bearing(before[0], before[1], after[0], after[1]);
    return rectangle(c, heading, HALF_ALONG_KM, HALF_ACROSS_KM);
  }

  /**
   * A rectangle of {@code 2 × halfAlong} by {@code 2 × halfAcross} km around the point {@code c}
   * ({latitude, longitude}), its long axis on {@code heading}, as in {@link #footprint(int, int)}:
   * one counter-clockwise closed ring, or two split at the antimeridian.
   */
  static double[][] rectangle(double[] c, double heading, double halfAlong, double halfAcross) {
    double diagonal = Math.hypot(halfAlong, halfAcross);
    double skew = Math.toDegrees(Math.atan2(halfAcross, halfAlong));
    double[] angles = {skew, 180 - skew, 180 + skew, 360 - skew};
    double[] ring = new double[10];
    for (int i = 0; i < 4; i++) {
      double[] p = destination(c[0], c[1], heading + angles[i], diagonal);
      ring[2 * i] = c[1] + wrap(p[1] - c[1]); // continuous across the antimeridian
      ring[2 * i + 1] = p[0];
    }
    ring[8] = ring[0];
    ring[9] = ring[1];
    if (signedArea(ring) < 0) {
      ring = reversed(ring);
    }
    double minX = Math.min(Math.min(ring[0], ring[2]), Math.min(ring[4], ring[6]));
    double maxX = Math.max(Math.max(ring[0], ring[2]), Math.max(ring[4], ring[6]));
    if (minX >= -180 && maxX <= 180) {
      return new double[][] {ring};
    }
    double edge = maxX > 180 ? 180 : -180;
    double shift = maxX > 180 ? -360 : 360;
    double[] inside = clip(ring, edge, maxX > 180, 0);
    double[] outside = clip(ring, edge, maxX <= 180, shift);
    return new double[][] {inside, outside};
  }

  /**
   * Clips a convex closed ring to one side of the meridian {@code x = edge} (Sutherland–Hodgman):
   * the side {@code x <= edge} when {@code below}, else {@code x >= edge}; then moves it by
   * {@code dx}. Points on the edge are put exactly on it.
   */
  static double[] clip(double[] ring, double edge, boolean below, double dx) {
    int n = ring.length / 2 - 1;
    double[] out = new double[2 * (n + 3)];
    int m = 0;
    for (int i = 0; i < n; i++) {
      double ax = ring[2 * i];
      double ay = ring[2 * i + 1];
      double bx = ring[2 * i + 2];
      double by = ring[2 * i + 3];
      boolean aIn = below ? ax <= edge : ax >= edge;
      boolean bIn = below ? bx <= edge : bx >= edge;
      if (aIn) {
        out[m++] = ax + dx;
        out[m++] = ay;
      }
      if (aIn != bIn) {
        double f = (edge - ax) / (bx - ax);
        out[m++] = edge + dx;
        out[m++] = ay + f * (by - ay);
      }
    }
    out[m++] = out[0];
    out[m++] = out[1];
    return Arrays.copyOf(out, m);
  }

  /** Twice the signed area of a closed ring (positive when counter-clockwise). */
  static double signedArea(double[] ring) {
    double a = 0;
    for (int i = 0; i + 3 < ring.length; i += 2) {
      a += ring[i] * ring[i + 3] - ring[i + 2] * ring[i + 1];
    }
    return a;
  }

  private static double[] reversed(double[] ring) {
    double[] r = new double[ring.length];
    for (int i = 0; i < ring.length; i += 2) {
      r[ring.length - 2 - i] = ring[i];
      r[ring.length - 1 - i] = ring[i + 1];
    }
    return r;
  }

  /** A new JTS geometry of footprint rings: a polygon, or a multipolygon of several. */
  static Geometry toGeometry(double[][] rings) {
    GeometryFactory f = Geometries.FACTORY;
    Polygon[] parts = new Polygon[rings.length];
    for (int p = 0; p < rings.length; p++) {
      double[] r = rings[p];
      Coordinate[] cs = new Coordinate[r.length / 2];
      for (int i = 0; i < cs.length; i++) {
        cs[i] = new Coordinate(r[2 * i], r[2 * i + 1]);
      }
      parts[p] = f.createPolygon(cs);
    }
    return parts.length == 1 ? parts[0] : f.createMultiPolygon(parts);
  }

  /** Initial bearing (degrees clockwise from north) from one point to another. */
  static double bearing(double lat1, double lon1, double lat2, double lon2) {
    double p1 = Math.toRadians(lat1);
    double p2 = Math.toRadians(lat2);
    double dl = Math.toRadians(lon2 - lon1);
    double y = Math.sin(dl) * Math.cos(p2);
    double x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl);
    return Math.toDegrees(Math.atan2(y, x));
  }

  /** {latitude, longitude} reached going {@code km} from a point on {@code bearingDeg}. */
  static double[] destination(double latDeg, double lonDeg, double bearingDeg, double km) {
    double d = km / EARTH_RADIUS_KM;
    double p1 = Math.toRadians(latDeg);
    double b = Math.toRadians(bearingDeg);
    double p2 = Math.asin(Math.sin(p1) * Math.cos(d) + Math.cos(p1) * Math.sin(d) * Math.cos(b));
    double l2 = Math.toRadians(lonDeg)
        + Math.atan2(Math.sin(b) * Math.sin(d) * Math.cos(p1), Math.cos(d) - Math.sin(p1) * Math.sin(p2));
    return new double[] {Math.toDegrees(p2), wrap(Math.toDegrees(l2))};
  }

  /** A longitude in (-180, 180]. */
  static double wrap(double lon) {
    double l = lon % 360.0;
    if (l > 180) {
      l -= 360;
    } else if (l <= -180) {
      l += 360;
    }
    return l;
  }
}
