package io.swath.core.filter;

import io.swath.core.time.Times;

/**
 * A half-open range of datapoint times, {@code [startMicros, endMicros)} in microseconds since the
 * epoch, that every row matching a filter lies in: a bound for an index scan. A null end is
 * unbounded. When {@link #isEmpty()} no row can match.
 *
 * @param startMicros the first possible time (inclusive), or null
 * @param endMicros   the first time after the range (exclusive), or null
 */
public record TimeRange(Long startMicros, Long endMicros) {
  /** The range of all times. */
  public static final TimeRange ALL = new TimeRange(null, null);

  /** Whether no time lies in the range. */
  public boolean isEmpty() {
    return startMicros != null && endMicros != null && startMicros >= endMicros;
  }

  /** Whether {@code micros} lies in the range. */
  public boolean contains(long micros) {
    return (startMicros == null || micros >= startMicros) && (endMicros == null || micros < endMicros);
  }

  /** The times in both ranges. */
  public TimeRange intersect(TimeRange o) {
    Long s = startMicros == null ? o.startMicros
        : o.startMicros == null ? startMicros : Long.valueOf(Math.max(startMicros, o.startMicros));
    Long e = endMicros == null ? o.endMicros
        : o.endMicros == null ? endMicros : Long.valueOf(Math.min(endMicros, o.endMicros));
    return new TimeRange(s, e);
  }

  @Override
  public String toString() {
    return "[" + (startMicros == null ? ".." : Times.fromMicros(startMicros).toString()) + ", "
        + (endMicros == null ? ".." : Times.fromMicros(endMicros).toString()) + ")";
  }
}
