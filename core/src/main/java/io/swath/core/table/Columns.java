package io.swath.core.table;

import io.swath.core.geo.Geometries;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.time.Times;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import org.locationtech.jts.geom.Geometry;

/** Column storage: growable while a table is built, then read-only. */
final class Columns {
  private Columns() {}

  /** A column under construction. */
  abstract static class Builder {
    final Field field;
    final BitSet nulls = new BitSet();
    int size;

    Builder(Field field) {
      this.field = field;
    }

    void appendNull() {
      nulls.set(size);
      grow();
      size++;
    }

    /** Reads one non-null value from the row encoding. */
    abstract void read(ByteSource in, int bufIndex);

    /** Appends a Java value already valid for the field (used when copying rows). */
    abstract void grow();

    abstract Column build(List<byte[]> buffers);

    static Builder of(Field f, int capacity) {
      if (!f.array()) {
        switch (f.type()) {
          case INT64, TIMESTAMP, DURATION -> {
            return new LongBuilder(f, capacity);
          }
          case FLOAT64 -> {
            return new DoubleBuilder(f, capacity);
          }
          case BOOL -> {
            return new BoolBuilder(f, capacity);
          }
          default -> { }
        }
      }
      return new VarBuilder(f, capacity);
    }
  }

  static final class LongBuilder extends Builder {
    long[] vals;

    LongBuilder(Field f, int cap) {
      super(f);
      vals = new long[Math.max(16, cap)];
    }

    @Override
    void grow() {
      if (size == vals.length) {
        vals = Arrays.copyOf(vals, vals.length * 2);
      }
    }

    @Override
    void read(ByteSource in, int bufIndex) {
      grow();
      vals[size++] = in.readZigzag();
    }

    @Override
    Column build(List<byte[]> buffers) {
      return new LongCol(field, Arrays.copyOf(vals, size), nulls, size);
    }
  }

  static final class DoubleBuilder extends Builder {
    double[] vals;

    DoubleBuilder(Field f, int cap) {
      super(f);
      vals = new double[Math.max(16, cap)];
    }

    @Override
    void grow() {
      if (size == vals.length) {
        vals = Arrays.copyOf(vals, vals.length * 2);
      }
    }

    @Override
    void appendNull() {
      grow();
      vals[size] = Double.NaN;
      nulls.set(size);
      size++;
    }

    @Override
    void read(ByteSource in, int bufIndex) {
      grow();
      vals[size++] = in.readDouble();
    }

    @Override
    Column build(List<byte[]> buffers) {
      return new DoubleCol(field, Arrays.copyOf(vals, size), nulls, size);
    }
  }

  static final class BoolBuilder extends Builder {
    final BitSet vals = new BitSet();

    BoolBuilder(Field f, int cap) {
      super(f);
    }

    @Override
    void grow() { }

    @Override
    void read(ByteSource in, int bufIndex) {
      if (in.read() != 0) {
        vals.set(size);
      }
      size++;
    }

    @Override
    Column build(List<byte[]> buffers) {
      return new BoolCol(field, vals, nulls, size);
    }
  }

  /** Variable-length values kept as slices of the page buffers, decoded on access. */
  static final class VarBuilder extends Builder {
    int[] buf;
    int[] off;
    int[] len;

    VarBuilder(Field f, int cap) {
      super(f);
      int c = Math.max(16, cap);
      buf = new int[c];
      off = new int[c];
      len = new int[c];
    }

    @Override
    void grow() {
      if (size == off.length) {
        int c = off.length * 2;
        buf = Arrays.copyOf(buf, c);
        off = Arrays.copyOf(off, c);
        len = Arrays.copyOf(len, c);
      }
    }

    @Override
    void read(ByteSource in, int bufIndex) {
      grow();
      int start = in.pos;
      RowCodec.skipValue(field, in);
      buf[size] = bufIndex;
      off[size] = start;
      len[size] = in.pos - start;
      size++;
    }

    @Override
    Column build(List<byte[]> buffers) {
      byte[][] bufs = buffers.toArray(new byte[0][]);
      int[] b = Arrays.copyOf(buf, size);
      int[] o = Arrays.copyOf(off, size);
      int[] l = Arrays.copyOf(len, size);
      if (!field.array() && field.type() == FieldType.GEOMETRY) {
        return new GeometryCol(field, bufs, b, o, l, nulls, size);
      }
      if (!field.array() && (field.type() == FieldType.STRING || field.type() == FieldType.JSON)) {
        return new StringCol(field, bufs, b, o, l, nulls, size);
      }
      return new VarCol(field, bufs, b, o, l, nulls, size);
    }
  }

