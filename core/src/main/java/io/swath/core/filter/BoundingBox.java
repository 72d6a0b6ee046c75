package io.swath.core.filter;

/**
 * A WGS84 longitude/latitude box that the footprint of every row matching a filter intersects:
 * a bound for a spatial index. West greater than east means the box crosses the antimeridian
 * (it covers west..180 and -180..east).
 *
 * @param west  minimum longitude
 * @param south minimum latitude
 * @param east  maximum longitude
 * @param north maximum latitude
 */
public record BoundingBox(double west, double south, double east, double north) {
  /** Whether the box crosses the antimeridian. */
  public boolean crossesAntimeridian() {
    return west > east;
  }

  /**
   * The part both boxes cover, or null when they are disjoint. Only defined when neither box
   * crosses the antimeridian.
   */
  BoundingBox intersection(BoundingBox o) {
    double w = Math.max(west, o.west);
    double s = Math.max(south, o.south);
    double e = Math.min(east, o.east);
    double n = Math.min(north, o.north);
    return w <= e && s <= n ? new BoundingBox(w, s, e, n) : null;
  }
}
