package io.swath.server.stac;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swath.core.geo.BoundingBox;
import io.swath.core.schema.Field;
import io.swath.core.time.Times;
import io.swath.server.catalog.CollectionRecord;
import io.swath.server.catalog.DatasetRecord;
import java.util.List;
import java.util.Map;

/** The JSON documents of the API that are not item pages: landing page, conformance, collections, queryables. */
final class Documents {
  /** The conformance classes the API implements. */
  static final List<String> CONFORMANCE = List.of(
      "https://api.stacspec.org/v1.0.0/core",
      "https://api.stacspec.org/v1.0.0/collections",
      "https://api.stacspec.org/v1.0.0/ogcapi-features",
      "https://api.stacspec.org/v1.0.0/item-search",
      "https://api.stacspec.org/v1.0.0/item-search#fields",
      "https://api.stacspec.org/v1.0.0/item-search#sort",
      "https://api.stacspec.org/v1.0.0/item-search#filter",
      "https://api.stacspec.org/v1.0.0-rc.2/item-search#filter",
      "https://api.stacspec.org/v1.0.0-rc.1/item-search#query",
      "https://api.stacspec.org/v1.0.0-rc.1/item-search#free-text",
      "https://api.stacspec.org/v1.0.0-rc.1/ogcapi-features#query",
      "https://api.stacspec.org/v1.0.0-rc.1/ogcapi-features#free-text",
      "https://api.stacspec.org/v1.0.0-rc.1/collection-search",
      "https://api.stacspec.org/v1.0.0-rc.1/collection-search#free-text",
      "http://www.opengis.net/spec/ogcapi-common-2/1.0/conf/simple-query",
      "https://api.stacspec.org/v1.0.0/ogcapi-features#fields",
      "https://api.stacspec.org/v1.0.0/ogcapi-features#sort",
      "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
      "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
      "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
      "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
      "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
      "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
      "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
      "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
      "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
      "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
      "http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison",
      "http://www.opengis.net/spec/cql2/1.0/conf/accent-insensitive-comparison",
      "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
      "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
      "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
      "http://www.opengis.net/spec/cql2/1.0/conf/temporal-functions",
      "http://www.opengis.net/spec/cql2/1.0/conf/array-functions",
      "http://www.opengis.net/spec/cql2/1.0/conf/property-property",
      "http://www.opengis.net/spec/cql2/1.0/conf/arithmetic");

  private Documents() {}

