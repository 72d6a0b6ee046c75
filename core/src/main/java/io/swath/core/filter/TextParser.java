package io.swath.core.filter;

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
import io.swath.core.geo.Geometries;
import io.swath.core.time.Times;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A recursive-descent parser for CQL2 text (OGC 21-065, the BNF of CQL2 1.0).
 *
 * <p>Grammar, loosest first: {@code OR}, {@code AND}, {@code NOT}, predicates (comparison,
 * {@code [NOT] LIKE}, {@code [NOT] BETWEEN}, {@code [NOT] IN}, {@code IS [NOT] NULL}), {@code + -},
 * {@code * / % div}, {@code ^} (right-associative), unary minus, primaries. Parentheses may hold a
 * condition or a value; which one is checked where it is used, so {@code (a + b) > 5} and
 * {@code (a > 5 OR b)} both parse without backtracking. In array context (arguments of functions,
 * elements of arrays) {@code ( ... )} is an array, unless an operator follows it.
 *
 * <p>Deviations, all lenient: {@code !=} is accepted for {@code <>}; keywords that are followed
 * by no parenthesis are property names ({@code date = 5}); only {@code ''} escapes a quote inside
 * a string, so a backslash is an ordinary character (and the LIKE escape).
 */
final class TextParser {
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Set<String> WKT_TYPES = Set.of("POINT", "LINESTRING", "POLYGON", "MULTIPOINT",
      "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION");
  private static final Set<String> WKT_MODIFIERS = Set.of("Z", "M", "ZM", "EMPTY");
  /** Keywords that never start a value. */
  private static final Set<String> NON_VALUES = Set.of("AND", "OR", "NOT", "LIKE", "BETWEEN", "IN", "IS", "NULL", "DIV");

  private enum Kind { IDENT, QUOTED_IDENT, STRING, NUMBER, LPAREN, RPAREN, COMMA, OP, END }

  /**
   * One token; {@code text} is the unescaped value for strings and quoted identifiers and the
   * source text otherwise.
   */
  private record Token(Kind kind, String text, int start, int end) {
    boolean isKeyword(String kw) {
      return kind == Kind.IDENT && text.equalsIgnoreCase(kw);
    }

    boolean isOp(String op) {
      return kind == Kind.OP && text.equals(op);
    }

    String describe() {
      return switch (kind) {
        case END -> "the end of the filter";
        case STRING -> "a string";
        default -> "'" + text + "'";
      };
    }
  }

  private final String src;
  private final List<Token> tokens;
  private int pos;
  private int depth;

  private TextParser(String src) {
    this.src = src;
    this.tokens = tokenize(src);
  }

  static Filter parse(String text) {
    TextParser p = new TextParser(text);
    Expr e = p.parseOr(null);
    if (p.peek().kind != Kind.END) {
      throw p.error("AND, OR or the end of the filter", p.pos);
    }
    return p.condition(e, p.pos);
  }

  // ---- nesting

  /** Enters one level of nesting; refuses more than {@link Cql2#MAX_NESTING}. */
  private void enter() {
    if (++depth > Cql2.MAX_NESTING) {
      throw errorAt("the filter is nested more than " + Cql2.MAX_NESTING + " levels deep", peek().start, null);
    }
  }

  // ---- errors

  private IllegalArgumentException error(String expected, int tokenIndex) {
    Token at = tokens.get(tokenIndex);
    String after = tokenIndex > 0 ? " after " + sourceOf(tokens.get(tokenIndex - 1)) : "";
    return errorAt("expected " + expected + after, at.start, at.kind == Kind.END ? "found the end of the filter"
        : "found " + at.describe());
  }

  private String sourceOf(Token t) {
    String s = src.substring(t.start, t.end);
    s = s.length() > 30 ? s.substring(0, 27) + "..." : s;
    return t.kind == Kind.STRING || t.kind == Kind.QUOTED_IDENT ? s : "'" + s + "'";
  }

  private IllegalArgumentException errorAt(String message, int offset, String found) {
    return errorAt(src, message, offset, found);
  }

  static IllegalArgumentException errorAt(String src, String message, int offset, String found) {
    int from = Math.max(0, offset - 30);
    int to = Math.min(src.length(), offset + 30);
    String near = (from > 0 ? "..." : "") + src.substring(from, to).replaceAll("\\s", " ") + (to < src.length() ? "..." : "");
    return new IllegalArgumentException("CQL2 filter: " + message + " at column " + (offset + 1)
        + (found == null ? "" : ", " + found) + ": \"" + near + "\"");
  }

