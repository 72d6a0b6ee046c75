package io.swath.core.filter;

import io.swath.core.filter.Expr.AccentI;
import io.swath.core.filter.Expr.Arithmetic;
import io.swath.core.filter.Expr.ArrayLiteral;
import io.swath.core.filter.Expr.BboxLiteral;
import io.swath.core.filter.Expr.CaseI;
import io.swath.core.filter.Expr.DateLiteral;
import io.swath.core.filter.Expr.GeometryLiteral;
import io.swath.core.filter.Expr.IntervalLiteral;
import io.swath.core.filter.Expr.NumberLiteral;
import io.swath.core.filter.Expr.Property;
import io.swath.core.filter.Expr.StringLiteral;
import io.swath.core.filter.Expr.TimestampLiteral;
import io.swath.core.filter.Filter.And;
import io.swath.core.filter.Filter.ArrayPredicate;
import io.swath.core.filter.Filter.Between;
import io.swath.core.filter.Filter.BooleanLiteral;
import io.swath.core.filter.Filter.Comparison;
import io.swath.core.filter.Filter.FunctionCall;
import io.swath.core.filter.Filter.In;
import io.swath.core.filter.Filter.IsNull;
import io.swath.core.filter.Filter.Like;
import io.swath.core.filter.Filter.Not;
import io.swath.core.filter.Filter.Or;
import io.swath.core.filter.Filter.SpatialPredicate;
import io.swath.core.filter.Filter.TemporalPredicate;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/**
 * Writes CQL2 text. The output parses back to an equal tree: nested AND/OR and non-primary
 * conditions used as values are parenthesized, arithmetic is parenthesized by precedence, names
 * that are not plain identifiers or are keywords are double-quoted, and numbers (including WKT
 * coordinates) are written with every significant digit.
 */
final class TextWriter {
  /** Words that cannot be unquoted property names (upper case). */
  private static final Set<String> RESERVED = reserved();

  private TextWriter() {}

  private static Set<String> reserved() {
    Set<String> s = new HashSet<>(List.of("AND", "OR", "NOT", "LIKE", "BETWEEN", "IN", "IS", "NULL", "TRUE", "FALSE",
        "DIV", "CASEI", "ACCENTI", "TIMESTAMP", "DATE", "INTERVAL", "BBOX", "POINT", "LINESTRING", "POLYGON",
        "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION"));
    for (Filter.SpatialOp op : Filter.SpatialOp.values()) {
      s.add(op.textName());
    }
    for (Filter.TemporalOp op : Filter.TemporalOp.values()) {
      s.add(op.textName());
    }
    for (Filter.ArrayOp op : Filter.ArrayOp.values()) {
      s.add(op.textName());
    }
    return Set.copyOf(s);
  }

  static boolean isReserved(String word) {
    return RESERVED.contains(word.toUpperCase(Locale.ROOT));
  }

  static boolean isIdentifierStart(int c) {
    return Character.isLetter(c) || c == '_' || c == ':';
  }

  static boolean isIdentifierPart(int c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == ':' || c == '.';
  }

  static boolean isPlainIdentifier(String s) {
    if (s.isEmpty() || !isIdentifierStart(s.codePointAt(0))) {
      return false;
    }
    return s.codePoints().allMatch(TextWriter::isIdentifierPart);
  }

  static String write(Expr e) {
    StringBuilder sb = new StringBuilder(64);
    condition(e, sb);
    return sb.toString();
  }

