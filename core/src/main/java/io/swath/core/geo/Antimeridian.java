package io.swath.core.geo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.CoordinateFilter;
import org.locationtech.jts.geom.CoordinateList;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.CoordinateSequenceFilter;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.geom.util.GeometryTransformer;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;

/**
 * Splitting of geometries that cross the antimeridian, so that every part lies within
 * longitudes [-180, 180] and planar (JTS) predicates on lon/lat give the answers they would on
 * the globe.
 *
 * <p>An edge whose ends are more than 180° of longitude apart is taken to cross the antimeridian
 * (the short way round), except an edge between two points on the antimeridian itself (both at
 * ±180): that is an edge along it, or the full-width edge RFC 7946 uses for polygons around a
 * pole, and is taken as drawn. Each line or ring is "unwrapped" into a continuous longitude range
 * (e.g. 170..190) by adding whole turns of 360° to its vertices, cut into 360°-wide strips
 * centred on longitude 0, 360, ..., and each strip is shifted back by its multiple of 360°.
 *
 * <p>A ring whose unwrapped longitudes end one turn away from where they started goes around a
 * pole. It becomes, as RFC 7946 section 3.1.9 recommends, a polygon reaching that pole's latitude
 * across all longitudes, with the seam at the antimeridian. The pole is the one on the side of
 * the ring's mean latitude (weighted by longitude extent), the one a small footprint surrounds.
 */
final class Antimeridian {
  private static final GeometryFactory F = Geometries.FACTORY;
  /** Largest distance (degrees) over which a shifted coordinate is snapped back to its input value. */
  private static final double SNAP = 1e-9;

  private Antimeridian() {}

  /**
   * The geometry with parts that cross the antimeridian split there and longitudes outside
   * [-180, 180] wrapped into it; the same instance when nothing needs to change.
   *
   * @throws IllegalArgumentException naming a coordinate that is not finite or whose latitude is
   *     outside [-90, 90], or for a ring that winds around a pole more than once
   */
  static Geometry split(Geometry g) {
    validate(g);
    return splitValid(g);
  }

  /**
   * The geometry with vertices added inside every edge that {@link #split} would take to cross
   * the antimeridian (ends more than 180° of longitude apart), so that the edge is read as drawn:
   * a straight line in the lon/lat plane. The same instance when no edge needs them.
   */
  static Geometry asDrawn(Geometry g) {
    validate(g);
    boolean[] any = {false};
    g.apply((CoordinateSequenceFilter) new CoordinateSequenceFilter() {
      @Override
      public void filter(CoordinateSequence cs, int i) {
        any[0] |= i > 0 && jumps(cs.getX(i - 1), cs.getX(i));
      }

      @Override
      public boolean isDone() {
        return any[0];
      }

      @Override
      public boolean isGeometryChanged() {
        return false;
      }
    });
    if (!any[0]) {
      return g;
    }
    return new GeometryTransformer() {
      @Override
      protected CoordinateSequence transformCoordinates(CoordinateSequence cs, Geometry parent) {
        CoordinateList out = new CoordinateList();
        for (int i = 0; i < cs.size(); i++) {
          if (i > 0 && jumps(cs.getX(i - 1), cs.getX(i))) {
            double ax = cs.getX(i - 1);
            double ay = cs.getY(i - 1);
            double dx = cs.getX(i) - ax;
            double dy = cs.getY(i) - ay;
            int pieces = (int) Math.ceil(Math.abs(dx) / 180);
            for (int k = 1; k < pieces; k++) {
              out.add(new Coordinate(ax + dx * k / pieces, ay + dy * k / pieces), true);
            }
          }
          out.add(cs.getCoordinate(i).copy(), true);
        }
        return factory.getCoordinateSequenceFactory().create(out.toCoordinateArray());
      }
    }.transform(g);
  }

