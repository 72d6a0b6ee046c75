package io.swath.core.table;

import java.util.stream.IntStream;
import java.util.stream.LongStream;

/** An int64 column (also timestamps and durations, as microseconds) with unboxed access. */
public interface LongColumn extends Column {
  /** The value at {@code row}; 0 when null. Timestamps and durations are microseconds. */
  long getLong(int row);

  /** The non-null values in row order. */
  default LongStream stream() {
    return IntStream.range(0, size()).filter(i -> !isNull(i)).mapToLong(this::getLong);
  }
}
