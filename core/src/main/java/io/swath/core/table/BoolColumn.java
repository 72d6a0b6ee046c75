package io.swath.core.table;

/** A bool column with unboxed access. */
public interface BoolColumn extends Column {
  /** The value at {@code row}; false when null. */
  boolean getBool(int row);
}