  private static void validate(Geometry g) {
    g.apply((CoordinateFilter) c -> {
      if (!Double.isFinite(c.x) || !Double.isFinite(c.y)) {
        throw new IllegalArgumentException("coordinate (" + c.x + ", " + c.y + ") is not finite");
      }
      if (c.y < -90 || c.y > 90) {
        throw new IllegalArgumentException("coordinate (" + c.x + ", " + c.y + ") has latitude " + c.y
            + " outside [-90, 90] (positions are longitude, latitude)");
      }
      // wrapping and splitting work per turn of 360°: a longitude far off the globe is a mistake
      if (c.x < -MAX_LONGITUDE || c.x > MAX_LONGITUDE) {
        throw new IllegalArgumentException("coordinate (" + c.x + ", " + c.y + ") has longitude " + c.x
            + " outside [-" + (int) MAX_LONGITUDE + ", " + (int) MAX_LONGITUDE + "] (positions are longitude, latitude; "
            + "longitudes beyond [-180, 180] are read one turn around the globe at most)");
      }
    });
  }

  /** The largest longitude a geometry may use: [-180, 180] and one turn of 360° either side. */
  static final double MAX_LONGITUDE = 540;

  private static Geometry splitValid(Geometry g) {
    if (g.isEmpty()) {
      return g;
    }
    return switch (g) {
      case Point p -> inRange(p.getX()) ? p : F.createPoint(new Coordinate(wrap(p.getX()), p.getY()));
      case LineString l -> splitLine(l);
      case Polygon p -> splitPolygon(p);
      case MultiPoint mp -> splitParts(mp, parts -> F.createMultiPoint(parts.toArray(Point[]::new)));
      case MultiLineString ml -> splitParts(ml, parts -> F.createMultiLineString(parts.toArray(LineString[]::new)));
      case MultiPolygon mp -> splitParts(mp, parts -> F.createMultiPolygon(parts.toArray(Polygon[]::new)));
      case GeometryCollection gc -> {
        Geometry[] out = new Geometry[gc.getNumGeometries()];
        boolean changed = false;
        for (int i = 0; i < out.length; i++) {
          out[i] = splitValid(gc.getGeometryN(i));
          changed |= out[i] != gc.getGeometryN(i);
        }
        yield changed ? F.createGeometryCollection(out) : gc;
      }
      default -> g;
    };
  }

  private static <T extends Geometry> Geometry splitParts(GeometryCollection multi,
      Function<List<T>, Geometry> build) {
    List<T> parts = new ArrayList<>();
    boolean changed = false;
    for (int i = 0; i < multi.getNumGeometries(); i++) {
      Geometry member = multi.getGeometryN(i);
      Geometry split = splitValid(member);
      changed |= split != member;
      for (int j = 0; j < split.getNumGeometries(); j++) {
        @SuppressWarnings("unchecked")
        T part = (T) split.getGeometryN(j);
        parts.add(part);
      }
    }
    return changed ? build.apply(parts) : multi;
  }

  private static boolean inRange(double lon) {
    return lon >= -180 && lon <= 180;
  }

  private static double wrap(double lon) {
    return inRange(lon) ? lon : lon - 360 * Math.floor((lon + 180) / 360);
  }

  /** Whether an edge from longitude a to b crosses the antimeridian. */
  private static boolean jumps(double a, double b) {
    return Math.abs(b - a) > 180 && !(Math.abs(a) == 180 && Math.abs(b) == 180);
  }

  private static boolean needsSplit(CoordinateSequence cs) {
    for (int i = 0; i < cs.size(); i++) {
      if (!inRange(cs.getX(i)) || i > 0 && jumps(cs.getX(i - 1), cs.getX(i))) {
        return true;
      }
    }
    return false;
  }

  /** Turns of 360° to add to each vertex so that no edge crosses the antimeridian any more. */
  private static int[] unwrap(CoordinateSequence cs) {
    int[] turns = new int[cs.size()];
    for (int i = 1; i < turns.length; i++) {
      double a = cs.getX(i - 1);
      double b = cs.getX(i);
      turns[i] = turns[i - 1] + (jumps(a, b) ? (int) Math.round((a - b) / 360) : 0);
    }
    return turns;
  }

