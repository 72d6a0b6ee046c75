package io.swath.server.catalog;

import java.io.EOFException;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Arrays;
import org.postgresql.copy.CopyOut;

/** Writer and reader of PostgreSQL's binary COPY format. */
final class CopyBinary {
  static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};

  private CopyBinary() {}

  /** Builds a binary COPY stream in memory. */
  static final class Writer {
    private byte[] buf;
    private int size;

    Writer() {
      this(1 << 16);
    }

    /** A writer with room for about {@code expectedBytes}. */
    Writer(int expectedBytes) {
      buf = new byte[Math.max(64, expectedBytes)];
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

    /** A float8, or NULL when {@code v} is NaN. */
    void float8(double v) {
      if (Double.isNaN(v)) {
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

    /** Starts a field whose length is written by {@link #endField(int)}; returns where it starts. */
    int beginField() {
      putInt(0);
      return size;
    }

    /** Writes the length of the field begun at {@code start}. */
    void endField(int start) {
      int len = size - start;
      buf[start - 4] = (byte) (len >>> 24);
      buf[start - 3] = (byte) (len >>> 16);
      buf[start - 2] = (byte) (len >>> 8);
      buf[start - 1] = (byte) len;
    }

    /**
     * The header of a one-dimensional array of {@code n} elements of type {@code elementOid} (an
     * empty array when 0), to be followed by the elements; its field is begun with {@link #beginField()}.
     */
    void arrayHeader(int n, int elementOid) {
      putInt(n == 0 ? 0 : 1); // dimensions
      putInt(1);              // may hold NULLs (PostgreSQL checks the elements itself)
      putInt(elementOid);
      if (n > 0) {
        putInt(n);
        putInt(1);            // lower bound
      }
    }

    byte[] finish() {
      putShort(-1);
      return Arrays.copyOf(buf, size);
    }

    /** Ends the stream and reads it without copying. */
    java.io.InputStream finishAsStream() {
      putShort(-1);
      return new java.io.ByteArrayInputStream(buf, 0, size);
    }
  }

  /**
   * Reads tuples of a binary COPY stream straight from the CopyData messages PostgreSQL sends
   * (usually one per row), without an intermediate stream or per-byte locking.
   */
  static final class Reader {
    private final CopyOut copy;
    private byte[] buf = new byte[0];
    private int pos;
    private boolean ended;

    Reader(CopyOut copy) throws SQLException, IOException {
      this.copy = copy;
      byte[] sig = new byte[SIGNATURE.length];
      readFully(sig, 0, sig.length);
      if (!Arrays.equals(sig, SIGNATURE)) {
        throw new IOException("not a binary COPY stream");
      }
      readInt();
      int ext = readInt();
      skip(ext);
    }

    private boolean fill() throws SQLException {
      while (pos >= buf.length) {
        if (ended) {
          return false;
        }
        byte[] next = copy.readFromCopy();
        if (next == null) {
          ended = true;
          return false;
        }
        buf = next;
        pos = 0;
      }
      return true;
    }

    private void need(int n) throws SQLException, IOException {
      if (pos + n > buf.length) {
        // a value split across messages: gather it, keeping what follows it in the last message
        byte[] joined = new byte[n];
        int have = 0;
        while (have < n) {
          if (!fill()) {
            throw new EOFException("COPY stream ended inside a value");
          }
          int take = Math.min(n - have, buf.length - pos);
          System.arraycopy(buf, pos, joined, have, take);
          have += take;
          pos += take;
        }
        byte[] rest = new byte[n + buf.length - pos];
        System.arraycopy(joined, 0, rest, 0, n);
        System.arraycopy(buf, pos, rest, n, buf.length - pos);
        buf = rest;
        pos = 0;
      }
    }

    /** Starts the next tuple; returns its field count, or -1 at the end. */
    int next() throws SQLException, IOException {
      if (!fill()) {
        return -1;
      }
      int n = readShort();
      if (n < 0) {
        // trailer: read to the end so the COPY completes and the connection is clean
        while (copy.readFromCopy() != null) {
          // nothing follows the trailer
        }
        ended = true;
      }
      return n;
    }

    private int readShort() throws SQLException, IOException {
      need(2);
      int v = (short) (((buf[pos] & 0xFF) << 8) | (buf[pos + 1] & 0xFF));
      pos += 2;
      return v;
    }

    private int readInt() throws SQLException, IOException {
      need(4);
      int v = ((buf[pos] & 0xFF) << 24) | ((buf[pos + 1] & 0xFF) << 16) | ((buf[pos + 2] & 0xFF) << 8) | (buf[pos + 3] & 0xFF);
      pos += 4;
      return v;
    }

    private void skip(int n) throws SQLException, IOException {
      need(n);
      pos += n;
    }

    int fieldLength() throws SQLException, IOException {
      return readInt();
    }

    long int8() throws SQLException, IOException {
      expect(8);
      return rawLong();
    }

    int int4() throws SQLException, IOException {
      expect(4);
      return readInt();
    }

    long rawLong() throws SQLException, IOException {
      need(8);
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (buf[pos + i] & 0xFFL);
      }
      pos += 8;
      return v;
    }

    void expect(int len) throws SQLException, IOException {
      int l = readInt();
      if (l != len) {
        throw new IOException("COPY field has length " + l + ", expected " + len);
      }
    }

    /** Copies the next {@code len} bytes into {@code out}. */
    void readFully(byte[] out, int off, int len) throws SQLException, IOException {
      need(len);
      System.arraycopy(buf, pos, out, off, len);
      pos += len;
    }

    /**
     * Finishes a stream that was not read to its end: reads up to {@code budget} more messages
     * (enough when only the trailer or a few rows remain). Returns false when the stream is
     * still unfinished, in which case the connection must be closed, not reused.
     */
    boolean finish(int budget) {
      try {
        for (int i = 0; i < budget && copy.isActive(); i++) {
          if (copy.readFromCopy() == null) {
            break;
          }
        }
        return !copy.isActive();
      } catch (SQLException e) {
        return false;
      }
    }
  }
}
