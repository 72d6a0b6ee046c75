package io.swath.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.locationtech.jts.geom.Geometry;

/**
 * A node of a CQL2 expression tree: a property reference, a literal, an arithmetic or string
 * function, or a {@link Filter} (a condition, which CQL2 also allows as a value).
 *
 * <p>Trees are immutable records that compare by value, so a filter parsed from its own
 * {@link #toText() text} or {@link #toJson() JSON} equals the original. Build them with
 * {@link Cql2#parseText(String)}, {@link Cql2#parseJson(String)} or the record constructors.
 */
public sealed interface Expr
    permits Filter, Expr.Property, Expr.StringLiteral, Expr.NumberLiteral, Expr.TimestampLiteral,
        Expr.DateLiteral, Expr.IntervalLiteral, Expr.GeometryLiteral, Expr.BboxLiteral, Expr.ArrayLiteral,
        Expr.Arithmetic, Expr.CaseI, Expr.AccentI {

  /** This expression in CQL2 text, e.g. {@code eo:cloud_cover < 20 AND platform = 'landsat-8'}. */
  default String toText() {
    return TextWriter.write(this);
  }

  /** This expression in CQL2 JSON, e.g. {@code {"op":"<","args":[{"property":"eo:cloud_cover"},20]}}. */
  default String toJson() {
    return JsonCodec.write(this).toString();
  }

  /** This expression as a CQL2 JSON tree. */
  default JsonNode toJsonNode() {
    return JsonCodec.write(this);
  }

  /** A property reference, {@code {"property": name}}. */
  static Property property(String name) {
    return new Property(name);
  }

  /**
   * A literal for a Java value: {@code String}, a {@code Number}, {@code Instant},
   * {@code LocalDate} or JTS {@code Geometry}; a {@code Boolean} gives a {@link Filter.BooleanLiteral}.
   */
  static Expr literal(Object value) {
    return switch (value) {
      case String s -> new StringLiteral(s);
      case Number n -> new NumberLiteral(n);
      case Boolean b -> new Filter.BooleanLiteral(b);
      case Instant t -> new TimestampLiteral(t);
      case LocalDate d -> new DateLiteral(d);
      case Geometry g -> new GeometryLiteral(g);
      case null -> throw new IllegalArgumentException("CQL2 has no null literal; use IS NULL");
      default -> throw new IllegalArgumentException("no CQL2 literal for a " + value.getClass().getSimpleName());
    };
  }

  /**
   * A reference to a property of the datapoint: a schema field, or one of the built-ins
   * {@code time} (alias {@code datetime}), {@code id}, {@code ingestion_time}, {@code collection}.
   *
   * @param name the property name, as written (may contain {@code :}, e.g. {@code eo:cloud_cover})
   */
  record Property(String name) implements Expr {
    public Property {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty()) {
        throw new IllegalArgumentException("a property name cannot be empty");
      }
    }
  }

  /**
   * A character string literal, {@code 'landsat-8'}.
   *
   * @param value the text, without quotes
   */
  record StringLiteral(String value) implements Expr {
    public StringLiteral {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * A numeric literal. Integers are held as {@link Long}, everything else as {@link Double}, so
   * {@code 5} and {@code 5.0} are different literals (both compare equal to 5 when evaluated).
   *
   * @param value a {@code Long} or a finite {@code Double}; other {@code Number}s are converted
   */
  record NumberLiteral(Number value) implements Expr {
    public NumberLiteral {
      Objects.requireNonNull(value, "value");
      if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
        value = value.longValue();
      } else if (value instanceof BigInteger b) {
        value = b.bitLength() < 64 ? (Number) b.longValue() : (Number) b.doubleValue();
      } else if (value instanceof BigDecimal b) {
        value = b.doubleValue();
      } else if (!(value instanceof Long)) {
        value = value.doubleValue();
      }
      if (value instanceof Double d && !Double.isFinite(d)) {
        throw new IllegalArgumentException("a CQL2 number must be finite, got " + d);
      }
    }

    /** A literal integer. */
    public NumberLiteral(long value) {
      this((Number) value);
    }

    /** A literal floating-point number. */
    public NumberLiteral(double value) {
      this((Number) value);
    }

    /** Whether this is an integer literal ({@code Long}). */
    public boolean isInteger() {
      return value instanceof Long;
    }
  }

  /**
   * An instant, {@code TIMESTAMP('2020-01-01T00:00:00Z')}.
   *
   * @param value the instant (UTC)
   */
  record TimestampLiteral(Instant value) implements Expr {
    public TimestampLiteral {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * A calendar day, {@code DATE('2020-01-01')}. Compared with a timestamp, a date stands for the
   * whole UTC day: {@code time = DATE('2020-01-01')} holds for any time on that day, and
   * {@code time <= DATE('2020-01-31')} includes January 31.
   *
   * @param value the day
   */
  record DateLiteral(LocalDate value) implements Expr {
    public DateLiteral {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * A closed time interval, {@code INTERVAL('2020-01-01', '..')}. Each end is a
   * {@link TimestampLiteral}, a {@link DateLiteral} (the start or the end of that day), a
   * {@link Property} or a {@link Filter.FunctionCall}; {@code null} is an open end ({@code '..'}).
   *
   * @param start the first instant, or null when unbounded
   * @param end   the last instant, or null when unbounded
   */
  record IntervalLiteral(Expr start, Expr end) implements Expr {
    public IntervalLiteral {
      checkEnd(start, "start");
      checkEnd(end, "end");
    }

    private static void checkEnd(Expr e, String which) {
      if (e != null && !(e instanceof TimestampLiteral || e instanceof DateLiteral || e instanceof Property
          || e instanceof Filter.FunctionCall)) {
        throw new IllegalArgumentException("the " + which + " of an INTERVAL must be a timestamp, a date, '..', "
            + "a property or a function, got " + e.toText());
      }
    }
  }

  /**
   * A geometry: WKT in text ({@code POLYGON((...))}), GeoJSON in JSON. WGS84 longitude/latitude.
   *
   * @param geometry the JTS geometry (compared with {@link Geometry#equalsExact(Geometry)})
   */
  record GeometryLiteral(Geometry geometry) implements Expr {
    public GeometryLiteral {
      Objects.requireNonNull(geometry, "geometry");
    }
  }

  /**
   * A bounding box, {@code BBOX(west, south, east, north)} or with elevations
   * {@code BBOX(west, south, minElev, east, north, maxElev)}. West greater than east means the box
   * crosses the antimeridian.
   *
   * @param values 4 or 6 finite numbers, in the order written
   */
  record BboxLiteral(List<Double> values) implements Expr {
    public BboxLiteral {
      values = List.copyOf(values);
      if (values.size() != 4 && values.size() != 6) {
        throw new IllegalArgumentException("a BBOX has 4 numbers (west, south, east, north) or 6 (with elevations), got "
            + values.size());
      }
      for (Double v : values) {
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("BBOX numbers must be finite, got " + v);
        }
      }
    }

    /** A 2D box. */
    public BboxLiteral(double west, double south, double east, double north) {
      this(List.of(west, south, east, north));
    }

    /** Minimum longitude. */
    public double west() {
      return values.get(0);
    }

    /** Minimum latitude. */
    public double south() {
      return values.get(1);
    }

    /** Maximum longitude. */
    public double east() {
      return values.get(values.size() == 4 ? 2 : 3);
    }

    /** Maximum latitude. */
    public double north() {
      return values.get(values.size() == 4 ? 3 : 4);
    }
  }

  /**
   * An array, {@code ('a', 'b')} in text and {@code ["a", "b"]} in JSON. Used with the
   * {@code A_} functions, which treat arrays as sets.
   *
   * @param elements the elements, in order
   */
  record ArrayLiteral(List<Expr> elements) implements Expr {
    public ArrayLiteral {
      elements = List.copyOf(elements);
    }
  }

  /**
   * An arithmetic operation, {@code a + b}.
   *
   * @param op    the operator
   * @param left  the first operand
   * @param right the second operand
   */
  record Arithmetic(ArithmeticOp op, Expr left, Expr right) implements Expr {
    public Arithmetic {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }
  }

  /**
   * Case-insensitive text, {@code CASEI(name)}: the value with Unicode case folding applied.
   *
   * @param value a text expression
   */
  record CaseI(Expr value) implements Expr {
    public CaseI {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * Accent-insensitive text, {@code ACCENTI(name)}: the value with accents and diacritics removed.
   *
   * @param value a text expression
   */
  record AccentI(Expr value) implements Expr {
    public AccentI {
      Objects.requireNonNull(value, "value");
    }
  }

  /** The CQL2 arithmetic operators. */
  enum ArithmeticOp {
    /** Addition, {@code +}. */
    ADD("+", 1),
    /** Subtraction, {@code -}. */
    SUB("-", 1),
    /** Multiplication, {@code *}. */
    MUL("*", 2),
    /** Division, {@code /}; the result is always a float64. */
    DIV("/", 2),
    /** Remainder, {@code %}. */
    MOD("%", 2),
    /** Integer division (truncating), {@code div}. */
    INTDIV("div", 2),
    /** Power, {@code ^}. */
    POW("^", 3);

    private final String symbol;
    final int precedence;

    ArithmeticOp(String symbol, int precedence) {
      this.symbol = symbol;
      this.precedence = precedence;
    }

    /** The operator as written in CQL2 text and JSON. */
    public String symbol() {
      return symbol;
    }
  }
}
