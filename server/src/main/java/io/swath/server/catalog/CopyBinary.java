package io.swath.server.catalog;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** Writer and reader of PostgreSQL's binary COPY format. */
final class CopyBinary {
  static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};

  private CopyBinary() {}

  /** Builds a binary COPY stream in memory. */
  static final class Writer {
    private byte[] buf = new byte[1 << 16];
    private int size;

    Writer() {
      put(SIGNATURE, 0, SIGNATURE.length);
      putInt(0);
      putInt(0);
    }

    private void ensure(int n) {
      if (size + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
      }
    }

    private void put(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, buf, size, len);
      size += len;
    }

    void putShort(int v) {
      ensure(2);
      buf[size++] = (byte) (v >>> 8);
      buf[size++] = (byte) v;
    }

    void putInt(int v) {
      ensure(4);
      buf[size++] = (byte) (v >>> 24);
      buf[size++] = (byte) (v >>> 16);
      buf[size++] = (byte) (v >>> 8);
      buf[size++] = (byte) v;
    }

    void putLongRaw(long v) {
      ensure(8);
      for (int i = 7; i >= 0; i--) {
        buf[size++] = (byte) (v >>> (8 * i));
      }
    }

    void tuple(int fields) {
      putShort(fields);
    }

    void int8(long v) {
      putInt(8);
      putLongRaw(v);
    }

    void float8(Double v) {
      if (v == null) {
        putInt(-1);
      } else {
        putInt(8);
        putLongRaw(Double.doubleToLongBits(v));
      }
    }

    void uuid(long hi, long lo) {
      putInt(16);
      putLongRaw(hi);
      putLongRaw(lo);
    }

    void bytea(byte[] b, int off, int len) {
      putInt(len);
      put(b, off, len);
    }

    byte[] finish() {
      putShort(-1);
      return Arrays.copyOf(buf, size);
    }
  }

  /** Reads tuples of a binary COPY stream. */
  static final class Reader {
    private final DataInputStream in;

    Reader(InputStream in) throws IOException {
      this.in = new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
      byte[] sig = new byte[SIGNATURE.length];
      this.in.readFully(sig);
      if (!Arrays.equals(sig, SIGNATURE)) {
        throw new IOException("not a binary COPY stream");
      }
      this.in.readInt();
      int ext = this.in.readInt();
      this.in.skipNBytes(ext);
    }

    /** Starts the next tuple; returns its field count, or -1 at the end. */
    int next() throws IOException {
      try {
        return in.readShort();
      } catch (EOFException e) {
        return -1;
      }
    }

    int fieldLength() throws IOException {
      return in.readInt();
    }

    long int8() throws IOException {
      expect(8);
      return in.readLong();
    }

    int int4() throws IOException {
      expect(4);
      return in.readInt();
    }

    long rawLong() throws IOException {
      return in.readLong();
    }

    void expect(int len) throws IOException {
      int l = in.readInt();
      if (l != len) {
        throw new IOException("COPY field has length " + l + ", expected " + len);
      }
    }

    void readFully(byte[] b, int off, int len) throws IOException {
      in.readFully(b, off, len);
    }
  }
}
