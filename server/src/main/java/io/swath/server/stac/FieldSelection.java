package io.swath.server.stac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The STAC fields extension: which members of each item to return, as dotted paths
 * ({@code properties.eo:cloud_cover}, {@code assets}).
 *
 * <p>With {@code include} paths, an item keeps those plus {@code type}, {@code stac_version},
 * {@code id} and {@code collection}; without, it keeps everything. {@code exclude} paths are then
 * removed, except where an {@code include} path is as or more specific (include {@code properties},
 * exclude {@code properties.x}: x is removed; exclude {@code properties}, include
 * {@code properties.x}: only x stays of the properties).
 *
 * @param include paths to keep (empty: all)
 * @param exclude paths to remove
 */
record FieldSelection(Set<String> include, Set<String> exclude) {
  static final FieldSelection ALL = new FieldSelection(Set.of(), Set.of());
  private static final List<String> ALWAYS = List.of("type", "stac_version", "id", "collection");

  FieldSelection {
    include = Set.copyOf(include);
    exclude = Set.copyOf(exclude);
  }

  boolean isAll() {
    return include.isEmpty() && exclude.isEmpty();
  }

  /** The GET form: a comma list, {@code -} marking excludes ({@code id,properties,-properties.proj:geometry}). */
  static FieldSelection parse(String text) {
    Set<String> in = new LinkedHashSet<>();
    Set<String> out = new LinkedHashSet<>();
    for (String raw : text.split(",")) {
      String f = raw.trim();
      if (f.isEmpty()) {
        continue;
      }
      if (f.startsWith("-")) {
        out.add(check(f.substring(1).trim()));
      } else {
        in.add(check(f.startsWith("+") ? f.substring(1).trim() : f));
      }
    }
    return new FieldSelection(in, out);
  }

  /** The POST form, {@code {"include": [...], "exclude": [...]}}. */
  static FieldSelection of(JsonNode n) {
    if (n == null || n.isNull()) {
      return ALL;
    }
    if (!n.isObject()) {
      throw ApiException.badRequest("'fields' must be an object {\"include\": [...], \"exclude\": [...]}, got " + n);
    }
    return new FieldSelection(strings(n.get("include"), "fields.include"), strings(n.get("exclude"), "fields.exclude"));
  }

  private static Set<String> strings(JsonNode a, String what) {
    Set<String> out = new LinkedHashSet<>();
    if (a == null || a.isNull()) {
      return out;
    }
    if (!a.isArray()) {
      throw ApiException.badRequest("'" + what + "' must be an array of strings, got " + a);
    }
    for (JsonNode e : a) {
      if (!e.isTextual()) {
        throw ApiException.badRequest("'" + what + "' must hold strings, got " + e);
      }
      out.add(check(e.asText().trim()));
    }
    return out;
  }

  private static String check(String path) {
    if (path.isEmpty() || path.startsWith(".") || path.endsWith(".") || path.contains("..")) {
      throw ApiException.badRequest("field path '" + path + "' is not valid: use dotted names such as properties.eo:cloud_cover");
    }
    return path;
  }

  /** The JSON form, as a POST body carries it. */
  ObjectNode toJson() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode in = o.putArray("include");
    include.forEach(in::add);
    ArrayNode ex = o.putArray("exclude");
    exclude.forEach(ex::add);
    return o;
  }

  /** The GET form. */
  String toText() {
    List<String> parts = new ArrayList<>(include);
    exclude.forEach(e -> parts.add("-" + e));
    return String.join(",", parts);
  }

  /** The item with only the selected members. */
  ObjectNode apply(ObjectNode item) {
    ObjectNode out = item;
    if (!include.isEmpty()) {
      out = Json.MAPPER.createObjectNode();
      for (String a : ALWAYS) {
        if (item.has(a)) {
          out.set(a, item.get(a));
        }
      }
      for (String p : include) {
        copy(item, out, p.split("\\."), 0);
      }
    }
    for (String p : exclude) {
      if (!coveredByMoreSpecificInclude(p)) {
        remove(out, p.split("\\."), 0);
      }
    }
    return out;
  }

  private boolean coveredByMoreSpecificInclude(String excluded) {
    for (String i : include) {
      if (i.equals(excluded) || i.startsWith(excluded + ".")) {
        return true;
      }
    }
    return false;
  }

  private static void copy(JsonNode from, ObjectNode to, String[] path, int at) {
    JsonNode v = from.get(path[at]);
    if (v == null) {
      return;
    }
    if (at == path.length - 1 || !v.isObject()) {
      if (at == path.length - 1) {
        to.set(path[at], v.deepCopy());
      }
      return;
    }
    JsonNode existing = to.get(path[at]);
    ObjectNode child = existing instanceof ObjectNode o ? o : to.putObject(path[at]);
    copy(v, child, path, at + 1);
  }

  private static void remove(JsonNode node, String[] path, int at) {
    if (!(node instanceof ObjectNode o)) {
      return;
    }
    if (at == path.length - 1) {
      o.remove(path[at]);
    } else {
      remove(o.get(path[at]), path, at + 1);
    }
  }
}
