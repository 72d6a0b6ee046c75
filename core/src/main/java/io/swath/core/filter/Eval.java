package io.swath.core.filter;

import io.swath.core.filter.Expr.ArithmeticOp;
import io.swath.core.filter.Filter.ArrayOp;
import io.swath.core.filter.Filter.ComparisonOp;
import io.swath.core.filter.Filter.SpatialOp;
import io.swath.core.filter.Filter.TemporalOp;
import io.swath.core.time.Times;
import java.text.Normalizer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.operation.relateng.RelateNG;
import org.locationtech.jts.operation.relateng.RelatePredicate;
import org.locationtech.jts.operation.relateng.TopologyPredicate;

/**
 * The compiled form of a bound filter: conditions ({@link Cond}) over operands ({@link Operand}),
 * with field positions, types and literal conversions fixed at bind time. Evaluation is
 * three-valued (SQL): a comparison with a null is unknown, and only true selects a row. Nodes are
 * immutable, so a compiled filter may be evaluated from many threads at once.
 */
final class Eval {
  static final int FALSE = 0;
  static final int TRUE = 1;
  static final int UNKNOWN = 2;

  /** Temporal operands return this from {@code start} when the value is null. */
  static final long NULL_TIME = Long.MIN_VALUE;
  /** The start of an interval open to the past ({@code '..'}). */
  static final long OPEN_START = Long.MIN_VALUE + 1;
  /** The end of an interval open to the future ({@code '..'}). */
  static final long OPEN_END = Long.MAX_VALUE;

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");

  private Eval() {}

  static int of(boolean b) {
    return b ? TRUE : FALSE;
  }

  // ---- types

  enum Base {
    STRING("string"), INT("int64"), FLOAT("float64"), BOOL("bool"), TIMESTAMP("timestamp"), DATE("date"),
    INTERVAL("interval"), DURATION("duration"), BYTES("bytes"), UUID("uuid"), GEOMETRY("geometry"), JSON("json"),
    ANY("value");

    final String label;

    Base(String label) {
      this.label = label;
    }
  }

  /** The static type of an operand; {@code array} means a list of {@code base}. */
  record Type(Base base, boolean array) {
    static Type of(Base b) {
      return new Type(b, false);
    }

    boolean is(Base b) {
      return !array && base == b;
    }

    boolean isNumeric() {
      return !array && (base == Base.INT || base == Base.FLOAT);
    }

    boolean isTemporal() {
      return !array && (base == Base.TIMESTAMP || base == Base.DATE || base == Base.INTERVAL);
    }

    String label() {
      if (array) {
        return base == Base.ANY ? "array" : base.label + "[]";
      }
      return base.label;
    }
  }

  // ---- operands

  /**
   * A value-producing node. {@link #get} returns the value or null: numbers as {@code Long} or
   * {@code Double}, text as {@code String}, arrays as {@code List}, otherwise the Row's value
   * types. Temporal operands (timestamp, date, interval) are read with {@link #start} and
   * {@link #end} as a closed interval of microseconds; an instant has start = end.
   */
  abstract static class Operand {
    final Type type;

    Operand(Type type) {
      this.type = type;
    }

    abstract Object get(Row r);

    long start(Row r) {
      throw new IllegalStateException("not a temporal operand: " + type.label());
    }

    long end(Row r) {
      throw new IllegalStateException("not a temporal operand: " + type.label());
    }

    boolean isConstant() {
      return false;
    }

    boolean isNull(Row r) {
      return type.isTemporal() ? start(r) == NULL_TIME : get(r) == null;
    }
  }

  /** A literal, converted once. Temporal constants carry their interval. */
  static final class Const extends Operand {
    final Object value;
    final long start;
    final long end;

    Const(Type type, Object value) {
      this(type, value, NULL_TIME, NULL_TIME);
    }

    Const(Type type, Object value, long start, long end) {
      super(type);
      this.value = value;
      this.start = start;
      this.end = end;
    }

    @Override
    Object get(Row r) {
      return value;
    }

    @Override
    long start(Row r) {
      return start;
    }

