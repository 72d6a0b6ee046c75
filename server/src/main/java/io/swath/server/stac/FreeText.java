package io.swath.server.stac;

import com.fasterxml.jackson.databind.JsonNode;
import io.swath.core.filter.Row;
import io.swath.server.catalog.RowPredicate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The STAC API free-text search ({@code q}), basic form: a list of terms, of which any may match.
 *
 * <p>The rule: an item matches when at least one term occurs, ignoring case, as a substring of its
 * {@code title}, its {@code description} or one of its {@code keywords} (item properties). Terms are
 * the comma-separated parts of {@code q} (or the strings of a POST array), trimmed; empty parts are
 * dropped, and a {@code q} with no term is a 400. Case is ignored by comparing the lower case of
 * both (Unicode, not locale-specific); there are no wildcards, phrases or operators: every
 * character of a term, spaces included, is matched literally. An item with none of the three
 * properties (or values that are not strings) matches no term.
 */
final class FreeText {
  /** The item properties a term is looked for in. */
  static final List<String> PROPERTIES = List.of("title", "description", "keywords");

  private FreeText() {}

  /** The terms of a GET {@code q}: comma-separated. */
  static List<String> parse(String text) {
    List<String> out = new ArrayList<>();
    for (String t : text.split(",")) {
      add(out, t);
    }
    if (out.isEmpty()) {
      throw ApiException.badRequest("'q' holds no term: give comma-separated words, such as q=landsat,sentinel");
    }
    return List.copyOf(out);
  }

  /** The terms of a POST {@code q}: a string read like GET's, or an array of strings, one term each. */
  static List<String> of(JsonNode n) {
    if (n.isTextual()) {
      return parse(n.asText());
    }
    if (!n.isArray()) {
      throw ApiException.badRequest("'q' must be a string of comma-separated terms or an array of strings, got " + n);
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : n) {
      if (!e.isTextual()) {
        throw ApiException.badRequest("'q' must hold strings, got " + e);
      }
      add(out, e.asText());
    }
    if (out.isEmpty()) {
      throw ApiException.badRequest("'q' holds no term: give an array of words, such as [\"landsat\", \"sentinel\"]");
    }
    return List.copyOf(out);
  }

  private static void add(List<String> out, String term) {
    String t = term.trim();
    if (!t.isEmpty()) {
      out.add(t.toLowerCase(Locale.ROOT));
    }
  }

  /** The indexes of the fields of {@code layout} that hold {@link #PROPERTIES}; empty when it has none. */
  static int[] fields(ItemLayout layout) {
    return PROPERTIES.stream().mapToInt(layout::field).filter(i -> i >= 0).toArray();
  }

  /** The test of a datapoint whose free-text properties are at {@code fields}, for lower-case {@code terms}. */
  static RowPredicate test(int[] fields, List<String> terms) {
    return row -> matches(row, fields, terms);
  }

  private static boolean matches(Row row, int[] fields, List<String> terms) {
    for (int f : fields) {
      Object v = row.value(f);
      if (v instanceof String s) {
        if (contains(s, terms)) {
          return true;
        }
      } else if (v instanceof List<?> list) {
        for (Object e : list) {
          if (e instanceof String s && contains(s, terms)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** Whether a term occurs in the {@code title}, {@code description} or one of the {@code keywords} of a JSON document. */
  static boolean matches(JsonNode doc, List<String> terms) {
    for (String p : List.of("title", "description")) {
      if (doc.path(p).isTextual() && contains(doc.path(p).asText(), terms)) {
        return true;
      }
    }
    for (JsonNode k : doc.path("keywords")) {
      if (k.isTextual() && contains(k.asText(), terms)) {
        return true;
      }
    }
    return false;
  }

  private static boolean contains(String text, List<String> terms) {
    String lower = text.toLowerCase(Locale.ROOT);
    for (String t : terms) {
      if (lower.contains(t)) {
        return true;
      }
    }
    return false;
  }
}
