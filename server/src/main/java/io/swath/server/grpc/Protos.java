package io.swath.server.grpc;

import io.swath.api.v1.Collection;
import io.swath.api.v1.Dataset;
import io.swath.api.v1.DatasetKind;
import io.swath.api.v1.Field;
import io.swath.api.v1.FieldType;
import io.swath.server.catalog.CollectionRecord;
import io.swath.server.catalog.DatasetRecord;
import java.util.ArrayList;
import java.util.List;

/** The one place where server records and wire messages are converted. */
final class Protos {
  private Protos() {}

  static Dataset dataset(DatasetRecord d) {
    Dataset.Builder b = Dataset.newBuilder().setId(Long.toString(d.id())).setSlug(d.slug()).setKind(kind(d.kind()))
        .setDescription(d.description()).setCreatedAtUs(d.createdUs()).setUpdatedAtUs(d.updatedUs());
    if (d.stacMapping() != null) {
      b.setStacMapping(d.stacMapping().toJson());
    }
    for (io.swath.core.schema.Field f : d.schema().fields()) {
      b.addFields(Field.newBuilder().setName(f.name()).setType(FieldType.forNumber(f.type().ordinal() + 1)).setArray(f.array())
          .setDescription(f.description()));
    }
    return b.build();
  }

  static DatasetKind kind(io.swath.core.schema.DatasetKind k) {
    return k == io.swath.core.schema.DatasetKind.SPATIOTEMPORAL ? DatasetKind.DATASET_KIND_SPATIOTEMPORAL : DatasetKind.DATASET_KIND_TEMPORAL;
  }

  static io.swath.core.schema.DatasetKind kind(DatasetKind k) {
    return switch (k) {
      case DATASET_KIND_SPATIOTEMPORAL -> io.swath.core.schema.DatasetKind.SPATIOTEMPORAL;
      case DATASET_KIND_TEMPORAL -> io.swath.core.schema.DatasetKind.TEMPORAL;
      default -> throw new IllegalArgumentException("dataset kind is missing: use temporal or spatiotemporal");
    };
  }

  /** The STAC mapping of a dataset message, or null when it has none. */
  static io.swath.core.stac.StacMapping stacMapping(Dataset d) {
    return d.getStacMapping().isEmpty() ? null : io.swath.core.stac.StacMapping.fromJson(d.getStacMapping());
  }

  static List<io.swath.core.schema.Field> fields(List<Field> in) {
    List<io.swath.core.schema.Field> out = new ArrayList<>(in.size());
    for (Field f : in) {
      if (f.getType() == FieldType.FIELD_TYPE_UNSPECIFIED || f.getType() == FieldType.UNRECOGNIZED) {
        throw new IllegalArgumentException("field '" + f.getName() + "' has no type");
      }
      out.add(new io.swath.core.schema.Field(f.getName(), io.swath.core.schema.FieldType.values()[f.getTypeValue() - 1],
          f.getArray(), f.getDescription()));
    }
    return out;
  }

  static Collection collection(CollectionRecord c) {
    Collection.Builder b = Collection.newBuilder().setDatasetSlug(c.datasetSlug()).setName(c.name()).setDescription(c.description())
        .setCount(c.count()).setStacId(c.stacId());
    if (c.firstTimeUs() != null) {
      b.setFirstTimeUs(c.firstTimeUs()).setLastTimeUs(c.lastTimeUs());
    }
    return b.build();
  }
}