  // ---- lexer

  private static List<Token> tokenize(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (true) {
      while (i < n && (Character.isWhitespace(s.charAt(i)) || Character.isSpaceChar(s.charAt(i)))) {
        i++;
      }
      if (i >= n) {
        out.add(new Token(Kind.END, "", n, n));
        return out;
      }
      char c = s.charAt(i);
      int start = i;
      if (c == '\'' || c == '"') {
        StringBuilder sb = new StringBuilder();
        i++;
        while (true) {
          if (i >= n) {
            throw errorAt(s, "unterminated " + (c == '\'' ? "string" : "quoted name") + " starting", start, null);
          }
          char d = s.charAt(i++);
          if (d == c) {
            if (i < n && s.charAt(i) == c) {
              sb.append(c);
              i++;
              continue;
            }
            break;
          }
          sb.append(d);
        }
        out.add(new Token(c == '\'' ? Kind.STRING : Kind.QUOTED_IDENT, sb.toString(), start, i));
      } else if (isDigit(c) || c == '.' && i + 1 < n && isDigit(s.charAt(i + 1))) {
        while (i < n && isDigit(s.charAt(i))) {
          i++;
        }
        if (i < n && s.charAt(i) == '.') {
          i++;
          while (i < n && isDigit(s.charAt(i))) {
            i++;
          }
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
          int j = i + 1;
          if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
            j++;
          }
          if (j < n && isDigit(s.charAt(j))) {
            i = j;
            while (i < n && isDigit(s.charAt(i))) {
              i++;
            }
          }
        }
        out.add(new Token(Kind.NUMBER, s.substring(start, i), start, i));
      } else if (TextWriter.isIdentifierStart(s.codePointAt(i))) {
        while (i < n && TextWriter.isIdentifierPart(s.codePointAt(i))) {
          i += Character.charCount(s.codePointAt(i));
        }
        out.add(new Token(Kind.IDENT, s.substring(start, i), start, i));
      } else if (c == '(') {
        out.add(new Token(Kind.LPAREN, "(", start, ++i));
      } else if (c == ')') {
        out.add(new Token(Kind.RPAREN, ")", start, ++i));
      } else if (c == ',') {
        out.add(new Token(Kind.COMMA, ",", start, ++i));
      } else {
        String two = i + 1 < n ? s.substring(i, i + 2) : "";
        String op;
        if (two.equals("<>") || two.equals("<=") || two.equals(">=") || two.equals("!=")) {
          op = two.equals("!=") ? "<>" : two;
          i += 2;
        } else if ("=<>+-*/%^".indexOf(c) >= 0) {
          op = String.valueOf(c);
          i++;
        } else {
          throw errorAt(s, "unexpected character '" + new String(Character.toChars(s.codePointAt(i))) + "'", start, null);
        }
        out.add(new Token(Kind.OP, op, start, i));
      }
    }
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  // ---- token helpers

  private Token peek() {
    return tokens.get(pos);
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
  }

  private Token next() {
    Token t = tokens.get(pos);
    if (t.kind != Kind.END) {
      pos++;
    }
    return t;
  }

  private boolean acceptComma() {
    if (peek().kind == Kind.COMMA) {
      pos++;
      return true;
    }
    return false;
  }

  private boolean acceptKeyword(String kw) {
    if (peek().isKeyword(kw)) {
      pos++;
      return true;
    }
    return false;
  }

  private Token expect(Kind kind, String expected) {
    if (peek().kind != kind) {
      throw error(expected, pos);
    }
    return next();
  }

  private void expectKeyword(String kw, String expected) {
    if (!acceptKeyword(kw)) {
      throw error(expected, pos);
    }
  }

  /** {@code e} as a condition, or an error pointing at the token after it. */
  private Filter condition(Expr e, int tokenAfter) {
    if (e instanceof Filter f) {
      return f;
    }
    throw error("a comparison (=, <>, <, <=, >, >=, LIKE, BETWEEN, IN or IS NULL)", tokenAfter);
  }

  // ---- conditions; a non-null seed is an already parsed first primary

  private Expr parseOr(Expr seed) {
    Expr first = parseAnd(seed);
    if (!peek().isKeyword("OR")) {
      return first;
    }
    List<Filter> args = new ArrayList<>();
    args.add(condition(first, pos));
    while (acceptKeyword("OR")) {
      args.add(condition(parseAnd(null), pos));
    }
    return new Filter.Or(args);
  }

