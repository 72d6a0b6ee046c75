package io.swath.core.stac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swath.core.geo.Geometries;
import io.swath.core.id.DatapointId;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import io.swath.core.table.RowValues;
import io.swath.core.time.Times;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.locationtech.jts.geom.Geometry;

/**
 * Converts STAC 1.0 Items to Swath datapoints and back, losslessly, for a schema made by
 * {@link StacSchemas#infer} (or any schema with the same fixed fields).
 *
 * <p>Round trip: {@code toItem(toDatapoint(item))} equals {@code item} apart from the order of
 * object members, also after the values went through {@link io.swath.core.table.RowCodec}.
 * Numbers keep their form: a float64 field holds a double, so a value with an integer literal in
 * it ({@code 0}, or an array such as {@code proj:transform} holding one) is also kept verbatim in
 * {@code stac_extra} and written back from there, integers as integers; the field still holds the
 * value for searching. Strings, booleans, timestamps (in the format recorded in the
 * {@link StacMapping}), nulls and absent members come back as they were.
 */
public final class StacItems {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private StacItems() {}

  /** {@link #toDatapoint(JsonNode, Schema, StacMapping)} with an inferred schema. */
  public static RowValues toDatapoint(JsonNode item, StacSchema schema) {
    return toDatapoint(item, schema.schema(), schema.mapping());
  }

  /**
   * The datapoint of one STAC Item: its time ({@code properties.datetime}, or
   * {@code properties.start_datetime} when {@code datetime} is null) and its values in schema
   * order, as {@link io.swath.core.table.RowCodec#decode} would return them (JTS geometry,
   * String, Long, Double, Boolean, Instant, List for arrays, JSON text for json fields).
   *
   * @throws IllegalArgumentException naming the item id and the member or property, when the
   *     item is not a STAC Item (no string {@code id}, {@code type} not {@code Feature}, no
   *     {@code geometry} or {@code properties}, no usable datetime) or does not fit the schema (a
   *     property without field, a value of another type, a timestamp in another format). Top-level
   *     members the schema has no field for are kept in {@code stac_extra}, like unknown members.
   */
  public static RowValues toDatapoint(JsonNode item, Schema schema, StacMapping mapping) {
    return toDatapoint(item, schema, mapping, null);
  }

