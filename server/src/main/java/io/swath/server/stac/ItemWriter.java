package io.swath.server.stac;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swath.core.geo.BoundingBox;
import io.swath.core.geo.Geometries;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.stac.StacItems;
import io.swath.core.table.ByteSource;
import io.swath.core.table.RowCodec;
import io.swath.core.time.Times;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * Writes datapoints as STAC Items straight from their stored row encoding.
 *
 * <p>Datapoints of a dataset made from STAC items become exactly the item they came from
 * ({@link StacItems#toItem} with the dataset's {@link io.swath.core.stac.StacMapping}), with
 * {@code collection} set to the STAC collection id they are served under and the navigation links
 * ({@code self}, {@code parent}, {@code collection}, {@code root}) pointing at this API; their other
 * links stay as they were. Datapoints of other datasets are written field by field from the
 * encoded row, without materializing values: time as {@code datetime}, footprint as
 * {@code geometry} and {@code bbox} ({@code null} geometry when there is none), every other field
 * as a property.
 */
final class ItemWriter {
  static final String STAC_VERSION = "1.0.0";
  private static final Set<String> NAVIGATION = Set.of("self", "parent", "collection", "root");
  private static final SerializedString TYPE = new SerializedString("type");
  private static final SerializedString FEATURE = new SerializedString("Feature");
  private static final SerializedString VERSION = new SerializedString("stac_version");
  private static final SerializedString EXTENSIONS = new SerializedString("stac_extensions");
  private static final SerializedString ID = new SerializedString("id");
  private static final SerializedString COLLECTION = new SerializedString("collection");
  private static final SerializedString GEOMETRY = new SerializedString("geometry");
  private static final SerializedString BBOX = new SerializedString("bbox");
  private static final SerializedString PROPERTIES = new SerializedString("properties");
  private static final SerializedString DATETIME = new SerializedString("datetime");
  private static final SerializedString LINKS = new SerializedString("links");
  private static final SerializedString ASSETS = new SerializedString("assets");
  private static final SerializedString REL = new SerializedString("rel");
  private static final SerializedString HREF = new SerializedString("href");
  private static final SerializedString SELF = new SerializedString("self");
  private static final SerializedString PARENT = new SerializedString("parent");
  private static final SerializedString COLLECTION_REL = new SerializedString("collection");
  private static final SerializedString ROOT = new SerializedString("root");
  private static final SerializedString JSON_TYPE = new SerializedString(Links.JSON);
  private static final SerializedString GEOJSON_TYPE = new SerializedString(Links.GEOJSON);

  private final Links links;
  private final java.util.Map<String, String[]> hrefs = new java.util.HashMap<>();
  /** Scratch space for number text. */
  private final char[] numbers = new char[32];

  ItemWriter(Links links) {
    this.links = links;
  }

  /** Writes one item, reduced to {@code fields}. */
  void write(JsonGenerator g, Hit h, FieldSelection fields) throws IOException {
    if (h.target().layout().fromStac()) {
      ObjectNode item = stacItem(h);
      g.writeTree(fields.isAll() ? item : fields.apply(item));
    } else if (fields.isAll()) {
      writeGeneric(g, h);
    } else {
      g.writeTree(fields.apply(genericTree(h)));
    }
  }

  /** The item as a tree. */
  ObjectNode item(Hit h) throws IOException {
    if (h.target().layout().fromStac()) {
      return stacItem(h);
    }
    return genericTree(h);
  }

  private ObjectNode genericTree(Hit h) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(2048);
    try (JsonGenerator g = Json.FACTORY.createGenerator(buf)) {
      writeGeneric(g, h);
    }
    return (ObjectNode) Json.MAPPER.readTree(buf.toByteArray());
  }

  /** The item id a datapoint is served under. */
  static String itemId(Hit h) {
    ItemLayout l = h.target().layout();
    if (l.itemIdField >= 0 && RowCodec.decodeField(l.schema, h.rows(), h.offset(), h.length(), l.itemIdField) instanceof String s) {
      return s;
    }
    return h.uuid().toString();
  }

  private ObjectNode stacItem(Hit h) {
    StacTarget t = h.target();
    Object[] values = RowCodec.decode(t.layout().schema, h.rows(), h.offset(), h.length());
    ObjectNode item = StacItems.toItem(h.timeUs(), values, t.layout().schema, t.layout().mapping);
    item.put("collection", t.stacId());
    String id = item.path("id").asText();
    ArrayNode out = Json.MAPPER.createArrayNode();
    navigation(out, t.stacId(), id);
    JsonNode old = item.get("links");
    if (old != null && old.isArray()) {
      for (JsonNode l : old) {
        if (!NAVIGATION.contains(l.path("rel").asText())) {
          out.add(l);
        }
      }
    }
    item.set("links", out);
    if (!item.has("assets")) {
      item.putObject("assets");
    }
    return item;
  }

  private void navigation(ArrayNode out, String stacId, String itemId) {
    Links.add(out, "self", Links.GEOJSON, links.item(stacId, itemId));
    Links.add(out, "parent", Links.JSON, links.collection(stacId));
    Links.add(out, "collection", Links.JSON, links.collection(stacId));
    Links.add(out, "root", Links.JSON, links.root());
  }

  private void writeGeneric(JsonGenerator g, Hit h) throws IOException {
    StacTarget t = h.target();
    ItemLayout l = t.layout();
    String id = new UUID(h.hi(), h.lo()).toString();
    g.writeStartObject();
    g.writeFieldName(TYPE);
    g.writeString(FEATURE);
    g.writeFieldName(VERSION);
    g.writeString(STAC_VERSION);
    g.writeFieldName(EXTENSIONS);
    g.writeStartArray();
    g.writeEndArray();
    g.writeFieldName(ID);
    g.writeString(id);
    g.writeFieldName(COLLECTION);
    g.writeString(t.stacId());

    byte[] buf = h.rows();
    ByteSource in = new ByteSource(buf, h.offset(), h.length());
    int n = (int) Math.min(in.readVarint(), l.schema.size());
    int bitmapAt = in.position();
    in.skip((n + 7) >>> 3);
    int from = 0;
    if (l.footprint == 0 && n > 0 && (buf[bitmapAt] & 1) == 0) {
      int len = in.readLength();
      int at = in.position();
      in.skip(len);
      writeFootprint(g, buf, at, len);
      from = 1;
    } else {
      if (l.footprint == 0 && n > 0) {
        from = 1;
      }
      g.writeFieldName(GEOMETRY);
      g.writeNull();
    }
    char[] num = numbers;
    g.writeFieldName(PROPERTIES);
    g.writeStartObject();
    g.writeFieldName(DATETIME);
    g.writeString(Times.format(h.timeUs()));
    for (int i = from; i < n; i++) {
      if ((buf[bitmapAt + (i >>> 3)] & (1 << (i & 7))) != 0) {
        continue;
      }
      Field f = l.schema.field(i);
      SerializedString name = l.propertyName[i];
      if (name == null) {
        RowCodec.skip(f, in);
        continue;
      }
      g.writeFieldName(name);
      if (f.array()) {
        int count = in.readLength();
        g.writeStartArray();
        for (int k = 0; k < count; k++) {
          writeScalar(g, f.type(), in, buf, num);
        }
        g.writeEndArray();
      } else {
        writeScalar(g, f.type(), in, buf, num);
      }
    }
    g.writeEndObject();
    String[] hrefs = hrefs(t.stacId());
    g.writeFieldName(LINKS);
    g.writeStartArray();
    link(g, SELF, GEOJSON_TYPE, hrefs[0] + id);
    link(g, PARENT, JSON_TYPE, hrefs[1]);
    link(g, COLLECTION_REL, JSON_TYPE, hrefs[1]);
    link(g, ROOT, JSON_TYPE, hrefs[2]);
    g.writeEndArray();
    g.writeFieldName(ASSETS);
    g.writeStartObject();
    g.writeEndObject();
    g.writeEndObject();
  }

  /** The item href prefix, collection href and root href of a STAC collection, built once per writer. */
  private String[] hrefs(String stacId) {
    return hrefs.computeIfAbsent(stacId, c -> new String[] {links.items(c) + "/", links.collection(c), links.root()});
  }

  private static void link(JsonGenerator g, SerializedString rel, SerializedString type, String href) throws IOException {
    g.writeStartObject();
    g.writeFieldName(REL);
    g.writeString(rel);
    g.writeFieldName(TYPE);
    g.writeString(type);
    g.writeFieldName(HREF);
    g.writeString(href);
    g.writeEndObject();
  }

  /**
   * The footprint as {@code geometry} and {@code bbox}, written straight from its WKB. A footprint
   * Swath split at the antimeridian gets a bbox that crosses it, computed the slow way.
   */
  private static void writeFootprint(JsonGenerator g, byte[] buf, int at, int len) throws IOException {
    g.writeFieldName(GEOMETRY);
    if (!WkbGeoJson.supported(buf, at, len)) {
      Geometry geom = Geometries.fromWkb(java.util.Arrays.copyOfRange(buf, at, at + len));
      g.writeRawValue(Geometries.toGeoJson(geom));
      g.writeFieldName(BBOX);
      writeBbox(g, geom);
      return;
    }
    WkbGeoJson w = WkbGeoJson.write(g, buf, at);
    double[] e = w.env;
    if (e[0] > e[2]) {
      return; // empty: no bbox
    }
    g.writeFieldName(BBOX);
    if (e[2] - e[0] > 180 && w.type >= 4) {
      writeBbox(g, Geometries.fromWkb(java.util.Arrays.copyOfRange(buf, at, at + len)));
      return;
    }
    g.writeStartArray();
    g.writeNumber(e[0]);
    g.writeNumber(e[1]);
    g.writeNumber(e[2]);
    g.writeNumber(e[3]);
    g.writeEndArray();
  }

  /** The bbox of a footprint; one that Swath split at the antimeridian gets a box crossing it. */
  private static void writeBbox(JsonGenerator g, Geometry geom) throws IOException {
    Envelope e = geom.getEnvelopeInternal();
    double w = e.getMinX();
    double s = e.getMinY();
    double east = e.getMaxX();
    double nn = e.getMaxY();
    if (e.getWidth() > 180 && geom.getNumGeometries() > 1) {
      try {
        BoundingBox b = BoundingBox.ofGeometry(geom);
        w = b.west();
        s = b.south();
        east = b.east();
        nn = b.north();
      } catch (IllegalArgumentException offTheGlobe) {
        // a footprint stored before the storage rules were checked: its plain envelope will do
      }
    }
    g.writeStartArray();
    g.writeNumber(w);
    g.writeNumber(s);
    g.writeNumber(east);
    g.writeNumber(nn);
    g.writeEndArray();
  }

  /** Writes the value at the position of {@code in}, which reads {@code buf}. */
  private static void writeScalar(JsonGenerator g, FieldType t, ByteSource in, byte[] buf, char[] num) throws IOException {
    switch (t) {
      case STRING -> {
        int len = in.readLength();
        int at = in.position();
        in.skip(len);
        g.writeUTF8String(buf, at, len);
      }
      case JSON -> g.writeRawValue(in.readString());
      case INT64 -> g.writeNumber(in.readZigzag());
      case FLOAT64 -> {
        double d = in.readDouble();
        if (Double.isFinite(d)) {
          JsonNumbers.writeDouble(g, d, num);
        } else {
          g.writeNull(); // JSON has no NaN or infinity
        }
      }
      case BOOL -> g.writeBoolean(in.read() != 0);
      case TIMESTAMP -> g.writeString(Times.format(in.readZigzag()));
      case DURATION -> g.writeString(Duration.ofNanos(Math.multiplyExact(in.readZigzag(), 1000L)).toString());
      case BYTES -> g.writeString(Base64.getEncoder().encodeToString(in.readBytes()));
      case UUID -> g.writeString(new UUID(in.readLongBE(), in.readLongBE()).toString());
      case GEOMETRY -> g.writeRawValue(Geometries.toGeoJson(Geometries.fromWkb(in.readBytes())));
    }
  }
}
