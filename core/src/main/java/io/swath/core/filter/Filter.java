package io.swath.core.filter;

import io.swath.core.schema.Schema;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A CQL2 condition: the root of a parsed filter and every node that yields true, false or
 * unknown. Obtain one from {@link Cql2#parseText(String)} or {@link Cql2#parseJson(String)},
 * check it against a dataset with {@link #bind(Schema)}, and evaluate the result per row.
 *
 * <p>{@code a NOT LIKE b}, {@code a NOT BETWEEN ...}, {@code a NOT IN (...)} and
 * {@code a IS NOT NULL} are represented as {@link Not} around the positive form, as CQL2 JSON does.
 */
public sealed interface Filter extends Expr
    permits Filter.And, Filter.Or, Filter.Not, Filter.Comparison, Filter.Like, Filter.Between, Filter.In,
        Filter.IsNull, Filter.SpatialPredicate, Filter.TemporalPredicate, Filter.ArrayPredicate,
        Filter.BooleanLiteral, Filter.FunctionCall {

  /**
   * Type-checks this filter against a dataset schema and compiles it for evaluation.
   *
   * @throws IllegalArgumentException naming an unknown property (and the known ones) or a type mismatch
   */
  default BoundFilter bind(Schema schema) {
    return Cql2.bind(this, schema);
  }

  /** All of the conditions; a single condition is returned as is. */
  static Filter and(Filter... args) {
    return args.length == 1 ? args[0] : new And(List.of(args));
  }

  /** Any of the conditions; a single condition is returned as is. */
  static Filter or(Filter... args) {
    return args.length == 1 ? args[0] : new Or(List.of(args));
  }

  /** The negation of a condition. */
  static Filter not(Filter arg) {
    return new Not(arg);
  }

  /**
   * All of {@code args} hold (unknown if none is false and some is unknown).
   *
   * @param args at least two conditions
   */
  record And(List<Filter> args) implements Filter {
    public And {
      args = List.copyOf(args);
      if (args.size() < 2) {
        throw new IllegalArgumentException("AND needs at least two conditions, got " + args.size());
      }
    }
  }

  /**
   * Any of {@code args} holds (unknown if none is true and some is unknown).
   *
   * @param args at least two conditions
   */
  record Or(List<Filter> args) implements Filter {
    public Or {
      args = List.copyOf(args);
      if (args.size() < 2) {
        throw new IllegalArgumentException("OR needs at least two conditions, got " + args.size());
      }
    }
  }

  /**
   * The negation of {@code arg}; unknown stays unknown.
   *
   * @param arg the condition
   */
  record Not(Filter arg) implements Filter {
    public Not {
      Objects.requireNonNull(arg, "arg");
    }
  }

  /**
   * A binary comparison, {@code left op right}. Unknown when either side is null.
   *
   * @param op    the operator
   * @param left  the first operand
   * @param right the second operand
   */
  record Comparison(ComparisonOp op, Expr left, Expr right) implements Filter {
    public Comparison {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }
  }

  /**
   * {@code value LIKE pattern}: {@code %} matches any run of characters, {@code _} one character,
   * and {@code \} escapes the next character.
   *
   * @param value   a text expression
   * @param pattern a text literal, possibly inside {@code CASEI} / {@code ACCENTI}
   */
  record Like(Expr value, Expr pattern) implements Filter {
    public Like {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(pattern, "pattern");
    }
  }

  /**
   * {@code value BETWEEN low AND high}, both ends included.
   *
   * @param value the tested expression
   * @param low   the lower bound
   * @param high  the upper bound
   */
  record Between(Expr value, Expr low, Expr high) implements Filter {
    public Between {
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(low, "low");
      Objects.requireNonNull(high, "high");
    }
  }

  /**
   * {@code value IN (list...)}.
   *
   * @param value the tested expression
   * @param list  at least one candidate
   */
  record In(Expr value, List<Expr> list) implements Filter {
    public In {
      Objects.requireNonNull(value, "value");
      list = List.copyOf(list);
      if (list.isEmpty()) {
        throw new IllegalArgumentException("IN needs at least one value in its list");
      }
    }
  }

  /**
   * {@code value IS NULL}.
   *
   * @param value the tested expression
   */
  record IsNull(Expr value) implements Filter {
    public IsNull {
      Objects.requireNonNull(value, "value");
    }
  }

  /**
   * A spatial relation, {@code S_INTERSECTS(left, right)}, evaluated on WGS84 lon/lat geometries.
   *
   * @param op    the relation
   * @param left  the first geometry
   * @param right the second geometry
   */
  record SpatialPredicate(SpatialOp op, Expr left, Expr right) implements Filter {
    public SpatialPredicate {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }
  }

  /**
   * A temporal relation, {@code T_INTERSECTS(left, right)}, between instants and closed intervals.
   *
   * @param op    the relation
   * @param left  the first instant or interval
   * @param right the second instant or interval
   */
  record TemporalPredicate(TemporalOp op, Expr left, Expr right) implements Filter {
    public TemporalPredicate {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }
  }

  /**
   * An array relation, {@code A_CONTAINS(left, right)}; arrays are compared as sets.
   *
   * @param op    the relation
   * @param left  the first array
   * @param right the second array
   */
  record ArrayPredicate(ArrayOp op, Expr left, Expr right) implements Filter {
    public ArrayPredicate {
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(right, "right");
    }
  }

  /**
   * {@code TRUE} or {@code FALSE}; usable as a condition and as a value.
   *
   * @param value the truth value
   */
  record BooleanLiteral(boolean value) implements Filter {}

  /**
   * A call of a function that is not built into CQL2, {@code name(args...)}. It parses and
   * serializes, but {@link Filter#bind binding} rejects it: Swath defines no custom functions.
   *
   * @param name an identifier that is not a CQL2 keyword
   * @param args the arguments
   */
  record FunctionCall(String name, List<Expr> args) implements Filter {
    public FunctionCall {
      Objects.requireNonNull(name, "name");
      args = List.copyOf(args);
      if (!TextWriter.isPlainIdentifier(name) || TextWriter.isReserved(name)) {
        throw new IllegalArgumentException("'" + name + "' cannot be a function name: use an identifier that is not a CQL2 keyword");
      }
    }
  }

  /** The binary comparison operators. */
  enum ComparisonOp {
    /** Equal, {@code =}. */
    EQ("="),
    /** Not equal, {@code <>}. */
    NE("<>"),
    /** Less than, {@code <}. */
    LT("<"),
    /** Less than or equal, {@code <=}. */
    LE("<="),
    /** Greater than, {@code >}. */
    GT(">"),
    /** Greater than or equal, {@code >=}. */
    GE(">=");

    private final String symbol;

    ComparisonOp(String symbol) {
      this.symbol = symbol;
    }

    /** The operator as written in CQL2 text and JSON. */
    public String symbol() {
      return symbol;
    }

    /** The operator that gives the same result with the operands swapped ({@code <} becomes {@code >}). */
    public ComparisonOp swapped() {
      return switch (this) {
        case EQ, NE -> this;
        case LT -> GT;
        case LE -> GE;
        case GT -> LT;
        case GE -> LE;
      };
    }

    /** Whether a three-way comparison result ({@code <0}, {@code 0}, {@code >0}) satisfies this operator. */
    public boolean test(int cmp) {
      return switch (this) {
        case EQ -> cmp == 0;
        case NE -> cmp != 0;
        case LT -> cmp < 0;
        case LE -> cmp <= 0;
        case GT -> cmp > 0;
        case GE -> cmp >= 0;
      };
    }
  }

  /** The CQL2 spatial relations (DE-9IM, as JTS implements them). */
  enum SpatialOp {
    /** The geometries share at least one point. */
    INTERSECTS,
    /** The first contains the second. */
    CONTAINS,
    /** The first lies within the second. */
    WITHIN,
    /** The geometries share no point. */
    DISJOINT,
    /** The geometries are topologically equal. */
    EQUALS,
    /** The geometries touch at their boundaries only. */
    TOUCHES,
    /** The geometries cross. */
    CROSSES,
    /** The geometries overlap. */
    OVERLAPS;

    /** The function name in CQL2 text, e.g. {@code S_INTERSECTS}. */
    public String textName() {
      return "S_" + name();
    }

    /** The operator name in CQL2 JSON, e.g. {@code s_intersects}. */
    public String jsonName() {
      return "s_" + name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The CQL2 temporal relations, after the OWL-Time interval relations. Intervals are closed; an
   * instant is an interval whose start equals its end.
   */
  enum TemporalOp {
    /** The first ends before the second starts. */
    BEFORE("before"),
    /** The first starts after the second ends. */
    AFTER("after"),
    /** The first ends where the second starts. */
    MEETS("meets"),
    /** The first starts where the second ends. */
    MET_BY("metBy"),
    /** The first starts first and ends inside the second. */
    OVERLAPS("overlaps"),
    /** The second starts first and ends inside the first. */
    OVERLAPPED_BY("overlappedBy"),
    /** Same start, the first ends first. */
    STARTS("starts"),
    /** Same start, the second ends first. */
    STARTED_BY("startedBy"),
    /** The first lies strictly inside the second. */
    DURING("during"),
    /** The second lies strictly inside the first. */
    CONTAINS("contains"),
    /** Same end, the first starts later. */
    FINISHES("finishes"),
    /** Same end, the second starts later. */
    FINISHED_BY("finishedBy"),
    /** Same start and same end. */
    EQUALS("equals"),
    /** The first is before or after the second. */
    DISJOINT("disjoint"),
    /** Not disjoint. */
    INTERSECTS("intersects");

    private final String camel;

    TemporalOp(String camel) {
      this.camel = camel;
    }

    /** The function name in CQL2 text, e.g. {@code T_METBY}. */
    public String textName() {
      return "T_" + camel.toUpperCase(Locale.ROOT);
    }

    /** The operator name in CQL2 JSON, e.g. {@code t_metBy}. */
    public String jsonName() {
      return "t_" + camel;
    }

    /** The relation that holds with the operands swapped ({@code BEFORE} becomes {@code AFTER}). */
    public TemporalOp inverse() {
      return switch (this) {
        case BEFORE -> AFTER;
        case AFTER -> BEFORE;
        case MEETS -> MET_BY;
        case MET_BY -> MEETS;
        case OVERLAPS -> OVERLAPPED_BY;
        case OVERLAPPED_BY -> OVERLAPS;
        case STARTS -> STARTED_BY;
        case STARTED_BY -> STARTS;
        case DURING -> CONTAINS;
        case CONTAINS -> DURING;
        case FINISHES -> FINISHED_BY;
        case FINISHED_BY -> FINISHES;
        case EQUALS, DISJOINT, INTERSECTS -> this;
      };
    }
  }

  /** The CQL2 array relations; arrays are compared as sets. */
  enum ArrayOp {
    /** Both hold the same elements. */
    EQUALS("equals"),
    /** The first holds every element of the second. */
    CONTAINS("contains"),
    /** Every element of the first is in the second. */
    CONTAINED_BY("containedBy"),
    /** The arrays share at least one element. */
    OVERLAPS("overlaps");

    private final String camel;

    ArrayOp(String camel) {
      this.camel = camel;
    }

    /** The function name in CQL2 text, e.g. {@code A_CONTAINEDBY}. */
    public String textName() {
      return "A_" + camel.toUpperCase(Locale.ROOT);
    }

    /** The operator name in CQL2 JSON, e.g. {@code a_containedBy}. */
    public String jsonName() {
      return "a_" + camel;
    }
  }
}