    @Override
    long end(Row r) {
      return end;
    }

    @Override
    boolean isConstant() {
      return true;
    }

    @Override
    boolean isNull(Row r) {
      return false;
    }
  }

  /** A schema field, read by position. */
  /**
   * A timestamp read as its RFC 3339 UTC text ({@link io.swath.core.time.Times#format}), as the
   * STAC API writes it: LIKE matches a timestamp this way, so that a property whose values all
   * looked like times (and is stored as a timestamp) still answers the LIKE a string would.
   */
  static final class TimestampText extends Operand {
    final Operand time;

    TimestampText(Operand time) {
      super(Type.of(Base.STRING));
      this.time = time;
    }

    @Override
    Object get(Row r) {
      long us = time.start(r);
      return us == NULL_TIME ? null : io.swath.core.time.Times.format(us);
    }

    @Override
    boolean isNull(Row r) {
      return time.start(r) == NULL_TIME;
    }
  }

  /**
   * A text read as a time: an RFC 3339 date-time with its offset is that instant (truncated to
   * microseconds); any other text, or null, is null. A string property compared with a timestamp
   * is read this way.
   */
  static final class TextTime extends Operand {
    final Operand text;

    TextTime(Operand text) {
      super(Type.of(Base.TIMESTAMP));
      this.text = text;
    }

    @Override
    Object get(Row r) {
      long us = start(r);
      return us == NULL_TIME ? null : Times.fromMicros(us);
    }

    @Override
    long start(Row r) {
      Instant t = text.get(r) instanceof String s ? Times.rfc3339OrNull(s) : null;
      if (t == null) {
        return NULL_TIME;
      }
      try {
        return Times.micros(t);
      } catch (ArithmeticException outOfRange) {
        return NULL_TIME;
      }
    }

    @Override
    long end(Row r) {
      return start(r);
    }
  }

  static final class FieldRef extends Operand {
    final int index;

    FieldRef(Type type, int index) {
      super(type);
      this.index = index;
    }

    @Override
    Object get(Row r) {
      return r.value(index);
    }

    @Override
    long start(Row r) {
      Object v = r.value(index);
      return v == null ? NULL_TIME : Times.micros((Instant) v);
    }

    @Override
    long end(Row r) {
      return start(r);
    }
  }

  /** The built-in {@code time} or {@code ingestion_time}. */
  static final class TimeRef extends Operand {
    final boolean ingestion;

    TimeRef(boolean ingestion) {
      super(Type.of(Base.TIMESTAMP));
      this.ingestion = ingestion;
    }

    @Override
    Object get(Row r) {
      return Times.fromMicros(start(r));
    }

    @Override
    long start(Row r) {
      return ingestion ? r.ingestionTimeMicros() : r.timeMicros();
    }

    @Override
    long end(Row r) {
      return start(r);
    }
  }

  /** The built-in {@code id} or {@code collection}. */
  static final class BuiltinRef extends Operand {
    final boolean collection;

    BuiltinRef(boolean collection) {
      super(Type.of(collection ? Base.STRING : Base.UUID));
      this.collection = collection;
    }

    @Override
    Object get(Row r) {
      return collection ? r.collection() : r.id();
    }
  }

  /** An interval with at least one end that is not constant; a null end is open. */
  static final class IntervalOf extends Operand {
    final Operand from;
    final Operand to;

    IntervalOf(Operand from, Operand to) {
      super(Type.of(Base.INTERVAL));
      this.from = from;
      this.to = to;
    }

    @Override
    Object get(Row r) {
      throw new IllegalStateException("intervals are read with start and end");
    }

    @Override
    long start(Row r) {
      long s = from == null ? OPEN_START : from.start(r);
      if (s == NULL_TIME || to != null && to.start(r) == NULL_TIME) {
        return NULL_TIME;
      }
      return s;
    }

    @Override
    long end(Row r) {
      return to == null ? OPEN_END : to.end(r);
    }
  }

