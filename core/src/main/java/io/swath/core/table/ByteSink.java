package io.swath.core.table;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer with the primitive writers of the row encoding. Not thread-safe. */
public final class ByteSink {
  private byte[] buf;
  private int size;

  public ByteSink(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  /** Bytes written so far. */
  public int size() {
    return size;
  }

  /** Forgets the content, keeps the capacity. */
  public void reset() {
    size = 0;
  }

  /** The internal array; valid up to {@link #size()}. */
  public byte[] array() {
    return buf;
  }

  /** A copy of the content. */
  public byte[] toByteArray() {
    return Arrays.copyOf(buf, size);
  }

  private void ensure(int extra) {
    if (size + extra > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + extra));
    }
  }

  /** Makes room for {@code n} bytes, counts them as written, and returns where they start in {@link #array()}. */
  public int reserve(int n) {
    ensure(n);
    int at = size;
    size += n;
    return at;
  }

  public void write(int b) {
    ensure(1);
    buf[size++] = (byte) b;
  }

  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, buf, size, len);
    size += len;
  }

  public void writeVarint(long v) {
    ensure(10);
    while ((v & ~0x7FL) != 0) {
      buf[size++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    buf[size++] = (byte) v;
  }

  public void writeZigzag(long v) {
    writeVarint((v << 1) ^ (v >> 63));
  }

  public void writeLong(long v) {
    ensure(8);
    for (int i = 0; i < 8; i++) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
  }

  public void writeLongBE(long v) {
    ensure(8);
    for (int i = 7; i >= 0; i--) {
      buf[size++] = (byte) (v >>> (8 * i));
    }
  }

  public void writeDouble(double d) {
    writeLong(Double.doubleToRawLongBits(d));
  }

  public void writeBytes(byte[] b) {
    writeVarint(b.length);
    write(b, 0, b.length);
  }

  public void writeString(String s) {
    // Fast path for ASCII, common in EO metadata.
    int n = s.length();
    boolean ascii = true;
    for (int i = 0; i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (ascii) {
      writeVarint(n);
      ensure(n);
      for (int i = 0; i < n; i++) {
        buf[size++] = (byte) s.charAt(i);
      }
    } else {
      writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** Overwrites one byte already written. */
  public void set(int pos, int b) {
    buf[pos] = (byte) b;
  }
}