  static ObjectNode landing(Links links, List<StacTarget> collections) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("type", "Catalog");
    o.put("stac_version", ItemWriter.STAC_VERSION);
    o.putArray("stac_extensions");
    o.put("id", "swath");
    o.put("title", "Swath");
    o.put("description", "Swath datasets and collections as a STAC API: every collection of every dataset is a STAC collection, "
        + "every datapoint a STAC item.");
    ArrayNode c = o.putArray("conformsTo");
    CONFORMANCE.forEach(c::add);
    ArrayNode l = o.putArray("links");
    Links.add(l, "self", Links.JSON, links.root());
    Links.add(l, "root", Links.JSON, links.root());
    Links.add(l, "conformance", Links.JSON, links.href("/conformance"), "Conformance classes");
    Links.add(l, "service-desc", Links.OPENAPI, links.href("/api"), "OpenAPI description");
    Links.add(l, "data", Links.JSON, links.href("/collections"), "Collections");
    Links.add(l, "search", Links.GEOJSON, links.href("/search"), "Item search").put("method", "GET");
    Links.add(l, "search", Links.GEOJSON, links.href("/search"), "Item search").put("method", "POST");
    Links.add(l, Links.QUERYABLES_REL, Links.SCHEMA, links.href("/queryables"), "Queryables of all collections");
    for (StacTarget t : collections) {
      Links.add(l, "child", Links.JSON, links.collection(t.stacId()), title(t));
    }
    return o;
  }

  static ObjectNode conformance() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode c = o.putArray("conformsTo");
    CONFORMANCE.forEach(c::add);
    return o;
  }

  /**
   * A page of collection documents: {@code self} links to {@code self}, {@code next} (when not
   * null) to the next page; {@code matched} collections match the search in all.
   */
  static ObjectNode collections(Links links, String self, List<ObjectNode> page, int matched, String next) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    ArrayNode cs = o.putArray("collections");
    page.forEach(cs::add);
    ArrayNode l = o.putArray("links");
    Links.add(l, "self", Links.JSON, self);
    Links.add(l, "root", Links.JSON, links.root());
    if (next != null) {
      Links.add(l, "next", Links.JSON, next);
    }
    o.put("numberMatched", matched);
    o.put("numberReturned", page.size());
    return o;
  }

  static String title(StacTarget t) {
    return t.layout().fromStac() ? t.stacId() : t.dataset().slug() + " / " + t.collection().name();
  }

  /**
   * A STAC collection: its spatial extent is the box around every footprint stored in it, its
   * temporal extent the first and last datapoint time. {@code swath:dataset} and
   * {@code swath:collection} name the Swath dataset and collection behind it. With a
   * {@code document} (the STAC Collection given at ingest, or null), every member of it is served
   * as given (title, license, providers, summaries, item_assets, keywords...), apart from
   * {@code type}, {@code id}, {@code extent}, {@code links} and the {@code swath:} members.
   */
  static ObjectNode collection(Links links, StacTarget t, String document) {
    ObjectNode o = collection(links, t);
    if (document == null) {
      return o;
    }
    ObjectNode given;
    try {
      given = (ObjectNode) Json.MAPPER.readTree(document);
    } catch (com.fasterxml.jackson.core.JsonProcessingException | ClassCastException e) {
      return o; // stored as checked JSON: cannot happen; serve the generated document
    }
    // the document as given, apart from what the server and the data decide
    ObjectNode out = Json.MAPPER.createObjectNode();
    out.setAll(given);
    for (String own : List.of("type", "id", "extent", "links", "swath:dataset", "swath:collection", "swath:count")) {
      out.set(own, o.get(own));
    }
    for (String fallback : List.of("stac_version", "description", "license")) {
      if (!out.hasNonNull(fallback)) {
        out.set(fallback, o.get(fallback));
      }
    }
    return out;
  }

  /** The collection document the server generates, without one given at ingest. */
  static ObjectNode collection(Links links, StacTarget t) {
    DatasetRecord d = t.dataset();
    CollectionRecord c = t.collection();
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("type", "Collection");
    o.put("stac_version", ItemWriter.STAC_VERSION);
    o.putArray("stac_extensions");
    o.put("id", t.stacId());
    o.put("title", title(t));
    String description = !c.description().isBlank() ? c.description() : !d.description().isBlank() ? d.description()
        : "Collection '" + c.name() + "' of the Swath dataset " + d.slug();
    o.put("description", description);
    o.put("license", "proprietary");
    ArrayNode kw = o.putArray("keywords");
    for (String s : d.slug().split("\\.")) {
      kw.add(s);
    }
    ObjectNode extent = o.putObject("extent");
    ArrayNode bbox = extent.putObject("spatial").putArray("bbox").addArray();
    BoundingBox e = c.extent() != null ? c.extent() : BoundingBox.WORLD;
    bbox.add(e.west()).add(e.south()).add(e.east()).add(e.north());
    ArrayNode interval = extent.putObject("temporal").putArray("interval").addArray();
    if (c.firstTimeUs() == null) {
      interval.addNull().addNull();
    } else {
      interval.add(Times.fromMicros(c.firstTimeUs()).toString()).add(Times.fromMicros(c.lastTimeUs()).toString());
    }
    o.put("itemType", "feature");
    o.putArray("crs").add("http://www.opengis.net/def/crs/OGC/1.3/CRS84");
    o.put("swath:dataset", d.slug());
    o.put("swath:collection", c.name());
    o.put("swath:count", c.count());
    ArrayNode l = o.putArray("links");
    Links.add(l, "self", Links.JSON, links.collection(t.stacId()));
    Links.add(l, "root", Links.JSON, links.root());
    Links.add(l, "parent", Links.JSON, links.root());
    Links.add(l, "items", Links.GEOJSON, links.items(t.stacId()), "Items");
    Links.add(l, Links.QUERYABLES_REL, Links.SCHEMA, links.collection(t.stacId()) + "/queryables", "Queryables");
    return o;
  }

  /** The JSON Schema of the properties a filter may use in {@code targets}. */
  static ObjectNode queryables(String id, String title, List<StacTarget> targets) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("$schema", "https://json-schema.org/draft/2019-09/schema");
    o.put("$id", id);
    o.put("type", "object");
    o.put("title", title);
    ObjectNode p = o.putObject("properties");
    p.putObject("id").put("title", "Item id").put("type", "string");
    p.putObject("collection").put("title", "STAC collection id").put("type", "string");
    p.putObject("datetime").put("title", "Time of the item").put("type", "string").put("format", "date-time");
    Map<String, Field> known = ItemSearch.knownProperties(targets);
    for (Map.Entry<String, Field> e : known.entrySet()) {
      if (e.getKey().equals("geometry")) {
        p.putObject("geometry").put("title", "Footprint").put("$ref", "https://geojson.org/schema/Geometry.json");
        continue;
      }
      ObjectNode s = p.putObject(e.getKey());
      Field f = e.getValue();
      if (!f.description().isBlank()) {
        s.put("description", f.description());
      }
      if (f.array()) {
        s.put("type", "array");
        type(s.putObject("items"), f);
      } else {
        type(s, f);
      }
    }
    o.put("additionalProperties", true);
    return o;
  }

  private static void type(ObjectNode s, Field f) {
    switch (f.type()) {
      case STRING, UUID, BYTES -> s.put("type", "string");
      case INT64 -> s.put("type", "integer");
      case FLOAT64 -> s.put("type", "number");
      case BOOL -> s.put("type", "boolean");
      case TIMESTAMP -> s.put("type", "string").put("format", "date-time");
      case DURATION -> s.put("type", "string").put("format", "duration");
      case GEOMETRY -> s.put("$ref", "https://geojson.org/schema/Geometry.json");
      case JSON -> { } // any JSON value
    }
  }

  static ObjectNode error(String code, String description) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("code", code);
    o.put("description", description);
    return o;
  }
}