  // ---- lines

  private static Geometry splitLine(LineString line) {
    CoordinateSequence cs = line.getCoordinateSequence();
    if (!needsSplit(cs)) {
      return line;
    }
    int[] turns = unwrap(cs);
    List<LineString> parts = new ArrayList<>();
    CoordinateList part = null;
    long partStrip = 0;
    for (int i = 1; i < cs.size(); i++) {
      double ax = cs.getX(i - 1) + 360.0 * turns[i - 1];
      double bx = cs.getX(i) + 360.0 * turns[i];
      double ay = cs.getY(i - 1);
      double by = cs.getY(i);
      // Vertices of the pieces of this edge: the start, each cut at 180 + 360m it passes, the end.
      // Each piece is kept as (turn-free x, turns) so that shifting back is exact.
      List<double[]> pts = new ArrayList<>();
      pts.add(new double[] {cs.getX(i - 1), turns[i - 1], ay, ax});
      long mFrom = (long) Math.floor((Math.min(ax, bx) - 180) / 360) + 1;
      long mTo = (long) Math.ceil((Math.max(ax, bx) - 180) / 360) - 1;
      List<double[]> cuts = new ArrayList<>();
      for (long m = mFrom; m <= mTo; m++) {
        double cut = 180 + 360.0 * m;
        if (cut > Math.min(ax, bx) && cut < Math.max(ax, bx)) {
          double y = ay + (by - ay) * (cut - ax) / (bx - ax);
          cuts.add(new double[] {180, m, y, cut});
        }
      }
      if (bx < ax) {
        Collections.reverse(cuts);
      }
      pts.addAll(cuts);
      pts.add(new double[] {cs.getX(i), turns[i], by, bx});
      for (int k = 1; k < pts.size(); k++) {
        double[] p = pts.get(k - 1);
        double[] q = pts.get(k);
        long strip = (long) Math.floor(((p[3] + q[3]) / 2 + 180) / 360);
        if (part == null || strip != partStrip) {
          if (part != null) {
            parts.add(F.createLineString(part.toCoordinateArray()));
          }
          part = new CoordinateList();
          partStrip = strip;
          part.add(shifted(p, strip), true);
        }
        part.add(shifted(q, strip), true);
      }
    }
    if (part != null) {
      parts.add(F.createLineString(part.toCoordinateArray()));
    }
    return parts.size() == 1 ? parts.get(0) : F.createMultiLineString(parts.toArray(LineString[]::new));
  }

  /** A point {x, turns, y, unwrappedX} moved into strip {@code strip}, i.e. shifted by -360 * strip. */
  private static Coordinate shifted(double[] p, long strip) {
    return new Coordinate(p[0] + 360.0 * ((long) p[1] - strip), p[2]);
  }

  // ---- polygons

  private static Geometry splitPolygon(Polygon p) {
    List<LinearRing> rings = new ArrayList<>();
    rings.add(p.getExteriorRing());
    for (int i = 0; i < p.getNumInteriorRing(); i++) {
      rings.add(p.getInteriorRingN(i));
    }
    boolean any = false;
    for (LinearRing r : rings) {
      any |= needsSplit(r.getCoordinateSequence());
    }
    if (!any) {
      return p;
    }
    Snapper snap = new Snapper();
    for (LinearRing r : rings) {
      snap.remember(r.getCoordinateSequence());
    }
    Geometry region = ringRegion(rings.get(0), snap);
    if (rings.size() > 1) {
      List<Polygon> holes = new ArrayList<>();
      for (int i = 1; i < rings.size(); i++) {
        holes.addAll(polygons(ringRegion(rings.get(i), snap)));
      }
      Geometry holeRegion = holes.size() == 1 ? holes.get(0) : OverlayNGRobust.union(F.createMultiPolygon(holes.toArray(Polygon[]::new)));
      region = OverlayNGRobust.overlay(region, holeRegion, OverlayNG.DIFFERENCE);
    }
    List<Polygon> parts = new ArrayList<>();
    for (Polygon part : polygons(region)) {
      parts.add(rfc7946(part));
    }
    if (parts.isEmpty()) {
      // A polygon without area (all vertices on a line, say) is kept as its split outline.
      return splitLine(F.createLineString(p.getExteriorRing().getCoordinateSequence()));
    }
    return parts.size() == 1 ? parts.get(0) : F.createMultiPolygon(parts.toArray(Polygon[]::new));
  }

