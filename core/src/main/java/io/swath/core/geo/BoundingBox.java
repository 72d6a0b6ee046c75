package io.swath.core.geo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;

/**
 * A longitude/latitude box in WGS84 degrees, as in a STAC or GeoJSON {@code bbox}. A box whose
 * {@code west} is greater than its {@code east} crosses the antimeridian: it covers longitudes
 * from {@code west} east to 180 and from -180 on to {@code east}. Longitudes 180 and -180 name
 * the same meridian, so boxes touching it from either side meet there.
 *
 * @param west the western edge, -180..180
 * @param south the southern edge, -90..90
 * @param east the eastern edge, -180..180; less than {@code west} when the box crosses the antimeridian
 * @param north the northern edge, {@code south}..90
 */
public record BoundingBox(double west, double south, double east, double north) {
  /** The whole globe. */
  public static final BoundingBox WORLD = new BoundingBox(-180, -90, 180, 90);

  /**
   * Validates the ranges.
   *
   * @throws IllegalArgumentException naming the edge that is not finite or out of range, or when
   *     {@code south > north}
   */
  public BoundingBox {
    checkEdge("west", west, 180);
    checkEdge("south", south, 90);
    checkEdge("east", east, 180);
    checkEdge("north", north, 90);
    if (south > north) {
      throw new IllegalArgumentException("bounding box south " + south + " is north of its north " + north
          + " (the order is west, south, east, north)");
    }
  }

  private static void checkEdge(String name, double v, double limit) {
    if (!Double.isFinite(v) || v < -limit || v > limit) {
      throw new IllegalArgumentException("bounding box " + name + " " + v + " is outside [" + (int) -limit
          + ", " + (int) limit + "] degrees");
    }
  }

  /** The box {@code west, south, east, north}; see the record description for the ranges. */
  public static BoundingBox of(double west, double south, double east, double north) {
    return new BoundingBox(west, south, east, north);
  }

  /**
   * The box nearest to {@code west, south, east, north} that is valid, for showing extents read
   * from storage that may break the rules (written by an older version or directly in SQL):
   * edges are clamped into range (NaN goes to the outer edge), and a south above the north swaps
   * with it. Never throws.
   */
  public static BoundingBox clamped(double west, double south, double east, double north) {
    double w = clamp(west, 180, -180);
    double s = clamp(south, 90, -90);
    double e = clamp(east, 180, 180);
    double n = clamp(north, 90, 90);
    return s <= n ? new BoundingBox(w, s, e, n) : new BoundingBox(w, n, e, s);
  }

  private static double clamp(double v, double limit, double ifNaN) {
    return Double.isNaN(v) ? ifNaN : Math.max(-limit, Math.min(limit, v));
  }

