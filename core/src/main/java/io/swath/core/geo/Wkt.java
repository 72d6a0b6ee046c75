package io.swath.core.geo;

import java.math.BigDecimal;
import org.locationtech.jts.geom.CoordinateSequence;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.LinearRing;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Writes 2D WKT in the layout of JTS's {@code Geometry.toText()}, with every coordinate the
 * shortest decimal that reads back as the same double (no exponent, no trailing {@code .0}).
 * JTS rounds to 16 fraction digits, which loses the last bits of small coordinates, and formats
 * through {@code DecimalFormat}, which made it the slowest step of a CSV export.
 */
final class Wkt {
  private Wkt() {}

  static String write(Geometry g) {
    StringBuilder sb = new StringBuilder(32 + 40 * g.getNumPoints());
    write(g, sb);
    return sb.toString();
  }

  private static void write(Geometry g, StringBuilder sb) {
    switch (g) {
      case Point p -> {
        sb.append("POINT");
        if (empty(p, sb)) {
          return;
        }
        sb.append(" (");
        xy(p.getCoordinateSequence(), 0, sb);
        sb.append(')');
      }
      case LineString l -> {
        sb.append(l instanceof LinearRing ? "LINEARRING" : "LINESTRING");
        if (!empty(l, sb)) {
          sb.append(' ');
          seq(l.getCoordinateSequence(), sb);
        }
      }
      case Polygon p -> {
        sb.append("POLYGON");
        if (!empty(p, sb)) {
          sb.append(' ');
          rings(p, sb);
        }
      }
      case MultiPoint mp -> parts("MULTIPOINT", mp, sb, (part, out) -> {
        out.append('(');
        xy(((Point) part).getCoordinateSequence(), 0, out);
        out.append(')');
      });
      case MultiLineString ml -> parts("MULTILINESTRING", ml, sb, (part, out) -> seq(((LineString) part).getCoordinateSequence(), out));
      case MultiPolygon mp -> parts("MULTIPOLYGON", mp, sb, (part, out) -> rings((Polygon) part, out));
      case GeometryCollection gc -> parts("GEOMETRYCOLLECTION", gc, sb, Wkt::write);
      default -> throw new IllegalArgumentException("cannot write " + g.getGeometryType() + " as WKT");
    }
  }

  private static boolean empty(Geometry g, StringBuilder sb) {
    if (g.isEmpty()) {
      sb.append(" EMPTY");
      return true;
    }
    return false;
  }

  private static void parts(String tag, GeometryCollection gc, StringBuilder sb, java.util.function.BiConsumer<Geometry, StringBuilder> part) {
    sb.append(tag);
    if (empty(gc, sb)) {
      return;
    }
    sb.append(" (");
    for (int i = 0; i < gc.getNumGeometries(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      Geometry p = gc.getGeometryN(i);
      if (p.isEmpty() && gc.getClass() != GeometryCollection.class) {
        sb.append("EMPTY");
      } else {
        part.accept(p, sb);
      }
    }
    sb.append(')');
  }

  private static void rings(Polygon p, StringBuilder sb) {
    sb.append('(');
    seq(p.getExteriorRing().getCoordinateSequence(), sb);
    for (int i = 0; i < p.getNumInteriorRing(); i++) {
      sb.append(", ");
      seq(p.getInteriorRingN(i).getCoordinateSequence(), sb);
    }
    sb.append(')');
  }

  private static void seq(CoordinateSequence cs, StringBuilder sb) {
    sb.append('(');
    for (int i = 0; i < cs.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      xy(cs, i, sb);
    }
    sb.append(')');
  }

  private static void xy(CoordinateSequence cs, int i, StringBuilder sb) {
    num(cs.getX(i), sb);
    sb.append(' ');
    num(cs.getY(i), sb);
  }

  /** The shortest decimal that reads back as {@code d}, without exponent or trailing {@code .0}. */
  static void num(double d, StringBuilder sb) {
    if (!Double.isFinite(d)) {
      sb.append(Double.isNaN(d) ? "NaN" : d > 0 ? "Inf" : "-Inf");
      return;
    }
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      sb.append(d == 0 && 1 / d < 0 ? "-0" : Long.toString((long) d));
      return;
    }
    String s = Double.toString(d);
    sb.append(s.indexOf('E') < 0 ? s : new BigDecimal(s).stripTrailingZeros().toPlainString());
  }
}
