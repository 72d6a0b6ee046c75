package io.swath.core.filter;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import io.swath.core.filter.Filter.And;
import io.swath.core.filter.Filter.ArrayPredicate;
import io.swath.core.filter.Filter.Between;
import io.swath.core.filter.Filter.BooleanLiteral;
import io.swath.core.filter.Filter.Comparison;
import io.swath.core.filter.Filter.ComparisonOp;
import io.swath.core.filter.Filter.FunctionCall;
import io.swath.core.filter.Filter.In;
import io.swath.core.filter.Filter.IsNull;
import io.swath.core.filter.Filter.Like;
import io.swath.core.filter.Filter.Not;
import io.swath.core.filter.Filter.Or;
import io.swath.core.filter.Filter.SpatialPredicate;
import io.swath.core.filter.Filter.TemporalPredicate;
import io.swath.core.geo.Geometries;
import io.swath.core.time.Times;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * CQL2 JSON (OGC 21-065, the JSON schema of CQL2 1.0) to and from the tree. Operator names are
 * matched case-insensitively on input; the output uses the schema's spelling ({@code isNull},
 * {@code t_metBy}, {@code a_containedBy}). Also read, for filters written against drafts of the
 * standard: {@code between} with {@code [value, [low, high]]} and {@code {"casei": ...}}.
 */
final class JsonCodec {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Map<String, Object> OPS = ops();

  private JsonCodec() {}

  private static Map<String, Object> ops() {
    Map<String, Object> m = new HashMap<>();
    for (ComparisonOp op : ComparisonOp.values()) {
      m.put(op.symbol(), op);
    }
    for (ArithmeticOp op : ArithmeticOp.values()) {
      m.put(op.symbol(), op);
    }
    for (Filter.SpatialOp op : Filter.SpatialOp.values()) {
      m.put(op.jsonName().toLowerCase(Locale.ROOT), op);
    }
    for (Filter.TemporalOp op : Filter.TemporalOp.values()) {
      m.put(op.jsonName().toLowerCase(Locale.ROOT), op);
    }
    for (Filter.ArrayOp op : Filter.ArrayOp.values()) {
      m.put(op.jsonName().toLowerCase(Locale.ROOT), op);
    }
    return Map.copyOf(m);
  }

  // ---- reading

  static Filter read(String json) {
    JsonNode n;
    try {
      n = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new IllegalArgumentException("CQL2 JSON filter: not valid JSON" + (loc == null ? "" : " at line "
          + loc.getLineNr() + ", column " + loc.getColumnNr()) + ": " + e.getOriginalMessage());
    }
    if (n == null || n.isMissingNode()) {
      throw new IllegalArgumentException("CQL2 JSON filter: the filter is empty");
    }
    return read(n);
  }

  static Filter read(JsonNode n) {
    checkNesting(n);
    return condition(expr(n, ""), n, "");
  }

  /**
   * Refuses a filter nested more than {@link Cql2#MAX_NESTING} operations deep (an operation is an
   * object with its "args" array: two JSON levels), walking the tree without recursion.
   */
  private static void checkNesting(JsonNode root) {
    int limit = 2 * Cql2.MAX_NESTING + 2;
    java.util.ArrayDeque<JsonNode> nodes = new java.util.ArrayDeque<>();
    java.util.ArrayDeque<Integer> depths = new java.util.ArrayDeque<>();
    nodes.push(root);
    depths.push(1);
    while (!nodes.isEmpty()) {
      JsonNode n = nodes.pop();
      int d = depths.pop();
      if (!n.isContainerNode()) {
        continue;
      }
      if (d > limit) {
        throw new IllegalArgumentException("CQL2 JSON filter: the filter is nested more than " + Cql2.MAX_NESTING + " operations deep");
      }
      for (JsonNode child : n) {
        nodes.push(child);
        depths.push(d + 1);
      }
    }
  }

  private static IllegalArgumentException error(String message, JsonNode at, String path) {
    String shown = at == null ? "nothing" : at.toString();
    if (shown.length() > 80) {
      shown = shown.substring(0, 77) + "...";
    }
    return new IllegalArgumentException("CQL2 JSON filter: " + message + " at " + (path.isEmpty() ? "the top level" : path)
        + ": " + shown);
  }