  /** Arithmetic on numbers; null if an operand is null or on integer division by zero. */
  static final class Arith extends Operand {
    final ArithmeticOp op;
    final Operand left;
    final Operand right;

    Arith(Type type, ArithmeticOp op, Operand left, Operand right) {
      super(type);
      this.op = op;
      this.left = left;
      this.right = right;
    }

    @Override
    Object get(Row r) {
      Object a = left.get(r);
      if (a == null) {
        return null;
      }
      Object b = right.get(r);
      if (b == null) {
        return null;
      }
      return apply(op, (Number) a, (Number) b);
    }
  }

  static Number apply(ArithmeticOp op, Number a, Number b) {
    if (isIntegral(a) && isIntegral(b) && op != ArithmeticOp.DIV && op != ArithmeticOp.POW) {
      long x = a.longValue();
      long y = b.longValue();
      try {
        return switch (op) {
          case ADD -> Math.addExact(x, y);
          case SUB -> Math.subtractExact(x, y);
          case MUL -> Math.multiplyExact(x, y);
          case MOD -> y == 0 ? null : x % y;
          case INTDIV -> y == 0 ? null : (x == Long.MIN_VALUE && y == -1 ? (Number) (-(double) x) : (Number) (x / y));
          default -> throw new IllegalStateException(op.name());
        };
      } catch (ArithmeticException overflow) {
        // continue in floating point, like the rest of the arithmetic on large values
      }
    }
    double x = a.doubleValue();
    double y = b.doubleValue();
    return switch (op) {
      case ADD -> x + y;
      case SUB -> x - y;
      case MUL -> x * y;
      case DIV -> y == 0 ? null : x / y;
      case MOD -> y == 0 ? null : x % y;
      case INTDIV -> {
        if (y == 0) {
          yield null;
        }
        double q = x / y;
        q = q < 0 ? Math.ceil(q) : Math.floor(q);
        yield Math.abs(q) < 0x1p63 ? (Number) (long) q : (Number) q;
      }
      case POW -> Math.pow(x, y);
    };
  }

  /** CASEI or ACCENTI of a text operand. */
  static final class Fold extends Operand {
    final boolean accents;
    final Operand arg;

    Fold(boolean accents, Operand arg) {
      super(Type.of(Base.STRING));
      this.accents = accents;
      this.arg = arg;
    }

    @Override
    Object get(Row r) {
      Object v = arg.get(r);
      return v == null ? null : fold(accents, (String) v);
    }
  }

  /** Unicode case folding (full, so {@code ß} matches {@code SS}) or accent removal. */
  static String fold(boolean accents, String s) {
    if (accents) {
      return MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
    }
    return s.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
  }

  /** A condition used as a value: TRUE, FALSE or null. */
  static final class CondValue extends Operand {
    final Cond cond;

    CondValue(Cond cond) {
      super(Type.of(Base.BOOL));
      this.cond = cond;
    }

    @Override
    Object get(Row r) {
      int v = cond.eval(r);
      return v == UNKNOWN ? null : v == TRUE;
    }
  }

  /** An array literal with elements that are not all constant. */
  static final class ArrayOf extends Operand {
    final Operand[] elements;

    ArrayOf(Type type, Operand[] elements) {
      super(type);
      this.elements = elements;
    }

    @Override
    Object get(Row r) {
      List<Object> out = new ArrayList<>(elements.length);
      for (Operand e : elements) {
        out.add(e.type.isTemporal() ? timeValue(e, r) : e.get(r));
      }
      return out;
    }

    private static Object timeValue(Operand e, Row r) {
      long s = e.start(r);
      return s == NULL_TIME ? null : Times.fromMicros(s);
    }
  }

  // ---- conditions

  abstract static class Cond {
    /** {@link #TRUE}, {@link #FALSE} or {@link #UNKNOWN}. */
    abstract int eval(Row r);
  }

  static final class ConstCond extends Cond {
    final int value;

    ConstCond(int value) {
      this.value = value;
    }

    @Override
    int eval(Row r) {
      return value;
    }
  }

