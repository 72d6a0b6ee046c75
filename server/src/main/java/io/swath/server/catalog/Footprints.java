package io.swath.server.catalog;

import io.swath.core.geo.BoundingBox;
import io.swath.core.geo.SpatialFilter;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;

/** The boxes a place query hands to the footprint index: what may match, and what surely matches. */
public final class Footprints {
  private Footprints() {}

  /** The prefilter boxes of {@code f} (west, south, east, north; none crossing the antimeridian). */
  public static List<double[]> prefilter(SpatialFilter f) {
    List<double[]> out = new ArrayList<>();
    for (BoundingBox b : f.boundingBoxes()) {
      out.add(new double[] {b.west(), b.south(), b.east(), b.north()});
    }
    return out;
  }

  /**
   * Boxes such that a footprint whose bounding box lies within one of them (and spans at most
   * 180° of longitude, so that it is not read as crossing the antimeridian) passes {@code f}'s
   * exact test in either mode: the parts of the (normalized) query geometry that are exactly
   * axis-aligned rectangles. A footprint inside such a part lies within the query geometry, hence
   * also intersects it. Null when the query has no such part (a general polygon).
   */
  public static List<double[]> sure(SpatialFilter f) {
    List<double[]> out = new ArrayList<>();
    Geometry g = f.geometry();
    for (int i = 0; i < g.getNumGeometries(); i++) {
      if (g.getGeometryN(i) instanceof Polygon p && isBox(p)) {
        Envelope e = p.getEnvelopeInternal();
        out.add(new double[] {e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY()});
      }
    }
    return out.isEmpty() ? null : out;
  }

  /**
   * Whether {@code p} is exactly its envelope: no holes, a positive area, and every edge of its
   * shell runs along a side of the envelope (extra vertices on the sides are allowed).
   */
  static boolean isBox(Polygon p) {
    if (p.isEmpty() || p.getNumInteriorRing() > 0) {
      return false;
    }
    Envelope e = p.getEnvelopeInternal();
    if (!(e.getWidth() > 0) || !(e.getHeight() > 0)) {
      return false;
    }
    Coordinate[] cs = p.getExteriorRing().getCoordinates();
    for (int i = 1; i < cs.length; i++) {
      Coordinate a = cs[i - 1];
      Coordinate b = cs[i];
      boolean onSide = a.x == b.x && (a.x == e.getMinX() || a.x == e.getMaxX())
          || a.y == b.y && (a.y == e.getMinY() || a.y == e.getMaxY());
      if (!onSide) {
        return false;
      }
    }
    // a shell that runs only along the sides and is closed is the envelope's boundary, once
    // around; its area tells a ring that doubles back along a side
    double area = p.getArea();
    return Math.abs(area - e.getArea()) <= 1e-9 * e.getArea();
  }
}
