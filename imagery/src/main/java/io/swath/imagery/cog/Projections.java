package io.swath.imagery.cog;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

/** WGS84 longitude/latitude to and from EPSG coordinate systems, with proj4j. */
public final class Projections {
  private static final CRSFactory CRS = new CRSFactory();
  private static final CoordinateTransformFactory TRANSFORMS = new CoordinateTransformFactory();
  private static final Map<Integer, CoordinateReferenceSystem> BY_EPSG = new ConcurrentHashMap<>();

  private Projections() {}

  static CoordinateReferenceSystem crs(int epsg) {
    return BY_EPSG.computeIfAbsent(epsg, e -> {
      try {
        return CRS.createFromName("EPSG:" + e);
      } catch (RuntimeException ex) {
        throw new UnsupportedOperationException("unknown coordinate system EPSG:" + e, ex);
      }
    });
  }

  /** Whether {@code epsg} is a geographic (longitude/latitude) system. */
  public static boolean isGeographic(int epsg) {
    return crs(epsg).getProjection() instanceof org.locationtech.proj4j.proj.LongLatProjection;
  }

  /** A function from WGS84 lon/lat to {@code epsg} coordinates; not thread-safe, make one per thread. */
  public static java.util.function.UnaryOperator<double[]> fromWgs84(int epsg) {
    if (epsg == 4326) {
      return p -> p.clone();
    }
    CoordinateTransform t = TRANSFORMS.createTransform(crs(4326), crs(epsg));
    return p -> {
      ProjCoordinate out = new ProjCoordinate();
      t.transform(new ProjCoordinate(p[0], p[1]), out);
      return new double[] {out.x, out.y};
    };
  }

  /** A function from {@code epsg} coordinates to WGS84 lon/lat. */
  public static java.util.function.UnaryOperator<double[]> toWgs84(int epsg) {
    if (epsg == 4326) {
      return p -> p.clone();
    }
    CoordinateTransform t = TRANSFORMS.createTransform(crs(epsg), crs(4326));
    return p -> {
      ProjCoordinate out = new ProjCoordinate();
      t.transform(new ProjCoordinate(p[0], p[1]), out);
      return new double[] {out.x, out.y};
    };
  }

  /**
   * The envelope, in {@code epsg} coordinates, of a WGS84 geometry: its boundary is densified
   * (every edge in 64 steps) before projecting, so curved images of straight edges are covered.
   */
  public static Envelope envelope(Geometry wgs84, int epsg) {
    var f = fromWgs84(epsg);
    Envelope env = new Envelope();
    Coordinate[] cs = wgs84.getCoordinates();
    if (cs.length == 1) {
      double[] p = f.apply(new double[] {cs[0].x, cs[0].y});
      env.expandToInclude(p[0], p[1]);
      return env;
    }
    for (int i = 0; i + 1 < cs.length; i++) {
      for (int s = 0; s <= 64; s++) {
        double t = s / 64.0;
        double[] p = f.apply(new double[] {cs[i].x + (cs[i + 1].x - cs[i].x) * t, cs[i].y + (cs[i + 1].y - cs[i].y) * t});
        env.expandToInclude(p[0], p[1]);
      }
    }
    return env;
  }

  /** The geometry's vertices in {@code epsg} coordinates (the boundary densified as in {@link #envelope}). */
  public static java.util.List<double[][]> rings(Geometry wgs84, int epsg) {
    var f = fromWgs84(epsg);
    java.util.List<double[][]> out = new java.util.ArrayList<>();
    for (int g = 0; g < wgs84.getNumGeometries(); g++) {
      Geometry part = wgs84.getGeometryN(g);
      java.util.List<org.locationtech.jts.geom.LineString> lines = new java.util.ArrayList<>();
      if (part instanceof org.locationtech.jts.geom.Polygon p) {
        lines.add(p.getExteriorRing());
        for (int h = 0; h < p.getNumInteriorRing(); h++) {
          lines.add(p.getInteriorRingN(h));
        }
      } else if (part instanceof org.locationtech.jts.geom.LineString l) {
        lines.add(l);
      }
      for (var l : lines) {
        Coordinate[] cs = l.getCoordinates();
        java.util.List<double[]> pts = new java.util.ArrayList<>();
        for (int i = 0; i + 1 < cs.length; i++) {
          for (int s = 0; s < 16; s++) {
            double t = s / 16.0;
            pts.add(f.apply(new double[] {cs[i].x + (cs[i + 1].x - cs[i].x) * t, cs[i].y + (cs[i + 1].y - cs[i].y) * t}));
          }
        }
        pts.add(f.apply(new double[] {cs[cs.length - 1].x, cs[cs.length - 1].y}));
        out.add(pts.toArray(new double[0][]));
      }
    }
    return out;
  }
}
