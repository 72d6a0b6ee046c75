package io.swath.core.table;

import org.locationtech.jts.geom.Geometry;

/** A geometry column: WKB stored, JTS geometries decoded on access. */
public interface GeometryColumn extends Column {
  @Override
  Geometry get(int row);

  /** The WKB of the value at {@code row}, or null. */
  byte[] wkb(int row);
}
