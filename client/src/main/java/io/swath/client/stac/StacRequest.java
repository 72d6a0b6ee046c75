package io.swath.client.stac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swath.client.Query;
import io.swath.core.filter.Cql2;
import io.swath.core.geo.Geometries;
import io.swath.core.time.TimeInterval;
import io.swath.core.time.Times;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * One search request, GET or POST, and the one place where a {@link StacSearch} becomes STAC
 * request parameters and where {@code next} links become the next request.
 *
 * @param uri  the URL (with the query string for GET)
 * @param body the JSON body for POST, null for GET
 */
record StacRequest(URI uri, ObjectNode body) {
  boolean isPost() {
    return body != null;
  }

  /** The first request of {@code s} against {@code searchUrl}, restricted to {@code interval} (a shard) when not null. */
  static StacRequest first(URI searchUrl, StacSearch s, boolean post, TimeInterval interval) {
    Query q = s.query();
    TimeInterval time = interval != null ? interval : q.interval();
    String datetime = time.equals(TimeInterval.ALL) ? null : datetime(time);
    Geometry g = q.geometry();
    if (post) {
      ObjectNode b = StacHttp.JSON.createObjectNode();
      if (!q.collectionNames().isEmpty()) {
        ArrayNode a = b.putArray("collections");
        q.collectionNames().forEach(a::add);
      }
      if (!s.ids().isEmpty()) {
        ArrayNode a = b.putArray("ids");
        s.ids().forEach(a::add);
      }
      if (datetime != null) {
        b.put("datetime", datetime);
      }
      if (g != null) {
        b.set("intersects", read(Geometries.toGeoJson(g)));
      }
      if (!q.filterText().isEmpty()) {
        b.set("filter", Cql2.parseText(q.filterText()).toJsonNode());
        b.put("filter-lang", "cql2-json");
      }
      if (!s.sortBy().isEmpty()) {
        ArrayNode a = b.putArray("sortby");
        for (String k : s.sortBy()) {
          boolean desc = k.startsWith("-");
          a.addObject().put("field", k.startsWith("-") || k.startsWith("+") ? k.substring(1) : k).put("direction", desc ? "desc" : "asc");
        }
      }
      if (!s.include().isEmpty() || !s.exclude().isEmpty()) {
        ObjectNode f = b.putObject("fields");
        ArrayNode in = f.putArray("include");
        s.include().forEach(in::add);
        ArrayNode ex = f.putArray("exclude");
        s.exclude().forEach(ex::add);
      }
      b.put("limit", s.pageSize());
      return new StacRequest(searchUrl, b);
    }
    Map<String, String> p = new LinkedHashMap<>();
    if (!q.collectionNames().isEmpty()) {
      p.put("collections", String.join(",", q.collectionNames()));
    }
    if (!s.ids().isEmpty()) {
      p.put("ids", String.join(",", s.ids()));
    }
    if (datetime != null) {
      p.put("datetime", datetime);
    }
    if (g != null) {
      if (g.isRectangle()) {
        var e = g.getEnvelopeInternal();
        p.put("bbox", num(e.getMinX()) + "," + num(e.getMinY()) + "," + num(e.getMaxX()) + "," + num(e.getMaxY()));
      } else {
        p.put("intersects", Geometries.toGeoJson(g));
      }
    }
    if (!q.filterText().isEmpty()) {
      p.put("filter", q.filterText());
      p.put("filter-lang", "cql2-text");
    }
    if (!s.sortBy().isEmpty()) {
      p.put("sortby", String.join(",", s.sortBy()));
    }
    if (!s.include().isEmpty() || !s.exclude().isEmpty()) {
      StringBuilder f = new StringBuilder(String.join(",", s.include()));
      for (String e : s.exclude()) {
        f.append(f.isEmpty() ? "" : ",").append('-').append(e);
      }
      p.put("fields", f.toString());
    }
    p.put("limit", Integer.toString(s.pageSize()));
    return new StacRequest(withQuery(searchUrl, p), null);
  }

  /**
   * The request a {@code next} link asks for: GET its href, or POST to it its body (merged into the
   * current body when the link says {@code "merge": true}; the current body when it has none).
   */
  StacRequest next(JsonNode link, URI base) {
    URI href = base.resolve(link.path("href").asText());
    if (!link.path("method").asText("GET").equalsIgnoreCase("POST")) {
      return new StacRequest(href, null);
    }
    JsonNode b = link.get("body");
    ObjectNode next;
    if (b == null || !b.isObject()) {
      next = body == null ? StacHttp.JSON.createObjectNode() : body.deepCopy();
    } else if (link.path("merge").asBoolean(false) && body != null) {
      next = body.deepCopy();
      next.setAll((ObjectNode) b);
    } else {
      next = (ObjectNode) b.deepCopy();
    }
    return new StacRequest(href, next);
  }

  /** A closed STAC interval holding the microseconds of {@code t}, with {@code ..} for open ends. */
  static String datetime(TimeInterval t) {
    TimeInterval.MicrosRange r = t.toHalfOpenMicros();
    String start = r.lo() == Long.MIN_VALUE ? ".." : Times.fromMicros(r.lo()).toString();
    String end = r.hi() == Long.MAX_VALUE ? ".." : Times.fromMicros(r.hi() - 1).toString();
    return r.lo() != Long.MIN_VALUE && r.hi() - 1 == r.lo() ? start : start + "/" + end;
  }

  static URI withQuery(URI base, Map<String, String> params) {
    StringBuilder sb = new StringBuilder(base.toString());
    char sep = base.getRawQuery() == null ? '?' : '&';
    for (Map.Entry<String, String> e : params.entrySet()) {
      sb.append(sep).append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8).replace("+", "%20"));
      sep = '&';
    }
    return URI.create(sb.toString());
  }

  private static String num(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  private static JsonNode read(String json) {
    try {
      return StacHttp.JSON.readTree(json);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The items of a FeatureCollection. */
  static List<StacItem> items(JsonNode page) {
    JsonNode f = page.path("features");
    java.util.ArrayList<StacItem> out = new java.util.ArrayList<>(f.size());
    for (JsonNode i : f) {
      if (i instanceof ObjectNode o) {
        out.add(new StacItem(o));
      }
    }
    return out;
  }

  /** The next link of a page, or null. */
  static JsonNode nextLink(JsonNode page) {
    for (JsonNode l : page.path("links")) {
      if (l.path("rel").asText().equals("next")) {
        return l;
      }
    }
    return null;
  }
}