  private Expr parseAnd(Expr seed) {
    Expr first = parseNot(seed);
    if (!peek().isKeyword("AND")) {
      return first;
    }
    List<Filter> args = new ArrayList<>();
    args.add(condition(first, pos));
    while (acceptKeyword("AND")) {
      args.add(condition(parseNot(null), pos));
    }
    return new Filter.And(args);
  }

  private Expr parseNot(Expr seed) {
    if (seed == null && acceptKeyword("NOT")) {
      enter();
      Filter f = condition(parseNot(null), pos);
      depth--;
      return new Filter.Not(f);
    }
    return parsePredicate(seed);
  }

  private Expr parsePredicate(Expr seed) {
    Expr left = parseAdditive(seed);
    Token t = peek();
    if (t.kind == Kind.OP) {
      ComparisonOp op = comparisonOp(t.text);
      if (op != null) {
        next();
        return new Filter.Comparison(op, left, parseAdditive(null));
      }
      return left;
    }
    boolean negated = false;
    if (t.isKeyword("NOT")) {
      Token after = peek(1);
      if (!(after.isKeyword("LIKE") || after.isKeyword("BETWEEN") || after.isKeyword("IN"))) {
        next();
        throw error("LIKE, BETWEEN or IN", pos);
      }
      next();
      negated = true;
      t = peek();
    }
    Filter f;
    if (acceptKeyword("LIKE")) {
      f = new Filter.Like(left, parseAdditive(null));
    } else if (acceptKeyword("BETWEEN")) {
      Expr low = parseAdditive(null);
      expectKeyword("AND", "AND and the upper bound of BETWEEN");
      f = new Filter.Between(left, low, parseAdditive(null));
    } else if (acceptKeyword("IN")) {
      expect(Kind.LPAREN, "'(' and a list of values for IN");
      List<Expr> list = new ArrayList<>();
      do {
        list.add(parseAdditive(null));
      } while (acceptComma());
      expect(Kind.RPAREN, "',' or ')' to close the IN list");
      f = new Filter.In(left, list);
    } else if (acceptKeyword("IS")) {
      boolean not = acceptKeyword("NOT");
      expectKeyword("NULL", not ? "NULL" : "NULL or NOT NULL");
      f = new Filter.IsNull(left);
      negated = not;
    } else {
      return left;
    }
    return negated ? new Filter.Not(f) : f;
  }

  private static ComparisonOp comparisonOp(String symbol) {
    for (ComparisonOp op : ComparisonOp.values()) {
      if (op.symbol().equals(symbol)) {
        return op;
      }
    }
    return null;
  }

  // ---- arithmetic

  private Expr parseAdditive(Expr seed) {
    Expr left = parseMultiplicative(seed);
    while (peek().isOp("+") || peek().isOp("-")) {
      ArithmeticOp op = next().text.equals("+") ? ArithmeticOp.ADD : ArithmeticOp.SUB;
      left = new Arithmetic(op, left, parseMultiplicative(null));
    }
    return left;
  }

  private Expr parseMultiplicative(Expr seed) {
    Expr left = parsePower(seed);
    while (true) {
      Token t = peek();
      ArithmeticOp op = t.isOp("*") ? ArithmeticOp.MUL : t.isOp("/") ? ArithmeticOp.DIV
          : t.isOp("%") ? ArithmeticOp.MOD : t.isKeyword("DIV") ? ArithmeticOp.INTDIV : null;
      if (op == null) {
        return left;
      }
      next();
      left = new Arithmetic(op, left, parsePower(null));
    }
  }

  private Expr parsePower(Expr seed) {
    Expr base = seed != null ? seed : parseUnary();
    if (peek().isOp("^")) {
      next();
      enter();
      Expr exponent = parsePower(null);
      depth--;
      return new Arithmetic(ArithmeticOp.POW, base, exponent);
    }
    return base;
  }

  private Expr parseUnary() {
    Token t = peek();
    if (t.isOp("-") || t.isOp("+")) {
      next();
      if (peek().kind == Kind.NUMBER) {
        return number(next(), t.text.equals("-"));
      }
      enter();
      Expr operand = parseUnary();
      depth--;
      return t.text.equals("-") ? new Arithmetic(ArithmeticOp.MUL, new NumberLiteral(-1L), operand) : operand;
    }
    return parsePrimary();
  }

