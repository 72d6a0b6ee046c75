package io.swath.core.filter;

import io.swath.core.filter.Eval.Base;
import io.swath.core.filter.Eval.Cond;
import io.swath.core.filter.Eval.Const;
import io.swath.core.filter.Eval.Operand;
import io.swath.core.filter.Eval.Type;
import io.swath.core.filter.Expr.AccentI;
import io.swath.core.filter.Expr.Arithmetic;
import io.swath.core.filter.Expr.ArithmeticOp;
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
import io.swath.core.filter.Filter.ComparisonOp;
import io.swath.core.filter.Filter.SpatialOp;
import io.swath.core.filter.Filter.TemporalOp;
import io.swath.core.geo.BoundingBox;
import io.swath.core.geo.Geometries;
import io.swath.core.schema.Field;
import io.swath.core.schema.Schema;
import io.swath.core.time.Times;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPoint;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * Type-checks a filter against a dataset schema and compiles it into {@link Eval} nodes: property
 * names become field positions, literals are converted to the type they are compared with, and
 * literal geometries are prepared. Also derives the time range and bounding box an index can use.
 */
final class Binder {
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final long DAY_MICROS = 86_400_000_000L;

  private final Schema schema;
  private final BitSet fieldsUsed = new BitSet();

  private Binder(Schema schema) {
    this.schema = schema;
  }

  static BoundFilter bind(Filter filter, Schema schema) {
    Binder b = new Binder(schema);
    Cond root = b.cond(filter);
    int[] fields = b.fieldsUsed.stream().toArray();
    List<Filter> conjuncts = new ArrayList<>();
    conjuncts(filter, conjuncts);
    return new BoundFilter(filter, schema, root, fields, b.timeRange(conjuncts), b.boundingBox(conjuncts),
        b.decidedByTimeRange(conjuncts));
  }

  // ---- errors

  private static IllegalArgumentException error(String message) {
    return new IllegalArgumentException("CQL2 filter: " + message);
  }

  /** How an expression is named in messages: a property by its name, anything else by its text. */
  private static String describe(Expr e) {
    if (e instanceof Property p) {
      return p.name();
    }
    String t = e.toText();
    return t.length() > 60 ? t.substring(0, 57) + "..." : t;
  }

  /** "cloud_cover is float64, cannot compare with 'abc'", naming the property side first. */
  private static IllegalArgumentException cannotCompare(Expr a, Type ta, Expr b, Type tb) {
    if (!(a instanceof Property) && b instanceof Property) {
      return cannotCompare(b, tb, a, ta);
    }
    return error(describe(a) + " is " + ta.label() + ", cannot compare with " + describe(b)
        + (b instanceof Property ? " (" + tb.label() + ")" : ""));
  }

  private static IllegalArgumentException needs(String what, String needs, Expr e, Type t) {
    return error(what + " needs " + needs + "; " + describe(e) + " is " + t.label());
  }

  // ---- properties

  private Operand property(String name) {
    switch (name) {
      case "time" -> {
        return new Eval.TimeRef(false);
      }
      case "ingestion_time" -> {
        return new Eval.TimeRef(true);
      }
      case "id" -> {
        return new Eval.BuiltinRef(false);
      }
      case "collection" -> {
        return new Eval.BuiltinRef(true);
      }
      default -> {
        // schema fields below
      }
    }
    int i = schema.indexOf(name);
    if (i < 0) {
      if (name.equals("datetime")) {
        return new Eval.TimeRef(false);
      }
      throw unknownProperty(name);
    }
    fieldsUsed.set(i);
    Field f = schema.field(i);
    Base base = switch (f.type()) {
      case STRING -> Base.STRING;
      case INT64 -> Base.INT;
      case FLOAT64 -> Base.FLOAT;
      case BOOL -> Base.BOOL;
      case TIMESTAMP -> Base.TIMESTAMP;
      case DURATION -> Base.DURATION;
      case BYTES -> Base.BYTES;
      case UUID -> Base.UUID;
      case GEOMETRY -> Base.GEOMETRY;
      case JSON -> Base.JSON;
    };
    return new Eval.FieldRef(new Type(base, f.array()), i);
  }