  /**
   * As {@link #toDatapoint(JsonNode, Schema, StacMapping)}, but a value that does not fit its
   * field (a string where the field holds int64, a timestamp written in another format, a null
   * inside an array) does not refuse the item when {@code misfits} is given: the value is kept
   * verbatim in {@code stac_extra} and written back from there, its field is left null (so a
   * filter sees null), and {@code misfits} is told the property (or top-level member) and why.
   *
   * @param misfits told {@code (name, why)} for each value kept aside, or null to refuse such items
   */
  public static RowValues toDatapoint(JsonNode item, Schema schema, StacMapping mapping,
                                      java.util.function.BiConsumer<String, String> misfits) {
    Binding b = Binding.of(schema, mapping);
    if (item == null || !item.isObject()) {
      throw new IllegalArgumentException("a STAC item must be a JSON object, got " + (item == null ? "null" : StacJson.shown(item)));
    }
    JsonNode idNode = item.get("id");
    if (idNode == null || !idNode.isTextual()) {
      throw new IllegalArgumentException("STAC item has no string 'id'" + (idNode == null ? "" : ": " + StacJson.shown(idNode)));
    }
    String id = idNode.asText();
    JsonNode type = item.get("type");
    if (type == null || !type.asText().equals("Feature") || !type.isTextual()) {
      throw new IllegalArgumentException("item '" + id + "': 'type' must be \"Feature\" in a STAC item, got "
          + (type == null ? "nothing" : StacJson.shown(type)));
    }
    JsonNode props = item.get("properties");
    if (props == null || !props.isObject()) {
      throw new IllegalArgumentException("item '" + id + "': 'properties' must be an object");
    }
    if (!item.has("geometry")) {
      throw new IllegalArgumentException("item '" + id + "': has no 'geometry' member (STAC items need one; null is allowed)");
    }

    Object[] values = new Object[schema.size()];
    values[b.id] = id;
    ObjectNode extra = null;
    ObjectNode extraProps = null;

    long time;
    JsonNode dt = props.get("datetime");
    if (dt == null) {
      throw new IllegalArgumentException("item '" + id + "': properties.datetime is missing (STAC requires it; it may be null when start_datetime is set)");
    } else if (dt.isNull()) {
      JsonNode start = props.get("start_datetime");
      if (start == null || !start.isTextual()) {
        throw new IllegalArgumentException("item '" + id + "': properties.datetime is null and there is no start_datetime to use as its time");
      }
      time = parseTime(id, "start_datetime", start.asText());
      extraProps = NODES.objectNode();
      extraProps.putNull("datetime");
    } else if (dt.isTextual()) {
      time = parseTime(id, "datetime", dt.asText());
      if (!b.mapping.datetimeFormat().render(time).equals(dt.asText())) {
        if (b.datetime < 0) {
          throw new IllegalArgumentException("item '" + id + "': properties.datetime '" + dt.asText()
              + "' is not written in the dataset's datetime format and the schema has no field '" + StacSchemas.STAC_DATETIME + "' to keep it");
        }
        values[b.datetime] = dt.asText();
      }
    } else {
      throw new IllegalArgumentException("item '" + id + "': properties.datetime must be an RFC 3339 string or null, got " + StacJson.shown(dt));
    }
    try {
      io.swath.core.rules.StorageRules.checkDatapointTime(time);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("item '" + id + "': " + e.getMessage(), e);
    }

    for (Map.Entry<String, JsonNode> e : item.properties()) {
      String name = e.getKey();
      JsonNode v = e.getValue();
      int at = switch (name) {
        case "type", "id", "properties" -> -2;
        case "geometry" -> b.geometry;
        case "collection" -> b.collection;
        case "stac_version" -> b.version;
        case "stac_extensions" -> b.extensions;
        case "bbox" -> b.bbox;
        case "assets" -> b.assets;
        case "links" -> b.links;
        default -> -1;
      };
      if (at == -2 || name.equals("geometry") && v.isNull()) {
        continue; // a null geometry is written back as null, the member being required
      }
      if (at == -1 || v.isNull()) {
        if (extra == null) {
          extra = NODES.objectNode();
        }
        extra.set(name, v);
        continue;
      }
      Field f = schema.field(at);
      Object value;
      try {
        value = fromJson(f, v, null);
      } catch (IllegalArgumentException ex) {
        if (misfits == null || at == b.geometry) {
          throw new IllegalArgumentException("item '" + id + "': '" + name + "' " + ex.getMessage(), ex);
        }
        misfits.accept(name, ex.getMessage());
        if (extra == null) {
          extra = NODES.objectNode();
        }
        extra.set(name, v); // kept as it came
        continue;
      }
      if (at == b.bbox && writesBackAsFraction(f, v)) {
        if (extra == null) {
          extra = NODES.objectNode();
        }
        extra.set(name, v); // written back from here, integers as integers
      }
      if (at == b.geometry) {
        Geometry g = Geometries.normalize((Geometry) value);
        value = g;
        if (hasIntegerLiteral(v) || !StacJson.sameValue(StacJson.read(Geometries.toGeoJson(g), "geometry"), v)) {
          if (extra == null) {
            extra = NODES.objectNode();
          }
          extra.set(name, v); // written back from here, verbatim
        }
      }
      values[at] = value;
    }

    for (Map.Entry<String, JsonNode> e : props.properties()) {
      String p = e.getKey();
      JsonNode v = e.getValue();
      if (p.equals("datetime")) {
        continue;
      }
      if (v.isNull()) {
        if (extraProps == null) {
          extraProps = NODES.objectNode();
        }
        extraProps.putNull(p);
        continue;
      }
      int at = b.fieldOf(p);
      if (at < 0) {
        throw new IllegalArgumentException("item '" + id + "': property '" + p + "' has no field in the schema");
      }
      try {
        values[at] = fromJson(schema.field(at), v, b.formats[at]);
      } catch (IllegalArgumentException ex) {
        if (misfits == null) {
          throw new IllegalArgumentException("item '" + id + "': property '" + p + "' " + ex.getMessage(), ex);
        }
        misfits.accept(p, ex.getMessage());
        if (extraProps == null) {
          extraProps = NODES.objectNode();
        }
        extraProps.set(p, v); // kept as it came; the field stays null
        continue;
      }
      if (writesBackAsFraction(schema.field(at), v)) {
        if (extraProps == null) {
          extraProps = NODES.objectNode();
        }
        extraProps.set(p, v); // written back from here, integers as integers
      }
    }

    if (extraProps != null) {
      if (extra == null) {
        extra = NODES.objectNode();
      }
      extra.set("properties", extraProps);
    }
    if (extra != null) {
      if (b.extra < 0) {
        throw new IllegalArgumentException("item '" + id + "': has " + describeExtra(extra)
            + " and the schema has no field '" + StacSchemas.STAC_EXTRA + "' to keep it");
      }
      values[b.extra] = extra.toString();
    }
    return new RowValues(time, values);
  }

