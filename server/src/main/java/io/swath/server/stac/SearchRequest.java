package io.swath.server.stac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swath.core.filter.Cql2;
import io.swath.core.filter.Filter;
import io.swath.core.geo.BoundingBox;
import io.swath.core.geo.Geometries;
import io.swath.core.time.TimeInterval;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * The parameters of an item search, read from a GET query or a POST body (the STAC API item
 * search with the filter, sort and fields extensions) and validated: every problem is a 400 that
 * names the parameter.
 */
final class SearchRequest {
  /** Items per page when the request names no limit. */
  static final int DEFAULT_LIMIT = 10;
  /** The most items per page; larger limits are clamped to it. */
  static final int MAX_LIMIT = 10_000;

  List<String> collections;
  List<String> ids;
  BoundingBox bbox;
  /**
   * Whether a 6-number bbox leaves out elevation 0, where the (2-D) footprints lie: then the
   * search matches nothing.
   */
  boolean bboxMissesGround;
  Geometry intersects;
  TimeInterval datetime;
  int limit = DEFAULT_LIMIT;
  String token;
  Filter filter;
  /** The lower-case free-text terms ({@code q}), any of which may match; null without {@code q}. */
  List<String> freeText;
  List<SortKey> sortby = List.of();
  FieldSelection fields = FieldSelection.ALL;
  /** The GET parameters as received, to build next links. */
  Map<String, String> query;
  /** The POST body as received, to build next links. */
  ObjectNode body;

  private SearchRequest() {}

  /** Whether anything but the collections narrows the search (then numberMatched would need a count). */
  boolean isFiltered() {
    return ids != null || bbox != null || bboxMissesGround || intersects != null || datetime != null || filter != null
        || freeText != null;
  }

  /**
   * The query parameters {@code GET /search} accepts: the item search's, those of its filter, sort,
   * fields, query and free-text extensions, the paging token, and what OGC API Features clients
   * send along ({@code f}, {@code crs}, {@code bbox-crs}; only JSON and CRS84 are served).
   */
  static final List<String> SEARCH_PARAMETERS = List.of("bbox", "bbox-crs", "collections", "crs", "datetime", "f", "fields",
      "filter", "filter-crs", "filter-lang", "ids", "intersects", "limit", "q", "query", "sortby", "token");
  /** The query parameters of {@code GET /collections/{id}/items}: those of the search but {@code collections}. */
  static final List<String> ITEMS_PARAMETERS = SEARCH_PARAMETERS.stream().filter(p -> !p.equals("collections")).toList();
  /** The members of a {@code POST /search} body. */
  static final List<String> BODY_MEMBERS = List.of("bbox", "collections", "datetime", "fields", "filter", "filter-crs", "filter-lang",
      "ids", "intersects", "limit", "q", "query", "sortby", "token");

  /**
   * Refuses a parameter not in {@code accepted}: a 400 naming it and listing the accepted ones
   * (OGC API Features lets a server reject unknown parameters; silently ignoring a misspelt
   * {@code colections} or {@code sort_by} would answer another question than the one asked).
   */
  static void checkParameters(Iterable<String> names, List<String> accepted, String where) {
    for (String k : names) {
      if (!accepted.contains(k)) {
        throw ApiException.badRequest("unknown " + where + " '" + k + "'; accepted: " + String.join(", ", accepted));
      }
    }
  }

  /**
   * Refuses {@code f} unless it asks for JSON, {@code crs} and {@code bbox-crs} unless CRS84:
   * the only format and coordinate system served.
   */
  static void checkFormat(Map<String, String> q) {
    String f = q.get("f");
    if (f != null && !List.of("json", "geojson", "application/json", "application/geo+json").contains(f.trim().toLowerCase(Locale.ROOT))) {
      throw ApiException.badRequest("f '" + f + "' is not served: only json (GeoJSON for items)");
    }
    for (String p : List.of("crs", "bbox-crs")) {
      String c = q.get(p);
      if (c != null && !isCrs84(c)) {
        throw ApiException.badRequest(p + " '" + c + "' is not supported: only http://www.opengis.net/def/crs/OGC/1.3/CRS84");
      }
    }
  }

