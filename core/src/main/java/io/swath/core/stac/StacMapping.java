package io.swath.core.stac;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a dataset schema alone does not say about the STAC items it stores: the original name of
 * each property whose field name had to change (field names are lower-case and limited to
 * {@code [a-z_][a-z0-9_:]}), and how each timestamp was written (how many fraction digits,
 * {@code Z} or {@code +00:00}), so that items are written back exactly as they came.
 *
 * <p>A field with no recorded name maps to the property of the same name; a timestamp with no
 * recorded format is written like {@code Instant.toString()}. {@link #identity()} records nothing.
 * Store the mapping beside the dataset with {@link #toJson()} and read it back with
 * {@link #fromJson(String)}. Instances are immutable.
 */
public final class StacMapping {
  private static final StacMapping IDENTITY = new StacMapping(Map.of(), Map.of(), TimestampFormat.DEFAULT);

  private final Map<String, String> properties;
  private final Map<String, TimestampFormat> timestamps;
  private final TimestampFormat datetime;

  StacMapping(Map<String, String> properties, Map<String, TimestampFormat> timestamps, TimestampFormat datetime) {
    this.properties = Collections.unmodifiableMap(new TreeMap<>(properties));
    this.timestamps = Collections.unmodifiableMap(new TreeMap<>(timestamps));
    this.datetime = Objects.requireNonNull(datetime, "datetime");
  }

  /** The mapping in which every field is named like its property and timestamps use the default form. */
  public static StacMapping identity() {
    return IDENTITY;
  }

  /** The STAC property that field {@code fieldName} holds. */
  public String propertyName(String fieldName) {
    return properties.getOrDefault(fieldName, fieldName);
  }

  /** The fields whose property has another name: field name to property name, sorted by field name. */
  public Map<String, String> renamedProperties() {
    return properties;
  }

  /** This mapping with field {@code fieldName} holding property {@code propertyName}. */
  public StacMapping withPropertyName(String fieldName, String propertyName) {
    Map<String, String> p = new HashMap<>(properties);
    if (fieldName.equals(propertyName)) {
      p.remove(fieldName);
    } else {
      p.put(fieldName, propertyName);
    }
    return new StacMapping(p, timestamps, datetime);
  }

  /**
   * This mapping extended with what {@code other} records about fields this one does not know:
   * for a dataset that already holds items, merge the mapping inferred from new items into the
   * stored one, so stored datapoints keep their property names and timestamp formats. The
   * datetime format stays this mapping's.
   */
  public StacMapping extendedWith(StacMapping other) {
    Map<String, String> p = new HashMap<>(other.properties);
    p.putAll(properties);
    Map<String, TimestampFormat> t = new HashMap<>(other.timestamps);
    t.putAll(timestamps);
    return new StacMapping(p, t, datetime);
  }

  TimestampFormat timestampFormat(String fieldName) {
    return timestamps.getOrDefault(fieldName, TimestampFormat.DEFAULT);
  }

  TimestampFormat datetimeFormat() {
    return datetime;
  }

  /**
   * The mapping as JSON, e.g. {@code {"datetime":{"fraction":"6","zone":"Z"},"properties":{"sat:orbit":"sat:Orbit"},
   * "timestamps":{"created":{"fraction":"3","zone":"Z"}}}}.
   */
  public String toJson() {
    ObjectNode root = StacJson.MAPPER.createObjectNode();
    root.set("datetime", format(datetime));
    ObjectNode props = root.putObject("properties");
    properties.forEach(props::put);
    ObjectNode ts = root.putObject("timestamps");
    timestamps.forEach((k, v) -> ts.set(k, format(v)));
    return root.toString();
  }

  private static ObjectNode format(TimestampFormat f) {
    ObjectNode n = StacJson.MAPPER.createObjectNode();
    n.put("fraction", f.fractionSpec());
    n.put("zone", f.zoneSpec());
    return n;
  }

  /**
   * Reads a mapping written by {@link #toJson()}.
   *
   * @throws IllegalArgumentException when the text is not such a mapping
   */
  public static StacMapping fromJson(String json) {
    JsonNode root;
    try {
      root = StacJson.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("STAC mapping is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("STAC mapping must be a JSON object");
    }
    TimestampFormat dt = root.has("datetime") ? readFormat("datetime", root.get("datetime")) : TimestampFormat.DEFAULT;
    Map<String, String> props = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : root.path("properties").properties()) {
      if (!e.getValue().isTextual()) {
        throw new IllegalArgumentException("STAC mapping: property name of field '" + e.getKey() + "' must be a string");
      }
      props.put(e.getKey(), e.getValue().asText());
    }
    Map<String, TimestampFormat> ts = new HashMap<>();
    for (Map.Entry<String, JsonNode> e : root.path("timestamps").properties()) {
      ts.put(e.getKey(), readFormat(e.getKey(), e.getValue()));
    }
    return new StacMapping(props, ts, dt);
  }

  private static TimestampFormat readFormat(String what, JsonNode n) {
    if (!n.isObject() || !n.path("fraction").isTextual() || !n.path("zone").isTextual()) {
      throw new IllegalArgumentException("STAC mapping: timestamp format of '" + what
          + "' must be {\"fraction\": \"0\"..\"9\" | \"shortest\" | \"micros-if-nonzero\", \"zone\": \"Z\" | \"+00:00\"}");
    }
    return TimestampFormat.of(n.get("fraction").asText(), n.get("zone").asText());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StacMapping m && m.properties.equals(properties) && m.timestamps.equals(timestamps)
        && m.datetime.equals(datetime);
  }

  @Override
  public int hashCode() {
    return Objects.hash(properties, timestamps, datetime);
  }

  @Override
  public String toString() {
    return toJson();
  }
}