  /**
   * The values of a datapoint stored with int64 fields that {@code next} widens to float64
   * (positions {@code widened}, see {@link Schema#widenings}), rewritten for {@code next}: each
   * such integer becomes a double. In a dataset of STAC items ({@code mapping} not null, a
   * {@value StacSchemas#STAC_EXTRA} field) the integers are also kept verbatim there, so the item
   * still comes back with integers, as {@link #toDatapoint} does for new items.
   *
   * @throws IllegalArgumentException when an integer is beyond 2<sup>53</sup> in magnitude, which a
   *     double cannot hold exactly
   */
  public static Object[] widened(Object[] values, Schema next, StacMapping mapping, List<Integer> widened) {
    Object[] out = java.util.Arrays.copyOf(values, next.size());
    int extraAt = mapping == null ? -1 : next.indexOf(StacSchemas.STAC_EXTRA);
    ObjectNode verbatim = null;
    for (int i : widened) {
      Object v = i < values.length ? values[i] : null;
      if (v == null) {
        continue;
      }
      JsonNode json;
      if (v instanceof List<?> list) {
        List<Object> doubles = new ArrayList<>(list.size());
        var arr = NODES.arrayNode();
        for (Object e : list) {
          doubles.add(exactDouble(next.field(i), (Long) e));
          arr.add((Long) e);
        }
        out[i] = List.copyOf(doubles);
        json = arr;
      } else {
        out[i] = exactDouble(next.field(i), (Long) v);
        json = NODES.numberNode((Long) v);
      }
      String property = mapping == null ? null : mapping.propertyName(next.field(i).name());
      if (extraAt >= 0 && property != null) {
        if (verbatim == null) {
          verbatim = out[extraAt] == null ? NODES.objectNode()
              : (ObjectNode) StacJson.read(String.valueOf(out[extraAt]), "field '" + StacSchemas.STAC_EXTRA + "'");
        }
        JsonNode props = verbatim.get("properties");
        ObjectNode p = props instanceof ObjectNode o ? o : verbatim.putObject("properties");
        if (!p.has(property)) {
          p.set(property, json);
        }
      }
    }
    if (verbatim != null) {
      out[extraAt] = verbatim.toString();
    }
    return out;
  }

  private static double exactDouble(Field f, long v) {
    if (Math.abs(v) > (1L << 53)) {
      throw new IllegalArgumentException("field '" + f.name() + "' cannot widen to float64: it holds " + v
          + ", which a double cannot hold exactly");
    }
    return v;
  }

  /**
   * Whether a float64 field would write {@code v} back in another form: it holds an integer
   * literal, which a double writes with a fraction ({@code 0} as {@code 0.0}).
   */
  private static boolean writesBackAsFraction(Field f, JsonNode v) {
    if (f.type() != FieldType.FLOAT64) {
      return false;
    }
    if (v.isArray()) {
      for (JsonNode e : v) {
        if (e.isIntegralNumber()) {
          return true;
        }
      }
      return false;
    }
    return v.isIntegralNumber();
  }

