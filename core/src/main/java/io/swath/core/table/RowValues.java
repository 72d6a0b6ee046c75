package io.swath.core.table;

import io.swath.core.time.Times;
import java.time.Instant;
import java.util.Arrays;

/**
 * A datapoint given positionally: its time and one value per schema field, in schema order
 * (null = absent). The fastest form to ingest when values are produced in bulk, and the form in
 * which STAC items and generated catalogs hand over their datapoints. The array is not copied.
 * Two are equal when their times and values are (arrays compared by content).
 *
 * @param timeMicros datapoint time, microseconds since the epoch (UTC)
 * @param values     one value per schema field
 */
public record RowValues(long timeMicros, Object[] values) {
  /** The datapoint time as an instant. */
  public Instant time() {
    return Times.fromMicros(timeMicros);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RowValues r && r.timeMicros == timeMicros && Arrays.deepEquals(r.values, values);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(timeMicros) * 31 + Arrays.deepHashCode(values);
  }

  @Override
  public String toString() {
    return "RowValues[" + time() + ", " + Arrays.deepToString(values) + "]";
  }
}
