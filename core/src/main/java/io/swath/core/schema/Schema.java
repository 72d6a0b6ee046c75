package io.swath.core.schema;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The ordered user fields of a dataset. Every datapoint also has {@code time}, {@code id} and
 * {@code ingestion_time}, which are not listed here. Spatio-temporal datasets have a
 * {@code geometry} field first.
 */
public final class Schema {
  private final List<Field> fields;
  private final Map<String, Integer> index;

  private Schema(List<Field> fields) {
    this.fields = List.copyOf(fields);
    Map<String, Integer> idx = new HashMap<>();
    for (int i = 0; i < this.fields.size(); i++) {
      if (idx.put(this.fields.get(i).name(), i) != null) {
        throw new IllegalArgumentException("field '" + this.fields.get(i).name() + "' appears twice in the schema");
      }
    }
    this.index = Collections.unmodifiableMap(idx);
  }

  /** A schema of the given fields, in order. */
  public static Schema of(List<Field> fields) {
    return new Schema(fields);
  }

  /** A schema of the given fields, in order. */
  public static Schema of(Field... fields) {
    return new Schema(List.of(fields));
  }

  /**
   * The schema a dataset of {@code kind} stores: for spatio-temporal datasets a {@code geometry}
   * field is put first unless the user fields already start with it.
   */
  public static Schema forKind(DatasetKind kind, List<Field> userFields) {
    io.swath.core.rules.StorageRules.checkSchema(userFields);
    if (kind != DatasetKind.SPATIOTEMPORAL) {
      return new Schema(userFields);
    }
    for (int i = 0; i < userFields.size(); i++) {
      Field f = userFields.get(i);
      if (f.name().equals("geometry")) {
        if (i != 0 || f.type() != FieldType.GEOMETRY || f.array()) {
          throw new IllegalArgumentException("in a spatio-temporal dataset 'geometry' is the footprint: it must be the first field, of type geometry");
        }
        return new Schema(userFields);
      }
    }
    List<Field> all = new ArrayList<>(userFields.size() + 1);
    all.add(new Field("geometry", FieldType.GEOMETRY, false, "footprint (WGS84)"));
    all.addAll(userFields);
    return new Schema(all);
  }

  /** The fields, in storage order. */
  public List<Field> fields() {
    return fields;
  }

  /** Number of fields. */
  public int size() {
    return fields.size();
  }

  /** The field at a position. */
  public Field field(int i) {
    return fields.get(i);
  }

  /** Position of a field, or -1. */
  public int indexOf(String name) {
    Integer i = index.get(name);
    return i == null ? -1 : i;
  }

  /** The field with that name, if any. */
  public Optional<Field> find(String name) {
    int i = indexOf(name);
    return i < 0 ? Optional.empty() : Optional.of(fields.get(i));
  }

  /**
   * The positions of the int64 fields (or int64 arrays) that are float64 (or float64 arrays) in
   * {@code next}, under the same name: numeric fields that widen. Stored values of such a field
   * must be rewritten as doubles (see {@link #incompatibility}).
   */
  public List<Integer> widenings(Schema next) {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < Math.min(fields.size(), next.size()); i++) {
      Field old = fields.get(i);
      Field neu = next.field(i);
      if (old.name().equals(neu.name()) && old.type() == FieldType.INT64 && neu.type() == FieldType.FLOAT64
          && old.array() == neu.array()) {
        out.add(i);
      }
    }
    return out;
  }

  /**
   * Checks that data written with this schema stays readable with {@code next}: fields may be
   * appended, descriptions changed and int64 fields widened to float64 ({@link #widenings}, whose
   * stored values the store rewrites); removing, renaming, reordering or other retyping of a
   * field is refused.
   *
   * @return null when compatible, else a message that says what would break
   */
  public String incompatibility(Schema next) {
    for (int i = 0; i < fields.size(); i++) {
      Field old = fields.get(i);
      if (i >= next.size()) {
        return "field '" + old.name() + "' would be removed; stored datapoints have values for it";
      }
      Field neu = next.field(i);
      if (!old.name().equals(neu.name())) {
        int at = next.indexOf(old.name());
        return at < 0
            ? "field '" + old.name() + "' would be removed or renamed to '" + neu.name() + "'; stored datapoints have values for it"
            : "field '" + old.name() + "' would move from position " + i + " to " + at + "; fields can only be appended";
      }
      boolean widens = old.type() == FieldType.INT64 && neu.type() == FieldType.FLOAT64 && old.array() == neu.array();
      if (!widens && (old.type() != neu.type() || old.array() != neu.array())) {
        return "field '" + old.name() + "' would change type from " + old.typeLabel() + " to " + neu.typeLabel()
            + "; stored datapoints hold " + old.typeLabel() + " values";
      }
    }
    return null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Schema s && s.fields.equals(fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  @Override
  public String toString() {
    return fields.toString();
  }
}