  /**
   * AND or OR of three-valued conditions: the {@code decisive} value (FALSE for AND, TRUE for OR)
   * of any argument decides; otherwise UNKNOWN if any argument is unknown, else the other value.
   */
  static final class JunctionCond extends Cond {
    final Cond[] args;
    final int decisive;

    private JunctionCond(Cond[] args, int decisive) {
      this.args = args;
      this.decisive = decisive;
    }

    static JunctionCond and(Cond[] args) {
      return new JunctionCond(args, FALSE);
    }

    static JunctionCond or(Cond[] args) {
      return new JunctionCond(args, TRUE);
    }

    @Override
    int eval(Row r) {
      int result = decisive == FALSE ? TRUE : FALSE;
      for (Cond c : args) {
        int v = c.eval(r);
        if (v == decisive) {
          return decisive;
        }
        if (v == UNKNOWN) {
          result = UNKNOWN;
        }
      }
      return result;
    }
  }

  static final class NotCond extends Cond {
    final Cond arg;

    NotCond(Cond arg) {
      this.arg = arg;
    }

    @Override
    int eval(Row r) {
      int v = arg.eval(r);
      return v == UNKNOWN ? UNKNOWN : v == TRUE ? FALSE : TRUE;
    }
  }

  static final class IsNullCond extends Cond {
    final Operand arg;

    IsNullCond(Operand arg) {
      this.arg = arg;
    }

    @Override
    int eval(Row r) {
      return of(arg.isNull(r));
    }
  }

  /** Numbers of any kind, compared by value across int64 and float64. */
  static final class NumberCmp extends Cond {
    final ComparisonOp op;
    final Operand left;
    final Operand right;

    NumberCmp(ComparisonOp op, Operand left, Operand right) {
      this.op = op;
      this.left = left;
      this.right = right;
    }

    @Override
    int eval(Row r) {
      Object a = left.get(r);
      if (a == null) {
        return UNKNOWN;
      }
      Object b = right.get(r);
      if (b == null) {
        return UNKNOWN;
      }
      return of(op.test(compareNumbers((Number) a, (Number) b)));
    }
  }

  /** The common case {@code field op number}: one field read, no boxing. */
  static final class FieldNumberCmp extends Cond {
    final ComparisonOp op;
    final int index;
    final boolean literalIsLong;
    final long longValue;
    final double doubleValue;

    FieldNumberCmp(ComparisonOp op, int index, Number literal) {
      this.op = op;
      this.index = index;
      this.literalIsLong = literal instanceof Long;
      this.longValue = literal.longValue();
      this.doubleValue = literal.doubleValue();
    }

    @Override
    int eval(Row r) {
      Object v = r.value(index);
      if (v == null) {
        return UNKNOWN;
      }
      int c;
      if (v instanceof Double d) {
        c = literalIsLong ? -compareLongDouble(longValue, d) : compareDoubles(d, doubleValue);
      } else if (v instanceof Long l) {
        c = literalIsLong ? Long.compare(l, longValue) : compareLongDouble(l, doubleValue);
      } else {
        c = compareNumbers((Number) v, literalIsLong ? (Number) longValue : (Number) doubleValue);
      }
      return of(op.test(c));
    }
  }

  /**
   * Temporal values as closed intervals (an instant is [t, t], a date the whole day): {@code a < b}
   * when a ends before b starts, {@code a = b} when they overlap, so a timestamp equals a date
   * when it falls on that day.
   */
  static final class TimeCmp extends Cond {
    final ComparisonOp op;
    final Operand left;
    final Operand right;

    TimeCmp(ComparisonOp op, Operand left, Operand right) {
      this.op = op;
      this.left = left;
      this.right = right;
    }

    @Override
    int eval(Row r) {
      long as = left.start(r);
      if (as == NULL_TIME) {
        return UNKNOWN;
      }
      long bs = right.start(r);
      if (bs == NULL_TIME) {
        return UNKNOWN;
      }
      long ae = left.end(r);
      long be = right.end(r);
      return of(switch (op) {
        case LT -> ae < bs;
        case LE -> as <= be;
        case GT -> as > be;
        case GE -> ae >= bs;
        case EQ -> as <= be && ae >= bs;
        case NE -> !(as <= be && ae >= bs);
      });
    }
  }

