package io.swath.core.table;

import org.locationtech.jts.geom.Geometry;

/** A geometry column: WKB stored, JTS geometries decoded on access. */
public interface GeometryColumn extends Column {
  @Override
  Geometry get(int row);

  /** The WKB of the value at {@code row}, or null. */
  byte[] wkb(int row);

  /**
   * Hands the WKB of the value at {@code row} to {@code sink} in place, without a copy; returns
   * false, calling nothing, when the value is null.
   */
  default boolean wkb(int row, ByteRange sink) {
    byte[] b = wkb(row);
    if (b == null) {
      return false;
    }
    sink.accept(b, 0, b.length);
    return true;
  }
}
