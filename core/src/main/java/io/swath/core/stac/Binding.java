package io.swath.core.stac;

import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import java.util.HashMap;
import java.util.Map;

/**
 * A schema and mapping resolved for conversion: where each fixed STAC member is stored and which
 * field holds each property. Immutable.
 */
final class Binding {
  final Schema schema;
  final StacMapping mapping;
  final int geometry;
  final int id;
  final int collection;
  final int version;
  final int extensions;
  final int bbox;
  final int assets;
  final int links;
  final int datetime;
  final int extra;
  /** Per field: the property it holds, or null for the fixed fields. */
  final String[] propertyOf;
  /** Per field: the timestamp format of timestamp fields. */
  final TimestampFormat[] formats;
  private final Map<String, Integer> fieldOfProperty;

  private static volatile Binding last;

  static Binding of(Schema schema, StacMapping mapping) {
    Binding b = last;
    if (b != null && b.schema == schema && b.mapping == mapping) {
      return b;
    }
    b = new Binding(schema, mapping);
    last = b;
    return b;
  }

  private Binding(Schema schema, StacMapping mapping) {
    this.schema = schema;
    this.mapping = mapping;
    geometry = fixed(StacSchemas.GEOMETRY, FieldType.GEOMETRY, false, false);
    id = fixed(StacSchemas.STAC_ID, FieldType.STRING, false, false);
    collection = fixed(StacSchemas.STAC_COLLECTION, FieldType.STRING, false, true);
    version = fixed(StacSchemas.STAC_VERSION, FieldType.STRING, false, true);
    extensions = fixed(StacSchemas.STAC_EXTENSIONS, FieldType.STRING, true, true);
    bbox = fixed(StacSchemas.BBOX, FieldType.FLOAT64, true, true);
    assets = fixed(StacSchemas.ASSETS, FieldType.JSON, false, false);
    links = fixed(StacSchemas.LINKS, FieldType.JSON, false, false);
    datetime = fixed(StacSchemas.STAC_DATETIME, FieldType.STRING, false, false);
    extra = fixed(StacSchemas.STAC_EXTRA, FieldType.JSON, false, false);
    if (id < 0) {
      throw new IllegalArgumentException("the schema has no field '" + StacSchemas.STAC_ID + "' for the STAC item id");
    }
    int n = schema.size();
    propertyOf = new String[n];
    formats = new TimestampFormat[n];
    fieldOfProperty = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      Field f = schema.field(i);
      if (isFixed(i)) {
        continue;
      }
      String p = mapping.propertyName(f.name());
      Integer before = fieldOfProperty.put(p, i);
      if (before != null) {
        throw new IllegalArgumentException("fields '" + schema.field(before).name() + "' and '" + f.name()
            + "' both map to STAC property '" + p + "'");
      }
      if (p.equals("datetime")) {
        throw new IllegalArgumentException("field '" + f.name() + "' maps to STAC property 'datetime', which is the datapoint time");
      }
      propertyOf[i] = p;
      formats[i] = mapping.timestampFormat(f.name());
    }
  }

  private int fixed(String name, FieldType type, boolean array, boolean jsonAllowed) {
    int i = schema.indexOf(name);
    if (i < 0) {
      return -1;
    }
    Field f = schema.field(i);
    boolean ok = f.type() == type && f.array() == array || jsonAllowed && f.type() == FieldType.JSON && !f.array();
    if (!ok) {
      throw new IllegalArgumentException("schema field '" + name + "' is " + f.typeLabel() + "; to hold STAC items it must be "
          + type.label() + (array ? "[]" : "") + (jsonAllowed ? " or json" : ""));
    }
    return i;
  }

  boolean isFixed(int i) {
    return i == geometry || i == id || i == collection || i == version || i == extensions || i == bbox
        || i == assets || i == links || i == datetime || i == extra;
  }

  /** The field holding {@code property}, or -1. */
  int fieldOf(String property) {
    Integer i = fieldOfProperty.get(property);
    return i == null ? -1 : i;
  }
}
