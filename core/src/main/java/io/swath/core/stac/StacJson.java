package io.swath.core.stac;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;

/** JSON helpers shared by the STAC mapping: one mapper, number exactness, value equality. */
final class StacJson {
  static final ObjectMapper MAPPER = new ObjectMapper();
  /** Integers up to this magnitude survive a trip through a double. */
  private static final long EXACT_DOUBLE_INT = 1L << 53;

  private StacJson() {}

  static JsonNode read(String json, String what) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Whether {@code n} is an integer literal that fits a long. */
  static boolean isLong(JsonNode n) {
    return n.isIntegralNumber() && n.canConvertToLong();
  }

  /** Whether {@code n} is a number whose value a double holds exactly (as a JSON number compares). */
  static boolean isExactDouble(JsonNode n) {
    if (!n.isNumber()) {
      return false;
    }
    if (n.isIntegralNumber()) {
      return n.canConvertToLong() && Math.abs(n.longValue()) <= EXACT_DOUBLE_INT;
    }
    if (n.isDouble() || n.isFloat()) {
      return Double.isFinite(n.doubleValue());
    }
    BigDecimal d = n.decimalValue();
    double v = d.doubleValue();
    return Double.isFinite(v) && BigDecimal.valueOf(v).compareTo(d) == 0;
  }

  /**
   * Whether two JSON values are equal, ignoring the order of object members and comparing
   * numbers by value ({@code 1} equals {@code 1.0}).
   */
  static boolean sameValue(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      if (a.isIntegralNumber() && b.isIntegralNumber()) {
        return a.bigIntegerValue().equals(b.bigIntegerValue());
      }
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.getNodeType() != b.getNodeType()) {
      return false;
    }
    if (a.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      for (Map.Entry<String, JsonNode> e : a.properties()) {
        JsonNode o = b.get(e.getKey());
        if (o == null || !sameValue(e.getValue(), o)) {
          return false;
        }
      }
      return true;
    }
    if (a.isArray()) {
      if (a.size() != b.size()) {
        return false;
      }
      Iterator<JsonNode> x = a.elements();
      Iterator<JsonNode> y = b.elements();
      while (x.hasNext()) {
        if (!sameValue(x.next(), y.next())) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }

  /** A JSON value shortened for an error message. */
  static String shown(JsonNode n) {
    String s = n.toString();
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }
}