  private NumberLiteral number(Token t, boolean negative) {
    String digits = negative ? "-" + t.text : t.text;
    boolean integral = t.text.chars().allMatch(c -> c >= '0' && c <= '9');
    if (integral) {
      try {
        return new NumberLiteral(Long.parseLong(digits));
      } catch (NumberFormatException tooLarge) {
        // fall through: an integer beyond int64 is kept as a float64
      }
    }
    double d = Double.parseDouble(digits);
    if (!Double.isFinite(d)) {
      throw errorAt("number " + t.text + " is out of range", t.start, null);
    }
    return new NumberLiteral(d);
  }

  // ---- primaries

  private Expr parsePrimary() {
    enter();
    Expr e = primary();
    depth--;
    return e;
  }

  private Expr primary() {
    Token t = peek();
    switch (t.kind) {
      case NUMBER -> {
        return number(next(), false);
      }
      case STRING -> {
        return new StringLiteral(next().text);
      }
      case QUOTED_IDENT -> {
        if (t.text.isEmpty()) {
          throw errorAt("a property name cannot be empty", t.start, null);
        }
        return new Property(next().text);
      }
      case LPAREN -> {
        next();
        if (peek().kind == Kind.RPAREN) {
          next();
          return new ArrayLiteral(List.of());
        }
        Expr inner = parseOr(null);
        if (peek().kind == Kind.COMMA) {
          List<Expr> elements = new ArrayList<>();
          elements.add(inner);
          while (acceptComma()) {
            elements.add(parseElement());
          }
          expect(Kind.RPAREN, "',' or ')'");
          return new ArrayLiteral(elements);
        }
        expect(Kind.RPAREN, "')'");
        return inner;
      }
      case IDENT -> {
        return parseWord();
      }
      default -> throw error("a value", pos);
    }
  }

  private Expr parseWord() {
    Token t = peek();
    String word = t.text.toUpperCase(Locale.ROOT);
    if (word.equals("TRUE") || word.equals("FALSE")) {
      next();
      return new Filter.BooleanLiteral(word.equals("TRUE"));
    }
    if (NON_VALUES.contains(word)) {
      throw error("a value", pos);
    }
    Token following = peek(1);
    if (WKT_TYPES.contains(word) && (following.kind == Kind.LPAREN
        || following.kind == Kind.IDENT && WKT_MODIFIERS.contains(following.text.toUpperCase(Locale.ROOT)))) {
      return parseWkt();
    }
    if (following.kind != Kind.LPAREN) {
      next();
      return new Property(t.text);
    }
    next();
    next();
    switch (word) {
      case "TIMESTAMP" -> {
        Token s = expect(Kind.STRING, "a quoted timestamp such as '2020-01-01T00:00:00Z'");
        closeCall(word);
        return new TimestampLiteral(instant(s));
      }
      case "DATE" -> {
        Token s = expect(Kind.STRING, "a quoted date such as '2020-01-01'");
        closeCall(word);
        return new DateLiteral(date(s));
      }
      case "INTERVAL" -> {
        Expr start = intervalEnd();
        expect(Kind.COMMA, "',' and the end of the INTERVAL");
        Expr end = intervalEnd();
        closeCall(word);
        return new IntervalLiteral(start, end);
      }
      case "BBOX" -> {
        List<Double> values = new ArrayList<>();
        do {
          values.add(signedNumber());
        } while (acceptComma());
        if (values.size() != 4 && values.size() != 6) {
          throw errorAt("BBOX takes 4 numbers (west, south, east, north) or 6 (with elevations), got " + values.size(),
              t.start, null);
        }
        closeCall(word);
        return new BboxLiteral(values);
      }
      case "CASEI", "ACCENTI" -> {
        Expr arg = parseAdditive(null);
        closeCall(word);
        return word.equals("CASEI") ? new CaseI(arg) : new AccentI(arg);
      }
      default -> {
        // handled below
      }
    }
    for (Filter.SpatialOp op : Filter.SpatialOp.values()) {
      if (op.textName().equals(word)) {
        List<Expr> args = twoArguments(word);
        return new Filter.SpatialPredicate(op, args.get(0), args.get(1));
      }
    }
    for (Filter.TemporalOp op : Filter.TemporalOp.values()) {
      if (op.textName().equals(word)) {
        List<Expr> args = twoArguments(word);
        return new Filter.TemporalPredicate(op, args.get(0), args.get(1));
      }
    }
    for (Filter.ArrayOp op : Filter.ArrayOp.values()) {
      if (op.textName().equals(word)) {
        List<Expr> args = twoArguments(word);
        return new Filter.ArrayPredicate(op, args.get(0), args.get(1));
      }
    }
    List<Expr> args = new ArrayList<>();
    if (peek().kind != Kind.RPAREN) {
      do {
        args.add(parseElement());
      } while (acceptComma());
    }
    closeCall(t.text);
    try {
      return new Filter.FunctionCall(t.text, args);
    } catch (IllegalArgumentException e) {
      throw errorAt("'" + t.text + "' is not a function", t.start, null);
    }
  }