  /** Whether a JSON value holds an integer literal anywhere (a footprint writes every coordinate with a fraction). */
  private static boolean hasIntegerLiteral(JsonNode v) {
    if (v.isIntegralNumber()) {
      return true;
    }
    if (v.isContainerNode()) {
      for (JsonNode e : v) {
        if (hasIntegerLiteral(e)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String describeExtra(ObjectNode extra) {
    List<String> parts = new ArrayList<>();
    extra.properties().forEach(e -> parts.add(e.getKey().equals("properties") ? "null properties" : "member '" + e.getKey() + "'"));
    return String.join(", ", parts);
  }

  private static long parseTime(String id, String what, String text) {
    try {
      return Times.micros(Times.parseInstant(text));
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException("item '" + id + "': properties." + what + " '" + text + "' is not an RFC 3339 date-time", e);
    }
  }

  /** {@link #toItem(long, Object[], Schema, StacMapping)} with an inferred schema. */
  public static ObjectNode toItem(long timeUs, Object[] values, StacSchema schema) {
    return toItem(timeUs, values, schema.schema(), schema.mapping());
  }

  /** {@link #toItem(long, Object[], Schema, StacMapping)} of a datapoint from {@link #toDatapoint}. */
  public static ObjectNode toItem(RowValues datapoint, StacSchema schema) {
    return toItem(datapoint.timeMicros(), datapoint.values(), schema.schema(), schema.mapping());
  }

  /**
   * The STAC Item of a datapoint: {@code values} in schema order as
   * {@link io.swath.core.table.RowCodec#decode} or {@link #toDatapoint} returns them, and its time.
   *
   * @throws IllegalArgumentException when the values have no {@code stac_id}, or a value is not of
   *     its field's type
   */
  public static ObjectNode toItem(long timeUs, Object[] values, Schema schema, StacMapping mapping) {
    Binding b = Binding.of(schema, mapping);
    if (values.length > schema.size()) {
      throw new IllegalArgumentException("row has " + values.length + " values but the schema has " + schema.size() + " fields");
    }
    Object id = at(values, b.id);
    if (!(id instanceof String)) {
      throw new IllegalArgumentException("datapoint has no '" + StacSchemas.STAC_ID + "': it was not made from a STAC item");
    }
    ObjectNode item = NODES.objectNode();
    item.put("type", "Feature");
    put(item, "stac_version", schema, values, b.version);
    put(item, "stac_extensions", schema, values, b.extensions);
    item.put("id", (String) id);
    put(item, "collection", schema, values, b.collection);
    Object g = at(values, b.geometry);
    if (g == null) {
      item.putNull("geometry");
    } else {
      put(item, "geometry", schema, values, b.geometry);
    }
    put(item, "bbox", schema, values, b.bbox);

    ObjectNode props = item.putObject("properties");
    Object raw = at(values, b.datetime);
    props.put("datetime", raw instanceof String s ? s : b.mapping.datetimeFormat().render(timeUs));
    for (int i = 0; i < schema.size(); i++) {
      String p = b.propertyOf[i];
      Object v = at(values, i);
      if (p != null && v != null) {
        props.set(p, toJson(schema.field(i), v, b.formats[i]));
      }
    }
    put(item, "links", schema, values, b.links);
    put(item, "assets", schema, values, b.assets);

    Object extra = at(values, b.extra);
    if (extra != null) {
      JsonNode x = StacJson.read(String.valueOf(extra), "field '" + StacSchemas.STAC_EXTRA + "'");
      for (Map.Entry<String, JsonNode> e : x.properties()) {
        if (e.getKey().equals("properties") && e.getValue().isObject()) {
          e.getValue().properties().forEach(p -> props.set(p.getKey(), p.getValue()));
        } else {
          item.set(e.getKey(), e.getValue());
        }
      }
    }
    return item;
  }

  private static Object at(Object[] values, int i) {
    return i >= 0 && i < values.length ? values[i] : null;
  }

  private static void put(ObjectNode item, String member, Schema schema, Object[] values, int i) {
    Object v = at(values, i);
    if (v != null) {
      item.set(member, toJson(schema.field(i), v, null));
    }
  }

  /** The value of {@code v} for field {@code f}, or an exception saying what does not fit (without context). */
  static Object fromJson(Field f, JsonNode v, TimestampFormat format) {
    if (f.type() == FieldType.JSON && !f.array()) {
      return v.toString();
    }
    if (f.array()) {
      if (!v.isArray()) {
        throw new IllegalArgumentException("is " + StacJson.shown(v) + " but its field '" + f.name() + "' holds " + f.typeLabel());
      }
      List<Object> out = new ArrayList<>(v.size());
      for (JsonNode e : v) {
        if (e.isNull()) {
          throw new IllegalArgumentException("holds null in an array, which field '" + f.name() + "' (" + f.typeLabel() + ") cannot hold");
        }
        out.add(scalar(f, e, format));
      }
      return out;
    }
    return scalar(f, v, format);
  }

  private static Object scalar(Field f, JsonNode v, TimestampFormat format) {
    Object out = switch (f.type()) {
      case STRING -> v.isTextual() ? v.asText() : null;
      case INT64 -> StacJson.isLong(v) ? (Object) v.longValue() : null;
      case FLOAT64 -> StacJson.isExactDouble(v) ? (Object) v.doubleValue() : null;
      case BOOL -> v.isBoolean() ? (Object) v.booleanValue() : null;
      case TIMESTAMP -> {
        if (!v.isTextual()) {
          yield null;
        }
        TimestampFormat fmt = format == null ? TimestampFormat.DEFAULT : format;
        long us = TimestampFormat.parse(v.asText());
        if (us == Long.MIN_VALUE || !fmt.render(us).equals(v.asText())) {
          throw new IllegalArgumentException("is '" + v.asText() + "', not a UTC timestamp written like the others of field '"
              + f.name() + "' (" + fmt + ", e.g. " + fmt.render(0) + ")");
        }
        yield Times.fromMicros(us);
      }
      case DURATION -> {
        if (!v.isTextual()) {
          yield null;
        }
        try {
          Duration d = Duration.parse(v.asText());
          yield d.toString().equals(v.asText()) && d.getNano() % 1000 == 0 ? d : null;
        } catch (DateTimeParseException e) {
          yield null;
        }
      }
      case BYTES -> {
        if (!v.isTextual()) {
          yield null;
        }
        try {
          byte[] bytes = Base64.getDecoder().decode(v.asText());
          yield Base64.getEncoder().encodeToString(bytes).equals(v.asText()) ? bytes : null;
        } catch (IllegalArgumentException e) {
          yield null;
        }
      }
      case UUID -> {
        if (!v.isTextual()) {
          yield null;
        }
        try {
          UUID u = UUID.fromString(v.asText());
          yield u.toString().equals(v.asText()) ? u : null;
        } catch (IllegalArgumentException e) {
          yield null;
        }
      }
      case GEOMETRY -> {
        if (!v.isObject()) {
          yield null;
        }
        try {
          yield Geometries.fromGeoJson(v);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("is not a valid GeoJSON geometry: " + e.getMessage(), e);
        }
      }
      case JSON -> v.toString();
    };
    if (out == null) {
      throw new IllegalArgumentException("is " + StacJson.shown(v) + " but its field '" + f.name() + "' holds " + f.typeLabel()
          + (f.type() == FieldType.FLOAT64 && v.isNumber() ? " (a double cannot hold this number exactly)" : "")
          + (f.type() == FieldType.INT64 && v.isNumber() ? " (integers only)" : ""));
    }
    return out;
  }

  /** The JSON of value {@code v} of field {@code f}. */
  static JsonNode toJson(Field f, Object v, TimestampFormat format) {
    if (f.array()) {
      if (!(v instanceof List<?> list)) {
        throw mismatch(f, v);
      }
      ArrayNode a = NODES.arrayNode(list.size());
      for (Object e : list) {
        a.add(scalarJson(f, e, format));
      }
      return a;
    }
    return scalarJson(f, v, format);
  }

  private static JsonNode scalarJson(Field f, Object v, TimestampFormat format) {
    switch (f.type()) {
      case STRING -> {
        if (v instanceof String s) {
          return NODES.textNode(s);
        }
      }
      case INT64 -> {
        if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
          return NODES.numberNode(((Number) v).longValue());
        }
      }
      case FLOAT64 -> {
        if (v instanceof Number n && Double.isFinite(n.doubleValue())) {
          return NODES.numberNode(n.doubleValue());
        }
      }
      case BOOL -> {
        if (v instanceof Boolean bool) {
          return NODES.booleanNode(bool);
        }
      }
      case TIMESTAMP -> {
        if (v instanceof Instant t) {
          return NODES.textNode((format == null ? TimestampFormat.DEFAULT : format).render(Times.micros(t)));
        }
      }
      case DURATION -> {
        if (v instanceof Duration d) {
          return NODES.textNode(d.toString());
        }
      }
      case BYTES -> {
        if (v instanceof byte[] bytes) {
          return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
        }
      }
      case UUID -> {
        if (v instanceof UUID u) {
          return NODES.textNode(u.toString());
        }
      }
      case GEOMETRY -> {
        if (v instanceof Geometry g) {
          return StacJson.read(Geometries.toGeoJson(g), "geometry");
        }
      }
      case JSON -> {
        if (v instanceof String s) {
          return StacJson.read(s, "field '" + f.name() + "'");
        }
      }
    }
    throw mismatch(f, v);
  }

  private static IllegalArgumentException mismatch(Field f, Object v) {
    String shown = String.valueOf(v);
    if (shown.length() > 60) {
      shown = shown.substring(0, 57) + "...";
    }
    return new IllegalArgumentException("field '" + f.name() + "' (" + f.typeLabel() + "): expected a decoded "
        + f.typeLabel() + " value, got " + (v == null ? "null" : v.getClass().getSimpleName()) + " '" + shown + "'");
  }
}
