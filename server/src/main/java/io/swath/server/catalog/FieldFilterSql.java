package io.swath.server.catalog;

import io.swath.core.filter.BoundFilter;
import io.swath.core.filter.Expr;
import io.swath.core.filter.Filter;
import io.swath.core.filter.Filter.ComparisonOp;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates a bound CQL2 filter into a SQL condition on the {@code field_nums} and
 * {@code field_texts} columns (see {@link FieldValues}), which {@link DatapointStore} adds to a
 * query's WHERE clause as a prefilter: every row the filter selects meets the condition, so the
 * exact test, still run on the rows that meet it, decides as before, while the rows that fail it
 * are neither sent nor decoded.
 *
 * <p>Each node gets two conditions: one true wherever the node is true ({@code mayBeTrue}) and one
 * true wherever it is false ({@code mayBeFalse}); {@code NOT} swaps them, AND and OR combine them
 * as three-valued logic does, so a prefilter never drops a row the filter selects, nulls and
 * negations included. A comparison of a stored scalar field with a literal is translated: numbers
 * exactly where the stored float8 is the value (float64 fields, compared with a literal that is a
 * float8), else with bounds widened by the rounding to float8 (int64 and timestamp fields);
 * strings for {@code =}, {@code <>} and {@code IN}; bools; {@code IS NULL}; {@code BETWEEN}. Any
 * other condition (LIKE, functions, arithmetic, spatial, temporal and array predicates, the
 * built-in properties, fields another schema adds) constrains nothing. A row whose
 * {@code field_nums} is NULL (written before the columns existed) passes.
 */
public final class FieldFilterSql {
  private FieldFilterSql() {}

  /**
   * A node's two conditions; null stands for TRUE (no condition). {@code exact}: on a row with
   * field values, {@code mayBeTrue} is true exactly where the node is true and {@code mayBeFalse}
   * exactly where it is false.
   */
  private record Cond(String mayBeTrue, String mayBeFalse, boolean exact) {
    static final Cond NONE = new Cond(null, null, false);

    Cond(String mayBeTrue, String mayBeFalse) {
      this(mayBeTrue, mayBeFalse, true);
    }
  }

  /**
   * A filter's prefilter.
   *
   * @param sql     the condition, or null when it constrains nothing
   * @param decides whether the condition is the filter itself on rows with field values
   *                ({@code field_nums} not NULL): there the exact test need not run
   */
  public record Prefilter(String sql, boolean decides) {}

  private static final String FALSE = "false";

  /**
   * The prefilter of {@code filter} over the datapoints of a dataset with schema {@code stored},
   * or null when it constrains nothing. {@code filter} may be bound to a schema that extends
   * {@code stored} with fields of its own: conditions on those constrain nothing.
   */
  public static String prefilter(BoundFilter filter, Schema stored) {
    return translate(filter, stored).sql();
  }

  /** The prefilter of {@code filter} (see {@link #prefilter}), and whether it decides the filter. */
  public static Prefilter translate(BoundFilter filter, Schema stored) {
    Cond c = new FieldFilterSql.Translator(filter.schema(), stored).cond(filter.filter());
    if (c.mayBeTrue == null) {
      return new Prefilter(null, false);
    }
    return new Prefilter("(field_nums IS NULL OR " + c.mayBeTrue + ")", c.exact);
  }

  /** The rows on which a prefilter that {@link Prefilter#decides() decides} its filter does so. */
  static final String DECIDED_ROWS = "(field_nums IS NOT NULL)";

  private static final class Translator {
    private final Schema schema;
    private final Schema stored;

    Translator(Schema schema, Schema stored) {
      this.schema = schema;
      this.stored = stored;
    }

