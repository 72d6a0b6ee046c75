package io.swath.client;

import io.swath.core.id.DatapointId;
import java.util.List;

/**
 * What an ingest did. Ingest is idempotent: datapoints already stored (same time and content)
 * are counted as existing, not stored again.
 *
 * @param created  datapoints newly stored
 * @param existing datapoints that were already stored
 * @param ids      the id of every datapoint, in input order
 */
public record IngestResult(long created, long existing, List<DatapointId> ids) {
  /** Sum of two results (for batches). */
  public IngestResult plus(IngestResult o) {
    List<DatapointId> all = new java.util.ArrayList<>(ids.size() + o.ids.size());
    all.addAll(ids);
    all.addAll(o.ids);
    return new IngestResult(created + o.created, existing + o.existing, List.copyOf(all));
  }

  @Override
  public String toString() {
    return "IngestResult[created=" + created + ", existing=" + existing + "]";
  }
}