  /** The region a ring encloses, as polygons within [-180, 180]. */
  private static Geometry ringRegion(LinearRing ring, Snapper snap) {
    CoordinateSequence cs = ring.getCoordinateSequence();
    if (!needsSplit(cs)) {
      return F.createPolygon(cs.copy());
    }
    int[] turns = unwrap(cs);
    int n = cs.size();
    int winding = turns[n - 1] - turns[0];
    Coordinate[] frame;
    if (winding == 0) {
      frame = new Coordinate[n];
      for (int i = 0; i < n; i++) {
        frame[i] = new Coordinate(cs.getX(i) + 360.0 * turns[i], cs.getY(i));
      }
      double width = lonWidth(frame);
      if (width > 360) {
        throw new IllegalArgumentException("ring spans " + width + "° of longitude once unwrapped at the antimeridian, more than the globe: "
            + abbreviate(ring));
      }
    } else if (Math.abs(winding) == 1) {
      frame = polarFrame(cs, turns, winding);
    } else {
      throw new IllegalArgumentException("ring winds " + Math.abs(winding) + " times around a pole: " + abbreviate(ring));
    }
    Geometry poly = F.createPolygon(frame);
    if (!poly.isValid()) {
      poly = GeometryFixer.fix(poly);
    }
    Envelope env = poly.getEnvelopeInternal();
    if (env.getMinX() >= -180 && env.getMaxX() <= 180) {
      return poly;
    }
    List<Polygon> parts = new ArrayList<>();
    long kFrom = (long) Math.floor((env.getMinX() - 180) / 360) + 1;
    long kTo = (long) Math.ceil((env.getMaxX() + 180) / 360) - 1;
    for (long k = kFrom; k <= kTo; k++) {
      Geometry strip = F.toGeometry(new Envelope(-180 + 360.0 * k, 180 + 360.0 * k, -91, 91));
      Geometry piece = OverlayNGRobust.overlay(poly, strip, OverlayNG.INTERSECTION).copy();
      double dx = -360.0 * k;
      piece.apply((CoordinateFilter) c -> snap.snap(c, dx));
      piece.geometryChanged();
      parts.addAll(polygons(piece));
    }
    return parts.size() == 1 ? parts.get(0) : F.createMultiPolygon(parts.toArray(Polygon[]::new));
  }

  /** The non-empty polygons in a geometry. */
  private static List<Polygon> polygons(Geometry g) {
    List<Polygon> out = new ArrayList<>();
    for (int i = 0; i < g.getNumGeometries(); i++) {
      Geometry part = g.getGeometryN(i);
      if (part instanceof Polygon p && !p.isEmpty()) {
        out.add(p);
      } else if (part instanceof GeometryCollection && part != g) {
        out.addAll(polygons(part));
      }
    }
    return out;
  }

