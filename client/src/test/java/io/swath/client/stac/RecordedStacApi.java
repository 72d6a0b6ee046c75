package io.swath.client.stac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.swath.core.geo.Geometries;
import io.swath.core.time.Times;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.locationtech.jts.geom.Geometry;

/**
 * A local HTTP server answering like a public STAC API, from real recorded items and collection
 * documents (the project's data/stac folder, captured from Planetary Computer and Earth Search): the landing page
 * with its search links, {@code /collections}, and {@code /search} by GET and POST with
 * collections, ids, bbox, intersects, datetime, a small CQL2 JSON subset, limit and paging.
 *
 * <p>Two styles: {@link Style#PLANETARY_COMPUTER} pages with a {@code token} and gives no count;
 * {@link Style#EARTH_SEARCH} pages with {@code next} and reports {@code numberMatched} and
 * {@code context}. Faults can be injected: a 429 with {@code Retry-After}, or 503s.
 */
public final class RecordedStacApi implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  public enum Style { PLANETARY_COMPUTER, EARTH_SEARCH }

  /** One request as received. */
  record Request(long nanos, String method, String path, String query, JsonNode body) {}

  final Style style;
  final HttpServer http;
  public final String base;
  final List<ObjectNode> items = new ArrayList<>();
  final Map<String, JsonNode> collections = new LinkedHashMap<>();
  final List<Request> requests = new CopyOnWriteArrayList<>();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  /** Search requests to answer with 429 and {@code Retry-After: 1} (counted down). */
  final AtomicInteger tooManyRequests = new AtomicInteger();
  /** Search requests to answer with 503 (counted down). */
  final AtomicInteger unavailable = new AtomicInteger();
  /** Answer every search with 503. */
  volatile boolean down;
  /** Milliseconds each search takes (to make concurrency visible). */
  volatile long latencyMs;

  public RecordedStacApi(Style style) throws IOException {
    this.style = style;
    Path stac = stacDir();
    List<Path> files;
    try (Stream<Path> s = Files.walk(stac)) {
      files = s.filter(p -> p.toString().endsWith(".json") || p.toString().endsWith(".ndjson")).sorted().toList();
    }
    for (Path f : files) {
      if (f.toString().endsWith(".items.ndjson")) {
        for (String line : Files.readAllLines(f)) {
          if (!line.isBlank()) {
            items.add((ObjectNode) JSON.readTree(line));
          }
        }
      } else if (f.toString().endsWith(".collection.json")) {
        JsonNode c = JSON.readTree(f.toFile());
        collections.putIfAbsent(c.path("id").asText(), c);
      }
    }
    // collections seen in items without a recorded document get one built from the items
    for (ObjectNode i : items) {
      String c = i.path("collection").asText();
      if (!collections.containsKey(c)) {
        collections.put(c, synthesized(c));
      }
    }
    // the order Planetary Computer and Earth Search use: newest first
    items.sort(Comparator.comparing((ObjectNode i) -> time(i)).reversed().thenComparing(i -> i.path("id").asText()));
    http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    http.createContext("/api/stac/v1/", this::handle);
    http.start();
    base = "http://127.0.0.1:" + http.getAddress().getPort() + "/api/stac/v1";
  }

  static Path stacDir() {
    String env = System.getenv("SWATH_STAC_DIR");
    if (env != null && !env.isBlank()) {
      return Path.of(env);
    }
    for (Path d = Path.of(System.getProperty("user.dir")).toAbsolutePath(); d != null; d = d.getParent()) {
      Path c = d.resolve("data").resolve("stac");
      if (Files.isDirectory(c)) {
        return c;
      }
    }
    throw new AssertionError("data/stac not found at or above " + System.getProperty("user.dir"));
  }

  private JsonNode synthesized(String id) {
    Instant lo = null;
    Instant hi = null;
    for (ObjectNode i : items) {
      if (i.path("collection").asText().equals(id)) {
        Instant t = time(i);
        lo = lo == null || t.isBefore(lo) ? t : lo;
        hi = hi == null || t.isAfter(hi) ? t : hi;
      }
    }
    ObjectNode c = JSON.createObjectNode();
    c.put("type", "Collection").put("id", id).put("stac_version", "1.0.0").put("description", id).put("license", "proprietary");
    ArrayNode interval = c.putObject("extent").putObject("temporal").putArray("interval").addArray();
    interval.add(lo.toString()).add(hi.toString());
    c.with("extent").putObject("spatial").putArray("bbox").addArray().add(-180).add(-90).add(180).add(90);
    return c;
  }

  static Instant time(JsonNode item) {
    JsonNode p = item.path("properties");
    return Times.parseInstant(p.path("datetime").isTextual() ? p.path("datetime").asText() : p.path("start_datetime").asText());
  }

  /** Items of {@code collection}, as recorded. */
  List<ObjectNode> itemsOf(String collection) {
    return items.stream().filter(i -> i.path("collection").asText().equals(collection)).toList();
  }

  long searches() {
    return requests.stream().filter(r -> r.path.endsWith("/search")).count();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      try {
        String path = ex.getRequestURI().getPath().substring("/api/stac/v1".length());
        byte[] bodyBytes = ex.getRequestBody().readAllBytes();
        JsonNode body = bodyBytes.length == 0 ? null : JSON.readTree(bodyBytes);
        requests.add(new Request(System.nanoTime(), ex.getRequestMethod(), path, ex.getRequestURI().getRawQuery(), body));
        if (path.equals("/") || path.isEmpty()) {
          send(ex, 200, landing());
        } else if (path.equals("/collections")) {
          ObjectNode o = JSON.createObjectNode();
          ArrayNode a = o.putArray("collections");
          collections.values().forEach(a::add);
          o.putArray("links");
          send(ex, 200, o);
        } else if (path.startsWith("/collections/")) {
          JsonNode c = collections.get(URLDecoder.decode(path.substring("/collections/".length()), StandardCharsets.UTF_8));
          send(ex, c == null ? 404 : 200, c == null ? error("collection not found") : c);
        } else if (path.equals("/search")) {
          if (down || unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            send(ex, 503, error("service unavailable, try again"));
            return;
          }
          if (tooManyRequests.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            ex.getResponseHeaders().set("Retry-After", "1");
            send(ex, 429, error("rate limit exceeded"));
            return;
          }
          if (latencyMs > 0) {
            Thread.sleep(latencyMs);
          }
          Map<String, String> params = ex.getRequestMethod().equals("GET") ? query(ex.getRequestURI().getRawQuery()) : fromBody(body);
          search(ex, params, body);
        } else {
          send(ex, 404, error("not found"));
        }
      } catch (IllegalArgumentException e) {
        send(ex, 400, error(e.getMessage()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }

  private ObjectNode landing() {
    ObjectNode o = JSON.createObjectNode();
    o.put("type", "Catalog").put("id", style == Style.PLANETARY_COMPUTER ? "microsoft-pc" : "earth-search-aws")
        .put("stac_version", "1.0.0").put("description", "recorded");
    o.putArray("conformsTo").add("https://api.stacspec.org/v1.0.0/core").add("https://api.stacspec.org/v1.0.0/item-search")
        .add("https://api.stacspec.org/v1.0.0-rc.2/item-search#filter");
    ArrayNode l = o.putArray("links");
    l.addObject().put("rel", "self").put("href", base + "/");
    l.addObject().put("rel", "data").put("href", base + "/collections");
    l.addObject().put("rel", "search").put("type", "application/geo+json").put("method", "GET").put("href", base + "/search");
    l.addObject().put("rel", "search").put("type", "application/geo+json").put("method", "POST").put("href", base + "/search");
    return o;
  }

  private static ObjectNode error(String description) {
    ObjectNode o = JSON.createObjectNode();
    o.put("code", "Error").put("description", description);
    return o;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw != null) {
      for (String kv : raw.split("&")) {
        int eq = kv.indexOf('=');
        out.put(URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return out;
  }

  private static Map<String, String> fromBody(JsonNode body) {
    Map<String, String> out = new LinkedHashMap<>();
    if (body == null) {
      return out;
    }
    body.properties().forEach(e -> {
      JsonNode v = e.getValue();
      if (v.isArray() && (e.getKey().equals("collections") || e.getKey().equals("ids") || e.getKey().equals("bbox"))) {
        List<String> parts = new ArrayList<>();
        v.forEach(x -> parts.add(x.asText()));
        out.put(e.getKey(), String.join(",", parts));
      } else {
        out.put(e.getKey(), v.isTextual() ? v.asText() : v.toString());
      }
    });
    return out;
  }

  private void search(HttpExchange ex, Map<String, String> p, JsonNode body) throws IOException {
    List<String> cols = p.containsKey("collections") ? List.of(p.get("collections").split(",")) : null;
    List<String> ids = p.containsKey("ids") ? List.of(p.get("ids").split(",")) : null;
    Geometry where = null;
    if (p.containsKey("bbox")) {
      String[] b = p.get("bbox").split(",");
      where = io.swath.core.geo.BoundingBox.of(Double.parseDouble(b[0]), Double.parseDouble(b[1]), Double.parseDouble(b[2]),
          Double.parseDouble(b[3])).toGeometry();
    } else if (p.containsKey("intersects")) {
      where = Geometries.fromGeoJson(p.get("intersects"));
    }
    Instant lo = null;
    Instant hi = null;
    if (p.containsKey("datetime")) {
      String[] d = p.get("datetime").split("/", -1);
      lo = d[0].isEmpty() || d[0].equals("..") ? null : Instant.parse(d[0]);
      hi = d.length == 1 ? lo : d[1].isEmpty() || d[1].equals("..") ? null : Instant.parse(d[1]);
    }
    JsonNode filter = !p.containsKey("filter") ? null : "cql2-text".equals(p.get("filter-lang"))
        ? io.swath.core.filter.Cql2.parseText(p.get("filter")).toJsonNode() : JSON.readTree(p.get("filter"));
    int limit = Integer.parseInt(p.getOrDefault("limit", "10"));
    String tokenParam = style == Style.PLANETARY_COMPUTER ? "token" : "next";
    int offset = p.containsKey(tokenParam) ? Integer.parseInt(p.get(tokenParam).replace("next:", "")) : 0;
    List<ObjectNode> matched = new ArrayList<>();
    for (ObjectNode i : items) {
      Instant t = time(i);
      if (cols != null && !cols.contains(i.path("collection").asText())
          || ids != null && !ids.contains(i.path("id").asText())
          || lo != null && t.isBefore(lo) || hi != null && t.isAfter(hi)
          || where != null && (i.path("geometry").isNull() || !where.intersects(Geometries.fromGeoJson(i.get("geometry"))))
          || filter != null && !matches(filter, i)) {
        continue;
      }
      matched.add(i);
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("type", "FeatureCollection");
    ArrayNode f = out.putArray("features");
    int end = Math.min(matched.size(), offset + limit);
    for (int k = offset; k < end; k++) {
      f.add(matched.get(k));
    }
    ArrayNode links = out.putArray("links");
    if (end < matched.size()) {
      String token = style == Style.PLANETARY_COMPUTER ? "next:" + end : Integer.toString(end);
      ObjectNode next = links.addObject().put("rel", "next").put("type", "application/geo+json");
      if (ex.getRequestMethod().equals("POST")) {
        ObjectNode b = body.deepCopy();
        b.put(tokenParam, token);
        next.put("method", "POST").put("href", base + "/search").put("merge", false).set("body", b);
      } else {
        Map<String, String> q = new LinkedHashMap<>(p);
        q.put(tokenParam, token);
        StringBuilder sb = new StringBuilder(base + "/search");
        char sep = '?';
        for (var e : q.entrySet()) {
          sb.append(sep).append(e.getKey()).append('=').append(java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
          sep = '&';
        }
        next.put("method", "GET").put("href", sb.toString());
      }
    }
    if (style == Style.EARTH_SEARCH) {
      out.put("numberMatched", matched.size());
      out.put("numberReturned", end - offset);
      out.putObject("context").put("limit", limit).put("matched", matched.size()).put("returned", end - offset);
    }
    send(ex, 200, out);
  }

  /** The CQL2 JSON the recorded APIs are asked for in these tests: and, comparisons of a property with a number. */
  private static boolean matches(JsonNode f, JsonNode item) {
    String op = f.path("op").asText();
    if (op.equals("and")) {
      for (JsonNode a : f.path("args")) {
        if (!matches(a, item)) {
          return false;
        }
      }
      return true;
    }
    JsonNode v = item.path("properties").path(f.path("args").get(0).path("property").asText());
    if (!v.isNumber()) {
      return false;
    }
    double a = v.asDouble();
    double b = f.path("args").get(1).asDouble();
    return switch (op) {
      case "<" -> a < b;
      case "<=" -> a <= b;
      case ">" -> a > b;
      case ">=" -> a >= b;
      case "=" -> a == b;
      default -> throw new IllegalArgumentException("the recorded API does not know op " + op);
    };
  }

  private static void send(HttpExchange ex, int status, JsonNode doc) throws IOException {
    byte[] b = JSON.writeValueAsBytes(doc);
    ex.getResponseHeaders().set("Content-Type", status >= 400 ? "application/json" : "application/geo+json");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(b);
    }
  }

  @Override
  public void close() {
    http.stop(0);
  }
}
