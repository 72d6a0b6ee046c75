package io.swath.core.stac;

import io.swath.core.time.Times;
import java.time.Instant;
import java.util.Arrays;

/**
 * A STAC item as a datapoint: its time and its field values in schema order, ready for
 * {@link io.swath.core.table.RowCodec#encode}. The array is the caller's to keep; it is not copied.
 *
 * @param timeUs microseconds since the epoch: the item's {@code datetime}, or its
 *               {@code start_datetime} when {@code datetime} is null
 * @param values one value per schema field, null where the item has none
 */
public record StacDatapoint(long timeUs, Object[] values) {
  /** The datapoint time as an instant. */
  public Instant time() {
    return Times.fromMicros(timeUs);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StacDatapoint d && d.timeUs == timeUs && Arrays.deepEquals(d.values, values);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(timeUs) * 31 + Arrays.deepHashCode(values);
  }

  @Override
  public String toString() {
    return "StacDatapoint[" + time() + ", " + Arrays.deepToString(values) + "]";
  }
}