  /** Text, booleans, uuids, durations: compared with a comparator fixed at bind time. */
  static final class ValueCmp extends Cond {
    final ComparisonOp op;
    final Operand left;
    final Operand right;
    final Comparator<Object> comparator;

    ValueCmp(ComparisonOp op, Operand left, Operand right, Comparator<Object> comparator) {
      this.op = op;
      this.left = left;
      this.right = right;
      this.comparator = comparator;
    }

    @Override
    int eval(Row r) {
      Object a = left.get(r);
      if (a == null) {
        return UNKNOWN;
      }
      Object b = right.get(r);
      if (b == null) {
        return UNKNOWN;
      }
      return of(op.test(comparator.compare(a, b)));
    }
  }

  /** {@code value IN (constants...)} by hash lookup, for text, uuid and int64 values. */
  static final class InSet extends Cond {
    final Operand value;
    final Set<Object> candidates;

    InSet(Operand value, Set<Object> candidates) {
      this.value = value;
      this.candidates = candidates;
    }

    @Override
    int eval(Row r) {
      Object v = value.get(r);
      if (v == null) {
        return UNKNOWN;
      }
      if (v instanceof Number n && !(v instanceof Long)) {
        v = n.longValue();
      }
      return of(candidates.contains(v));
    }
  }

  static final class LikeCond extends Cond {
    final Operand value;
    final LikePattern pattern;

    LikeCond(Operand value, LikePattern pattern) {
      this.value = value;
      this.pattern = pattern;
    }

    @Override
    int eval(Row r) {
      Object v = value.get(r);
      return v == null ? UNKNOWN : of(pattern.matches((String) v));
    }
  }

  /** A compiled LIKE pattern; prefix, suffix, infix and exact patterns avoid regular expressions. */
  static final class LikePattern {
    private enum Kind { EXACT, PREFIX, SUFFIX, CONTAINS, REGEX }

    private final Kind kind;
    private final String text;
    private final Pattern regex;

    private LikePattern(Kind kind, String text, Pattern regex) {
      this.kind = kind;
      this.text = text;
      this.regex = regex;
    }

