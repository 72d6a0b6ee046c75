package io.swath.server.catalog;

import io.swath.core.id.DatapointId;
import java.util.List;

/**
 * A validated query, ready to run.
 *
 * @param dataset     the dataset
 * @param collections the collections to read, at least one
 * @param loUs        inclusive lower time bound (microseconds), {@code Long.MIN_VALUE} = open
 * @param hiUs        exclusive upper time bound, {@code Long.MAX_VALUE} = open
 * @param boxes       bounding boxes (west, south, east, north; none crossing the antimeridian) a
 *                    footprint's box must overlap, or null for no spatial filter
 * @param exact       the exact test run on rows that pass the prefilter, or null
 * @param skipData    send ids and times only
 * @param pageSize    datapoints per page
 * @param after       exclusive lower id bound (resume), or null
 * @param before      exclusive upper id bound (shards), or null
 * @param limit       maximum datapoints, 0 = all
 * @param descending  stream in descending id (= time) order instead of ascending
 * @param ids         only datapoints with one of these ids, or null for any
 * @param exactFields the positions of the schema fields {@code exact} reads, ascending, so a row
 *                    source decodes only these (empty: it reads only time, id, ingestion time and
 *                    collection, so the payload is not read for it); null when not known
 * @param sureBoxes   boxes (none crossing the antimeridian) such that a datapoint whose footprint
 *                    box lies within one of them passes {@code exact} without running it, which is
 *                    then a test of the footprint alone; null when there are none
 * @param fieldFilter a SQL condition every row {@code exact} accepts meets, evaluated by PostgreSQL
 *                    before rows are sent (see {@link FieldFilterSql}); when it
 *                    {@link FieldFilterSql.Prefilter#decides() decides}, {@code exact} is the
 *                    filter's test alone, and a count need not run it on rows with field values;
 *                    null when there is none
 */
public record QuerySpec(DatasetRecord dataset, List<CollectionRecord> collections, long loUs, long hiUs, List<double[]> boxes,
                        RowPredicate exact, boolean skipData, int pageSize, DatapointId after, DatapointId before, long limit,
                        boolean descending, List<DatapointId> ids, int[] exactFields, List<double[]> sureBoxes,
                        FieldFilterSql.Prefilter fieldFilter) {
  /** A query whose exact test reads fields not known in advance and has no boxes it is sure of. */
  public QuerySpec(DatasetRecord dataset, List<CollectionRecord> collections, long loUs, long hiUs, List<double[]> boxes,
                   RowPredicate exact, boolean skipData, int pageSize, DatapointId after, DatapointId before, long limit,
                   boolean descending, List<DatapointId> ids) {
    this(dataset, collections, loUs, hiUs, boxes, exact, skipData, pageSize, after, before, limit, descending, ids, null, null,
        null);
  }

  /** A query in ascending id order over any ids. */
  public QuerySpec(DatasetRecord dataset, List<CollectionRecord> collections, long loUs, long hiUs, List<double[]> boxes,
                   RowPredicate exact, boolean skipData, int pageSize, DatapointId after, DatapointId before, long limit) {
    this(dataset, collections, loUs, hiUs, boxes, exact, skipData, pageSize, after, before, limit, false, null);
  }
}
