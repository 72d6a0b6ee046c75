package io.swath.server.stac;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One key of the STAC sort extension: a field ({@code datetime}, {@code id}, {@code collection} or
 * a property, optionally written {@code properties.<name>}) and a direction.
 *
 * @param field      the field, without a {@code properties.} prefix
 * @param descending whether larger values come first
 */
record SortKey(String field, boolean descending) {
  /** The GET form: {@code +datetime,-eo:cloud_cover} (no sign = ascending). */
  static List<SortKey> parse(String text) {
    List<SortKey> out = new ArrayList<>();
    for (String raw : text.split(",")) {
      String f = raw.trim();
      if (f.isEmpty()) {
        continue;
      }
      boolean desc = f.startsWith("-");
      if (desc || f.startsWith("+")) {
        f = f.substring(1).trim();
      }
      out.add(of(f, desc));
    }
    return out;
  }

  /** The POST form: {@code [{"field": "datetime", "direction": "desc"}]}. */
  static List<SortKey> of(JsonNode n) {
    List<SortKey> out = new ArrayList<>();
    if (n == null || n.isNull()) {
      return out;
    }
    if (n.isTextual()) {
      return parse(n.asText());
    }
    if (!n.isArray()) {
      throw ApiException.badRequest("'sortby' must be an array of {\"field\": ..., \"direction\": \"asc\" | \"desc\"}, got " + n);
    }
    for (JsonNode e : n) {
      if (!e.isObject() || !e.path("field").isTextual()) {
        throw ApiException.badRequest("each 'sortby' entry must be {\"field\": ..., \"direction\": \"asc\" | \"desc\"}, got " + e);
      }
      String dir = e.path("direction").asText("asc").toLowerCase(Locale.ROOT);
      if (!dir.equals("asc") && !dir.equals("desc")) {
        throw ApiException.badRequest("sortby direction must be 'asc' or 'desc', got '" + e.path("direction").asText() + "'");
      }
      out.add(of(e.get("field").asText().trim(), dir.equals("desc")));
    }
    return out;
  }

  private static SortKey of(String field, boolean desc) {
    String f = field.startsWith("properties.") ? field.substring("properties.".length()) : field;
    if (f.isEmpty()) {
      throw ApiException.badRequest("sortby needs a field name");
    }
    return new SortKey(f, desc);
  }

  /** Whether this key is the datapoint time, the order ids are stored in. */
  boolean isTime() {
    return field.equals("datetime");
  }

  /** The GET form of one key. */
  String toText() {
    return (descending ? "-" : "+") + field;
  }
}
