package io.swath.core.filter;

import com.fasterxml.jackson.databind.JsonNode;
import io.swath.core.schema.Schema;
import java.util.Locale;
import java.util.Objects;

/**
 * Entry point for OGC CQL2 filters (the language of the STAC API filter extension and OGC API
 * Features part 3), in both encodings:
 *
 * <pre>{@code
 * Filter f = Cql2.parseText("eo:cloud_cover < 20 AND S_INTERSECTS(geometry, BBOX(5, 45, 10, 48))");
 * Filter same = Cql2.parseJson(f.toJson());          // equals f
 * BoundFilter b = Cql2.bind(f, dataset.schema());     // checks names and types
 * if (b.test(row)) { ... }
 * b.timeRange(); b.boundingBox();                      // bounds for an index scan
 * }</pre>
 *
 * <p>Parse errors are {@link IllegalArgumentException}s that say what was expected, where
 * (column in text, JSON path in JSON) and show the input near it.
 */
public final class Cql2 {
  /**
   * How deeply a filter may nest (parentheses, NOT, function calls, signs, powers and arrays in
   * text; operations in JSON): deeper filters are refused with a clear error rather than
   * exhausting the parser's stack.
   */
  public static final int MAX_NESTING = 100;

  private Cql2() {}

  /**
   * Parses CQL2 text, e.g. {@code eo:cloud_cover < 20 AND platform = 'landsat-8'}. Keywords are
   * case-insensitive; property names may be double-quoted.
   *
   * @throws IllegalArgumentException with the column of the problem and the text around it
   */
  public static Filter parseText(String text) {
    Objects.requireNonNull(text, "text");
    if (text.isBlank()) {
      throw new IllegalArgumentException("CQL2 filter: the filter is empty");
    }
    return TextParser.parse(text);
  }

  /**
   * Parses CQL2 JSON, e.g. {@code {"op":"<","args":[{"property":"eo:cloud_cover"},20]}}.
   *
   * @throws IllegalArgumentException with the JSON path of the problem
   */
  public static Filter parseJson(String json) {
    Objects.requireNonNull(json, "json");
    return JsonCodec.read(json);
  }

  /**
   * Parses CQL2 JSON from a Jackson tree.
   *
   * @throws IllegalArgumentException with the JSON path of the problem
   */
  public static Filter parseJson(JsonNode json) {
    Objects.requireNonNull(json, "json");
    return JsonCodec.read(json);
  }

  /**
   * Parses a filter given with a STAC / OGC {@code filter-lang}: {@code cql2-text} or
   * {@code cql2-json}; when {@code filterLang} is null, text starting with <code>{</code> is
   * taken as JSON.
   *
   * @throws IllegalArgumentException for an unknown language or a parse error
   */
  public static Filter parse(String filter, String filterLang) {
    Objects.requireNonNull(filter, "filter");
    String lang = filterLang == null ? (filter.stripLeading().startsWith("{") ? "cql2-json" : "cql2-text")
        : filterLang.trim().toLowerCase(Locale.ROOT);
    return switch (lang) {
      case "cql2-text" -> parseText(filter);
      case "cql2-json" -> parseJson(filter);
      default -> throw new IllegalArgumentException("unknown filter-lang '" + filterLang
          + "' (expected cql2-text or cql2-json)");
    };
  }

  /**
   * Type-checks {@code filter} against a dataset schema and compiles it. Besides the schema's
   * fields, these properties always exist: {@code time} (timestamp; {@code datetime} is an alias
   * unless the schema has a field of that name), {@code id} (uuid, compared with uuid strings),
   * {@code ingestion_time} (timestamp) and {@code collection} (string).
   *
   * <p>Literals are converted to the type they meet: a string compared with a timestamp is read
   * as RFC 3339 (or as a whole day when it is a date), with a uuid as a uuid, with a duration as
   * ISO 8601 ({@code PT1H}). Numbers compare by value across int64 and float64.
   *
   * @throws IllegalArgumentException for an unknown property (listing the known ones), a type
   *     mismatch ("cloud_cover is float64, cannot compare with 'abc'") or an unsupported function
   */
  public static BoundFilter bind(Filter filter, Schema schema) {
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(schema, "schema");
    return Binder.bind(filter, schema);
  }
}