  private List<Expr> twoArguments(String function) {
    Expr a = parseElement();
    expect(Kind.COMMA, "',' and the second argument of " + function);
    Expr b = parseElement();
    closeCall(function);
    return List.of(a, b);
  }

  private void closeCall(String function) {
    expect(Kind.RPAREN, "')' to close " + function + "(");
  }

  /**
   * A function argument or array element. A parenthesized list here is an array, even with one
   * element, unless an operator follows it: then it was a parenthesized expression.
   */
  private Expr parseElement() {
    if (peek().kind != Kind.LPAREN) {
      return parseOr(null);
    }
    next();
    enter();
    List<Expr> elements = new ArrayList<>();
    if (peek().kind != Kind.RPAREN) {
      do {
        elements.add(parseElement());
      } while (acceptComma());
    }
    expect(Kind.RPAREN, "',' or ')'");
    depth--;
    Token t = peek();
    if (elements.size() == 1 && t.kind != Kind.COMMA && t.kind != Kind.RPAREN && t.kind != Kind.END) {
      return parseOr(elements.get(0));
    }
    return new ArrayLiteral(elements);
  }

  private Expr intervalEnd() {
    Token t = peek();
    if (t.kind == Kind.STRING) {
      next();
      if (t.text.equals("..")) {
        return null;
      }
      return DATE.matcher(t.text).matches() ? new DateLiteral(date(t)) : new TimestampLiteral(instant(t));
    }
    Expr e = parsePrimary();
    if (e instanceof TimestampLiteral || e instanceof DateLiteral || e instanceof Property
        || e instanceof Filter.FunctionCall) {
      return e;
    }
    throw errorAt("an INTERVAL end must be a quoted date or timestamp, '..', a property or a function", t.start, null);
  }

  private double signedNumber() {
    boolean negative = false;
    if (peek().isOp("-") || peek().isOp("+")) {
      negative = next().text.equals("-");
    }
    Token t = expect(Kind.NUMBER, "a number");
    return number(t, negative).value().doubleValue();
  }

  private java.time.Instant instant(Token t) {
    try {
      return Times.parseInstant(t.text);
    } catch (IllegalArgumentException e) {
      throw errorAt("'" + t.text + "' is not a timestamp (use RFC 3339, e.g. 2020-01-01T00:00:00Z)", t.start, null);
    }
  }

  private LocalDate date(Token t) {
    try {
      if (!DATE.matcher(t.text).matches()) {
        throw new DateTimeParseException("not yyyy-mm-dd", t.text, 0);
      }
      return LocalDate.parse(t.text);
    } catch (DateTimeParseException e) {
      throw errorAt("'" + t.text + "' is not a date (use YYYY-MM-DD, e.g. 2020-01-01)", t.start, null);
    }
  }

  /** A WKT literal: the source text up to the matching parenthesis, read by JTS. */
  private Expr parseWkt() {
    Token first = next();
    int depth = 0;
    Token last = first;
    while (true) {
      Token t = peek();
      if (t.kind == Kind.END) {
        throw errorAt("unterminated " + first.text.toUpperCase(Locale.ROOT) + " literal starting", first.start, null);
      }
      if (t.kind == Kind.IDENT && depth == 0 && t.text.equalsIgnoreCase("EMPTY")) {
        last = next();
        break;
      }
      if (t.kind == Kind.LPAREN) {
        depth++;
      } else if (t.kind == Kind.RPAREN) {
        depth--;
      }
      last = next();
      if (depth == 0 && last.kind == Kind.RPAREN) {
        break;
      }
    }
    try {
      return new GeometryLiteral(Geometries.fromWkt(src.substring(first.start, last.end)));
    } catch (RuntimeException e) {
      String m = String.valueOf(e.getMessage());
      throw errorAt(m.startsWith("not a valid WKT geometry") ? m : "not a valid WKT geometry: " + m, first.start, null);
    }
  }
}