  private static Filter condition(Expr e, JsonNode n, String path) {
    if (e instanceof Filter f) {
      return f;
    }
    throw error("expected a condition (an object with \"op\" and \"args\", or true/false)", n, path);
  }

  private static Expr expr(JsonNode n, String path) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      throw error("expected a value (CQL2 has no null literal; use isNull)", n, path);
    }
    if (n.isBoolean()) {
      return new BooleanLiteral(n.booleanValue());
    }
    if (n.isNumber()) {
      if (n.isIntegralNumber() && n.canConvertToLong()) {
        return new NumberLiteral(n.longValue());
      }
      double d = n.doubleValue();
      if (!Double.isFinite(d)) {
        throw error("number out of range", n, path);
      }
      return new NumberLiteral(d);
    }
    if (n.isTextual()) {
      return new StringLiteral(n.textValue());
    }
    if (n.isArray()) {
      return new ArrayLiteral(list(n, path));
    }
    if (!n.isObject()) {
      throw error("expected a CQL2 expression", n, path);
    }
    if (n.has("op")) {
      return operation(n, path);
    }
    if (n.has("property")) {
      JsonNode p = n.get("property");
      if (!p.isTextual() || p.textValue().isEmpty()) {
        throw error("\"property\" must be a non-empty string", n, path);
      }
      return new Property(p.textValue());
    }
    if (n.has("timestamp")) {
      return new TimestampLiteral(instant(n.get("timestamp"), path + "/timestamp"));
    }
    if (n.has("date")) {
      return new DateLiteral(date(n.get("date"), path + "/date"));
    }
    if (n.has("interval")) {
      JsonNode i = n.get("interval");
      if (!i.isArray() || i.size() != 2) {
        throw error("\"interval\" must be an array of two instants (or \"..\")", n, path);
      }
      return new IntervalLiteral(intervalEnd(i.get(0), path + "/interval/0"), intervalEnd(i.get(1), path + "/interval/1"));
    }
    if (n.has("bbox")) {
      JsonNode b = n.get("bbox");
      if (!b.isArray() || (b.size() != 4 && b.size() != 6)) {
        throw error("\"bbox\" must be an array of 4 numbers (west, south, east, north) or 6 (with elevations)", n, path);
      }
      List<Double> values = new ArrayList<>();
      for (JsonNode v : b) {
        if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
          throw error("\"bbox\" must hold numbers only", n, path);
        }
        values.add(v.doubleValue());
      }
      return new BboxLiteral(values);
    }
    if (n.has("type")) {
      try {
        return new GeometryLiteral(Geometries.fromGeoJson(n));
      } catch (IllegalArgumentException e) {
        throw error(e.getMessage(), n, path);
      }
    }
    if (n.has("casei")) {
      return new CaseI(expr(n.get("casei"), path + "/casei"));
    }
    if (n.has("accenti")) {
      return new AccentI(expr(n.get("accenti"), path + "/accenti"));
    }
    throw error("expected a CQL2 expression: {\"op\": ..., \"args\": [...]}, {\"property\": ...}, a literal, "
        + "{\"timestamp\"|\"date\"|\"interval\"|\"bbox\": ...} or a GeoJSON geometry", n, path);
  }

  private static List<Expr> list(JsonNode array, String path) {
    List<Expr> out = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      out.add(expr(array.get(i), path + "/" + i));
    }
    return out;
  }

  private static Expr operation(JsonNode n, String path) {
    JsonNode opNode = n.get("op");
    if (!opNode.isTextual() || opNode.textValue().isEmpty()) {
      throw error("\"op\" must be a non-empty string", n, path);
    }
    String op = opNode.textValue();
    JsonNode argsNode = n.get("args");
    if (argsNode == null) {
      argsNode = NODES.arrayNode();
    }
    if (!argsNode.isArray()) {
      throw error("\"args\" of \"" + op + "\" must be an array", n, path);
    }
    String argsPath = path + "/args";
    String key = op.toLowerCase(Locale.ROOT);
    switch (key) {
      case "and", "or" -> {
        if (argsNode.isEmpty()) {
          throw error("\"" + op + "\" needs at least one condition in \"args\"", n, path);
        }
        List<Filter> args = new ArrayList<>();
        for (int i = 0; i < argsNode.size(); i++) {
          args.add(condition(expr(argsNode.get(i), argsPath + "/" + i), argsNode.get(i), argsPath + "/" + i));
        }
        if (args.size() == 1) {
          return args.get(0);
        }
        return key.equals("and") ? new And(args) : new Or(args);
      }
      case "not" -> {
        List<Expr> a = args(n, argsNode, op, argsPath, 1);
        return new Not(condition(a.get(0), argsNode.get(0), argsPath + "/0"));
      }
      case "like" -> {
        List<Expr> a = args(n, argsNode, op, argsPath, 2);
        return new Like(a.get(0), a.get(1));
      }
      case "between" -> {
        if (argsNode.size() == 2 && argsNode.get(1).isArray() && argsNode.get(1).size() == 2) {
          List<Expr> range = list(argsNode.get(1), argsPath + "/1");
          return new Between(expr(argsNode.get(0), argsPath + "/0"), range.get(0), range.get(1));
        }
        List<Expr> a = args(n, argsNode, op, argsPath, 3);
        return new Between(a.get(0), a.get(1), a.get(2));
      }
      case "in" -> {
        if (argsNode.size() != 2 || !argsNode.get(1).isArray() || argsNode.get(1).isEmpty()) {
          throw error("\"in\" takes two \"args\": a value and a non-empty array of candidates", n, path);
        }
        return new In(expr(argsNode.get(0), argsPath + "/0"), list(argsNode.get(1), argsPath + "/1"));
      }
      case "isnull" -> {
        List<Expr> a = args(n, argsNode, op, argsPath, 1);
        return new IsNull(a.get(0));
      }
      case "casei" -> {
        return new CaseI(args(n, argsNode, op, argsPath, 1).get(0));
      }
      case "accenti" -> {
        return new AccentI(args(n, argsNode, op, argsPath, 1).get(0));
      }
      default -> {
        // the operators with two operands, then functions
      }
    }
    Object known = OPS.get(key);
    if (known == null) {
      try {
        return new FunctionCall(op, list(argsNode, argsPath));
      } catch (IllegalArgumentException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("CQL2")) {
          throw e;
        }
        throw error("unknown operator \"" + op + "\"", n, path);
      }
    }
    List<Expr> a = args(n, argsNode, op, argsPath, 2);
    return switch (known) {
      case ComparisonOp c -> new Comparison(c, a.get(0), a.get(1));
      case ArithmeticOp c -> new Arithmetic(c, a.get(0), a.get(1));
      case Filter.SpatialOp s -> new SpatialPredicate(s, a.get(0), a.get(1));
      case Filter.TemporalOp t -> new TemporalPredicate(t, a.get(0), a.get(1));
      case Filter.ArrayOp r -> new ArrayPredicate(r, a.get(0), a.get(1));
      default -> throw new IllegalStateException("unmapped operator " + op);
    };
  }

  private static List<Expr> args(JsonNode n, JsonNode args, String op, String path, int count) {
    if (args.size() != count) {
      throw error("\"" + op + "\" takes " + count + (count == 1 ? " argument" : " arguments") + " in \"args\", got "
          + args.size(), n, path.substring(0, path.length() - "/args".length()));
    }
    return list(args, path);
  }

  private static Expr intervalEnd(JsonNode n, String path) {
    if (n.isTextual()) {
      String s = n.textValue();
      if (s.equals("..")) {
        return null;
      }
      return DATE.matcher(s).matches() ? new DateLiteral(date(n, path)) : new TimestampLiteral(instant(n, path));
    }
    Expr e = expr(n, path);
    if (e instanceof TimestampLiteral || e instanceof DateLiteral || e instanceof Property || e instanceof FunctionCall) {
      return e;
    }
    throw error("an interval end must be a date or timestamp string, \"..\", a property or a function", n, path);
  }

  private static java.time.Instant instant(JsonNode n, String path) {
    if (!n.isTextual()) {
      throw error("expected an RFC 3339 timestamp string", n, path);
    }
    try {
      return Times.parseInstant(n.textValue());
    } catch (IllegalArgumentException e) {
      throw error("'" + n.textValue() + "' is not a timestamp (use RFC 3339, e.g. 2020-01-01T00:00:00Z)", n, path);
    }
  }

  private static LocalDate date(JsonNode n, String path) {
    if (!n.isTextual() || !DATE.matcher(n.textValue()).matches()) {
      throw error("expected a date string YYYY-MM-DD", n, path);
    }
    try {
      return LocalDate.parse(n.textValue());
    } catch (RuntimeException e) {
      throw error("'" + n.textValue() + "' is not a date", n, path);
    }
  }

  // ---- writing

  static JsonNode write(Expr e) {
    return switch (e) {
      case And a -> op("and", new ArrayList<>(a.args()));
      case Or o -> op("or", new ArrayList<>(o.args()));
      case Not n -> op("not", List.of(n.arg()));
      case Comparison c -> op(c.op().symbol(), List.of(c.left(), c.right()));
      case Like l -> op("like", List.of(l.value(), l.pattern()));
      case Between b -> op("between", List.of(b.value(), b.low(), b.high()));
      case In in -> {
        ObjectNode o = NODES.objectNode();
        o.put("op", "in");
        ArrayNode args = o.putArray("args");
        args.add(write(in.value()));
        ArrayNode candidates = args.addArray();
        for (Expr x : in.list()) {
          candidates.add(write(x));
        }
        yield o;
      }
      case IsNull n -> op("isNull", List.of(n.value()));
      case SpatialPredicate s -> op(s.op().jsonName(), List.of(s.left(), s.right()));
      case TemporalPredicate t -> op(t.op().jsonName(), List.of(t.left(), t.right()));
      case ArrayPredicate a -> op(a.op().jsonName(), List.of(a.left(), a.right()));
      case BooleanLiteral b -> NODES.booleanNode(b.value());
      case FunctionCall f -> op(f.name(), f.args());
      case Property p -> NODES.objectNode().put("property", p.name());
      case StringLiteral s -> NODES.textNode(s.value());
      case NumberLiteral n -> n.value() instanceof Long l ? NODES.numberNode(l) : NODES.numberNode(n.value().doubleValue());
      case TimestampLiteral t -> NODES.objectNode().put("timestamp", t.value().toString());
      case DateLiteral d -> NODES.objectNode().put("date", d.value().toString());
      case IntervalLiteral i -> {
        ObjectNode o = NODES.objectNode();
        ArrayNode ends = o.putArray("interval");
        ends.add(intervalEnd(i.start()));
        ends.add(intervalEnd(i.end()));
        yield o;
      }
      case GeometryLiteral g -> {
        try {
          yield MAPPER.readTree(Geometries.toGeoJson(g.geometry()));
        } catch (JsonProcessingException ex) {
          throw new IllegalStateException("GeoJSON writer produced invalid JSON", ex);
        }
      }
      case BboxLiteral b -> {
        ObjectNode o = NODES.objectNode();
        ArrayNode values = o.putArray("bbox");
        b.values().forEach(values::add);
        yield o;
      }
      case ArrayLiteral a -> {
        ArrayNode arr = NODES.arrayNode();
        a.elements().forEach(x -> arr.add(write(x)));
        yield arr;
      }
      case Arithmetic a -> op(a.op().symbol(), List.of(a.left(), a.right()));
      case CaseI c -> op("casei", List.of(c.value()));
      case AccentI c -> op("accenti", List.of(c.value()));
    };
  }

  private static JsonNode intervalEnd(Expr e) {
    return switch (e) {
      case null -> NODES.textNode("..");
      case TimestampLiteral t -> NODES.textNode(t.value().toString());
      case DateLiteral d -> NODES.textNode(d.value().toString());
      default -> write(e);
    };
  }

  private static ObjectNode op(String name, List<? extends Expr> args) {
    ObjectNode o = NODES.objectNode();
    o.put("op", name);
    ArrayNode a = o.putArray("args");
    for (Expr x : args) {
      a.add(write(x));
    }
    return o;
  }
}