    static LikePattern compile(String pattern) {
      StringBuilder literal = new StringBuilder();
      StringBuilder regex = new StringBuilder();
      List<Integer> percents = new ArrayList<>();
      boolean underscore = false;
      for (int i = 0; i < pattern.length(); i++) {
        char c = pattern.charAt(i);
        if (c == '\\' && i + 1 < pattern.length()) {
          char next = pattern.charAt(++i);
          literal.append(next);
          regex.append(Pattern.quote(String.valueOf(next)));
        } else if (c == '%') {
          percents.add(literal.length());
          regex.append(".*");
        } else if (c == '_') {
          underscore = true;
          regex.append('.');
        } else {
          literal.append(c);
          regex.append(Pattern.quote(String.valueOf(c)));
        }
      }
      String lit = literal.toString();
      if (!underscore) {
        int len = lit.length();
        boolean allAtStart = percents.stream().allMatch(p -> p == 0);
        boolean allAtEnd = percents.stream().allMatch(p -> p == len);
        if (percents.isEmpty()) {
          return new LikePattern(Kind.EXACT, lit, null);
        }
        if (allAtEnd) {
          return new LikePattern(Kind.PREFIX, lit, null);
        }
        if (allAtStart) {
          return new LikePattern(Kind.SUFFIX, lit, null);
        }
        if (percents.stream().allMatch(p -> p == 0 || p == len)) {
          return new LikePattern(Kind.CONTAINS, lit, null);
        }
      }
      return new LikePattern(Kind.REGEX, null, Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    boolean matches(String s) {
      return switch (kind) {
        case EXACT -> s.equals(text);
        case PREFIX -> s.startsWith(text);
        case SUFFIX -> s.endsWith(text);
        case CONTAINS -> s.contains(text);
        case REGEX -> regex.matcher(s).matches();
      };
    }
  }

  /** A spatial relation between two computed geometries. */
  static final class SpatialCond extends Cond {
    final SpatialOp op;
    final Operand left;
    final Operand right;

    SpatialCond(SpatialOp op, Operand left, Operand right) {
      this.op = op;
      this.left = left;
      this.right = right;
    }

    @Override
    int eval(Row r) {
      Object a = left.get(r);
      if (a == null) {
        return UNKNOWN;
      }
      Object b = right.get(r);
      if (b == null) {
        return UNKNOWN;
      }
      return of(relate(op, (Geometry) a, (Geometry) b));
    }
  }

  /**
   * A spatial relation between a value and a literal geometry that was prepared (indexed) once:
   * the common {@code S_INTERSECTS(geometry, POLYGON(...))}.
   */
  static final class PreparedSpatialCond extends Cond {
    private enum Mode { INTERSECTS, DISJOINT, LITERAL_CONTAINS, RELATE }

    final SpatialOp op;
    final Operand value;
    final boolean literalFirst;
    final Geometry literal;
    final PreparedGeometry prepared;
    final Mode mode;

    PreparedSpatialCond(SpatialOp op, Operand value, Geometry literal, boolean literalFirst, PreparedGeometry prepared) {
      this.op = op;
      this.value = value;
      this.literal = literal;
      this.literalFirst = literalFirst;
      this.prepared = prepared;
      if (prepared == null) {
        this.mode = Mode.RELATE;
      } else if (op == SpatialOp.INTERSECTS) {
        this.mode = Mode.INTERSECTS;
      } else if (op == SpatialOp.DISJOINT) {
        this.mode = Mode.DISJOINT;
      } else if (op == SpatialOp.CONTAINS && literalFirst || op == SpatialOp.WITHIN && !literalFirst) {
        this.mode = Mode.LITERAL_CONTAINS;
      } else {
        this.mode = Mode.RELATE;
      }
    }

    @Override
    int eval(Row r) {
      Object v = value.get(r);
      if (v == null) {
        return UNKNOWN;
      }
      Geometry g = (Geometry) v;
      return of(switch (mode) {
        case INTERSECTS -> prepared.intersects(g);
        case DISJOINT -> prepared.disjoint(g);
        case LITERAL_CONTAINS -> prepared.contains(g);
        case RELATE -> literalFirst ? relate(op, literal, g) : relate(op, g, literal);
      });
    }
  }

  /** Evaluates a spatial relation with JTS's RelateNG, which also accepts geometry collections. */
  static boolean relate(SpatialOp op, Geometry a, Geometry b) {
    TopologyPredicate p = switch (op) {
      case INTERSECTS -> RelatePredicate.intersects();
      case CONTAINS -> RelatePredicate.contains();
      case WITHIN -> RelatePredicate.within();
      case DISJOINT -> RelatePredicate.disjoint();
      case EQUALS -> RelatePredicate.equalsTopo();
      case TOUCHES -> RelatePredicate.touches();
      case CROSSES -> RelatePredicate.crosses();
      case OVERLAPS -> RelatePredicate.overlaps();
    };
    return RelateNG.relate(a, b, p);
  }

  static final class TemporalCond extends Cond {
    final TemporalOp op;
    final Operand left;
    final Operand right;

    TemporalCond(TemporalOp op, Operand left, Operand right) {
      this.op = op;
      this.left = left;
      this.right = right;
    }

    @Override
    int eval(Row r) {
      long s1 = left.start(r);
      if (s1 == NULL_TIME) {
        return UNKNOWN;
      }
      long s2 = right.start(r);
      if (s2 == NULL_TIME) {
        return UNKNOWN;
      }
      return of(temporal(op, s1, left.end(r), s2, right.end(r)));
    }
  }

  /** The OWL-Time relation {@code op} between closed intervals [s1, e1] and [s2, e2]. */
  static boolean temporal(TemporalOp op, long s1, long e1, long s2, long e2) {
    return switch (op) {
      case BEFORE -> e1 < s2;
      case AFTER -> s1 > e2;
      case MEETS -> e1 == s2;
      case MET_BY -> s1 == e2;
      case OVERLAPS -> s1 < s2 && e1 > s2 && e1 < e2;
      case OVERLAPPED_BY -> s2 < s1 && e2 > s1 && e2 < e1;
      case STARTS -> s1 == s2 && e1 < e2;
      case STARTED_BY -> s1 == s2 && e1 > e2;
      case DURING -> s1 > s2 && e1 < e2;
      case CONTAINS -> s1 < s2 && e1 > e2;
      case FINISHES -> s1 > s2 && e1 == e2;
      case FINISHED_BY -> s1 < s2 && e1 == e2;
      case EQUALS -> s1 == s2 && e1 == e2;
      case DISJOINT -> e1 < s2 || s1 > e2;
      case INTERSECTS -> s1 <= e2 && e1 >= s2;
    };
  }

  /** Array relations; arrays are sets, elements compare by value (1 equals 1.0). */
  static final class ArrayCond extends Cond {
    final ArrayOp op;
    final Operand left;
    final Operand right;

    ArrayCond(ArrayOp op, Operand left, Operand right) {
      this.op = op;
      this.left = left;
      this.right = right;
    }

    @Override
    int eval(Row r) {
      Object a = left.get(r);
      if (a == null) {
        return UNKNOWN;
      }
      Object b = right.get(r);
      if (b == null) {
        return UNKNOWN;
      }
      List<?> x = (List<?>) a;
      List<?> y = (List<?>) b;
      return of(switch (op) {
        case EQUALS -> containsAll(x, y) && containsAll(y, x);
        case CONTAINS -> containsAll(x, y);
        case CONTAINED_BY -> containsAll(y, x);
        case OVERLAPS -> x.stream().anyMatch(e -> contains(y, e));
      });
    }
  }

  static boolean containsAll(List<?> set, List<?> elements) {
    for (Object e : elements) {
      if (!contains(set, e)) {
        return false;
      }
    }
    return true;
  }

  static boolean contains(List<?> set, Object e) {
    for (Object x : set) {
      if (valueEquals(x, e)) {
        return true;
      }
    }
    return false;
  }

  static boolean valueEquals(Object x, Object y) {
    if (x == null || y == null) {
      return false;
    }
    if (x instanceof Number a && y instanceof Number b) {
      return compareNumbers(a, b) == 0;
    }
    if (x instanceof byte[] a && y instanceof byte[] b) {
      return Arrays.equals(a, b);
    }
    if (x instanceof Geometry a && y instanceof Geometry b) {
      return a.equalsExact(b);
    }
    if (x instanceof List<?> a && y instanceof List<?> b) {
      return containsAll(a, b) && containsAll(b, a);
    }
    return x.equals(y);
  }

  // ---- number comparison

  static boolean isIntegral(Number n) {
    return n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte;
  }

  /** Compares by numeric value, exactly across int64 and float64; NaN is greater than every number. */
  static int compareNumbers(Number a, Number b) {
    boolean ai = isIntegral(a);
    boolean bi = isIntegral(b);
    if (ai && bi) {
      return Long.compare(a.longValue(), b.longValue());
    }
    if (ai) {
      return compareLongDouble(a.longValue(), b.doubleValue());
    }
    if (bi) {
      return -compareLongDouble(b.longValue(), a.doubleValue());
    }
    return compareDoubles(a.doubleValue(), b.doubleValue());
  }

  /** Like {@link Double#compare} but with -0.0 equal to 0.0. */
  static int compareDoubles(double a, double b) {
    return a == b ? 0 : Double.compare(a, b);
  }

  static int compareLongDouble(long l, double d) {
    if (Double.isNaN(d) || d >= 0x1p63) {
      return -1;
    }
    if (d < -0x1p63) {
      return 1;
    }
    long t = (long) d;
    if (l != t) {
      return Long.compare(l, t);
    }
    double frac = d - t;
    return frac > 0 ? -1 : frac < 0 ? 1 : 0;
  }
}
