package io.swath.core.geo;

import org.locationtech.jts.geom.Geometry;

/** Splitting of geometries that cross the antimeridian. */
final class Antimeridian {
  private Antimeridian() {}

  static Geometry split(Geometry g) {
    return g; // TODO(geo): split rings whose edges jump more than 180 degrees of longitude
  }
}
