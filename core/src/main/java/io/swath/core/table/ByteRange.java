package io.swath.core.table;

/**
 * Receives a value's encoded bytes in place, without a copy: {@code buf[off, off + len)}. The
 * bytes belong to the table and never change; a receiver must not modify them.
 */
@FunctionalInterface
public interface ByteRange {
  /** The value's bytes are {@code buf[off, off + len)}. */
  void accept(byte[] buf, int off, int len);
}