  abstract static class Base implements Column {
    final Field field;
    final BitSet nulls;
    final int size;

    Base(Field field, BitSet nulls, int size) {
      this.field = field;
      this.nulls = nulls;
      this.size = size;
    }

    @Override
    public Field field() {
      return field;
    }

    @Override
    public int size() {
      return size;
    }

    @Override
    public boolean isNull(int row) {
      java.util.Objects.checkIndex(row, size);
      return nulls.get(row);
    }

    @Override
    public String toString() {
      return field + " (" + size + " rows)";
    }
  }

  static final class LongCol extends Base implements LongColumn {
    final long[] vals;

    LongCol(Field f, long[] vals, BitSet nulls, int size) {
      super(f, nulls, size);
      this.vals = vals;
    }

    @Override
    public long getLong(int row) {
      return vals[row];
    }

    @Override
    public Object get(int row) {
      if (isNull(row)) {
        return null;
      }
      return switch (field.type()) {
        case TIMESTAMP -> Times.fromMicros(vals[row]);
        case DURATION -> Duration.ofNanos(vals[row] * 1000L);
        default -> vals[row];
      };
    }
  }

  static final class DoubleCol extends Base implements DoubleColumn {
    final double[] vals;

    DoubleCol(Field f, double[] vals, BitSet nulls, int size) {
      super(f, nulls, size);
      this.vals = vals;
    }

    @Override
    public double getDouble(int row) {
      return vals[row];
    }

    @Override
    public Object get(int row) {
      return isNull(row) ? null : vals[row];
    }
  }

  static final class BoolCol extends Base implements BoolColumn {
    final BitSet vals;

    BoolCol(Field f, BitSet vals, BitSet nulls, int size) {
      super(f, nulls, size);
      this.vals = vals;
    }

    @Override
    public boolean getBool(int row) {
      java.util.Objects.checkIndex(row, size);
      return vals.get(row);
    }

    @Override
    public Object get(int row) {
      return isNull(row) ? null : vals.get(row);
    }
  }

  static class VarCol extends Base {
    final byte[][] bufs;
    final int[] buf;
    final int[] off;
    final int[] len;

    VarCol(Field f, byte[][] bufs, int[] buf, int[] off, int[] len, BitSet nulls, int size) {
      super(f, nulls, size);
      this.bufs = bufs;
      this.buf = buf;
      this.off = off;
      this.len = len;
    }

    ByteSource source(int row) {
      return new ByteSource(bufs[buf[row]], off[row], len[row]);
    }

    /** A scalar value's bytes, after their length prefix, handed over in place. */
    boolean inPlace(int row, ByteRange sink) {
      if (isNull(row)) {
        return false;
      }
      ByteSource in = source(row);
      int n = in.readLength();
      sink.accept(in.buf, in.pos, n);
      return true;
    }

    @Override
    public Object get(int row) {
      if (isNull(row)) {
        return null;
      }
      ByteSource in = source(row);
      if (field.array()) {
        int n = in.readLength();
        List<Object> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          out.add(RowCodec.readScalar(field.type(), in));
        }
        return List.copyOf(out);
      }
      return RowCodec.readScalar(field.type(), in);
    }
  }

  static final class StringCol extends VarCol implements StringColumn {
    StringCol(Field f, byte[][] bufs, int[] buf, int[] off, int[] len, BitSet nulls, int size) {
      super(f, bufs, buf, off, len, nulls, size);
    }

    @Override
    public String get(int row) {
      return (String) super.get(row);
    }

    @Override
    public boolean utf8(int row, ByteRange sink) {
      return inPlace(row, sink);
    }
  }

  static final class GeometryCol extends VarCol implements GeometryColumn {
    GeometryCol(Field f, byte[][] bufs, int[] buf, int[] off, int[] len, BitSet nulls, int size) {
      super(f, bufs, buf, off, len, nulls, size);
    }

    @Override
    public Geometry get(int row) {
      byte[] w = wkb(row);
      return w == null ? null : Geometries.fromWkb(w);
    }

    @Override
    public byte[] wkb(int row) {
      return isNull(row) ? null : source(row).readBytes();
    }

    @Override
    public boolean wkb(int row, ByteRange sink) {
      return inPlace(row, sink);
    }
  }
}
