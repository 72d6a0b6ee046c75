package io.swath.server.stac;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.swath.core.filter.Expr;
import io.swath.core.filter.Filter;
import io.swath.core.filter.Filter.ComparisonOp;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The STAC API query extension ({@code "query": {"eo:cloud_cover": {"lt": 20}}}), translated to the
 * CQL2 condition the search already evaluates, so that a query takes the same plan (time ranges,
 * footprint boxes, decoded fields) as the equivalent filter.
 *
 * <p>Each property maps to operators and their values; every operator of every property must hold
 * (AND). {@code eq}, {@code neq}, {@code lt}, {@code lte}, {@code gt}, {@code gte} compare with a
 * number, string or boolean; {@code startsWith}, {@code endsWith}, {@code contains} take a string
 * and match it literally and case-sensitively ({@code %} and {@code _} are no wildcards);
 * {@code in} takes a non-empty array. A missing value (an item without the property, or with a
 * value of another type) satisfies no operator, {@code neq} included, as in CQL2. Strings given
 * for {@code datetime} are RFC 3339 times.
 */
final class QueryExtension {
  /** The operators, as the extension spells them. */
  static final List<String> OPERATORS = List.of("eq", "neq", "lt", "lte", "gt", "gte", "startsWith", "endsWith", "contains", "in");

  private QueryExtension() {}

  /** The query of a GET request: its JSON text. */
  static Filter parse(String text) {
    JsonNode n;
    try {
      n = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("'query' must be a JSON object such as {\"eo:cloud_cover\":{\"lt\":20}}: " + e.getOriginalMessage());
    }
    return of(n);
  }

  /**
   * The condition of a query object, or null when it names no property.
   *
   * @throws ApiException 400 naming the property or operator that is not understood
   */
  static Filter of(JsonNode query) {
    if (query == null || !query.isObject()) {
      throw ApiException.badRequest("'query' must be a JSON object such as {\"eo:cloud_cover\":{\"lt\":20}}, got "
          + (query == null ? "nothing" : shown(query)));
    }
    List<Filter> all = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = query.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String property = e.getKey();
      if (property.isBlank()) {
        throw ApiException.badRequest("'query' names an empty property");
      }
      JsonNode ops = e.getValue();
      if (!ops.isObject() || ops.isEmpty()) {
        throw ApiException.badRequest("query: '" + property + "' must map operators to values, such as {\"eq\": ...}; got "
            + shown(ops) + " (operators: " + String.join(", ", OPERATORS) + ")");
      }
      for (Iterator<Map.Entry<String, JsonNode>> o = ops.fields(); o.hasNext(); ) {
        Map.Entry<String, JsonNode> op = o.next();
        all.add(condition(property, op.getKey(), op.getValue()));
      }
    }
    if (all.isEmpty()) {
      return null;
    }
    return all.size() == 1 ? all.get(0) : new Filter.And(all);
  }

  private static Filter condition(String property, String op, JsonNode value) {
    Expr p = new Expr.Property(property);
    String where = "query: '" + property + "' " + op;
    switch (op.toLowerCase(Locale.ROOT)) {
      case "eq" -> {
        return new Filter.Comparison(ComparisonOp.EQ, p, literal(property, value, where));
      }
      case "neq" -> {
        return new Filter.Comparison(ComparisonOp.NE, p, literal(property, value, where));
      }
      case "lt" -> {
        return new Filter.Comparison(ComparisonOp.LT, p, literal(property, value, where));
      }
      case "lte" -> {
        return new Filter.Comparison(ComparisonOp.LE, p, literal(property, value, where));
      }
      case "gt" -> {
        return new Filter.Comparison(ComparisonOp.GT, p, literal(property, value, where));
      }
      case "gte" -> {
        return new Filter.Comparison(ComparisonOp.GE, p, literal(property, value, where));
      }
      case "startswith" -> {
        return new Filter.Like(p, new Expr.StringLiteral(escaped(text(value, where)) + "%"));
      }
      case "endswith" -> {
        return new Filter.Like(p, new Expr.StringLiteral("%" + escaped(text(value, where))));
      }
      case "contains" -> {
        return new Filter.Like(p, new Expr.StringLiteral("%" + escaped(text(value, where)) + "%"));
      }
      case "in" -> {
        if (!value.isArray() || value.isEmpty()) {
          throw ApiException.badRequest(where + " needs a non-empty array of values, got " + shown(value));
        }
        List<Expr> list = new ArrayList<>();
        for (JsonNode v : value) {
          list.add(literal(property, v, where));
        }
        return new Filter.In(p, list);
      }
      default -> throw ApiException.badRequest("query: unknown operator '" + op + "' for '" + property + "'; the operators are "
          + String.join(", ", OPERATORS));
    }
  }

  private static Expr literal(String property, JsonNode v, String where) {
    if (v.isIntegralNumber()) {
      return new Expr.NumberLiteral(v.canConvertToLong() ? (Number) v.asLong() : (Number) v.asDouble());
    }
    if (v.isNumber()) {
      double d = v.asDouble();
      if (!Double.isFinite(d)) {
        throw ApiException.badRequest(where + ": " + v + " is not a finite number");
      }
      return new Expr.NumberLiteral(d);
    }
    if (v.isBoolean()) {
      return new Filter.BooleanLiteral(v.asBoolean());
    }
    if (v.isTextual()) {
      if (FilterBinding.stripPrefix(property).equals("datetime")) {
        try {
          return new Expr.TimestampLiteral(OffsetDateTime.parse(v.asText()).toInstant());
        } catch (DateTimeParseException e) {
          throw ApiException.badRequest(where + ": '" + v.asText() + "' is not an RFC 3339 time with its UTC offset");
        }
      }
      return new Expr.StringLiteral(v.asText());
    }
    throw ApiException.badRequest(where + " needs a number, string or boolean, got " + shown(v));
  }

  private static String text(JsonNode v, String where) {
    if (!v.isTextual()) {
      throw ApiException.badRequest(where + " needs a string, got " + shown(v));
    }
    return v.asText();
  }

  /** {@code s} as a LIKE pattern that matches exactly {@code s}. */
  static String escaped(String s) {
    StringBuilder b = new StringBuilder(s.length() + 4);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '%' || c == '_' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  private static String shown(JsonNode n) {
    String s = n.toString();
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
