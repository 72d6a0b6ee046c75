package io.swath.imagery.cog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses the structure of a TIFF or BigTIFF file (header and IFD chain, with every tag value)
 * from a {@link ByteRanges} source, reading the first block once and fetching only what lies
 * beyond it.
 */
final class TiffStructure {
  /** Reads bytes at offsets; counts what it fetched. */
  interface ByteRanges {
    byte[] read(long offset, int length) throws IOException;
  }

  static final int HEADER_BLOCK = 16 * 1024;

  final ByteOrder order;
  final boolean bigTiff;
  final List<Ifd> ifds;
  private final ByteRanges source;
  private byte[] head;

  private TiffStructure(ByteRanges source, byte[] head) throws IOException {
    this.source = source;
    this.head = head;
    if (head.length < 8) {
      throw new IOException("not a TIFF file: only " + head.length + " bytes");
    }
    if (head[0] == 'I' && head[1] == 'I') {
      order = ByteOrder.LITTLE_ENDIAN;
    } else if (head[0] == 'M' && head[1] == 'M') {
      order = ByteOrder.BIG_ENDIAN;
    } else {
      throw new IOException("not a TIFF file (no II or MM byte order mark)");
    }
    ByteBuffer b = ByteBuffer.wrap(head).order(order);
    int magic = b.getShort(2) & 0xffff;
    long first;
    if (magic == 42) {
      bigTiff = false;
      first = b.getInt(4) & 0xffffffffL;
    } else if (magic == 43) {
      bigTiff = true;
      if (head.length < 16) {
        throw new IOException("truncated BigTIFF header");
      }
      first = b.getLong(8);
    } else {
      throw new IOException("not a TIFF file (magic " + magic + ")");
    }
    List<Ifd> list = new ArrayList<>();
    long next = first;
    int guard = 0;
    while (next != 0) {
      if (++guard > 1000) {
        throw new IOException("TIFF IFD chain loops");
      }
      long[] nextOut = new long[1];
      list.add(new Ifd(readIfd(next, nextOut)));
      next = nextOut[0];
    }
    if (list.isEmpty()) {
      throw new IOException("TIFF file has no image");
    }
    ifds = List.copyOf(list);
  }

  /** Reads the header block and every IFD. */
  static TiffStructure read(ByteRanges source, long fileSize) throws IOException {
    int n = (int) (fileSize >= 0 ? Math.min(fileSize, HEADER_BLOCK) : HEADER_BLOCK);
    return new TiffStructure(source, source.read(0, n));
  }

  /** Bytes at [offset, offset+length): from the header block when inside it, else fetched. */
  private ByteBuffer bytes(long offset, long length) throws IOException {
    if (length > Integer.MAX_VALUE) {
      throw new IOException("TIFF tag too large");
    }
    if (offset + length <= head.length) {
      return ByteBuffer.wrap(head, (int) offset, (int) length).slice().order(order);
    }
    if (offset < head.length * 4L && offset + length < 1 << 20 && offset + length <= head.length * 4L) {
      // just past the block: grow the block, the next IFDs are likely there too
      byte[] more = source.read(head.length, (int) (offset + length - head.length + HEADER_BLOCK));
      byte[] grown = new byte[head.length + more.length];
      System.arraycopy(head, 0, grown, 0, head.length);
      System.arraycopy(more, 0, grown, head.length, more.length);
      head = grown;
      if (offset + length > head.length) {
        throw new IOException("the TIFF is truncated: it ends at byte " + head.length + ", before a tag at " + offset);
      }
      return ByteBuffer.wrap(head, (int) offset, (int) length).slice().order(order);
    }
    byte[] b = source.read(offset, (int) length);
    if (b.length < length) {
      throw new IOException("the TIFF is truncated: it ends before byte " + (offset + length) + " of a tag");
    }
    return ByteBuffer.wrap(b).order(order);
  }

  private Map<Integer, Object> readIfd(long offset, long[] next) throws IOException {
    int countSize = bigTiff ? 8 : 2;
    int entrySize = bigTiff ? 20 : 12;
    int offSize = bigTiff ? 8 : 4;
    ByteBuffer c = bytes(offset, countSize);
    long count = bigTiff ? c.getLong(0) : c.getShort(0) & 0xffff;
    if (count > 10_000) {
      throw new IOException("TIFF IFD with " + count + " entries");
    }
    ByteBuffer e = bytes(offset + countSize, count * entrySize + offSize);
    Map<Integer, Object> tags = new HashMap<>();
    for (int i = 0; i < count; i++) {
      int at = i * entrySize;
      int tag = e.getShort(at) & 0xffff;
      int type = e.getShort(at + 2) & 0xffff;
      long n = bigTiff ? e.getLong(at + 4) : e.getInt(at + 4) & 0xffffffffL;
      int size = typeSize(type);
      if (size == 0) {
        continue; // unknown type: skip the tag
      }
      long total = n * size;
      ByteBuffer v;
      if (total <= offSize) {
        v = e.duplicate().order(order).position(at + (bigTiff ? 12 : 8)).slice().order(order);
      } else {
        long valueOffset = bigTiff ? e.getLong(at + 12) : e.getInt(at + 8) & 0xffffffffL;
        v = bytes(valueOffset, total);
      }
      tags.put(tag, decode(type, (int) n, v));
    }
    int nextAt = (int) (count * entrySize);
    next[0] = bigTiff ? e.getLong(nextAt) : e.getInt(nextAt) & 0xffffffffL;
    return tags;
  }

  private static int typeSize(int type) {
    return switch (type) {
      case 1, 2, 6, 7 -> 1;
      case 3, 8 -> 2;
      case 4, 9, 11, 13 -> 4;
      case 5, 10, 12, 16, 17, 18 -> 8;
      default -> 0;
    };
  }

  private static Object decode(int type, int n, ByteBuffer v) {
    switch (type) {
      case 2 -> {
        byte[] b = new byte[n];
        v.get(0, b);
        int len = 0;
        while (len < n && b[len] != 0) {
          len++;
        }
        // GeoAsciiParams keeps its '|' separators; only trailing NULs go
        int end = n;
        while (end > 0 && b[end - 1] == 0) {
          end--;
        }
        return new String(b, 0, Math.max(len, end), StandardCharsets.ISO_8859_1);
      }
      case 7 -> {
        byte[] b = new byte[n];
        v.get(0, b);
        return b;
      }
      case 5, 10 -> {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
          long num = type == 5 ? v.getInt(i * 8) & 0xffffffffL : v.getInt(i * 8);
          long den = type == 5 ? v.getInt(i * 8 + 4) & 0xffffffffL : v.getInt(i * 8 + 4);
          d[i] = den == 0 ? Double.NaN : (double) num / den;
        }
        return d;
      }
      case 11 -> {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
          d[i] = v.getFloat(i * 4);
        }
        return d;
      }
      case 12 -> {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
          d[i] = v.getDouble(i * 8);
        }
        return d;
      }
      default -> {
        long[] l = new long[n];
        for (int i = 0; i < n; i++) {
          l[i] = switch (type) {
            case 1 -> v.get(i) & 0xff;
            case 6 -> v.get(i);
            case 3 -> v.getShort(i * 2) & 0xffff;
            case 8 -> v.getShort(i * 2);
            case 4, 13 -> v.getInt(i * 4) & 0xffffffffL;
            case 9 -> v.getInt(i * 4);
            default -> v.getLong(i * 8);
          };
        }
        return l;
      }
    }
  }
}
