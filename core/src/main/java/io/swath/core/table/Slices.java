package io.swath.core.table;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/** Slicing and concatenating column storage. */
final class Slices {
  private Slices() {}

  static BitSet bits(BitSet b, int from, int to) {
    return b.get(from, to);
  }

  static Column slice(Column c, int from, int to) {
    int n = to - from;
    return switch (c) {
      case Columns.LongCol l -> new Columns.LongCol(l.field, Arrays.copyOfRange(l.vals, from, to), bits(l.nulls, from, to), n);
      case Columns.DoubleCol d -> new Columns.DoubleCol(d.field, Arrays.copyOfRange(d.vals, from, to), bits(d.nulls, from, to), n);
      case Columns.BoolCol b -> new Columns.BoolCol(b.field, bits(b.vals, from, to), bits(b.nulls, from, to), n);
      case Columns.VarCol v -> rebuildVar(v, Arrays.copyOfRange(v.buf, from, to), Arrays.copyOfRange(v.off, from, to),
          Arrays.copyOfRange(v.len, from, to), bits(v.nulls, from, to), n, v.bufs);
      default -> throw new IllegalStateException("unknown column " + c.getClass());
    };
  }

  private static Column rebuildVar(Columns.VarCol proto, int[] buf, int[] off, int[] len, BitSet nulls, int n, byte[][] bufs) {
    return switch (proto) {
      case Columns.GeometryCol g -> new Columns.GeometryCol(g.field, bufs, buf, off, len, nulls, n);
      case Columns.StringCol s -> new Columns.StringCol(s.field, bufs, buf, off, len, nulls, n);
      default -> new Columns.VarCol(proto.field, bufs, buf, off, len, nulls, n);
    };
  }

  static DatapointTable concat(List<DatapointTable> parts) {
    DatapointTable first = parts.get(0);
    int total = 0;
    for (DatapointTable t : parts) {
      if (!t.schema().equals(first.schema())) {
        throw new IllegalArgumentException("cannot concat tables of different schemas: " + first.schema() + " vs " + t.schema());
      }
      total += t.size();
    }
    long[] time = new long[total];
    long[] hi = new long[total];
    long[] lo = new long[total];
    long[] ing = new long[total];
    int[] cidx = new int[total];
    java.util.List<String> names = new java.util.ArrayList<>();
    boolean skip = false;
    int at = 0;
    for (DatapointTable t : parts) {
      int n = t.size();
      System.arraycopy(t.timeArray(), 0, time, at, n);
      System.arraycopy(t.idHiArray(), 0, hi, at, n);
      System.arraycopy(t.idLoArray(), 0, lo, at, n);
      System.arraycopy(t.ingestArray(), 0, ing, at, n);
      for (int r = 0; r < n; r++) {
        String c = t.collection(r);
        int i = names.indexOf(c);
        if (i < 0) {
          names.add(c);
          i = names.size() - 1;
        }
        cidx[at + r] = i;
      }
      skip |= t.isSkipData();
      at += n;
    }
    int ncol = first.schema().size();
    Column[] cols = new Column[ncol];
    if (!skip) {
      for (int c = 0; c < ncol; c++) {
        cols[c] = concatColumn(parts, c, total);
      }
    }
    return new DatapointTable(first.schema(), total, time, hi, lo, ing, names.toArray(new String[0]),
        names.size() > 1 ? cidx : null, cols);
  }

  private static Column concatColumn(List<DatapointTable> parts, int c, int total) {
    Column proto = parts.get(0).columnsArray()[c];
    BitSet nulls = new BitSet(total);
    int at = 0;
    for (DatapointTable t : parts) {
      BitSet b = ((Columns.Base) t.columnsArray()[c]).nulls;
      for (int i = b.nextSetBit(0); i >= 0; i = b.nextSetBit(i + 1)) {
        nulls.set(at + i);
      }
      at += t.size();
    }
    switch (proto) {
      case Columns.LongCol l -> {
        long[] v = new long[total];
        at = 0;
        for (DatapointTable t : parts) {
          Columns.LongCol x = (Columns.LongCol) t.columnsArray()[c];
          System.arraycopy(x.vals, 0, v, at, x.size);
          at += x.size;
        }
        return new Columns.LongCol(l.field, v, nulls, total);
      }
      case Columns.DoubleCol d -> {
        double[] v = new double[total];
        at = 0;
        for (DatapointTable t : parts) {
          Columns.DoubleCol x = (Columns.DoubleCol) t.columnsArray()[c];
          System.arraycopy(x.vals, 0, v, at, x.size);
          at += x.size;
        }
        return new Columns.DoubleCol(d.field, v, nulls, total);
      }
      case Columns.BoolCol b -> {
        BitSet v = new BitSet(total);
        at = 0;
        for (DatapointTable t : parts) {
          Columns.BoolCol x = (Columns.BoolCol) t.columnsArray()[c];
          for (int i = x.vals.nextSetBit(0); i >= 0; i = x.vals.nextSetBit(i + 1)) {
            v.set(at + i);
          }
          at += x.size;
        }
        return new Columns.BoolCol(b.field, v, nulls, total);
      }
      case Columns.VarCol v -> {
        java.util.List<byte[]> bufs = new java.util.ArrayList<>();
        int[] buf = new int[total];
        int[] off = new int[total];
        int[] len = new int[total];
        at = 0;
        for (DatapointTable t : parts) {
          Columns.VarCol x = (Columns.VarCol) t.columnsArray()[c];
          int base = bufs.size();
          bufs.addAll(Arrays.asList(x.bufs));
          for (int i = 0; i < x.size; i++) {
            buf[at + i] = base + x.buf[i];
          }
          System.arraycopy(x.off, 0, off, at, x.size);
          System.arraycopy(x.len, 0, len, at, x.size);
          at += x.size;
        }
        return rebuildVar(v, buf, off, len, nulls, total, bufs.toArray(new byte[0][]));
      }
      default -> throw new IllegalStateException("unknown column " + proto.getClass());
    }
  }
}
