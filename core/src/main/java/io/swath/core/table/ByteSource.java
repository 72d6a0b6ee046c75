package io.swath.core.table;

import java.nio.charset.StandardCharsets;

/** Reads the primitives of the row encoding from a byte array. Not thread-safe. */
public final class ByteSource {
  final byte[] buf;
  int pos;
  final int end;

  public ByteSource(byte[] buf, int offset, int length) {
    this.buf = buf;
    this.pos = offset;
    this.end = offset + length;
  }

  /** Current position. */
  public int position() {
    return pos;
  }

  /** Bytes left. */
  public int remaining() {
    return end - pos;
  }

  private void need(int n) {
    if (n < 0 || pos + n > end) {
      throw new IllegalArgumentException("encoded row is truncated: needs " + n + " more bytes at offset " + pos);
    }
  }

  public int read() {
    need(1);
    return buf[pos++] & 0xFF;
  }

  public long readVarint() {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      need(1);
      byte b = buf[pos++];
      result |= (long) (b & 0x7F) << shift;
      if (b >= 0) {
        return result;
      }
    }
    throw new IllegalArgumentException("encoded row has a malformed varint at offset " + pos);
  }

  public int readLength() {
    long v = readVarint();
    if (v < 0 || v > end - pos) {
      throw new IllegalArgumentException("encoded row has a length of " + v + " bytes at offset " + pos + " but only " + (end - pos) + " remain");
    }
    return (int) v;
  }

  public long readZigzag() {
    long v = readVarint();
    return (v >>> 1) ^ -(v & 1);
  }

  public long readLong() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v |= (buf[pos++] & 0xFFL) << (8 * i);
    }
    return v;
  }

  public long readLongBE() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buf[pos++] & 0xFFL);
    }
    return v;
  }

  public double readDouble() {
    return Double.longBitsToDouble(readLong());
  }

  public void skip(int n) {
    need(n);
    pos += n;
  }

  public byte[] readBytes() {
    int n = readLength();
    byte[] b = new byte[n];
    System.arraycopy(buf, pos, b, 0, n);
    pos += n;
    return b;
  }

  public String readString() {
    int n = readLength();
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }
}
