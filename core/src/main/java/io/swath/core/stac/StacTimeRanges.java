package io.swath.core.stac;

import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import io.swath.core.time.Times;
import java.time.Instant;

/**
 * The time ranges of STAC items stored as datapoints: an item with {@code start_datetime} and
 * {@code end_datetime} covers that whole range (both ends included), whatever its own
 * {@code datetime}; its datapoint time is its {@code datetime}, or {@code start_datetime} when
 * that is null.
 *
 * <p>A search for the times {@code [lo, hi)} matches an item whose datapoint time lies in them or
 * whose range meets them ({@code start < hi} and {@code end >= lo}). When no item of a collection
 * starts more than {@code before} microseconds before its datapoint time nor ends more than
 * {@code after} after it, every such item has its datapoint time in
 * {@code [lo - after, hi + before)}: {@link #window} is that range, which a time index can read.
 */
public final class StacTimeRanges {
  /** The STAC property that starts an item's range. */
  public static final String START = "start_datetime";
  /** The STAC property that ends an item's range. */
  public static final String END = "end_datetime";

  private StacTimeRanges() {}

  /**
   * The positions of the fields holding {@code start_datetime} and {@code end_datetime} in a
   * dataset of STAC items ({@code mapping} not null), when it has both as string or timestamp
   * fields; else null.
   */
  public static int[] fields(Schema schema, StacMapping mapping) {
    if (mapping == null) {
      return null;
    }
    int start = -1;
    int end = -1;
    for (int i = 0; i < schema.size(); i++) {
      Field f = schema.field(i);
      if (f.array() || f.type() != FieldType.STRING && f.type() != FieldType.TIMESTAMP || StacSchemas.TAKEN.contains(f.name())) {
        continue;
      }
      String p = mapping.propertyName(f.name());
      if (p.equals(START)) {
        start = i;
      } else if (p.equals(END)) {
        end = i;
      }
    }
    return start >= 0 && end >= 0 ? new int[] {start, end} : null;
  }

  /**
   * A stored {@code start_datetime} or {@code end_datetime} in microseconds since the epoch
   * (truncated below a microsecond, as datapoint times are): a timestamp, or an RFC 3339 text
   * with its offset; null when the value is absent or no such time.
   */
  public static Long micros(Object value) {
    Instant t = value instanceof Instant i ? i : value instanceof String s ? Times.rfc3339OrNull(s) : null;
    if (t == null) {
      return null;
    }
    try {
      return Times.micros(t);
    } catch (ArithmeticException outOfRange) {
      return null;
    }
  }

  /**
   * Whether an item with datapoint time {@code timeUs} and range {@code start}..{@code end}
   * (either null when the item has none) is in the times {@code [lo, hi)}.
   */
  public static boolean matches(long timeUs, Long start, Long end, long lo, long hi) {
    if (timeUs >= lo && timeUs < hi) {
      return true;
    }
    return start != null && end != null && start < hi && end >= lo;
  }

  /**
   * The datapoint times {@code [lo - after, hi + before)} that hold every item matching
   * {@code [lo, hi)} (see the class comment), saturating at the ends of a long; {@code lo} and
   * {@code hi} may be {@link Long#MIN_VALUE} and {@link Long#MAX_VALUE} for open ends.
   */
  public static long[] window(long lo, long hi, long before, long after) {
    long wlo = lo == Long.MIN_VALUE ? lo : saturatedAdd(lo, -Math.max(0, after));
    long whi = hi == Long.MAX_VALUE ? hi : saturatedAdd(hi, Math.max(0, before));
    return new long[] {wlo, whi};
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return b < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }
}
