package io.swath.client;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Random CQL2 field filters (comparisons, BETWEEN, IN, IS [NOT] NULL, AND/OR/NOT) over numeric and
 * text fields, each with its own brute-force evaluation over a datapoint's values in SQL's
 * three-valued logic (null = unknown), written independently of the server's evaluator.
 */
final class RandomFilters {
  /** A filter in CQL2 text and its brute-force value on a datapoint (null when unknown). */
  interface Node {
    String text();

    Boolean eval(Map<String, Object> m);
  }

  private final Random r;
  private final List<String> numberFields;
  private final List<String> textFields;
  private final List<Number> numbers;
  private final List<String> texts;

  /**
   * @param numberFields int64 or float64 fields
   * @param textFields   string fields
   * @param numbers      literals to compare numbers with
   * @param texts        literals to compare texts with
   */
  RandomFilters(long seed, List<String> numberFields, List<String> textFields, List<Number> numbers, List<String> texts) {
    this.r = new Random(seed);
    this.numberFields = numberFields;
    this.textFields = textFields;
    this.numbers = numbers;
    this.texts = texts;
  }

  Node next(int depth) {
    if (depth == 0 || r.nextInt(3) == 0) {
      return atom();
    }
    Node a = next(depth - 1);
    return switch (r.nextInt(3)) {
      case 0 -> {
        Node b = next(depth - 1);
        yield node("(" + a.text() + " AND " + b.text() + ")", m -> and(a.eval(m), b.eval(m)));
      }
      case 1 -> {
        Node b = next(depth - 1);
        yield node("(" + a.text() + " OR " + b.text() + ")", m -> or(a.eval(m), b.eval(m)));
      }
      default -> node("NOT (" + a.text() + ")", m -> a.eval(m) == null ? null : !a.eval(m));
    };
  }

  private Node atom() {
    String[] ops = {"=", "<>", "<", "<=", ">", ">="};
    boolean text = r.nextInt(3) == 0;
    String f = text ? textFields.get(r.nextInt(textFields.size())) : numberFields.get(r.nextInt(numberFields.size()));
    switch (r.nextInt(text ? 3 : 4)) {
      case 0 -> {
        boolean isNull = r.nextBoolean();
        return node(f + (isNull ? " IS NULL" : " IS NOT NULL"), m -> (m.get(f) == null) == isNull);
      }
      case 1 -> {
        if (text) {
          List<String> in = List.of(text(), text());
          return node(f + " IN (" + quote(in.get(0)) + ", " + quote(in.get(1)) + ")",
              m -> m.get(f) == null ? null : in.contains((String) m.get(f)));
        }
        Number lo = number();
        Number hi = number();
        return node(f + " BETWEEN " + lo + " AND " + hi,
            m -> m.get(f) == null ? null : cmp((Number) m.get(f), lo) >= 0 && cmp((Number) m.get(f), hi) <= 0);
      }
      default -> {
        if (text) {
          String op = r.nextBoolean() ? "=" : "<>";
          String s = text();
          return node(f + " " + op + " " + quote(s), m -> m.get(f) == null ? null : m.get(f).equals(s) == op.equals("="));
        }
        String op = ops[r.nextInt(ops.length)];
        Number n = number();
        boolean swap = r.nextInt(4) == 0;
        return node(swap ? n + " " + op + " " + f : f + " " + op + " " + n, m -> {
          if (m.get(f) == null) {
            return null;
          }
          int c = swap ? cmp(n, (Number) m.get(f)) : cmp((Number) m.get(f), n);
          return switch (op) {
            case "=" -> c == 0;
            case "<>" -> c != 0;
            case "<" -> c < 0;
            case "<=" -> c <= 0;
            case ">" -> c > 0;
            default -> c >= 0;
          };
        });
      }
    }
  }

  private Number number() {
    return numbers.get(r.nextInt(numbers.size()));
  }

  private String text() {
    return texts.get(r.nextInt(texts.size()));
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** Numbers by exact value, whatever their type. */
  private static int cmp(Number a, Number b) {
    return exact(a).compareTo(exact(b));
  }

  private static BigDecimal exact(Number n) {
    return n instanceof Double d ? new BigDecimal(d) : BigDecimal.valueOf(n.longValue());
  }

  private static Boolean and(Boolean a, Boolean b) {
    if (Boolean.FALSE.equals(a) || Boolean.FALSE.equals(b)) {
      return false;
    }
    return a == null || b == null ? null : true;
  }

  private static Boolean or(Boolean a, Boolean b) {
    if (Boolean.TRUE.equals(a) || Boolean.TRUE.equals(b)) {
      return true;
    }
    return a == null || b == null ? null : false;
  }

  private static Node node(String text, java.util.function.Function<Map<String, Object>, Boolean> eval) {
    return new Node() {
      @Override
      public String text() {
        return text;
      }

      @Override
      public Boolean eval(Map<String, Object> m) {
        return eval.apply(m);
      }
    };
  }
}
