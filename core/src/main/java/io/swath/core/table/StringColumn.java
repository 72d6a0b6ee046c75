package io.swath.core.table;

/** A string (or JSON text) column. Values are decoded on access. */
public interface StringColumn extends Column {
  @Override
  String get(int row);
}
