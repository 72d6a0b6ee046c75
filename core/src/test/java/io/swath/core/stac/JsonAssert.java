package io.swath.core.stac;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.TreeSet;

/** JSON equality for round-trip tests: object member order ignored, numbers compared by value (1 == 1.0). */
final class JsonAssert {
  private JsonAssert() {}

  static void assertSameJson(JsonNode expected, JsonNode actual, String context) {
    String diff = difference(expected, actual, "$");
    if (diff != null) {
      fail(context + ": " + diff);
    }
  }

  /** Where the two values first differ, or null when they are equal. */
  static String difference(JsonNode e, JsonNode a, String path) {
    if (e.isNumber() && a.isNumber()) {
      if (e.isIntegralNumber() != a.isIntegralNumber()) {
        return path + ": expected number " + e + " but was " + a + " (integers stay integers, fractions fractions)";
      }
      return e.decimalValue().compareTo(a.decimalValue()) == 0 ? null
          : path + ": expected number " + e + " but was " + a;
    }
    if (e.getNodeType() != a.getNodeType()) {
      return path + ": expected " + e.getNodeType() + " " + abbreviate(e) + " but was " + a.getNodeType() + " " + abbreviate(a);
    }
    if (e.isObject()) {
      TreeSet<String> ek = new TreeSet<>();
      e.fieldNames().forEachRemaining(ek::add);
      TreeSet<String> ak = new TreeSet<>();
      a.fieldNames().forEachRemaining(ak::add);
      if (!ek.equals(ak)) {
        return path + ": expected members " + ek + " but were " + ak;
      }
      for (Map.Entry<String, JsonNode> m : e.properties()) {
        String d = difference(m.getValue(), a.get(m.getKey()), path + "." + m.getKey());
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    if (e.isArray()) {
      if (e.size() != a.size()) {
        return path + ": expected " + e.size() + " elements but were " + a.size();
      }
      for (int i = 0; i < e.size(); i++) {
        String d = difference(e.get(i), a.get(i), path + "[" + i + "]");
        if (d != null) {
          return d;
        }
      }
      return null;
    }
    return e.equals(a) ? null : path + ": expected " + abbreviate(e) + " but was " + abbreviate(a);
  }

  private static String abbreviate(JsonNode n) {
    String s = n.toString();
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