  /**
   * A ring that winds once around a pole, closed over that pole: it starts where it first
   * crosses the antimeridian (at -180 going east, at 180 going west), follows the ring once
   * round to the other side, runs to the pole latitude, along it back and down to the start.
   */
  private static Coordinate[] polarFrame(CoordinateSequence cs, int[] turns, int winding) {
    int n = cs.size();
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = cs.getX(i) + 360.0 * turns[i];
    }
    // The antimeridian line (180 + 360m) the ring crosses first, in its direction of travel.
    long m = winding > 0 ? (long) Math.floor((x[0] - 180) / 360) + 1 : (long) Math.ceil((x[0] - 180) / 360) - 1;
    double cut = 180 + 360.0 * m;
    int j = n - 1;
    for (int i = 1; i < n; i++) {
      if (winding > 0 ? x[i] >= cut : x[i] <= cut) {
        j = i;
        break;
      }
    }
    double yCut = cs.getY(j - 1) + (cs.getY(j) - cs.getY(j - 1)) * (cut - x[j - 1]) / (x[j] - x[j - 1]);
    long shift = winding > 0 ? m + 1 : m; // turns that bring the cut to the seam side
    double seamStart = winding > 0 ? -180 : 180;
    double pole = poleLatitude(cs, x, winding);
    CoordinateList out = new CoordinateList();
    out.add(new Coordinate(seamStart, yCut), false);
    for (int i = j; i < n; i++) {
      out.add(new Coordinate(cs.getX(i) + 360.0 * (turns[i] - shift), cs.getY(i)), false);
    }
    for (int i = 1; i < j; i++) {
      out.add(new Coordinate(cs.getX(i) + 360.0 * (turns[i] + winding - shift), cs.getY(i)), false);
    }
    out.add(new Coordinate(-seamStart, yCut), false);
    out.add(new Coordinate(-seamStart, pole), false);
    out.add(new Coordinate(seamStart, pole), false);
    out.closeRing();
    return out.toCoordinateArray();
  }

  /** The pole a once-around ring encloses: the one on the side of its mean latitude. */
  private static double poleLatitude(CoordinateSequence cs, double[] x, int winding) {
    double sum = 0;
    double weight = 0;
    for (int i = 1; i < x.length; i++) {
      double w = Math.abs(x[i] - x[i - 1]);
      sum += w * (cs.getY(i) + cs.getY(i - 1)) / 2;
      weight += w;
    }
    double mean = weight == 0 ? 0 : sum / weight;
    if (mean != 0) {
      return mean > 0 ? 90 : -90;
    }
    // On the equator: take the RFC 7946 orientation (counter-clockwise, i.e. eastward round the north pole).
    return winding > 0 ? 90 : -90;
  }

  private static double lonWidth(Coordinate[] cs) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (Coordinate c : cs) {
      min = Math.min(min, c.x);
      max = Math.max(max, c.x);
    }
    return max - min;
  }

  /** The polygon with the RFC 7946 orientation: exterior ring counter-clockwise, holes clockwise. */
  private static Polygon rfc7946(Polygon p) {
    LinearRing shell = p.getExteriorRing();
    boolean changed = false;
    if (!Orientation.isCCW(shell.getCoordinateSequence())) {
      shell = shell.reverse();
      changed = true;
    }
    LinearRing[] holes = new LinearRing[p.getNumInteriorRing()];
    for (int i = 0; i < holes.length; i++) {
      holes[i] = p.getInteriorRingN(i);
      if (Orientation.isCCW(holes[i].getCoordinateSequence())) {
        holes[i] = holes[i].reverse();
        changed = true;
      }
    }
    return changed ? F.createPolygon(shell, holes) : p;
  }

  private static String abbreviate(Geometry g) {
    String wkt = g.toText();
    return wkt.length() <= 200 ? wkt : wkt.substring(0, 200) + "...";
  }

  /**
   * Puts shifted coordinates back on the exact input values they stand for: adding and then
   * subtracting 360° can change the last bits of a longitude, and stored footprints should keep
   * the coordinates they were given. Also clamps to [-180, 180] against rounding at the cuts.
   */
  private static final class Snapper {
    private final Map<Double, List<Double>> lonsByLat = new HashMap<>();

    void remember(CoordinateSequence cs) {
      for (int i = 0; i < cs.size(); i++) {
        lonsByLat.computeIfAbsent(cs.getY(i), y -> new ArrayList<>(2)).add(wrap(cs.getX(i)));
      }
    }

    void snap(Coordinate c, double dx) {
      double x = Math.max(-180, Math.min(180, c.x + dx));
      List<Double> lons = lonsByLat.get(c.y);
      if (lons != null) {
        for (double lon : lons) {
          if (Math.abs(x - lon) <= SNAP) {
            x = lon;
            break;
          }
        }
      }
      c.x = x;
    }
  }
}