  private IllegalArgumentException unknownProperty(String name) {
    List<String> names = new ArrayList<>(List.of("time", "datetime", "id", "ingestion_time", "collection"));
    if (schema.indexOf("datetime") >= 0) {
      names.remove("datetime");
    }
    schema.fields().forEach(f -> names.add(f.name()));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String n : names) {
      int d = distance(name.toLowerCase(Locale.ROOT), n.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = n;
      }
    }
    String hint = best != null && bestDistance <= Math.max(2, name.length() / 3) ? " (did you mean '" + best + "'?)" : "";
    return error("no field '" + name + "' in this dataset" + hint + "; fields are " + String.join(", ", names));
  }

  /** Levenshtein distance. */
  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }

  // ---- operands

  private Operand operand(Expr e) {
    return switch (e) {
      case Filter.BooleanLiteral b -> new Const(Type.of(Base.BOOL), b.value());
      case Filter.FunctionCall f -> throw unsupported(f);
      case Filter f -> new Eval.CondValue(cond(f));
      case Property p -> property(p.name());
      case StringLiteral s -> new Const(Type.of(Base.STRING), s.value());
      case NumberLiteral n -> new Const(Type.of(n.isInteger() ? Base.INT : Base.FLOAT), n.value());
      case TimestampLiteral t -> {
        long us = micros(t.value(), e);
        // times are stored in microseconds: one between two of them equals none, is after the
        // one before it and before the one after it ([us + 1, us] says exactly that)
        boolean between = t.value().getNano() % 1000 != 0;
        yield new Const(Type.of(Base.TIMESTAMP), Times.fromMicros(us), between ? us + 1 : us, us);
      }
      case DateLiteral d -> dateConst(d.value(), e);
      case IntervalLiteral i -> interval(i);
      case GeometryLiteral g -> {
        try {
          yield new Const(Type.of(Base.GEOMETRY), Geometries.normalize(Geometries.asDrawn(g.geometry())));
        } catch (IllegalArgumentException bad) {
          throw new IllegalArgumentException("CQL2 filter: geometry literal " + bad.getMessage(), bad);
        }
      }
      case BboxLiteral b -> new Const(Type.of(Base.GEOMETRY), bboxGeometry(b));
      case ArrayLiteral a -> arrayLiteral(a, null, null);
      case Arithmetic a -> arithmetic(a);
      case CaseI c -> fold(false, c.value());
      case AccentI c -> fold(true, c.value());
    };
  }

  private static IllegalArgumentException unsupported(Filter.FunctionCall f) {
    return error("function '" + f.name() + "' is not supported; Swath supports the CQL2 functions CASEI, ACCENTI "
        + "and the S_, T_ and A_ predicates");
  }

  private static long micros(Instant t, Expr e) {
    try {
      return Times.micros(t);
    } catch (ArithmeticException overflow) {
      throw error(describe(e) + " is out of the supported time range");
    }
  }

  private static Const dateConst(LocalDate d, Expr e) {
    long start = micros(d.atStartOfDay(ZoneOffset.UTC).toInstant(), e);
    return new Const(Type.of(Base.DATE), Times.fromMicros(start), start, start + DAY_MICROS - 1);
  }

  private Operand interval(IntervalLiteral i) {
    Operand from = intervalEnd(i.start(), i);
    Operand to = intervalEnd(i.end(), i);
    if ((from == null || from.isConstant()) && (to == null || to.isConstant())) {
      long s = from == null ? Eval.OPEN_START : from.start(null);
      long e = to == null ? Eval.OPEN_END : to.end(null);
      if (s > e) {
        throw error(describe(i) + " starts after it ends");
      }
      return new Const(Type.of(Base.INTERVAL), null, s, e);
    }
    return new Eval.IntervalOf(from, to);
  }

  private Operand intervalEnd(Expr end, IntervalLiteral i) {
    if (end == null) {
      return null;
    }
    Operand o = operand(end);
    if (!(o.type.is(Base.TIMESTAMP) || o.type.is(Base.DATE))) {
      throw error("the ends of " + describe(i) + " must be timestamps or dates; " + describe(end) + " is " + o.type.label());
    }
    return o;
  }

  private static Geometry bboxGeometry(BboxLiteral b) {
    var f = Geometries.FACTORY;
    if (b.west() > b.east()) {
      // crosses the antimeridian: west..180 and -180..east (either part may be degenerate)
      Geometry west = f.toGeometry(new Envelope(b.west(), 180, b.south(), b.north()));
      Geometry east = f.toGeometry(new Envelope(-180, b.east(), b.south(), b.north()));
      return west instanceof Polygon w && east instanceof Polygon e ? f.createMultiPolygon(new Polygon[] {w, e})
          : f.createGeometryCollection(new Geometry[] {west, east});
    }
    return f.toGeometry(new Envelope(b.west(), b.east(), b.south(), b.north()));
  }

  private Operand arithmetic(Arithmetic a) {
    Operand l = operand(a.left());
    Operand r = operand(a.right());
    if (!l.type.isNumeric()) {
      throw needs("arithmetic (" + a.op().symbol() + ")", "numbers", a.left(), l.type);
    }
    if (!r.type.isNumeric()) {
      throw needs("arithmetic (" + a.op().symbol() + ")", "numbers", a.right(), r.type);
    }
    boolean integer = l.type.is(Base.INT) && r.type.is(Base.INT) && a.op() != ArithmeticOp.DIV && a.op() != ArithmeticOp.POW;
    Operand op = new Eval.Arith(Type.of(integer ? Base.INT : Base.FLOAT), a.op(), l, r);
    if (l.isConstant() && r.isConstant()) {
      Object v = op.get(null);
      if (v == null) {
        throw error(describe(a) + " divides by zero");
      }
      return new Const(Type.of(v instanceof Long ? Base.INT : Base.FLOAT), v);
    }
    return op;
  }

  private Operand fold(boolean accents, Expr arg) {
    Operand o = operand(arg);
    if (!o.type.is(Base.STRING)) {
      throw needs(accents ? "ACCENTI" : "CASEI", "text", arg, o.type);
    }
    if (o.isConstant()) {
      return new Const(o.type, Eval.fold(accents, (String) o.get(null)));
    }
    return new Eval.Fold(accents, o);
  }

  /**
   * An array literal; with {@code element} (the element type of the array it is compared with)
   * its constants are converted to that type, so ('2020-01-01') matches a timestamp[] field.
   */
  private Operand arrayLiteral(ArrayLiteral a, Base element, Expr other) {
    List<Operand> ops = new ArrayList<>();
    boolean constant = true;
    Base common = null;
    for (Expr e : a.elements()) {
      Operand o = e instanceof ArrayLiteral inner ? arrayLiteral(inner, null, null) : operand(e);
      if (element != null && element != Base.ANY) {
        o = toElement(o, e, element, other);
      }
      constant &= o.isConstant();
      Base b = o.type.array() ? Base.ANY : o.type.base() == Base.DATE ? Base.TIMESTAMP : o.type.base();
      if (b == Base.INTERVAL) {
        throw error("arrays cannot hold intervals: " + describe(e));
      }
      common = common == null || common == b ? b : isNumber(common) && isNumber(b) ? Base.FLOAT : Base.ANY;
      ops.add(o);
    }
    Type type = new Type(common == null ? (element == null ? Base.ANY : element) : common, true);
    if (!constant) {
      return new Eval.ArrayOf(type, ops.toArray(Operand[]::new));
    }
    List<Object> values = new ArrayList<>();
    for (Operand o : ops) {
      values.add(o.type.isTemporal() ? Times.fromMicros(o.start(null)) : o.get(null));
    }
    return new Const(type, List.copyOf(values));
  }

  private static boolean isNumber(Base b) {
    return b == Base.INT || b == Base.FLOAT;
  }

  /** Converts an array element for comparison with elements of type {@code element}. */
  private Operand toElement(Operand o, Expr e, Base element, Expr arrayExpr) {
    Type elementType = Type.of(element);
    boolean fits = switch (element) {
      case INT, FLOAT -> o.type.isNumeric();
      case TIMESTAMP -> o.type.is(Base.TIMESTAMP) || o.type.is(Base.DATE);
      default -> o.type.is(element);
    };
    if (fits) {
      return o;
    }
    if (o.isConstant() && o.type.is(Base.STRING)) {
      Operand c = coerceString((String) o.get(null), elementType);
      if (c != null) {
        return c;
      }
    }
    throw error(describe(arrayExpr) + " is " + new Type(element, true).label() + ", cannot compare with " + describe(e));
  }

  /**
   * A text literal read as a value of type {@code t} (timestamp, date, uuid, duration), or null
   * when it does not parse as one.
   */
  private static Operand coerceString(String s, Type t) {
    try {
      switch (t.base()) {
        case TIMESTAMP, DATE -> {
          if (DATE.matcher(s.trim()).matches()) {
            return dateConst(LocalDate.parse(s.trim()), new StringLiteral(s));
          }
          long us = Times.micros(Times.parseInstant(s));
          return new Const(Type.of(Base.TIMESTAMP), Times.fromMicros(us), us, us);
        }
        case UUID -> {
          return new Const(t, UUID.fromString(s.trim()));
        }
        case DURATION -> {
          return new Const(t, Duration.parse(s.trim()));
        }
        default -> {
          return null;
        }
      }
    } catch (RuntimeException notThatType) {
      return null;
    }
  }

  // ---- conditions

  private Cond cond(Filter f) {
    return switch (f) {
      case Filter.And a -> Eval.JunctionCond.and(a.args().stream().map(this::cond).toArray(Cond[]::new));
      case Filter.Or o -> Eval.JunctionCond.or(o.args().stream().map(this::cond).toArray(Cond[]::new));
      case Filter.Not n -> new Eval.NotCond(cond(n.arg()));
      case Filter.Comparison c -> compare(c.op(), c.left(), c.right());
      case Filter.Like l -> like(l);
      case Filter.Between b -> Eval.JunctionCond.and(new Cond[] {
          compare(ComparisonOp.GE, b.value(), b.low()), compare(ComparisonOp.LE, b.value(), b.high())});
      case Filter.In in -> in(in);
      case Filter.IsNull n -> new Eval.IsNullCond(operand(n.value()));
      case Filter.SpatialPredicate s -> spatial(s);
      case Filter.TemporalPredicate t -> temporal(t);
      case Filter.ArrayPredicate a -> array(a);
      case Filter.BooleanLiteral b -> new Eval.ConstCond(b.value() ? Eval.TRUE : Eval.FALSE);
      case Filter.FunctionCall c -> throw unsupported(c);
    };
  }

  private Cond compare(ComparisonOp op, Expr le, Expr re) {
    return compare(op, operand(le), le, operand(re), re);
  }

  private Cond compare(ComparisonOp op, Operand l, Expr le, Operand r, Expr re) {
    Type lt = l.type;
    Type rt = r.type;
    if (lt.array() || rt.array()) {
      Expr a = lt.array() ? le : re;
      throw error(describe(a) + " is " + (lt.array() ? lt : rt).label()
          + "; compare arrays with A_EQUALS, A_CONTAINS, A_CONTAINEDBY or A_OVERLAPS");
    }
    if (lt.isNumeric() && rt.isNumeric()) {
      if (l instanceof Eval.FieldRef f && r.isConstant()) {
        return new Eval.FieldNumberCmp(op, f.index, (Number) r.get(null));
      }
      if (r instanceof Eval.FieldRef f && l.isConstant()) {
        return new Eval.FieldNumberCmp(op.swapped(), f.index, (Number) l.get(null));
      }
      return new Eval.NumberCmp(op, l, r);
    }
    for (Base special : new Base[] {Base.TIMESTAMP, Base.DATE, Base.INTERVAL, Base.UUID, Base.DURATION}) {
      if (lt.is(special) && rt.is(Base.STRING) && r.isConstant()) {
        r = coerceOrFail(r, re, lt, le);
        rt = r.type;
      } else if (rt.is(special) && lt.is(Base.STRING) && l.isConstant()) {
        l = coerceOrFail(l, le, rt, re);
        lt = l.type;
      }
    }
    // a string property compared with a time is read as one (text that is no time is null)
    if (lt.is(Base.STRING) && !l.isConstant() && (rt.is(Base.TIMESTAMP) || rt.is(Base.DATE))) {
      l = new Eval.TextTime(l);
      lt = l.type;
    } else if (rt.is(Base.STRING) && !r.isConstant() && (lt.is(Base.TIMESTAMP) || lt.is(Base.DATE))) {
      r = new Eval.TextTime(r);
      rt = r.type;
    }
    if (lt.isTemporal() && rt.isTemporal()) {
      if (lt.is(Base.INTERVAL) || rt.is(Base.INTERVAL)) {
        Expr i = lt.is(Base.INTERVAL) ? le : re;
        throw error(describe(i) + " is an interval; compare intervals with the T_ functions (T_INTERSECTS, T_DURING, ...)");
      }
      return new Eval.TimeCmp(op, l, r);
    }
    if (lt.base() == rt.base()) {
      Comparator<Object> c = switch (lt.base()) {
        case STRING -> (a, b) -> ((String) a).compareTo((String) b);
        case BOOL -> (a, b) -> Boolean.compare((Boolean) a, (Boolean) b);
        case UUID -> (a, b) -> ((UUID) a).compareTo((UUID) b);
        case DURATION -> (a, b) -> ((Duration) a).compareTo((Duration) b);
        default -> null;
      };
      if (c != null) {
        return new Eval.ValueCmp(op, l, r, c);
      }
      if (lt.base() == Base.GEOMETRY) {
        throw error(describe(le) + " is geometry; compare geometries with the S_ functions (S_EQUALS, S_INTERSECTS, ...)");
      }
      throw error(describe(le) + " is " + lt.label() + "; " + lt.label() + " values can only be tested with IS NULL");
    }
    throw cannotCompare(le, lt, re, rt);
  }

  private static Operand coerceOrFail(Operand text, Expr textExpr, Type target, Expr other) {
    Operand c = coerceString((String) text.get(null), target);
    if (c == null) {
      throw cannotCompare(other, target, textExpr, text.type);
    }
    return c;
  }

  private Cond like(Filter.Like l) {
    Operand v = operand(l.value());
    if (v.type.is(Base.TIMESTAMP)) {
      v = new Eval.TimestampText(v); // matched as its RFC 3339 UTC text
    }
    if (!v.type.is(Base.STRING)) {
      throw needs("LIKE", "text", l.value(), v.type);
    }
    Operand p = operand(l.pattern());
    if (!p.isConstant() || !p.type.is(Base.STRING)) {
      throw error("the pattern of LIKE must be a text literal (optionally in CASEI or ACCENTI), got " + describe(l.pattern()));
    }
    return new Eval.LikeCond(v, Eval.LikePattern.compile((String) p.get(null)));
  }

  private Cond in(Filter.In in) {
    Operand v = operand(in.value());
    List<Cond> equals = new ArrayList<>();
    List<Operand> candidates = new ArrayList<>();
    boolean constant = true;
    for (Expr e : in.list()) {
      Operand c = operand(e);
      equals.add(compare(ComparisonOp.EQ, v, in.value(), c, e));
      candidates.add(c);
      constant &= c.isConstant();
    }
    if (constant && (v.type.is(Base.STRING) || v.type.is(Base.UUID) || v.type.is(Base.INT))) {
      Set<Object> set = new HashSet<>();
      for (Operand c : candidates) {
        Object x = c.get(null);
        if (v.type.is(Base.UUID) && x instanceof String s) {
          x = UUID.fromString(s.trim());
        }
        if (v.type.is(Base.INT)) {
          double d = ((Number) x).doubleValue();
          if (x instanceof Double && (d != Math.rint(d) || Math.abs(d) >= 0x1p63)) {
            continue;
          }
          x = ((Number) x).longValue();
        }
        set.add(x);
      }
      return new Eval.InSet(v, Set.copyOf(set));
    }
    return equals.size() == 1 ? equals.get(0) : Eval.JunctionCond.or(equals.toArray(Cond[]::new));
  }

  private Cond spatial(Filter.SpatialPredicate s) {
    Operand a = operand(s.left());
    Operand b = operand(s.right());
    String name = s.op().textName();
    if (!a.type.is(Base.GEOMETRY)) {
      throw needs(name, "geometries", s.left(), a.type);
    }
    if (!b.type.is(Base.GEOMETRY)) {
      throw needs(name, "geometries", s.right(), b.type);
    }
    if (a.isConstant() && b.isConstant()) {
      return new Eval.ConstCond(Eval.of(Eval.relate(s.op(), (Geometry) a.get(null), (Geometry) b.get(null))));
    }
    if (a.isConstant() || b.isConstant()) {
      boolean literalFirst = a.isConstant();
      Geometry literal = (Geometry) (literalFirst ? a : b).get(null);
      Operand value = literalFirst ? b : a;
      // JTS's prepared geometries do not handle heterogeneous collections; RelateNG does.
      boolean preparable = !(literal instanceof GeometryCollection) || literal instanceof MultiPoint
          || literal instanceof MultiLineString || literal instanceof MultiPolygon;
      return new Eval.PreparedSpatialCond(s.op(), value, literal, literalFirst,
          preparable ? PreparedGeometryFactory.prepare(literal) : null);
    }
    return new Eval.SpatialCond(s.op(), a, b);
  }

  private Cond temporal(Filter.TemporalPredicate t) {
    Operand a = temporalOperand(t.left(), t.op());
    Operand b = temporalOperand(t.right(), t.op());
    return new Eval.TemporalCond(t.op(), a, b);
  }

  private Operand temporalOperand(Expr e, TemporalOp op) {
    Operand o = operand(e);
    if (o.type.is(Base.STRING) && o.isConstant()) {
      Operand c = coerceString((String) o.get(null), Type.of(Base.TIMESTAMP));
      if (c != null) {
        return c;
      }
    }
    if (o.type.is(Base.STRING) && !o.isConstant()) {
      return new Eval.TextTime(o); // a string property read as a time
    }
    if (!o.type.isTemporal()) {
      throw needs(op.textName(), "timestamps, dates or intervals", e, o.type);
    }
    return o;
  }

  private Cond array(Filter.ArrayPredicate p) {
    String name = p.op().textName();
    Operand a = arrayOperand(p.left(), p.right(), name);
    Operand b = arrayOperand(p.right(), p.left(), name);
    Base ea = a.type.base();
    Base eb = b.type.base();
    boolean compatible = ea == eb || ea == Base.ANY || eb == Base.ANY || isNumber(ea) && isNumber(eb)
        || (ea == Base.TIMESTAMP || ea == Base.DATE) && (eb == Base.TIMESTAMP || eb == Base.DATE);
    if (!compatible) {
      throw error(name + ": " + describe(p.left()) + " is " + a.type.label() + ", cannot compare with "
          + describe(p.right()) + " (" + b.type.label() + ")");
    }
    return new Eval.ArrayCond(p.op(), a, b);
  }

  private Operand arrayOperand(Expr e, Expr other, String function) {
    if (e instanceof ArrayLiteral lit) {
      Base element = null;
      if (!(other instanceof ArrayLiteral)) {
        Operand o = operand(other);
        if (o.type.array()) {
          element = o.type.base();
        }
      }
      return arrayLiteral(lit, element, other);
    }
    Operand o = operand(e);
    if (!o.type.array()) {
      throw needs(function, "arrays", e, o.type);
    }
    return o;
  }

  // ---- pushdown

  private static void conjuncts(Filter f, List<Filter> out) {
    if (f instanceof Filter.And a) {
      a.args().forEach(x -> conjuncts(x, out));
    } else {
      out.add(f);
    }
  }

  private boolean isTime(Expr e) {
    return e instanceof Property p && (p.name().equals("time") || p.name().equals("datetime")
        && schema.indexOf("datetime") < 0);
  }

  /** A constant temporal operand for {@code e}, or null. */
  private Operand constantTime(Expr e) {
    Operand o;
    try {
      o = operand(e);
    } catch (IllegalArgumentException notConstant) {
      return null;
    }
    if (o.isConstant() && o.type.is(Base.STRING)) {
      o = coerceString((String) o.get(null), Type.of(Base.TIMESTAMP));
    }
    return o != null && o.isConstant() && o.type.isTemporal() ? o : null;
  }

  /**
   * Whether the conjuncts select exactly the rows whose time lies in their {@link #timeRange}:
   * each one is a comparison, BETWEEN or temporal predicate of {@code time} with a literal (IN
   * only bounds the time; NE and T_DISJOINT give no range).
   */
  private boolean decidedByTimeRange(List<Filter> conjuncts) {
    if (conjuncts.isEmpty()) {
      return false;
    }
    for (Filter f : conjuncts) {
      if (f instanceof Filter.In || timeRange(f) == null) {
        return false;
      }
    }
    return true;
  }

  private TimeRange timeRange(List<Filter> conjuncts) {
    TimeRange range = null;
    for (Filter f : conjuncts) {
      TimeRange r = timeRange(f);
      if (r != null) {
        range = range == null ? r : range.intersect(r);
      }
    }
    return range;
  }

  private TimeRange timeRange(Filter f) {
    switch (f) {
      case Filter.Comparison c -> {
        if (isTime(c.left())) {
          return comparisonRange(c.op(), constantTime(c.right()));
        }
        if (isTime(c.right())) {
          return comparisonRange(c.op().swapped(), constantTime(c.left()));
        }
      }
      case Filter.Between b when isTime(b.value()) -> {
        Operand lo = constantTime(b.low());
        Operand hi = constantTime(b.high());
        if (lo != null && hi != null && !lo.type.is(Base.INTERVAL) && !hi.type.is(Base.INTERVAL)) {
          return half(lo.start(null), hi.end(null));
        }
      }
      case Filter.In in when isTime(in.value()) -> {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (Expr e : in.list()) {
          Operand c = constantTime(e);
          if (c == null || c.type.is(Base.INTERVAL)) {
            return null;
          }
          min = Math.min(min, c.start(null));
          max = Math.max(max, c.end(null));
        }
        return half(min, max);
      }
      case Filter.TemporalPredicate t -> {
        if (isTime(t.left())) {
          return temporalRange(t.op(), constantTime(t.right()));
        }
        if (isTime(t.right())) {
          return temporalRange(t.op().inverse(), constantTime(t.left()));
        }
      }
      default -> {
        // no bound from other conditions
      }
    }
    return null;
  }

  /** The half-open range of the closed [start, end], with open ends unbounded. */
  private static TimeRange half(long start, long end) {
    return new TimeRange(start == Eval.OPEN_START ? null : start, end == Eval.OPEN_END ? null : end + 1);
  }

  private static final TimeRange EMPTY = new TimeRange(0L, 0L);

  private static TimeRange comparisonRange(ComparisonOp op, Operand c) {
    if (c == null || c.type.is(Base.INTERVAL)) {
      return null;
    }
    long s = c.start(null);
    long e = c.end(null);
    return switch (op) {
      case LT -> new TimeRange(null, s);
      case LE -> new TimeRange(null, e + 1);
      case GT -> new TimeRange(e + 1, null);
      case GE -> new TimeRange(s, null);
      case EQ -> new TimeRange(s, e + 1);
      case NE -> null;
    };
  }

  /** The times t for which {@code op([t, t], [s, e])} can hold (see {@link Eval#temporal}). */
  private static TimeRange temporalRange(TemporalOp op, Operand c) {
    if (c == null) {
      return null;
    }
    long s = c.start(null);
    long e = c.end(null);
    boolean openStart = s == Eval.OPEN_START;
    boolean openEnd = e == Eval.OPEN_END;
    return switch (op) {
      case BEFORE -> openStart ? EMPTY : new TimeRange(null, s);
      case AFTER -> openEnd ? EMPTY : new TimeRange(e + 1, null);
      case MEETS -> openStart ? EMPTY : new TimeRange(s, s + 1);
      case MET_BY -> openEnd ? EMPTY : new TimeRange(e, e + 1);
      case STARTS -> openStart || s >= e ? EMPTY : new TimeRange(s, s + 1);
      case FINISHES -> openEnd || s >= e ? EMPTY : new TimeRange(e, e + 1);
      case EQUALS -> openStart || openEnd || s != e ? EMPTY : new TimeRange(s, s + 1);
      case DURING -> new TimeRange(openStart ? null : s + 1, openEnd ? null : e);
      case INTERSECTS -> half(s, e);
      case OVERLAPS, OVERLAPPED_BY, STARTED_BY, CONTAINS, FINISHED_BY -> EMPTY;
      case DISJOINT -> null;
    };
  }

  private BoundingBox boundingBox(List<Filter> conjuncts) {
    int g = schema.indexOf("geometry");
    if (g < 0 || schema.field(g).type() != io.swath.core.schema.FieldType.GEOMETRY || schema.field(g).array()) {
      return null;
    }
    BoundingBox box = null;
    for (Filter f : conjuncts) {
      if (!(f instanceof Filter.SpatialPredicate s) || s.op() == SpatialOp.DISJOINT) {
        continue;
      }
      Expr literal = isFootprint(s.left()) ? s.right() : isFootprint(s.right()) ? s.left() : null;
      BoundingBox b;
      try {
        b = switch (literal) {
          case BboxLiteral bb -> BoundingBox.of(bb.west(), bb.south(), bb.east(), bb.north());
          case GeometryLiteral gl when !gl.geometry().isEmpty() -> BoundingBox.ofGeometry(Geometries.asDrawn(gl.geometry()));
          case null, default -> null;
        };
      } catch (IllegalArgumentException outsideWgs84) {
        b = null; // coordinates outside lon/lat ranges: no index bound, the exact test still decides
      }
      if (b == null) {
        continue;
      }
      if (box == null) {
        box = b;
      } else if (!box.crossesAntimeridian() && !b.crossesAntimeridian()) {
        BoundingBox both = intersection(box, b);
        // Disjoint boxes match nothing; keeping the first stays a valid (if loose) bound.
        box = both != null ? both : box;
      }
    }
    return box;
  }

  /** The part both (non-crossing) boxes cover, or null when they are disjoint. */
  private static BoundingBox intersection(BoundingBox a, BoundingBox b) {
    double w = Math.max(a.west(), b.west());
    double s = Math.max(a.south(), b.south());
    double e = Math.min(a.east(), b.east());
    double n = Math.min(a.north(), b.north());
    return w <= e && s <= n ? BoundingBox.of(w, s, e, n) : null;
  }

  private static boolean isFootprint(Expr e) {
    return e instanceof Property p && p.name().equals("geometry");
  }
}
