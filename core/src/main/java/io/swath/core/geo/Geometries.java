package io.swath.core.geo;

import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.PrecisionModel;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.io.WKTReader;

/** Reading and writing WGS84 lon/lat geometries (WKB, WKT, GeoJSON) with JTS. */
public final class Geometries {
  /** The factory for every geometry Swath makes: floating precision, SRID 4326. */
  public static final GeometryFactory FACTORY = new GeometryFactory(new PrecisionModel(), 4326);

  private Geometries() {}

  /** Parses WKB (ISO or extended), 2D. */
  public static Geometry fromWkb(byte[] wkb) {
    try {
      return new WKBReader(FACTORY).read(wkb);
    } catch (ParseException | RuntimeException e) {
      throw new IllegalArgumentException("not a valid WKB geometry: " + e.getMessage(), e);
    }
  }

  /** Writes 2D little-endian WKB. */
  public static byte[] toWkb(Geometry g) {
    return new WKBWriter(2, org.locationtech.jts.io.ByteOrderValues.LITTLE_ENDIAN).write(g);
  }

  /** Parses WKT, e.g. {@code POLYGON ((...))}. */
  public static Geometry fromWkt(String wkt) {
    try {
      return new WKTReader(FACTORY).read(wkt);
    } catch (ParseException e) {
      throw new IllegalArgumentException("not a valid WKT geometry: " + e.getMessage(), e);
    }
  }

  /**
   * Writes 2D WKT, laid out as JTS's {@code toText()} and several times faster; every coordinate
   * reads back as exactly the same double (JTS rounds to 16 fraction digits).
   */
  public static String toWkt(Geometry g) {
    return Wkt.write(g);
  }

  /** Parses a GeoJSON geometry object (a Feature yields its geometry). */
  public static Geometry fromGeoJson(String json) {
    return GeoJson.read(json);
  }

  /** Parses a GeoJSON geometry object from a Jackson tree. */
  public static Geometry fromGeoJson(com.fasterxml.jackson.databind.JsonNode json) {
    return GeoJson.read(json);
  }

  /** Writes a GeoJSON geometry object. */
  public static String toGeoJson(Geometry g) {
    return GeoJson.write(g);
  }

  /**
   * Brings a footprint into the canonical form Swath stores: lines and rings that cross the
   * antimeridian (an edge jumping more than 180° of longitude) are split into parts on either
   * side of it, longitudes outside [-180, 180] are wrapped into that range, and a ring that goes
   * once around a pole becomes a polygon reaching that pole across all longitudes (RFC 7946).
   * Every part of the result lies within [-180, 180], so planar JTS predicates on it agree with
   * the globe. A geometry already in that form is returned as the same instance.
   *
   * @throws IllegalArgumentException naming a coordinate that is not finite or whose latitude is
   *     outside [-90, 90], or for a ring that winds around a pole more than once
   */
  public static Geometry normalize(Geometry g) {
    return Antimeridian.split(g);
  }

  /**
   * The geometry as drawn, for query geometries (a STAC {@code intersects} or a box): GeoJSON
   * edges are straight lines in the lon/lat plane, so an edge from longitude -179 to 179 runs
   * east-west across the whole map, not 2° across the antimeridian. Each edge whose ends are more
   * than 180° of longitude apart gets vertices added along it, so that {@link #normalize}, which
   * takes such an edge to cross the antimeridian (right for footprints that producers wrote that
   * way), reads it as drawn. The same instance when no edge needs them.
   */
  public static Geometry asDrawn(Geometry g) {
    return Antimeridian.asDrawn(g);
  }

  /**
   * The bounding boxes of a geometry, none crossing the antimeridian: one box, or two (one each
   * side of the antimeridian) for a geometry whose smallest box crosses it. Made for index
   * prefilters that compare plain min/max columns. The geometry is {@linkplain #normalize
   * normalized} first.
   *
   * @throws IllegalArgumentException if the geometry is empty or has invalid coordinates
   */
  public static List<BoundingBox> envelopes(Geometry g) {
    return BoundingBox.ofGeometry(g).parts();
  }
}
