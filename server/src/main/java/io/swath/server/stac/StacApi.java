package io.swath.server.stac;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.swath.core.error.NotFoundException;
import io.swath.core.error.UnavailableException;
import io.swath.core.id.DatapointId;
import io.swath.server.catalog.CatalogStore;
import io.swath.server.catalog.CatalogStore.StacCollectionRecord;
import io.swath.server.catalog.DatapointStore;
import io.swath.server.catalog.DatasetRecord;
import io.swath.server.db.SqlErrors;
import io.swath.server.security.Scope;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The STAC API v1.0.0 over the Swath catalog, as an HTTP handler: landing page, conformance,
 * OpenAPI description, collections, items, item search (GET and POST) with the filter (CQL2 text
 * and JSON), sort, fields, query and free-text extensions, and queryables. Unknown query
 * parameters and unknown members of a search body are refused with 400.
 *
 * <p>Every Swath collection is a STAC collection under an id unique across the server (see
 * {@link CatalogStore}: {@code <dataset slug>.<collection>}, or the original STAC collection id for
 * datasets made from STAC items), and every datapoint a STAC item (see {@link ItemWriter}). Bad
 * input is answered with 400 and an OGC/STAC error document, unknown resources with 404.
 */
public final class StacApi implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(StacApi.class);
  private static final int ITEM_BUFFER = 1 << 16;

  private final CatalogStore catalog;
  private final DatapointStore store;
  private final ItemSearch search;
  private final Map<Long, LayoutEntry> layouts = new ConcurrentHashMap<>();
  private static final long TARGETS_TTL_NANOS = 1_000_000_000L;
  private final Map<String, CachedTargets> recentTargets = new ConcurrentHashMap<>();
  private volatile byte[] openApi;

  private record LayoutEntry(long updatedUs, ItemLayout layout) {}

  /** How long a filtered search spends at most counting its matches for {@code numberMatched}, by default. */
  public static final java.time.Duration DEFAULT_COUNT_BUDGET = java.time.Duration.ofMillis(200);
  /** A filtered search counts its matches only when PostgreSQL estimates the count reads at most this many rows. */
  public static final long COUNT_ESTIMATE_LIMIT = 2_000_000;

  /** The API over {@code catalog} and {@code store}, counting filtered searches for {@link #DEFAULT_COUNT_BUDGET} at most. */
  public StacApi(CatalogStore catalog, DatapointStore store) {
    this(catalog, store, DEFAULT_COUNT_BUDGET);
  }

  /**
   * The API over {@code catalog} and {@code store}; a filtered search reports {@code numberMatched}
   * when its count takes at most {@code countBudget} (zero: never) and PostgreSQL estimates it
   * reads at most {@link #COUNT_ESTIMATE_LIMIT} rows.
   */
  public StacApi(CatalogStore catalog, DatapointStore store, java.time.Duration countBudget) {
    this.catalog = catalog;
    this.store = store;
    this.search = new ItemSearch(store, COUNT_ESTIMATE_LIMIT, countBudget);
  }

  /**
   * The template of an API path for metrics, e.g. {@code /collections/{collectionId}/items} for
   * {@code /collections/naip/items}: ids never become labels; unknown paths are {@code other}.
   */
  public static String route(String path) {
    List<String> s = java.util.Arrays.stream(path.split("/")).filter(x -> !x.isEmpty()).toList();
    StringBuilder t = new StringBuilder();
    for (int i = 0; i < s.size(); i++) {
      // ids sit at odd positions under /collections: collections/{collectionId}/items/{itemId}
      t.append('/').append(s.get(0).equals("collections") && i == 1 ? "{collectionId}"
          : s.get(0).equals("collections") && i == 3 ? "{itemId}" : s.get(i));
    }
    String template = t.isEmpty() ? "/" : t.toString();
    return ROUTES.contains(template) ? template : "other";
  }

  /** Every route the API serves, as templates; {@link #route} names any other path {@code other}. */
  public static final List<String> ROUTES = List.of("/", "/conformance", "/api", "/queryables", "/search", "/collections", "/health",
      "/metrics", "/collections/{collectionId}", "/collections/{collectionId}/items", "/collections/{collectionId}/queryables",
      "/collections/{collectionId}/items/{itemId}");

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      ex.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
      ApiRequest r;
      try {
        r = ApiRequest.of(ex);
        route(ex, r);
      } catch (ApiException e) {
        sendJson(ex, e.status(), Documents.error(e.code(), e.getMessage()));
      } catch (UnavailableException e) {
        ex.getResponseHeaders().set("Retry-After", "1");
        sendJson(ex, 503, Documents.error("ServiceUnavailable", e.getMessage()));
      } catch (NotFoundException e) {
        sendJson(ex, 404, Documents.error("NotFound", e.getMessage()));
      } catch (IllegalArgumentException e) {
        sendJson(ex, 400, Documents.error("InvalidParameterValue", e.getMessage()));
      } catch (SQLException e) {
        if (SqlErrors.isBadValue(e)) {
          sendJson(ex, 400, Documents.error("InvalidParameterValue", "the database refused a value of the request: " + e.getMessage()));
          return;
        }
        LOG.warn("STAC API: database error on {}: {}", ex.getRequestURI(), e.getMessage());
        ex.getResponseHeaders().set("Retry-After", "1");
        sendJson(ex, 503, Documents.error("ServiceUnavailable", "the database is unavailable: " + e.getMessage()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        sendJson(ex, 503, Documents.error("ServiceUnavailable", "the server is shutting down"));
      } catch (IOException e) {
        throw e;
      } catch (RuntimeException e) {
        LOG.error("STAC API: internal error on {} {}", ex.getRequestMethod(), ex.getRequestURI(), e);
        sendJson(ex, 500, Documents.error("ServerError", "internal server error: " + e));
      }
    }
  }

  private void route(HttpExchange ex, ApiRequest r) throws IOException, SQLException, InterruptedException {
    if (r.method.equals("OPTIONS")) {
      ex.getResponseHeaders().set("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
      ex.getResponseHeaders().set("Access-Control-Allow-Headers", "Content-Type, Accept");
      ex.sendResponseHeaders(204, -1);
      return;
    }
    List<String> s = r.segments;
    Links links = new Links(r.base);
    if (s.isEmpty()) {
      get(r, "GET");
      sendJson(ex, 200, Documents.landing(links, targets(r, null)));
      return;
    }
    switch (s.get(0)) {
      case "conformance" -> {
        expect(s, 1, r);
        get(r, "GET");
        sendJson(ex, 200, Documents.conformance());
      }
      case "api" -> {
        expect(s, 1, r);
        get(r, "GET");
        sendOpenApi(ex, r);
      }
      case "queryables" -> {
        expect(s, 1, r);
        get(r, "GET");
        sendJson(ex, 200, Documents.queryables(links.href("/queryables"), "Queryables of all collections", targets(r, null)), Links.SCHEMA);
      }
      case "search" -> {
        expect(s, 1, r);
        SearchRequest q = switch (r.method) {
          case "GET", "HEAD" -> SearchRequest.fromQuery(r.query, null);
          case "POST" -> SearchRequest.fromJson(r.jsonBody());
          default -> throw ApiException.methodNotAllowed(r.method, r.path, "GET or POST");
        };
        sendItems(ex, r, links, q, searchTargets(r, q.collections), null);
      }
      case "collections" -> collections(ex, r, links, s);
      default -> throw notFound(r);
    }
  }

  private void collections(HttpExchange ex, ApiRequest r, Links links, List<String> s) throws IOException, SQLException,
      InterruptedException {
    get(r, "GET");
    if (s.size() == 1) {
      CollectionSearch search = CollectionSearch.of(r.query);
      List<StacTarget> all = targets(r, null);
      var documents = catalog.stacDocuments(all.stream().map(t -> t.collection().id()).toList());
      List<ObjectNode> matched = new ArrayList<>();
      for (StacTarget t : all) {
        ObjectNode doc = Documents.collection(links, t, documents.get(t.collection().id()));
        if (search.matches(t.collection(), doc)) {
          matched.add(doc);
        }
      }
      int from = 0;
      if (search.after != null) {
        while (from < matched.size() && matched.get(from).path("id").asText().compareTo(search.after) <= 0) {
          from++;
        }
      }
      int to = search.limit == 0 ? matched.size() : Math.min(matched.size(), from + search.limit);
      String next = null;
      if (to < matched.size()) {
        Map<String, String> q = new java.util.LinkedHashMap<>(r.query);
        q.put("token", matched.get(to - 1).path("id").asText());
        next = withQuery(links.href("/collections"), q);
      }
      sendJson(ex, 200, Documents.collections(links, withQuery(links.href("/collections"), r.query), matched.subList(from, to),
          matched.size(), next));
      return;
    }
    if (s.size() == 2) {
      StacTarget t = target(r, s.get(1), true);
      sendJson(ex, 200, Documents.collection(links, t, catalog.stacDocuments(List.of(t.collection().id())).get(t.collection().id())));
      return;
    }
    StacTarget t = target(r, s.get(1), false);
    switch (s.get(2)) {
      case "queryables" -> {
        expect(s, 3, r);
        sendJson(ex, 200, Documents.queryables(links.collection(t.stacId()) + "/queryables", "Queryables of " + t.stacId(), List.of(t)),
            Links.SCHEMA);
      }
      case "items" -> {
        if (s.size() == 3) {
          SearchRequest q = SearchRequest.fromQuery(r.query, t.stacId());
          sendItems(ex, r, links, q, List.of(t), t);
        } else if (s.size() == 4) {
          sendItem(ex, links, t, s.get(3));
        } else {
          throw notFound(r);
        }
      }
      default -> throw notFound(r);
    }
  }

  private static void get(ApiRequest r, String allowed) {
    if (!r.method.equals("GET") && !r.method.equals("HEAD")) {
      throw ApiException.methodNotAllowed(r.method, r.path, allowed);
    }
  }

  private static void expect(List<String> s, int size, ApiRequest r) {
    if (s.size() != size) {
      throw notFound(r);
    }
  }

  private static ApiException notFound(ApiRequest r) {
    return ApiException.notFound("no such path: " + r.path + " (the API starts at /: landing page, /conformance, /api, /collections, "
        + "/search, /queryables)");
  }

  // ---- catalog

  private ItemLayout layout(DatasetRecord d) {
    LayoutEntry e = layouts.get(d.id());
    if (e == null || e.updatedUs != d.updatedUs()) {
      e = new LayoutEntry(d.updatedUs(), new ItemLayout(d));
      layouts.put(d.id(), e);
    }
    return e.layout;
  }

  /**
   * The STAC collections with these ids (all when null) that the caller of {@code r} may read,
   * ordered by id; unknown ids are left out.
   */
  private List<StacTarget> targets(ApiRequest r, List<String> stacIds) throws SQLException {
    List<StacTarget> out = new ArrayList<>();
    for (StacCollectionRecord c : catalog.stacCollections(stacIds)) {
      out.add(new StacTarget(c.collection().stacId(), c.dataset(), c.collection(), layout(c.dataset())));
    }
    return readable(r, stacIds, out);
  }

  /**
   * The one place the API decides what a caller sees: of {@code targets} (the collections named by
   * {@code stacIds}, all when null), those of datasets the caller of {@code r} may read. A caller
   * limited to some datasets (a key limited to datasets, or a caller without a key reading public
   * datasets) who names a collection it may not read, or one that does not exist, is answered 404
   * for both alike, so that it learns nothing of collections it may not read.
   */
  private static List<StacTarget> readable(ApiRequest r, List<String> stacIds, List<StacTarget> targets) {
    if (r.caller.allowsEverywhere(Scope.READ)) {
      return targets;
    }
    List<StacTarget> out = targets.stream().filter(t -> r.caller.allowsDataset(Scope.READ, t.dataset().slug())).toList();
    if (stacIds != null && out.size() < new java.util.HashSet<>(stacIds).size()) {
      java.util.Set<String> found = new java.util.HashSet<>();
      out.forEach(t -> found.add(t.stacId()));
      String missing = stacIds.stream().filter(id -> !found.contains(id)).findFirst().orElseThrow();
      throw ApiException.notFound(r.caller.keyId().isEmpty()
          ? "no public collection '" + missing + "': other collections need an API key (Authorization: Bearer <key>); "
              + "list the public ones at /collections"
          : "no collection '" + missing + "' that key '" + r.caller.name() + "' may read (list them at /collections)");
    }
    return out;
  }

  /**
   * The collections a search reads (all when null), with their first and last times (two index
   * probes each), from which the store chooses which index a search by place and time reads
   * first. Kept for {@link #TARGETS_TTL_NANOS}: paging through a search asks for the same
   * collections page after page, and a database round trip per page is worth saving; a collection
   * created meanwhile shows up in searches that much later, and numberMatched lags as long.
   */
  private List<StacTarget> searchTargets(ApiRequest r, List<String> stacIds) throws SQLException {
    String key = stacIds == null ? "\u0000all" : String.join("\u0000", stacIds);
    CachedTargets c = recentTargets.get(key);
    long now = System.nanoTime();
    if (c != null && now - c.atNanos < TARGETS_TTL_NANOS) {
      return readable(r, stacIds, c.targets);
    }
    List<StacTarget> out = new ArrayList<>();
    for (StacCollectionRecord rec : catalog.stacCollections(stacIds, true)) {
      out.add(new StacTarget(rec.collection().stacId(), rec.dataset(), rec.collection(), layout(rec.dataset())));
    }
    if (recentTargets.size() > 256) {
      recentTargets.clear();
    }
    recentTargets.put(key, new CachedTargets(now, List.copyOf(out)));
    return readable(r, stacIds, out);
  }

  private record CachedTargets(long atNanos, List<StacTarget> targets) {}

  private StacTarget target(ApiRequest r, String stacId, boolean availability) throws SQLException {
    List<StacTarget> t = availability ? targets(r, List.of(stacId)) : searchTargets(r, List.of(stacId));
    if (t.isEmpty()) {
      throw ApiException.notFound("no collection '" + stacId + "' (list them at /collections)");
    }
    return t.get(0);
  }

  // ---- items

  private void sendItem(HttpExchange ex, Links links, StacTarget t, String itemId) throws IOException, SQLException {
    DatapointId id = null;
    if (t.layout().itemIdField >= 0) {
      var found = store.stacItemIds(List.of(t.collection().id()), List.of(itemId)).get(t.collection().id());
      id = found == null ? null : found.get(itemId);
    } else {
      try {
        UUID u = UUID.fromString(itemId);
        id = new DatapointId(u.getMostSignificantBits(), u.getLeastSignificantBits());
      } catch (IllegalArgumentException e) {
        // not a datapoint id: no such item
      }
    }
    if (id == null) {
      throw ApiException.notFound("no item '" + itemId + "' in collection '" + t.stacId() + "'");
    }
    var page = store.find(t.dataset(), t.collection().name(), id);
    List<Hit> hits = new ArrayList<>(1);
    ItemSearch.addHits(page, List.of(t), hits);
    ObjectNode item = new ItemWriter(links).item(hits.get(0));
    sendJson(ex, 200, item, Links.GEOJSON);
  }

  private void sendItems(HttpExchange ex, ApiRequest r, Links links, SearchRequest q, List<StacTarget> targets, StacTarget one)
      throws IOException, SQLException, InterruptedException {
    ItemSearch.Result result;
    // a search reads like a query stream: it takes turns with them for the database, in its caller's queue
    try (var slot = store.slots().acquire(io.swath.server.security.Authorization.queue(ex))) {
      result = search.run(q, targets);
    }
    ItemWriter writer = new ItemWriter(links);
    String self = one == null ? links.href("/search") : links.items(one.stacId());
    ex.getResponseHeaders().set("Content-Type", Links.GEOJSON);
    if (r.method.equals("HEAD")) {
      ex.sendResponseHeaders(200, -1);
      return;
    }
    ex.sendResponseHeaders(200, 0);
    try (OutputStream out = new BufferedOutputStream(ex.getResponseBody(), ITEM_BUFFER);
         JsonGenerator g = Json.FACTORY.createGenerator(out)) {
      // counts and links come first, so a streaming client can ask for the next page while it
      // still reads the features of this one
      g.writeStartObject();
      g.writeStringField("type", "FeatureCollection");
      if (result.numberMatched() != null) {
        g.writeNumberField("numberMatched", result.numberMatched());
      }
      g.writeNumberField("numberReturned", result.hits().size());
      g.writeArrayFieldStart("links");
      link(g, "root", Links.JSON, links.root());
      link(g, "self", Links.GEOJSON, r.method.equals("POST") ? self : withQuery(self, r.query));
      if (one != null) {
        link(g, "parent", Links.JSON, links.collection(one.stacId()));
        link(g, "collection", Links.JSON, links.collection(one.stacId()));
      }
      if (result.next() != null) {
        String token = result.next().encode();
        if (r.method.equals("POST")) {
          g.writeStartObject();
          g.writeStringField("rel", "next");
          g.writeStringField("type", Links.GEOJSON);
          g.writeStringField("href", self);
          g.writeStringField("method", "POST");
          ObjectNode body = q.body.deepCopy();
          body.put("token", token);
          g.writeFieldName("body");
          g.writeTree(body);
          g.writeBooleanField("merge", true);
          g.writeEndObject();
        } else {
          Map<String, String> next = new java.util.LinkedHashMap<>(r.query);
          next.put("token", token);
          link(g, "next", Links.GEOJSON, withQuery(self, next));
        }
      }
      g.writeEndArray();
      g.writeArrayFieldStart("features");
      for (Hit h : result.hits()) {
        writer.write(g, h, q.fields);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  private static void link(JsonGenerator g, String rel, String type, String href) throws IOException {
    g.writeStartObject();
    g.writeStringField("rel", rel);
    g.writeStringField("type", type);
    g.writeStringField("href", href);
    g.writeEndObject();
  }

  private static String withQuery(String href, Map<String, String> query) {
    if (query.isEmpty()) {
      return href;
    }
    StringBuilder sb = new StringBuilder(href).append('?');
    boolean first = true;
    for (Map.Entry<String, String> e : query.entrySet()) {
      if (!first) {
        sb.append('&');
      }
      first = false;
      sb.append(Links.query(e.getKey())).append('=').append(Links.query(e.getValue()));
    }
    return sb.toString();
  }

  // ---- responses

  private void sendOpenApi(HttpExchange ex, ApiRequest r) throws IOException {
    byte[] doc = openApi;
    if (doc == null) {
      try (InputStream in = StacApi.class.getResourceAsStream("openapi.json")) {
        if (in == null) {
          throw new IllegalStateException("openapi.json is missing from the server jar");
        }
        doc = in.readAllBytes();
      }
      openApi = doc;
    }
    ObjectNode api = (ObjectNode) Json.MAPPER.readTree(doc);
    api.putArray("servers").addObject().put("url", r.base);
    sendJson(ex, 200, api, Links.OPENAPI);
  }

  private static void sendJson(HttpExchange ex, int status, JsonNode doc) throws IOException {
    sendJson(ex, status, doc, Links.JSON);
  }

  private static void sendJson(HttpExchange ex, int status, JsonNode doc, String type) throws IOException {
    byte[] body = Json.MAPPER.writeValueAsBytes(doc);
    ex.getResponseHeaders().set("Content-Type", type);
    if (ex.getRequestMethod().equalsIgnoreCase("HEAD")) {
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }
}