  /** An expression where a full condition may stand (top level, inside parentheses, AND/OR operands). */
  private static void condition(Expr e, StringBuilder sb) {
    switch (e) {
      case And a -> junction(a.args(), " AND ", sb);
      case Or o -> junction(o.args(), " OR ", sb);
      case Not n -> {
        sb.append("NOT (");
        condition(n.arg(), sb);
        sb.append(')');
      }
      case Comparison c -> {
        value(c.left(), sb);
        sb.append(' ').append(c.op().symbol()).append(' ');
        value(c.right(), sb);
      }
      case Like l -> {
        value(l.value(), sb);
        sb.append(" LIKE ");
        value(l.pattern(), sb);
      }
      case Between b -> {
        value(b.value(), sb);
        sb.append(" BETWEEN ");
        value(b.low(), sb);
        sb.append(" AND ");
        value(b.high(), sb);
      }
      case In in -> {
        value(in.value(), sb);
        sb.append(" IN (");
        for (int i = 0; i < in.list().size(); i++) {
          if (i > 0) {
            sb.append(", ");
          }
          value(in.list().get(i), sb);
        }
        sb.append(')');
      }
      case IsNull n -> {
        value(n.value(), sb);
        sb.append(" IS NULL");
      }
      default -> value(e, sb);
    }
  }

