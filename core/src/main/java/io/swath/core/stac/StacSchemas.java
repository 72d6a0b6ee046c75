package io.swath.core.stac;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.swath.core.schema.DatasetKind;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Infers the Swath dataset schema that holds a set of STAC 1.0 Items losslessly.
 *
 * <p>The schema has these fields, in this order:
 * <ol>
 *   <li>{@value #GEOMETRY} — the item geometry (the footprint);</li>
 *   <li>{@value #STAC_ID} (string) — the item {@code id};</li>
 *   <li>{@value #STAC_COLLECTION} (string) — the item {@code collection} ({@code collection} is
 *       reserved in Swath for the datapoint's own collection);</li>
 *   <li>{@value #STAC_VERSION} (string), {@value #STAC_EXTENSIONS} (string[]),
 *       {@value #BBOX} (float64[]);</li>
 *   <li>{@value #ASSETS} and {@value #LINKS} (json, kept verbatim);</li>
 *   <li>{@value #STAC_DATETIME} (string) — the item {@code datetime} text, set only when the
 *       datapoint time written in the dataset's datetime format would differ from it (for
 *       example a precision below a microsecond);</li>
 *   <li>{@value #STAC_EXTRA} (json) — an object of whatever else the item holds, so that nothing
 *       is lost: top-level members Swath has no field for, JSON {@code null} values (top-level
 *       members by name, properties in a nested {@code "properties"} object), and the original
 *       geometry when the stored footprint would not write back identically (3D positions, extra
 *       members, a footprint that Swath normalizes);</li>
 *   <li>one field per property except {@code datetime} (which becomes the datapoint time, or
 *       {@code start_datetime} when {@code datetime} is null), <b>sorted by property name</b>, so
 *       the same items give the same schema in any order.</li>
 * </ol>
 *
 * <p>Property types are inferred across all items: integers → int64; any fraction → float64
 * (integers and fractions mixed → float64, written back as JSON numbers of the same value);
 * strings → string, also those that look like times ({@code created}, {@code start_datetime}):
 * a JSON string is a string to STAC and CQL2, so it compares as text and matches {@code LIKE}
 * as written (a filter that compares it with a {@code TIMESTAMP} reads it as a time); booleans → bool; arrays
 * whose elements are all strings, all booleans or all numbers → an array field; objects, nulls
 * inside arrays and anything mixed → json. A property that is null in every item gets no field.
 * Numbers that a double cannot hold exactly (integers beyond 2<sup>53</sup> mixed with fractions,
 * decimals with more digits than a double keeps) make the field json.
 *
 * <p>Field names are the property names when they are valid Swath field names (lower-case,
 * {@code [a-z_][a-z0-9_:]}, at most 63 characters: {@code eo:cloud_cover} stays as it is).
 * Other names are lower-cased, have other characters replaced by {@code _}, and if that name is
 * taken (by a fixed field above, a reserved name such as {@code id} or another property) become
 * {@code property:<name>}, then {@code <name>_2}, {@code <name>_3}...; the
 * {@link StacMapping} records the original name.
 */
public final class StacSchemas {
  /** The footprint field. */
  public static final String GEOMETRY = "geometry";
  /** The field holding the item id. */
  public static final String STAC_ID = "stac_id";
  /** The field holding the item's {@code collection} member. */
  public static final String STAC_COLLECTION = "stac_collection";
  /** The field holding {@code stac_version}. */
  public static final String STAC_VERSION = "stac_version";
  /** The field holding {@code stac_extensions}. */
  public static final String STAC_EXTENSIONS = "stac_extensions";
  /** The field holding {@code bbox}. */
  public static final String BBOX = "bbox";
  /** The field holding {@code assets}, verbatim. */
  public static final String ASSETS = "assets";
  /** The field holding {@code links}, verbatim. */
  public static final String LINKS = "links";
  /** The field holding the raw {@code datetime} text when the datapoint time does not reproduce it. */
  public static final String STAC_DATETIME = "stac_datetime";
  /** The field holding everything else of an item (a JSON object). */
  public static final String STAC_EXTRA = "stac_extra";

  /** The fields every inferred schema starts with, in order. */
  static final List<Field> FIXED = List.of(
      new Field(GEOMETRY, FieldType.GEOMETRY, false, "footprint (WGS84)"),
      new Field(STAC_ID, FieldType.STRING, false, "STAC item id"),
      new Field(STAC_COLLECTION, FieldType.STRING, false, "STAC item collection"),
      new Field(STAC_VERSION, FieldType.STRING, false, "STAC version"),
      new Field(STAC_EXTENSIONS, FieldType.STRING, true, "STAC extension schema URLs"),
      new Field(BBOX, FieldType.FLOAT64, true, "STAC item bounding box"),
      new Field(ASSETS, FieldType.JSON, false, "STAC assets"),
      new Field(LINKS, FieldType.JSON, false, "STAC links"),
      new Field(STAC_DATETIME, FieldType.STRING, false, "STAC datetime text, when the time does not reproduce it"),
      new Field(STAC_EXTRA, FieldType.JSON, false, "other STAC members and null values"));

  /** Names a property field may not take. */
  static final Set<String> TAKEN;

  static {
    Set<String> t = new HashSet<>(Field.RESERVED);
    for (Field f : FIXED) {
      t.add(f.name());
    }
    TAKEN = Set.copyOf(t);
  }

  private StacSchemas() {}

  /**
   * Infers the schema of {@code items} (STAC Item objects), reading them once.
   *
   * @throws IllegalArgumentException when an element is not a JSON object
   */
  public static StacSchema infer(Iterable<? extends JsonNode> items) {
    Inference inf = new Inference();
    int n = 0;
    for (JsonNode item : items) {
      inf.add(item, n++);
    }
    return inf.result();
  }

  /**
   * Infers the schema of the items in newline-delimited JSON (one item per line; blank lines are
   * skipped), reading the text once.
   *
   * @throws IllegalArgumentException naming the line when a line is not a JSON object
   * @throws IOException              when reading fails
   */
  public static StacSchema infer(Reader ndjson) throws IOException {
    Inference inf = new Inference();
    BufferedReader in = ndjson instanceof BufferedReader b ? b : new BufferedReader(ndjson);
    String line;
    int n = 0;
    while ((line = in.readLine()) != null) {
      n++;
      if (line.isBlank()) {
        continue;
      }
      JsonNode item;
      try {
        item = StacJson.MAPPER.readTree(line);
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("line " + n + " is not valid JSON: " + e.getOriginalMessage(), e);
      }
      inf.add(item, n - 1);
    }
    return inf.result();
  }

  /** The field name a property would get if nothing else took it. */
  static String sanitize(String property) {
    StringBuilder sb = new StringBuilder(property.length() + 1);
    for (char c : property.toLowerCase(Locale.ROOT).toCharArray()) {
      boolean ok = c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == ':';
      sb.append(ok ? c : '_');
    }
    if (sb.isEmpty() || !(sb.charAt(0) >= 'a' && sb.charAt(0) <= 'z' || sb.charAt(0) == '_')) {
      sb.insert(0, '_');
    }
    return fit(sb.toString(), "");
  }

  private static String fit(String base, String suffix) {
    int room = 63 - suffix.length();
    return (base.length() > room ? base.substring(0, room) : base) + suffix;
  }

  static boolean isValidName(String s) {
    return s.matches("[a-z_][a-z0-9_:]{0,62}");
  }

  /** Property name to field name, for all of {@code properties} (sorted). */
  static Map<String, String> fieldNames(Set<String> properties) {
    Map<String, String> out = new TreeMap<>();
    Set<String> taken = new HashSet<>(TAKEN);
    // names that are already valid keep them, whatever their order
    for (String p : properties) {
      if (isValidName(p) && !TAKEN.contains(p)) {
        out.put(p, p);
        taken.add(p);
      }
    }
    for (String p : properties) {
      if (out.containsKey(p)) {
        continue;
      }
      String base = sanitize(p);
      String name = base;
      if (taken.contains(name)) {
        name = fit("property:" + base, "");
      }
      for (int k = 2; taken.contains(name); k++) {
        name = fit(base, "_" + k);
      }
      out.put(p, name);
      taken.add(name);
    }
    return out;
  }

  /** Accumulates what each property holds across items. */
  static final class Inference {
    private final Map<String, Stats> props = new TreeMap<>();
    private int datetimeMask = TimestampFormat.ANY;
    private boolean sawDatetime;

    void add(JsonNode item, int index) {
      if (item == null || !item.isObject()) {
        throw new IllegalArgumentException("item " + (index + 1) + " is not a JSON object");
      }
      JsonNode p = item.get("properties");
      if (p == null || !p.isObject()) {
        return;
      }
      for (Map.Entry<String, JsonNode> e : p.properties()) {
        if (e.getKey().equals("datetime")) {
          if (e.getValue().isTextual()) {
            sawDatetime = true;
            datetimeMask &= TimestampFormat.fitting(e.getValue().asText());
          }
          continue;
        }
        props.computeIfAbsent(e.getKey(), k -> new Stats()).add(e.getValue());
      }
    }

    StacSchema result() {
      Map<String, String> names = fieldNames(props.keySet());
      List<Field> fields = new ArrayList<>(FIXED);
      Map<String, String> renamed = new HashMap<>();
      for (Map.Entry<String, Stats> e : props.entrySet()) {
        Stats s = e.getValue();
        if (s.kinds == 0) {
          continue; // only ever null: nulls are kept in stac_extra
        }
        String property = e.getKey();
        String name = names.get(property);
        if (!name.equals(property)) {
          renamed.put(name, property);
        }
        fields.add(s.field(name, "STAC property " + property));
      }
      TimestampFormat dt = sawDatetime && datetimeMask != 0 ? TimestampFormat.pick(datetimeMask) : TimestampFormat.DEFAULT;
      return new StacSchema(Schema.forKind(DatasetKind.SPATIOTEMPORAL, fields), new StacMapping(renamed, Map.of(), dt));
    }
  }

  static final int BOOL = 1;
  static final int INT = 2;
  static final int FLOAT = 4;
  static final int STRING = 8;
  static final int ARRAY = 16;
  static final int OTHER = 32; // objects, or nulls inside arrays

  /** What one property (or the elements of its arrays) held across items. */
  static final class Stats {
    int kinds;
    boolean hugeInt;     // an integer beyond a long
    boolean inexactNumber; // a number a double cannot hold exactly
    Stats elements;      // for arrays

    void add(JsonNode v) {
      switch (v.getNodeType()) {
        case NULL -> { }
        case BOOLEAN -> kinds |= BOOL;
        case NUMBER -> {
          kinds |= v.isIntegralNumber() ? INT : FLOAT;
          hugeInt |= v.isIntegralNumber() && !v.canConvertToLong();
          inexactNumber |= !StacJson.isExactDouble(v);
        }
        case STRING -> kinds |= STRING;
        case ARRAY -> {
          kinds |= ARRAY;
          if (elements == null) {
            elements = new Stats();
          }
          for (JsonNode e : v) {
            if (e.isNull() || e.isArray()) {
              elements.kinds |= OTHER;
            } else {
              elements.add(e);
            }
          }
        }
        default -> kinds |= OTHER;
      }
    }

    /** The scalar type these values fit, or JSON. */
    FieldType scalarType() {
      return switch (kinds) {
        case BOOL -> FieldType.BOOL;
        case INT -> hugeInt ? FieldType.JSON : FieldType.INT64;
        case FLOAT, INT | FLOAT -> inexactNumber ? FieldType.JSON : FieldType.FLOAT64;
        case STRING -> FieldType.STRING; // never a timestamp: see the class comment
        default -> FieldType.JSON;
      };
    }

    Field field(String name, String description) {
      if (kinds == ARRAY) {
        if (elements.kinds == 0) {
          return new Field(name, FieldType.STRING, true, description);
        }
        FieldType t = elements.scalarType();
        return t == FieldType.JSON ? new Field(name, FieldType.JSON, false, description) : new Field(name, t, true, description);
      }
      return new Field(name, scalarType(), false, description);
    }
  }
}