  private static boolean isCrs84(String crs) {
    String c = crs.trim();
    return c.isEmpty() || c.equals("http://www.opengis.net/def/crs/OGC/1.3/CRS84") || c.equals("[OGC:CRS84]") || c.equalsIgnoreCase("EPSG:4326")
        || c.equals("http://www.opengis.net/def/crs/EPSG/0/4326");
  }

  /** A search from GET parameters; {@code collection} is set for {@code /collections/{id}/items}. */
  static SearchRequest fromQuery(Map<String, String> q, String collection) {
    checkParameters(q.keySet(), collection == null ? SEARCH_PARAMETERS : ITEMS_PARAMETERS, "query parameter");
    checkFormat(q);
    SearchRequest r = new SearchRequest();
    r.query = new LinkedHashMap<>(q);
    if (collection != null) {
      r.collections = List.of(collection);
    } else if (q.containsKey("collections")) {
      r.collections = list(q.get("collections"));
    }
    if (q.containsKey("ids")) {
      r.ids = list(q.get("ids"));
    }
    if (q.containsKey("bbox")) {
      r.bbox = bbox(q.get("bbox"));
      r.bboxMissesGround = missesGround(q.get("bbox"));
    }
    if (q.containsKey("intersects")) {
      r.intersects = geometry(parseJson(q.get("intersects"), "intersects"));
    }
    if (q.containsKey("datetime")) {
      r.datetime = datetime(q.get("datetime"));
    }
    if (q.containsKey("limit")) {
      r.limit = limit(q.get("limit"));
    }
    r.token = blankToNull(q.get("token"));
    if (q.containsKey("filter")) {
      checkCrs(q.get("filter-crs"));
      r.filter = filter(q.get("filter"), q.getOrDefault("filter-lang", "cql2-text"));
    }
    if (q.containsKey("query") && !q.get("query").isBlank()) {
      r.and(QueryExtension.parse(q.get("query")));
    }
    if (q.containsKey("q") && !q.get("q").isBlank()) {
      r.freeText = FreeText.parse(q.get("q"));
    }
    if (q.containsKey("sortby")) {
      r.sortby = SortKey.parse(q.get("sortby"));
    }
    if (q.containsKey("fields")) {
      r.fields = FieldSelection.parse(q.get("fields"));
    }
    r.check();
    return r;
  }