    Cond cond(Filter f) {
      return switch (f) {
        case Filter.And a -> and(a.args().stream().map(this::cond).toList());
        case Filter.Or o -> or(o.args().stream().map(this::cond).toList());
        case Filter.Not n -> {
          Cond c = cond(n.arg());
          yield new Cond(c.mayBeFalse, c.mayBeTrue, c.exact);
        }
        case Filter.BooleanLiteral b -> b.value() ? new Cond(null, FALSE) : new Cond(FALSE, null);
        case Filter.Comparison c -> comparison(c.op(), c.left(), c.right());
        case Filter.Between b -> and(List.of(comparison(ComparisonOp.GE, b.value(), b.low()),
            comparison(ComparisonOp.LE, b.value(), b.high())));
        case Filter.IsNull n -> {
          String col = column(field(n.value()));
          yield col == null ? Cond.NONE : new Cond(col + " IS NULL", col + " IS NOT NULL");
        }
        case Filter.In in -> in(in);
        default -> Cond.NONE;
      };
    }

    /** The stored field {@code e} names, or -1 when it names no field stored in the columns. */
    private int field(Expr e) {
      if (!(e instanceof Expr.Property p)) {
        return -1;
      }
      String name = p.name();
      if (name.equals("time") || name.equals("ingestion_time") || name.equals("id") || name.equals("collection")) {
        return -1; // the built-ins, resolved before schema fields as the binder does
      }
      int i = schema.indexOf(name);
      if (i < 0 || i >= stored.size()) {
        return -1;
      }
      Field f = schema.field(i);
      Field s = stored.field(i);
      if (!f.name().equals(s.name()) || f.type() != s.type() || f.array() != s.array()
          || !(FieldValues.isNumeric(f) || FieldValues.isText(f))) {
        return -1;
      }
      return i;
    }

    private String column(int i) {
      if (i < 0) {
        return null;
      }
      return (FieldValues.isText(schema.field(i)) ? "field_texts[" : "field_nums[") + (i + 1) + "]";
    }

    private Cond comparison(ComparisonOp op, Expr left, Expr right) {
      int i = field(left);
      Expr lit = right;
      if (i < 0) {
        i = field(right);
        lit = left;
        op = op.swapped();
      }
      if (i < 0) {
        return Cond.NONE;
      }
      String t = atom(i, op, lit);
      String f = atom(i, negated(op), lit);
      return t == null ? Cond.NONE : new Cond(t, f, exactAtom(i, lit));
    }

    /** Whether {@link #atom} translates comparisons of field {@code i} with {@code literal} exactly. */
    private boolean exactAtom(int i, Expr literal) {
      return switch (schema.field(i).type()) {
        case FLOAT64 -> literal instanceof Expr.NumberLiteral n && exactFloat8(n);
        case BOOL, STRING -> true;
        default -> false;
      };
    }

    /** A condition true wherever {@code field op literal} is true, or null when none is known. */
    private String atom(int i, ComparisonOp op, Expr literal) {
      String col = column(i);
      FieldType type = schema.field(i).type();
      switch (type) {
        case FLOAT64, INT64 -> {
          if (!(literal instanceof Expr.NumberLiteral n)) {
            return null;
          }
          double d = n.value().doubleValue();
          if (type == FieldType.FLOAT64 && exactFloat8(n)) {
            return col + " " + op.symbol() + " " + float8(d);
          }
          // int64 values are rounded to float8; so is the literal when it is not one: rounding
          // keeps order but may make different numbers equal, so strict bounds become closed
          return widened(col, op, d);
        }
        case TIMESTAMP -> {
          if (!(literal instanceof Expr.TimestampLiteral ts) || ts.value().getNano() % 1000 != 0) {
            return null;
          }
          long us;
          try {
            us = io.swath.core.time.Times.micros(ts.value());
          } catch (IllegalArgumentException | ArithmeticException e) {
            return null;
          }
          return widened(col, op, us);
        }
        case BOOL -> {
          if (!(literal instanceof Filter.BooleanLiteral b)) {
            return null;
          }
          return col + " " + op.symbol() + " " + (b.value() ? "1" : "0");
        }
        case STRING -> {
          String s = text(literal);
          if (s == null || (op != ComparisonOp.EQ && op != ComparisonOp.NE)) {
            return null; // order of text: Java's and the database collation's differ
          }
          return col + " " + op.symbol() + " " + s;
        }
        default -> {
          return null;
        }
      }
    }