  /**
   * Parses {@code "west,south,east,north"}, as in the STAC API {@code bbox} parameter. Six numbers
   * ({@code west,south,min-height,east,north,max-height}) are accepted and the heights ignored.
   *
   * @throws IllegalArgumentException if there are not four or six numbers or an edge is out of range
   */
  public static BoundingBox parse(String text) {
    String[] parts = text == null ? new String[0] : text.split(",", -1);
    if (parts.length != 4 && parts.length != 6) {
      throw new IllegalArgumentException("'" + text + "' is not a bounding box: expected west,south,east,north in degrees");
    }
    double[] v = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        v[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' is not a bounding box: '" + parts[i].trim()
            + "' is not a number (expected west,south,east,north in degrees)");
      }
    }
    return parts.length == 4 ? new BoundingBox(v[0], v[1], v[2], v[3]) : new BoundingBox(v[0], v[1], v[3], v[4]);
  }

  /**
   * The smallest box holding a geometry, after {@link Geometries#normalize} has split it at the
   * antimeridian. When the geometry has parts on both sides of the antimeridian and a box across
   * it is narrower than one around the other side of the globe, the box crosses the
   * antimeridian (as RFC 7946 section 5.2 prescribes for GeoJSON), so a footprint from 179° to
   * -179° gets the box {@code 179, s, -179, n}, not {@code -180, s, 180, n}.
   *
   * @throws IllegalArgumentException if the geometry is empty or has invalid coordinates
   */
  public static BoundingBox ofGeometry(Geometry g) {
    Geometry n = Geometries.normalize(g);
    if (n.isEmpty()) {
      throw new IllegalArgumentException("an empty geometry has no bounding box");
    }
    List<double[]> lons = new ArrayList<>();
    double south = Double.POSITIVE_INFINITY;
    double north = Double.NEGATIVE_INFINITY;
    List<Geometry> atoms = new ArrayList<>();
    atoms(n, atoms);
    for (Geometry a : atoms) {
      Envelope e = a.getEnvelopeInternal();
      lons.add(new double[] {e.getMinX(), e.getMaxX()});
      south = Math.min(south, e.getMinY());
      north = Math.max(north, e.getMaxY());
    }
    double[] we = smallestLongitudeCover(lons);
    return new BoundingBox(we[0], south, we[1], north);
  }

  private static void atoms(Geometry g, List<Geometry> out) {
    if (g instanceof GeometryCollection) {
      for (int i = 0; i < g.getNumGeometries(); i++) {
        atoms(g.getGeometryN(i), out);
      }
    } else if (!g.isEmpty()) {
      out.add(g);
    }
  }

  /**
   * The narrowest arc of the longitude circle covering all intervals (each within [-180, 180]):
   * it leaves out the widest gap between them, which may be the one across the antimeridian
   * (a box that does not cross) or one inside [-180, 180] (a box that does).
   */
  private static double[] smallestLongitudeCover(List<double[]> intervals) {
    intervals.sort(Comparator.comparingDouble(a -> a[0]));
    List<double[]> merged = new ArrayList<>();
    for (double[] iv : intervals) {
      double[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
      if (last != null && iv[0] <= last[1]) {
        last[1] = Math.max(last[1], iv[1]);
      } else {
        merged.add(new double[] {iv[0], iv[1]});
      }
    }
    double west = merged.get(0)[0];
    double east = merged.get(merged.size() - 1)[1];
    double bestGap = (west + 360) - east; // the gap across the antimeridian
    double[] cover = {west, east};
    for (int i = 1; i < merged.size(); i++) {
      double gap = merged.get(i)[0] - merged.get(i - 1)[1];
      if (gap > bestGap) {
        bestGap = gap;
        cover = new double[] {merged.get(i)[0], merged.get(i - 1)[1]};
      }
    }
    return cover;
  }

  /** Whether the box crosses the antimeridian ({@code west > east}). */
  public boolean crossesAntimeridian() {
    return west > east;
  }

  /**
   * The box as boxes that do not cross the antimeridian: this box itself, or its parts
   * {@code [west, 180]} and {@code [-180, east]} when it crosses. A part of zero width on the
   * antimeridian (when {@code west} is 180 or {@code east} is -180) is left out: it is an edge
   * of the other part.
   */
  public List<BoundingBox> parts() {
    if (!crossesAntimeridian()) {
      return List.of(this);
    }
    if (west == 180) {
      return List.of(new BoundingBox(-180, south, east, north));
    }
    if (east == -180) {
      return List.of(new BoundingBox(west, south, 180, north));
    }
    return List.of(new BoundingBox(west, south, 180, north), new BoundingBox(-180, south, east, north));
  }

  /**
   * The box as a geometry: a counter-clockwise {@code Polygon}, or a {@code MultiPolygon} of the
   * two {@link #parts()} when it crosses the antimeridian. A box of zero width or height
   * becomes the point or line it is, so that geometric predicates on it stay valid. A part wider
   * than 180° has vertices along its southern and northern edges ({@link Geometries#asDrawn}),
   * so that normalizing it keeps it as it is instead of taking it the other way round the globe.
   */
  public Geometry toGeometry() {
    List<Geometry> gs = new ArrayList<>(2);
    for (BoundingBox b : parts()) {
      gs.add(b.partGeometry());
    }
    return Geometries.FACTORY.buildGeometry(gs);
  }

  private Geometry partGeometry() {
    var f = Geometries.FACTORY;
    if (west == east && south == north) {
      return f.createPoint(new Coordinate(west, south));
    }
    if (west == east || south == north) {
      return Geometries.asDrawn(f.createLineString(new Coordinate[] {new Coordinate(west, south), new Coordinate(east, north)}));
    }
    return Geometries.asDrawn(f.createPolygon(new Coordinate[] {
        new Coordinate(west, south), new Coordinate(east, south), new Coordinate(east, north),
        new Coordinate(west, north), new Coordinate(west, south)}));
  }

  /** Whether the boxes share a point (edges included; 180 and -180 are the same meridian). */
  public boolean intersects(BoundingBox other) {
    if (south > other.north || other.south > north) {
      return false;
    }
    for (BoundingBox a : parts()) {
      for (BoundingBox b : other.parts()) {
        if (a.west <= b.east && b.west <= a.east || a.east == 180 && b.west == -180 || b.east == 180 && a.west == -180) {
          return true;
        }
      }
    }
    return false;
  }

  /** Whether the point lies in the box, edges included. */
  public boolean contains(double lon, double lat) {
    if (lat < south || lat > north) {
      return false;
    }
    return containsLon(lon) || Math.abs(lon) == 180 && containsLon(-lon);
  }

  private boolean containsLon(double lon) {
    return crossesAntimeridian() ? lon >= west || lon <= east : lon >= west && lon <= east;
  }
}
