package io.swath.client;

import io.swath.core.schema.DatasetKind;
import io.swath.core.schema.DatasetSlug;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.stac.StacMapping;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The definition of a dataset to create or update.
 *
 * <pre>{@code
 * DatasetSpec spec = DatasetSpec.builder("open_data.usgs.landsat8_oli_tirs")
 *     .spatioTemporal()
 *     .description("Landsat 8 scenes")
 *     .field("cloud_cover", FieldType.FLOAT64)
 *     .arrayField("instruments", FieldType.STRING)
 *     .build();
 * }</pre>
 *
 * @param slug        {@code group.sub.name}
 * @param kind        temporal or spatio-temporal
 * @param description free text
 * @param fields      user fields in order ({@code geometry} is added first for spatio-temporal datasets)
 * @param stacMapping for a dataset that holds STAC items (schema from {@link io.swath.core.stac.StacSchemas#infer}), the
 *                    mapping that turns its datapoints back into the same items; null otherwise (on update: keep the stored one)
 */
public record DatasetSpec(String slug, DatasetKind kind, String description, List<Field> fields, StacMapping stacMapping) {
  /**
   * Checks the spec against the rules the server applies.
   *
   * @throws io.swath.core.error.InvalidArgumentException for a bad slug, description or schema
   */
  public DatasetSpec {
    Objects.requireNonNull(kind, "kind");
    description = description == null ? "" : description;
    fields = List.copyOf(fields);
    try {
      DatasetSlug.of(slug);
      io.swath.core.rules.StorageRules.checkDescription("dataset '" + slug + "'", description);
      io.swath.core.schema.Schema.forKind(kind, fields); // validates names, duplicates and the field count
    } catch (IllegalArgumentException e) {
      throw new io.swath.core.error.InvalidArgumentException(e.getMessage(), e);
    }
  }

  /** A spec of a dataset that does not hold STAC items. */
  public DatasetSpec(String slug, DatasetKind kind, String description, List<Field> fields) {
    this(slug, kind, description, fields, null);
  }

  /** Starts a spec for {@code slug}, temporal by default. */
  public static Builder builder(String slug) {
    return new Builder(slug);
  }

  /** A builder seeded with this spec, e.g. to append a field. */
  public Builder toBuilder() {
    Builder b = new Builder(slug).kind(kind).description(description).stacMapping(stacMapping);
    b.fields.addAll(fields);
    return b;
  }

  /** Builds a {@link DatasetSpec}. */
  public static final class Builder {
    private final String slug;
    private DatasetKind kind = DatasetKind.TEMPORAL;
    private String description = "";
    private final List<Field> fields = new ArrayList<>();
    private StacMapping stacMapping;

    private Builder(String slug) {
      this.slug = slug;
    }

    /** Sets the kind. */
    public Builder kind(DatasetKind kind) {
      this.kind = kind;
      return this;
    }

    /** Datapoints carry a footprint ({@code geometry}). */
    public Builder spatioTemporal() {
      return kind(DatasetKind.SPATIOTEMPORAL);
    }

    /** Sets the description. */
    public Builder description(String d) {
      this.description = d;
      return this;
    }

    /**
     * Marks the dataset as holding STAC items: the mapping (from {@link io.swath.core.stac.StacSchemas#infer}) is stored
     * with it, so the server's STAC API serves its datapoints as exactly the items they came from.
     */
    public Builder stacMapping(StacMapping mapping) {
      this.stacMapping = mapping;
      return this;
    }

    /** Appends a field. */
    public Builder field(Field f) {
      fields.add(f);
      return this;
    }

    /** Appends a scalar field. */
    public Builder field(String name, FieldType type) {
      return field(Field.of(name, type));
    }

    /** Appends a scalar field with a description. */
    public Builder field(String name, FieldType type, String description) {
      return field(new Field(name, type, false, description));
    }

    /** Appends an array field. */
    public Builder arrayField(String name, FieldType type) {
      return field(Field.arrayOf(name, type));
    }

    /** Appends several fields. */
    public Builder fields(List<Field> fs) {
      fields.addAll(fs);
      return this;
    }

    /** The spec; validates slug and field names. */
    public DatasetSpec build() {
      return new DatasetSpec(slug, kind, description, fields, stacMapping);
    }
  }
}