  private static void junction(List<Filter> args, String op, StringBuilder sb) {
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        sb.append(op);
      }
      Filter f = args.get(i);
      if (f instanceof And || f instanceof Or) {
        sb.append('(');
        condition(f, sb);
        sb.append(')');
      } else {
        condition(f, sb);
      }
    }
  }

  /** Whether a condition must be parenthesized where a value is expected. */
  private static boolean isCompound(Expr e) {
    return e instanceof And || e instanceof Or || e instanceof Not || e instanceof Comparison || e instanceof Like
        || e instanceof Between || e instanceof In || e instanceof IsNull;
  }

  /** An expression in value position (operand of a comparison, LIKE, BETWEEN, IN, IS NULL, arithmetic). */
  private static void value(Expr e, StringBuilder sb) {
    if (isCompound(e)) {
      sb.append('(');
      condition(e, sb);
      sb.append(')');
      return;
    }
    switch (e) {
      case Property p -> property(p.name(), sb);
      case StringLiteral s -> string(s.value(), sb);
      case NumberLiteral n -> sb.append(n.value());
      case BooleanLiteral b -> sb.append(b.value() ? "TRUE" : "FALSE");
      case TimestampLiteral t -> sb.append("TIMESTAMP('").append(t.value()).append("')");
      case DateLiteral d -> sb.append("DATE('").append(d.value()).append("')");
      case IntervalLiteral i -> {
        sb.append("INTERVAL(");
        intervalEnd(i.start(), sb);
        sb.append(", ");
        intervalEnd(i.end(), sb);
        sb.append(')');
      }
      case GeometryLiteral g -> wkt(g.geometry(), sb);
      case BboxLiteral b -> {
        sb.append("BBOX(");
        for (int i = 0; i < b.values().size(); i++) {
          if (i > 0) {
            sb.append(", ");
          }
          sb.append(b.values().get(i));
        }
        sb.append(')');
      }
      case ArrayLiteral a -> {
        sb.append('(');
        arguments(a.elements(), sb);
        sb.append(')');
      }
      case Arithmetic a -> arithmetic(a, sb);
      case CaseI c -> {
        sb.append("CASEI(");
        value(c.value(), sb);
        sb.append(')');
      }
      case AccentI c -> {
        sb.append("ACCENTI(");
        value(c.value(), sb);
        sb.append(')');
      }
      case SpatialPredicate s -> call(s.op().textName(), List.of(s.left(), s.right()), sb);
      case TemporalPredicate t -> call(t.op().textName(), List.of(t.left(), t.right()), sb);
      case ArrayPredicate a -> call(a.op().textName(), List.of(a.left(), a.right()), sb);
      case FunctionCall f -> call(f.name(), f.args(), sb);
      default -> throw new IllegalStateException("unexpected node " + e);
    }
  }

  private static void call(String name, List<Expr> args, StringBuilder sb) {
    sb.append(name).append('(');
    arguments(args, sb);
    sb.append(')');
  }

  /** Function arguments and array elements: delimited by commas, so any expression stands as is. */
  private static void arguments(List<Expr> args, StringBuilder sb) {
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        sb.append(", ");
      }
      condition(args.get(i), sb);
    }
  }

  private static void arithmetic(Arithmetic a, StringBuilder sb) {
    int p = a.op().precedence;
    boolean rightAssoc = a.op() == Expr.ArithmeticOp.POW;
    operand(a.left(), rightAssoc ? p + 1 : p, sb);
    sb.append(' ').append(a.op().symbol()).append(' ');
    operand(a.right(), rightAssoc ? p : p + 1, sb);
  }

  /** An arithmetic operand, parenthesized when its own operator binds looser than {@code minPrecedence}. */
  private static void operand(Expr e, int minPrecedence, StringBuilder sb) {
    if (e instanceof Arithmetic a && a.op().precedence < minPrecedence) {
      sb.append('(');
      arithmetic(a, sb);
      sb.append(')');
    } else {
      value(e, sb);
    }
  }

  private static void intervalEnd(Expr e, StringBuilder sb) {
    switch (e) {
      case null -> sb.append("'..'");
      case TimestampLiteral t -> sb.append('\'').append(t.value()).append('\'');
      case DateLiteral d -> sb.append('\'').append(d.value()).append('\'');
      default -> value(e, sb);
    }
  }

  static void property(String name, StringBuilder sb) {
    if (isPlainIdentifier(name) && !isReserved(name)) {
      sb.append(name);
    } else {
      sb.append('"').append(name.replace("\"", "\"\"")).append('"');
    }
  }

  static void string(String s, StringBuilder sb) {
    sb.append('\'').append(s.replace("'", "''")).append('\'');
  }

  /** WKT with exact coordinates (JTS's writer rounds to 16 significant digits). */
  static void wkt(Geometry g, StringBuilder sb) {
    String type = switch (g) {
      case Point p -> "POINT";
      case LineString l -> "LINESTRING";
      case Polygon p -> "POLYGON";
      case MultiPoint m -> "MULTIPOINT";
      case MultiLineString m -> "MULTILINESTRING";
      case MultiPolygon m -> "MULTIPOLYGON";
      case GeometryCollection c -> "GEOMETRYCOLLECTION";
      default -> throw new IllegalArgumentException("cannot write a " + g.getGeometryType() + " as WKT");
    };
    sb.append(type).append(' ');
    wktBody(g, sb);
  }

  private static void wktBody(Geometry g, StringBuilder sb) {
    if (g.isEmpty()) {
      sb.append("EMPTY");
      return;
    }
    switch (g) {
      case Point p -> {
        sb.append('(');
        coordinate(p.getCoordinate(), sb);
        sb.append(')');
      }
      case LineString l -> coordinates(l.getCoordinates(), sb);
      case Polygon p -> {
        sb.append('(');
        coordinates(p.getExteriorRing().getCoordinates(), sb);
        for (int i = 0; i < p.getNumInteriorRing(); i++) {
          sb.append(", ");
          coordinates(p.getInteriorRingN(i).getCoordinates(), sb);
        }
        sb.append(')');
      }
      case GeometryCollection c -> {
        boolean tagged = !(c instanceof MultiPoint || c instanceof MultiLineString || c instanceof MultiPolygon);
        sb.append('(');
        for (int i = 0; i < c.getNumGeometries(); i++) {
          if (i > 0) {
            sb.append(", ");
          }
          if (tagged) {
            wkt(c.getGeometryN(i), sb);
          } else {
            wktBody(c.getGeometryN(i), sb);
          }
        }
        sb.append(')');
      }
      default -> throw new IllegalArgumentException("cannot write a " + g.getGeometryType() + " as WKT");
    }
  }

  private static void coordinates(Coordinate[] cs, StringBuilder sb) {
    sb.append('(');
    for (int i = 0; i < cs.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      coordinate(cs[i], sb);
    }
    sb.append(')');
  }

  private static void coordinate(Coordinate c, StringBuilder sb) {
    sb.append(plain(c.x)).append(' ').append(plain(c.y));
  }

  /** The shortest decimal that reads back as {@code d}, without an exponent. */
  private static String plain(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return new BigDecimal(Double.toString(d)).stripTrailingZeros().toPlainString();
  }
}
