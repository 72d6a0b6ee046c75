package io.swath.server.catalog;

import io.swath.core.stac.StacTimeRanges;
import java.sql.SQLException;
import java.util.List;

/**
 * A time search over a dataset of STAC items with {@code start_datetime}/{@code end_datetime}:
 * the datapoint times to read (an index range, widened by how far the collections' ranges reach,
 * see {@link StacTimeRanges}) and the exact test of each item read.
 *
 * @param lo    first datapoint time to read (microseconds), {@link Long#MIN_VALUE} when open
 * @param hi    first datapoint time not to read, {@link Long#MAX_VALUE} when open
 * @param exact whether an item read matches the times searched
 */
public record TimeRangeMatch(long lo, long hi, RowPredicate exact) {
  /**
   * The match of times {@code [lo, hi)} in {@code collections} of {@code d}, or null when the
   * dataset's items have no time ranges (then the datapoint time alone decides). Reads the
   * collections' current reach: one small query.
   */
  public static TimeRangeMatch of(DatapointStore store, DatasetRecord d, List<CollectionRecord> collections, long lo, long hi)
      throws SQLException {
    int[] f = d.fromStac() ? StacTimeRanges.fields(d.schema(), d.stacMapping()) : null;
    if (f == null) {
      return null;
    }
    long[] spread = store.timeRangeSpread(collections.stream().map(CollectionRecord::id).toList());
    long[] w = spread == null ? new long[] {Long.MIN_VALUE, Long.MAX_VALUE} : StacTimeRanges.window(lo, hi, spread[0], spread[1]);
    int start = f[0];
    int end = f[1];
    return new TimeRangeMatch(w[0], w[1], row -> StacTimeRanges.matches(row.timeMicros(), StacTimeRanges.micros(row.value(start)),
        StacTimeRanges.micros(row.value(end)), lo, hi));
  }
}