  /** A search from a POST body. */
  static SearchRequest fromJson(JsonNode body) {
    if (!body.isObject()) {
      throw ApiException.badRequest("the search body must be a JSON object, got " + shown(body));
    }
    List<String> names = new ArrayList<>();
    body.fieldNames().forEachRemaining(names::add);
    checkParameters(names, BODY_MEMBERS, "member of the search body");
    SearchRequest r = new SearchRequest();
    r.body = (ObjectNode) body.deepCopy();
    JsonNode n;
    if ((n = present(body, "collections")) != null) {
      r.collections = strings(n, "collections");
    }
    if ((n = present(body, "ids")) != null) {
      r.ids = strings(n, "ids");
    }
    if ((n = present(body, "bbox")) != null) {
      if (n.isTextual()) {
        r.bbox = bbox(n.asText());
        r.bboxMissesGround = missesGround(n.asText());
      } else if (n.isArray() && (n.size() == 4 || n.size() == 6)) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode v : n) {
          if (!v.isNumber()) {
            throw ApiException.badRequest("'bbox' must hold numbers, got " + shown(n));
          }
          sb.append(sb.isEmpty() ? "" : ",").append(v.asDouble());
        }
        r.bbox = bbox(sb.toString());
        r.bboxMissesGround = missesGround(sb.toString());
      } else {
        throw ApiException.badRequest("'bbox' must be [west, south, east, north] (or 6 numbers with heights), got " + shown(n));
      }
    }
    if ((n = present(body, "intersects")) != null) {
      r.intersects = geometry(n);
    }
    if ((n = present(body, "datetime")) != null) {
      if (!n.isTextual()) {
        throw ApiException.badRequest("'datetime' must be a string such as 2020-01-01T00:00:00Z/2020-02-01T00:00:00Z, got " + shown(n));
      }
      r.datetime = datetime(n.asText());
    }
    if ((n = present(body, "limit")) != null) {
      if (!n.isIntegralNumber() && !n.isTextual()) {
        throw ApiException.badRequest("'limit' must be a positive integer, got " + shown(n));
      }
      r.limit = limit(n.asText());
    }
    if ((n = present(body, "token")) != null) {
      r.token = blankToNull(n.asText());
    }
    if ((n = present(body, "filter")) != null) {
      JsonNode crs = body.get("filter-crs");
      checkCrs(crs == null || crs.isNull() ? null : crs.asText());
      JsonNode lang = body.get("filter-lang");
      String l = lang == null || lang.isNull() ? (n.isTextual() ? "cql2-text" : "cql2-json") : lang.asText();
      if (n.isTextual()) {
        r.filter = filter(n.asText(), l);
      } else {
        if (!l.toLowerCase(Locale.ROOT).equals("cql2-json")) {
          throw ApiException.badRequest("'filter' is a JSON object but filter-lang is '" + l + "' (use cql2-json)");
        }
        try {
          r.filter = Cql2.parseJson(n);
        } catch (IllegalArgumentException e) {
          throw ApiException.badRequest(e.getMessage());
        }
      }
    }
    if ((n = present(body, "query")) != null) {
      r.and(n.isTextual() ? QueryExtension.parse(n.asText()) : QueryExtension.of(n));
    }
    if ((n = present(body, "q")) != null && !(n.isTextual() && n.asText().isBlank())) {
      r.freeText = FreeText.of(n);
    }
    if ((n = present(body, "sortby")) != null) {
      r.sortby = SortKey.of(n);
    }
    if ((n = present(body, "fields")) != null) {
      r.fields = n.isTextual() ? FieldSelection.parse(n.asText()) : FieldSelection.of(n);
    }
    r.check();
    return r;
  }

  /** Narrows the filter by {@code f} (a query's condition): both must hold. */
  private void and(Filter f) {
    if (f != null) {
      filter = filter == null ? f : new Filter.And(List.of(filter, f));
    }
  }

  private void check() {
    if (bbox != null && intersects != null) {
      throw ApiException.badRequest("'bbox' and 'intersects' cannot be used together; use one");
    }
    if (sortby.size() > 8) {
      throw ApiException.badRequest("at most 8 sortby keys are supported, got " + sortby.size());
    }
  }

  private static JsonNode present(JsonNode body, String name) {
    JsonNode n = body.get(name);
    return n == null || n.isNull() ? null : n;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private static List<String> list(String text) {
    List<String> out = new ArrayList<>();
    for (String s : text.split(",")) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  private static List<String> strings(JsonNode n, String what) {
    if (n.isTextual()) {
      return list(n.asText());
    }
    if (!n.isArray()) {
      throw ApiException.badRequest("'" + what + "' must be an array of strings, got " + shown(n));
    }
    List<String> out = new ArrayList<>();
    for (JsonNode e : n) {
      if (!e.isTextual()) {
        throw ApiException.badRequest("'" + what + "' must hold strings, got " + shown(e));
      }
      out.add(e.asText());
    }
    return out;
  }

  static BoundingBox bbox(String text) {
    try {
      return BoundingBox.parse(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("bbox: " + e.getMessage());
    }
  }

  /**
   * Whether a bbox with heights ({@code west,south,min-height,east,north,max-height}, already
   * read by {@link #bbox}) leaves out elevation 0. Footprints have no heights, so they lie at
   * elevation 0 and only a height range that includes it can match them.
   *
   * @throws ApiException 400 when the minimum height is above the maximum
   */
  static boolean missesGround(String text) {
    String[] parts = text.split(",", -1);
    if (parts.length != 6) {
      return false;
    }
    double min = Double.parseDouble(parts[2].trim());
    double max = Double.parseDouble(parts[5].trim());
    if (!Double.isFinite(min) || !Double.isFinite(max)) {
      throw ApiException.badRequest("bbox: heights must be finite numbers, got " + parts[2].trim() + " and " + parts[5].trim());
    }
    if (min > max) {
      throw ApiException.badRequest("bbox: the minimum height " + parts[2].trim() + " is above the maximum height "
          + parts[5].trim() + " (the order is west,south,min-height,east,north,max-height)");
    }
    return min > 0 || max < 0;
  }

  private static JsonNode parseJson(String text, String what) {
    try {
      return Json.MAPPER.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw ApiException.badRequest("'" + what + "' must be a GeoJSON geometry: " + e.getOriginalMessage());
    }
  }

  private static Geometry geometry(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw ApiException.badRequest("'intersects' must be a GeoJSON geometry object, got " + (n == null ? "nothing" : shown(n)));
    }
    try {
      Geometry g = Geometries.fromGeoJson(n);
      if (g.isEmpty()) {
        throw ApiException.badRequest("'intersects' is an empty geometry");
      }
      return Geometries.normalize(Geometries.asDrawn(g)); // edges as drawn, as GeoJSON says
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("intersects: " + e.getMessage());
    }
  }

  /**
   * A STAC datetime: one instant, or an interval {@code a/b} with either end open ({@code ..} or
   * empty) but not both. Times need a UTC offset ({@code Z} or {@code ±hh:mm}), as RFC 3339 says. Both ends of an interval are included, as STAC reads them; a date (no time) as the end
   * means the whole of that day.
   */
  static TimeInterval datetime(String text) {
    String s = text.trim();
    if (s.isEmpty()) {
      throw ApiException.badRequest("'datetime' is empty: use an RFC 3339 time or an interval a/b, ../b, a/..");
    }
    int slash = s.indexOf('/');
    if (slash >= 0 && isOpen(s.substring(0, slash)) && isOpen(s.substring(slash + 1))) {
      throw ApiException.badRequest("datetime '" + s + "' has no closed end: an interval needs at least one time "
          + "(a/b, ../b or a/..); leave 'datetime' out to search all times");
    }
    for (String end : slash < 0 ? new String[] {s} : new String[] {s.substring(0, slash), s.substring(slash + 1)}) {
      String t = end.trim();
      if (t.length() > 10 && (t.charAt(10) == 'T' || t.charAt(10) == 't' || t.charAt(10) == ' ') && !NAMES_OFFSET.matcher(t).find()) {
        throw ApiException.badRequest("datetime '" + t + "' has no UTC offset: RFC 3339 requires one, "
            + "such as " + t + "Z or " + t + "+00:00");
      }
    }
    try {
      return TimeInterval.parseStac(s);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("datetime: " + e.getMessage());
    }
  }

  /** An RFC 3339 time's ending: {@code Z} or a numeric offset {@code ±hh:mm}. */
  private static final java.util.regex.Pattern NAMES_OFFSET = java.util.regex.Pattern.compile("([Zz]|[+-]\\d{2}:\\d{2})$");

  private static boolean isOpen(String end) {
    String e = end.trim();
    return e.isEmpty() || e.equals("..");
  }

  static int limit(String text) {
    String t = text.trim();
    long v;
    try {
      v = Long.parseLong(t);
    } catch (NumberFormatException e) {
      if (t.matches("\\+?\\d+")) {
        return MAX_LIMIT; // beyond a long: clamped like any large limit
      }
      throw ApiException.badRequest("'limit' must be a positive integer, got '" + text + "'");
    }
    if (v < 1) {
      throw ApiException.badRequest("'limit' must be at least 1, got " + v);
    }
    return (int) Math.min(v, MAX_LIMIT);
  }

  private static void checkCrs(String crs) {
    if (crs != null && !crs.isBlank() && !crs.trim().equals("http://www.opengis.net/def/crs/OGC/1.3/CRS84")
        && !crs.trim().equalsIgnoreCase("EPSG:4326")) {
      throw ApiException.badRequest("filter-crs '" + crs + "' is not supported: only http://www.opengis.net/def/crs/OGC/1.3/CRS84");
    }
  }

  private static Filter filter(String text, String lang) {
    try {
      return Cql2.parse(text, lang);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
  }

  private static String shown(JsonNode n) {
    String s = n.toString();
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
