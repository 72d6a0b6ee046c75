package io.swath.core.geo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.util.AffineTransformation;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.relateng.RelateNG;
import org.locationtech.jts.operation.relateng.RelatePredicate;

/**
 * A spatial condition on datapoint footprints: a query geometry and a {@link Mode}. Both the
 * query geometry and each footprint are {@linkplain Geometries#normalize normalized}, so regions
 * that cross the antimeridian or cover a pole are compared as they lie on the globe, and the
 * meridians 180 and -180 count as one line.
 *
 * <p>Use {@link #boundingBoxes()} (or {@link #mayMatch(BoundingBox)}) as a cheap prefilter, e.g.
 * on indexed bounding-box columns, and {@link #test(Geometry)} for the exact answer. The query
 * geometry is prepared once, so repeated tests are fast. Instances are immutable and may be
 * shared between threads.
 */
public final class SpatialFilter implements Predicate<Geometry> {
  /** How a footprint must relate to the query geometry. */
  public enum Mode {
    /** The footprint and the query geometry share at least one point (boundaries included). */
    INTERSECTS,
    /**
     * The footprint lies completely within the query geometry: no point of it, boundary
     * included, is outside (the query geometry {@code covers} the footprint).
     */
    CONTAINS
  }

  private static final LineString EAST = meridian(180);
  private static final LineString WEST = meridian(-180);

  private final Mode mode;
  private final Geometry geometry;
  private final List<BoundingBox> boxes;
  private final PreparedGeometry prepared;
  /**
   * What the query geometry has on the antimeridian, copied to the other side (180 to -180 and
   * back), or null if it has nothing there: a footprint touching that copy touches the query on
   * the globe though not in the plane.
   */
  private final Geometry seam;

  private SpatialFilter(Mode mode, Geometry query) {
    this.mode = Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(query, "query geometry");
    this.geometry = Geometries.normalize(query);
    if (geometry.isEmpty()) {
      throw new IllegalArgumentException("a spatial filter needs a non-empty query geometry");
    }
    this.boxes = Geometries.envelopes(geometry);
    this.prepared = PreparedGeometryFactory.prepare(geometry);
    this.seam = seam(geometry);
  }

  /** Footprints that share a point with {@code query}. */
  public static SpatialFilter intersects(Geometry query) {
    return new SpatialFilter(Mode.INTERSECTS, query);
  }

  /** Footprints that share a point with {@code box} (which may cross the antimeridian). */
  public static SpatialFilter intersects(BoundingBox box) {
    return new SpatialFilter(Mode.INTERSECTS, box.toGeometry());
  }

  /** Footprints that lie completely within {@code query}. */
  public static SpatialFilter contains(Geometry query) {
    return new SpatialFilter(Mode.CONTAINS, query);
  }

  /** Footprints that lie completely within {@code box} (which may cross the antimeridian). */
  public static SpatialFilter contains(BoundingBox box) {
    return new SpatialFilter(Mode.CONTAINS, box.toGeometry());
  }

  /** Footprints related to {@code query} as {@code mode} says. */
  public static SpatialFilter of(Mode mode, Geometry query) {
    return new SpatialFilter(mode, query);
  }

  /** How footprints must relate to the query geometry. */
  public Mode mode() {
    return mode;
  }

  /** The query geometry, normalized (split at the antimeridian). */
  public Geometry geometry() {
    return geometry;
  }

  /**
   * One or two boxes, none crossing the antimeridian, that together cover the query geometry. A
   * footprint can only match if its bounding box overlaps one of them (in both modes).
   */
  public List<BoundingBox> boundingBoxes() {
    return boxes;
  }

  /**
   * The prefilter: false when a footprint with this bounding box cannot match, true when it
   * might; {@link #test(Geometry)} decides.
   */
  public boolean mayMatch(BoundingBox footprintBox) {
    for (BoundingBox b : boxes) {
      if (b.intersects(footprintBox)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a footprint matches exactly. The footprint is normalized first (a no-op for
   * footprints stored by Swath). A {@code null} or empty footprint never matches, nor does one
   * off the globe (a latitude outside [-90, 90] or a coordinate that is not finite, as rows
   * stored before the storage rules were checked may have): one bad row must not fail a query.
   */
  @Override
  public boolean test(Geometry footprint) {
    if (footprint == null || footprint.isEmpty()) {
      return false;
    }
    Geometry f;
    try {
      f = Geometries.normalize(footprint);
    } catch (IllegalArgumentException offTheGlobe) {
      return false;
    }
    return mode == Mode.INTERSECTS ? touchesFootprint(f) : coversFootprint(f);
  }

  private boolean touchesFootprint(Geometry f) {
    if (prepared.intersects(f)) {
      return true;
    }
    return seam != null && onAntimeridian(f) && RelateNG.relate(seam, f, RelatePredicate.intersects());
  }

  private boolean coversFootprint(Geometry f) {
    if (prepared.covers(f)) {
      return true;
    }
    if (seam == null || !onAntimeridian(f) || isMixedCollection(f) || isMixedCollection(geometry)) {
      return false;
    }
    // Covered on the globe if what the plane leaves uncovered lies on the query's far side of the seam.
    Geometry rest = OverlayNGRobust.overlay(f, geometry, OverlayNG.DIFFERENCE);
    return rest.isEmpty() || RelateNG.relate(seam, rest, RelatePredicate.covers());
  }

  // Overlay takes no collection of mixed dimension; such footprints and queries skip the seam test.
  private static boolean isMixedCollection(Geometry g) {
    return g.getGeometryType().equals(Geometry.TYPENAME_GEOMETRYCOLLECTION);
  }

  private static boolean onAntimeridian(Geometry f) {
    Envelope e = f.getEnvelopeInternal();
    return e.getMinX() <= -180 || e.getMaxX() >= 180;
  }

  private static Geometry seam(Geometry g) {
    Envelope e = g.getEnvelopeInternal();
    if (e.getMinX() > -180 && e.getMaxX() < 180) {
      return null;
    }
    List<Geometry> pieces = new ArrayList<>();
    for (int i = 0; i < g.getNumGeometries(); i++) {
      Geometry part = g.getGeometryN(i);
      if (part instanceof GeometryCollection) {
        Geometry s = seam(part);
        if (s != null) {
          pieces.add(s);
        }
        continue;
      }
      mirror(OverlayNGRobust.overlay(part, EAST, OverlayNG.INTERSECTION), -360, pieces);
      mirror(OverlayNGRobust.overlay(part, WEST, OverlayNG.INTERSECTION), 360, pieces);
    }
    return pieces.isEmpty() ? null : Geometries.FACTORY.buildGeometry(pieces);
  }

  private static void mirror(Geometry onLine, double dx, List<Geometry> out) {
    if (!onLine.isEmpty()) {
      out.add(AffineTransformation.translationInstance(dx, 0).transform(onLine));
    }
  }

  private static LineString meridian(double lon) {
    return Geometries.FACTORY.createLineString(new Coordinate[] {new Coordinate(lon, -90), new Coordinate(lon, 90)});
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SpatialFilter s && mode == s.mode && geometry.equalsExact(s.geometry);
  }

  @Override
  public int hashCode() {
    return Objects.hash(mode, geometry.getEnvelopeInternal());
  }

  @Override
  public String toString() {
    String wkt = geometry.toText();
    return "SpatialFilter[" + mode + " " + (wkt.length() <= 160 ? wkt : wkt.substring(0, 160) + "...") + "]";
  }
}