    /** Whether the literal is a float8 (an integer one exactly). */
    private static boolean exactFloat8(Expr.NumberLiteral n) {
      double d = n.value().doubleValue();
      return !n.isInteger() || (d != 0x1p63 && (long) d == n.value().longValue());
    }

    private static String widened(String col, ComparisonOp op, double d) {
      return switch (op) {
        case LT, LE -> col + " <= " + float8(d);
        case GT, GE -> col + " >= " + float8(d);
        case EQ -> col + " = " + float8(d);
        case NE -> col + " IS NOT NULL";
      };
    }

    private Cond in(Filter.In in) {
      int i = field(in.value());
      if (i < 0 || !FieldValues.isText(schema.field(i)) || in.list().isEmpty()) {
        return Cond.NONE;
      }
      List<String> items = new ArrayList<>();
      for (Expr e : in.list()) {
        String s = text(e);
        if (s == null) {
          return Cond.NONE;
        }
        items.add(s);
      }
      String list = String.join(", ", items);
      String col = column(i);
      return new Cond(col + " IN (" + list + ")", col + " NOT IN (" + list + ")");
    }

    /**
     * A string literal as SQL, or null when the stored text of a value could equal it without the
     * value doing so (it holds U+FFFD or NUL, or is longer than the stored texts).
     */
    private static String text(Expr e) {
      if (!(e instanceof Expr.StringLiteral s)) {
        return null;
      }
      String v = s.value();
      if (v.indexOf(FieldValues.MARK) >= 0 || v.indexOf('\0') >= 0 || v.length() > FieldValues.MAX_TEXT) {
        return null;
      }
      return "'" + v.replace("'", "''") + "'";
    }
  }

  private static ComparisonOp negated(ComparisonOp op) {
    return switch (op) {
      case EQ -> ComparisonOp.NE;
      case NE -> ComparisonOp.EQ;
      case LT -> ComparisonOp.GE;
      case LE -> ComparisonOp.GT;
      case GT -> ComparisonOp.LE;
      case GE -> ComparisonOp.LT;
    };
  }

  private static String float8(double d) {
    return "'" + Double.toString(d) + "'::float8";
  }

  private static Cond and(List<Cond> args) {
    return new Cond(all(args.stream().map(Cond::mayBeTrue).toList()), any(args.stream().map(Cond::mayBeFalse).toList()),
        args.stream().allMatch(Cond::exact));
  }

  private static Cond or(List<Cond> args) {
    return new Cond(any(args.stream().map(Cond::mayBeTrue).toList()), all(args.stream().map(Cond::mayBeFalse).toList()),
        args.stream().allMatch(Cond::exact));
  }

  /** AND of conditions (null = TRUE). */
  private static String all(List<String> conds) {
    List<String> parts = new ArrayList<>();
    for (String c : conds) {
      if (c != null) {
        if (c.equals(FALSE)) {
          return FALSE;
        }
        parts.add(c);
      }
    }
    return parts.isEmpty() ? null : parts.size() == 1 ? parts.get(0) : "(" + String.join(" AND ", parts) + ")";
  }

  /** OR of conditions (null = TRUE). */
  private static String any(List<String> conds) {
    List<String> parts = new ArrayList<>();
    for (String c : conds) {
      if (c == null) {
        return null;
      }
      if (!c.equals(FALSE)) {
        parts.add(c);
      }
    }
    return parts.isEmpty() ? FALSE : parts.size() == 1 ? parts.get(0) : "(" + String.join(" OR ", parts) + ")";
  }
}
