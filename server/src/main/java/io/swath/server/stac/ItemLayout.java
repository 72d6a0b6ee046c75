package io.swath.server.stac;

import com.fasterxml.jackson.core.io.SerializedString;
import io.swath.core.schema.DatasetKind;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import io.swath.core.stac.StacMapping;
import io.swath.core.stac.StacSchemas;
import io.swath.server.catalog.DatasetRecord;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * How the datapoints of one dataset become STAC Items: which field is the footprint, which holds
 * the item id, and the STAC property name of every other field.
 *
 * <p>A dataset made from STAC items (it has a {@link StacMapping}) keeps its items' fixed members
 * in the fields {@link StacSchemas} names and every property under its original name. Any other
 * dataset maps its time to {@code datetime}, its footprint to {@code geometry} and {@code bbox},
 * its datapoint id to the item id, and every other field to the property of the same name (a field
 * called {@code datetime} becomes {@code swath:datetime}, since {@code datetime} is the time).
 */
final class ItemLayout {
  private static final Set<String> STAC_FIXED = Set.of(StacSchemas.GEOMETRY, StacSchemas.STAC_ID, StacSchemas.STAC_COLLECTION,
      StacSchemas.STAC_VERSION, StacSchemas.STAC_EXTENSIONS, StacSchemas.BBOX, StacSchemas.ASSETS, StacSchemas.LINKS,
      StacSchemas.STAC_DATETIME, StacSchemas.STAC_EXTRA);

  final Schema schema;
  final StacMapping mapping;
  /** Position of the footprint field, or -1 for temporal datasets. */
  final int footprint;
  /** Position of the field holding the STAC item id, or -1 when the datapoint id is the item id. */
  final int itemIdField;
  /** Per field: its STAC property name, or null when the field is no property. */
  final String[] propertyOf;
  /** Per field: its property name ready for a JSON generator. */
  final SerializedString[] propertyName;
  /** STAC property name to field position. */
  final Map<String, Integer> fieldOfProperty;
  /** The fields of {@code start_datetime} and {@code end_datetime} when the items have time ranges, else null. */
  final int[] timeRangeFields;

  ItemLayout(DatasetRecord d) {
    this.schema = d.schema();
    this.mapping = d.stacMapping();
    int n = schema.size();
    boolean spatial = d.kind() == DatasetKind.SPATIOTEMPORAL && n > 0 && schema.field(0).name().equals(StacSchemas.GEOMETRY)
        && schema.field(0).type() == FieldType.GEOMETRY && !schema.field(0).array();
    footprint = spatial ? 0 : -1;
    itemIdField = mapping == null ? -1 : schema.indexOf(StacSchemas.STAC_ID);
    propertyOf = new String[n];
    propertyName = new SerializedString[n];
    Map<String, Integer> byProperty = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      Field f = schema.field(i);
      String p;
      if (i == footprint) {
        p = null;
      } else if (mapping != null) {
        p = STAC_FIXED.contains(f.name()) ? null : mapping.propertyName(f.name());
      } else {
        p = f.name().equals("datetime") ? "swath:datetime" : f.name();
      }
      if (p != null && byProperty.putIfAbsent(p, i) == null) {
        propertyOf[i] = p;
        propertyName[i] = new SerializedString(p);
      }
    }
    fieldOfProperty = Collections.unmodifiableMap(byProperty);
    timeRangeFields = io.swath.core.stac.StacTimeRanges.fields(schema, mapping);
  }

  boolean fromStac() {
    return mapping != null;
  }

  /** The field holding STAC property {@code property}, or -1. */
  int field(String property) {
    Integer i = fieldOfProperty.get(property);
    return i == null ? -1 : i;
  }
}
