package io.swath.imagery.asset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swath.core.table.Datapoint;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads STAC-style assets: the JSON object {@code {"B04": {"href": ..., "type": ..., "roles": [...],
 * "file:size": ..., "file:checksum": ...}, ...}} that datapoints ingested from STAC items hold in
 * their {@code assets} field.
 */
public final class Assets {
  /** The field of a datapoint that holds its assets. */
  public static final String FIELD = "assets";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Sentinel-2 band names and the common names other catalogs use as asset keys. */
  private static final Map<String, List<String>> ALIASES = Map.ofEntries(
      Map.entry("b01", List.of("coastal")), Map.entry("b02", List.of("blue")), Map.entry("b03", List.of("green")),
      Map.entry("b04", List.of("red")), Map.entry("b05", List.of("rededge1", "rededge")), Map.entry("b06", List.of("rededge2")),
      Map.entry("b07", List.of("rededge3")), Map.entry("b08", List.of("nir")), Map.entry("b8a", List.of("nir08", "nir08a")),
      Map.entry("b09", List.of("nir09")), Map.entry("b10", List.of("cirrus")), Map.entry("b11", List.of("swir16", "swir1")),
      Map.entry("b12", List.of("swir22", "swir2")));

  private Assets() {}

  /** The assets of a datapoint (its {@value #FIELD} field); empty when it has none. */
  public static Map<String, Asset> of(Datapoint datapoint) {
    Object v = datapoint.get(FIELD);
    return v == null ? Map.of() : parse(v.toString());
  }

  /**
   * Parses a STAC assets object.
   *
   * @throws IllegalArgumentException when the text is not a JSON object of assets with hrefs
   */
  public static Map<String, Asset> parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("assets are not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("assets must be a JSON object of assets by key");
    }
    Map<String, Asset> out = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : root.properties()) {
      out.put(e.getKey(), parse(e.getKey(), e.getValue()));
    }
    return out;
  }

  /** One asset object. */
  public static Asset parse(String key, JsonNode a) {
    if (a == null || !a.isObject() || !a.path("href").isTextual()) {
      throw new IllegalArgumentException("asset '" + key + "' has no string 'href'");
    }
    URI href;
    try {
      href = URI.create(a.get("href").asText());
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("asset '" + key + "': href is not a URI: " + a.get("href").asText(), ex);
    }
    List<String> roles = new ArrayList<>();
    a.path("roles").forEach(r -> roles.add(r.asText()));
    long size = a.path("file:size").isIntegralNumber() ? a.get("file:size").asLong() : -1;
    Checksum checksum = null;
    if (a.path("file:checksum").isTextual()) {
      try {
        checksum = Checksum.parseMultihash(a.get("file:checksum").asText());
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("asset '" + key + "': " + ex.getMessage(), ex);
      }
    }
    String type = a.path("type").isTextual() ? a.get("type").asText() : null;
    String title = a.path("title").isTextual() ? a.get("title").asText() : null;
    return new Asset(key, href, type, title, roles, size, checksum);
  }

  /**
   * Finds the asset of a band: by key (case-insensitive: {@code B08}), else by the common name
   * other catalogs use for the Sentinel-2 band ({@code nir} for {@code B08}), else by an
   * {@code eo:bands} name. Returns null when none matches.
   */
  public static Asset band(Map<String, Asset> assets, String band) {
    String b = band.toLowerCase(Locale.ROOT);
    for (Asset a : assets.values()) {
      if (a.key().toLowerCase(Locale.ROOT).equals(b)) {
        return a;
      }
    }
    String padded = b.matches("b\\d") ? "b0" + b.substring(1) : b;
    for (String alias : ALIASES.getOrDefault(padded, List.of())) {
      for (Asset a : assets.values()) {
        if (a.key().toLowerCase(Locale.ROOT).equals(alias)) {
          return a;
        }
      }
    }
    for (var e : ALIASES.entrySet()) {
      if (e.getValue().contains(b)) {
        for (Asset a : assets.values()) {
          if (a.key().toLowerCase(Locale.ROOT).equals(e.getKey())) {
            return a;
          }
        }
      }
    }
    return null;
  }
}
