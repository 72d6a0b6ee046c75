package io.swath.client;

import io.swath.api.v1.Collection;
import io.swath.api.v1.DatapointPage;
import io.swath.api.v1.Dataset;
import io.swath.api.v1.DatasetKind;
import io.swath.api.v1.FieldType;
import io.swath.core.schema.Field;
import io.swath.core.schema.Schema;
import io.swath.core.stac.StacMapping;
import io.swath.core.table.DatapointTable;
import io.swath.core.time.Times;
import java.util.ArrayList;
import java.util.List;

/** The one place where wire messages and SDK types are converted. */
final class Codec {
  private Codec() {}

  static DatasetInfo dataset(Dataset d) {
    List<Field> fields = new ArrayList<>(d.getFieldsCount());
    for (io.swath.api.v1.Field f : d.getFieldsList()) {
      fields.add(new Field(f.getName(), io.swath.core.schema.FieldType.values()[f.getTypeValue() - 1], f.getArray(), f.getDescription()));
    }
    var kind = d.getKind() == DatasetKind.DATASET_KIND_SPATIOTEMPORAL ? io.swath.core.schema.DatasetKind.SPATIOTEMPORAL
        : io.swath.core.schema.DatasetKind.TEMPORAL;
    return new DatasetInfo(d.getSlug(), kind, d.getDescription(), Schema.of(fields), Times.fromMicros(d.getCreatedAtUs()),
        Times.fromMicros(d.getUpdatedAtUs()), d.getStacMapping().isEmpty() ? null : StacMapping.fromJson(d.getStacMapping()));
  }

  static Dataset dataset(DatasetSpec s) {
    Dataset.Builder b = Dataset.newBuilder().setSlug(s.slug()).setDescription(s.description())
        .setKind(s.kind() == io.swath.core.schema.DatasetKind.SPATIOTEMPORAL ? DatasetKind.DATASET_KIND_SPATIOTEMPORAL
            : DatasetKind.DATASET_KIND_TEMPORAL);
    if (s.stacMapping() != null) {
      b.setStacMapping(s.stacMapping().toJson());
    }
    for (Field f : s.fields()) {
      b.addFields(io.swath.api.v1.Field.newBuilder().setName(f.name()).setType(FieldType.forNumber(f.type().ordinal() + 1))
          .setArray(f.array()).setDescription(f.description()));
    }
    return b.build();
  }

  static CollectionInfo collection(Collection c) {
    return new CollectionInfo(c.getDatasetSlug(), c.getName(), c.getDescription(), c.getCount(),
        c.hasFirstTimeUs() ? Times.fromMicros(c.getFirstTimeUs()) : null, c.hasLastTimeUs() ? Times.fromMicros(c.getLastTimeUs()) : null,
        c.getStacId());
  }

  /** Decodes a page into the table under construction. */
  static void addPage(DatapointTable.Builder b, DatapointPage p) {
    int n = p.getTimeUsCount();
    long[] times = new long[n];
    long[] ingest = new long[n];
    for (int i = 0; i < n; i++) {
      times[i] = p.getTimeUs(i);
      ingest[i] = p.getIngestionTimeUs(i);
    }
    byte[] rows = null;
    int[] lengths = null;
    if (p.getRowLengthsCount() == n && n > 0 && !p.getRows().isEmpty()) {
      rows = p.getRows().toByteArray();
      lengths = new int[n];
      for (int i = 0; i < n; i++) {
        lengths[i] = p.getRowLengths(i);
      }
    }
    int[] coll = null;
    if (p.getCollectionIndexCount() == n && n > 0) {
      coll = new int[n];
      for (int i = 0; i < n; i++) {
        coll[i] = p.getCollectionIndex(i);
      }
    }
    b.addPage(p.getIds().toByteArray(), times, ingest, rows, lengths, p.getCollectionsList(), coll);
  }
}
