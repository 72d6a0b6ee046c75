package io.swath.core.table;

/** A string (or JSON text) column. Values are decoded on access. */
public interface StringColumn extends Column {
  @Override
  String get(int row);

  /**
   * Hands the UTF-8 bytes of the value at {@code row} to {@code sink} without decoding them (for
   * writers that store UTF-8, such as Parquet); returns false, calling nothing, when the value is null.
   */
  default boolean utf8(int row, ByteRange sink) {
    String s = get(row);
    if (s == null) {
      return false;
    }
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    sink.accept(b, 0, b.length);
    return true;
  }
}
