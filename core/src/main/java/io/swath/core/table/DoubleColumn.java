package io.swath.core.table;

import java.util.stream.DoubleStream;
import java.util.stream.IntStream;

/** A float64 column with unboxed access. */
public interface DoubleColumn extends Column {
  /** The value at {@code row}; NaN when null. */
  double getDouble(int row);

  /** The non-null values in row order. */
  default DoubleStream stream() {
    return IntStream.range(0, size()).filter(i -> !isNull(i)).mapToDouble(this::getDouble);
  }
}
