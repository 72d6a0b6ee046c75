package io.swath.client.stac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swath.core.geo.Geometries;
import io.swath.core.time.Times;
import java.time.Instant;
import java.util.Objects;
import org.locationtech.jts.geom.Geometry;

/**
 * One STAC Item as a STAC API returned it: the JSON, with typed access to what every item has.
 *
 * @param json the item, as received
 */
public record StacItem(ObjectNode json) {
  public StacItem {
    Objects.requireNonNull(json, "json");
  }

  /** The item id. */
  public String id() {
    return json.path("id").asText();
  }

  /** The STAC collection id, or empty when the item names none. */
  public String collection() {
    return json.path("collection").asText("");
  }

  /** The item time: {@code datetime}, or {@code start_datetime} when that is null; null when neither parses. */
  public Instant time() {
    JsonNode p = json.path("properties");
    String t = p.path("datetime").isTextual() ? p.path("datetime").asText() : p.path("start_datetime").asText(null);
    try {
      return t == null ? null : Times.parseInstant(t);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The footprint, or null when the item has none. */
  public Geometry geometry() {
    JsonNode g = json.get("geometry");
    return g == null || g.isNull() ? null : Geometries.fromGeoJson(g);
  }

  /** The properties object. */
  public JsonNode properties() {
    return json.path("properties");
  }

  /** The assets object. */
  public JsonNode assets() {
    return json.path("assets");
  }

  @Override
  public String toString() {
    return collection() + "/" + id();
  }
}
