package io.swath.imagery.cog;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;

/**
 * Writes a {@link Raster} as a tiled (256×256), Deflate-compressed GeoTIFF that GDAL and QGIS
 * read: pixel-interleaved samples of the raster's type, the georeferencing as ModelPixelScale +
 * ModelTiepoint (or ModelTransformation when rotated), the CRS as an EPSG GeoKey, and the nodata
 * value as GDAL_NODATA. Three 8-bit bands can be written as RGB. The file is written under a
 * temporary name and renamed into place.
 */
public final class GeoTiffWriter {
  private static final int TILE = 256;

  private GeoTiffWriter() {}

  /** Writes {@code raster} to {@code path} (photometric grey / multi-band). */
  public static void write(Raster raster, Path path) throws IOException {
    write(raster, path, false);
  }

  /** Writes {@code raster}; {@code rgb} marks three 8-bit bands as an RGB image. */
  public static void write(Raster raster, Path path, boolean rgb) throws IOException {
    if (rgb && (raster.bandCount() != 3 || raster.type() != DataType.UINT8)) {
      throw new IllegalArgumentException("RGB GeoTIFFs need three 8-bit bands, got " + raster);
    }
    Path tmp = path.resolveSibling(path.getFileName() + ".part");
    try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE)) {
      writeTo(raster, out, rgb);
      out.force(false);
    }
    try {
      Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Writes the GeoTIFF bytes of {@code raster} to a stream. */
  public static void write(Raster raster, OutputStream out, boolean rgb) throws IOException {
    Path tmp = Files.createTempFile("swath", ".tif");
    try {
      write(raster, tmp, rgb);
      Files.copy(tmp, out);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private record Entry(int tag, int type, int count, byte[] value) {}

  private static void writeTo(Raster r, FileChannel out, boolean rgb) throws IOException {
    int spp = r.bandCount();
    int bps = r.type().bytes();
    int across = Math.max(1, (r.width() + TILE - 1) / TILE);
    int down = Math.max(1, (r.height() + TILE - 1) / TILE);
    long[] offsets = new long[across * down];
    long[] counts = new long[across * down];
    ByteBuffer header = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    header.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(0);
    header.flip();
    writeFully(out, header);
    long pos = 8;
    byte[] raw = new byte[TILE * TILE * spp * bps];
    ByteBuffer tileBuf = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    Deflater deflater = new Deflater(6);
    byte[] compressed = new byte[raw.length + raw.length / 100 + 1024];
    double fill = r.nodata() != null ? r.nodata() : 0;
    try {
      for (int ty = 0; ty < down; ty++) {
        for (int tx = 0; tx < across; tx++) {
          tileBuf.clear();
          for (int y = 0; y < TILE; y++) {
            int row = ty * TILE + y;
            for (int x = 0; x < TILE; x++) {
              int col = tx * TILE + x;
              boolean inside = row < r.height() && col < r.width();
              for (int s = 0; s < spp; s++) {
                putSample(tileBuf, r.type(), inside ? r.get(s, col, row) : fill);
              }
            }
          }
          deflater.reset();
          deflater.setInput(raw);
          deflater.finish();
          int n = 0;
          while (!deflater.finished()) {
            if (n == compressed.length) {
              compressed = java.util.Arrays.copyOf(compressed, compressed.length * 2);
            }
            n += deflater.deflate(compressed, n, compressed.length - n);
          }
          int i = ty * across + tx;
          offsets[i] = pos;
          counts[i] = n;
          writeFully(out, ByteBuffer.wrap(compressed, 0, n));
          pos += n;
        }
      }
    } finally {
      deflater.end();
    }
    if (pos > 0xffff_0000L) {
      throw new IOException("snippet too large for a classic TIFF: " + pos + " bytes");
    }
    List<Entry> entries = new ArrayList<>();
    entries.add(longs(256, r.width()));
    entries.add(longs(257, r.height()));
    entries.add(shorts(258, repeat(r.type().bits(), spp)));
    entries.add(shorts(259, 8));
    entries.add(shorts(262, rgb ? 2 : 1));
    entries.add(shorts(277, spp));
    entries.add(shorts(284, 1));
    entries.add(shorts(322, TILE));
    entries.add(shorts(323, TILE));
    entries.add(longs(324, offsets));
    entries.add(longs(325, counts));
    int extra = rgb ? spp - 3 : spp - 1;
    if (extra > 0) {
      entries.add(shorts(338, repeat(0, extra)));
    }
    entries.add(shorts(339, repeat(r.type().sampleFormat(), spp)));
    GeoTransform gt = r.transform();
    if (gt.isNorthUp()) {
      entries.add(doubles(33550, gt.pixelWidth(), -gt.pixelHeight(), 0));
      entries.add(doubles(33922, 0, 0, 0, gt.originX(), gt.originY(), 0));
    } else {
      entries.add(doubles(34264, gt.pixelWidth(), gt.rowRotation(), 0, gt.originX(), gt.colRotation(), gt.pixelHeight(), 0, gt.originY(),
          0, 0, 0, 0, 0, 0, 0, 1));
    }
    boolean geographic = Projections.isGeographic(r.epsg());
    entries.add(shorts(34735, 1, 1, 0, 3, GeoKeys.MODEL_TYPE, 0, 1, geographic ? 2 : 1, GeoKeys.RASTER_TYPE, 0, 1, 1,
        geographic ? GeoKeys.GEOGRAPHIC_TYPE : GeoKeys.PROJECTED_TYPE, 0, 1, r.epsg()));
    if (r.nodata() != null) {
      double nd = r.nodata();
      String text = nd == Math.rint(nd) && Math.abs(nd) < 1e15 ? Long.toString((long) nd) : String.format(Locale.ROOT, "%.17g", nd);
      byte[] b = (text + "\0").getBytes(StandardCharsets.US_ASCII);
      entries.add(new Entry(42113, 2, b.length, b));
    }
    entries.sort(Comparator.comparingInt(Entry::tag));
    // IFD at the end, then the values that do not fit in their entry
    long ifdAt = pos + (pos & 1);
    int ifdSize = 2 + entries.size() * 12 + 4;
    long valuesAt = ifdAt + ifdSize;
    ByteBuffer ifd = ByteBuffer.allocate(ifdSize).order(ByteOrder.LITTLE_ENDIAN);
    java.io.ByteArrayOutputStream values = new java.io.ByteArrayOutputStream();
    ifd.putShort((short) entries.size());
    for (Entry e : entries) {
      ifd.putShort((short) e.tag).putShort((short) e.type).putInt(e.count);
      if (e.value.length <= 4) {
        byte[] v = java.util.Arrays.copyOf(e.value, 4);
        ifd.put(v);
      } else {
        if ((values.size() & 1) == 1) {
          values.write(0);
        }
        ifd.putInt((int) (valuesAt + values.size()));
        values.writeBytes(e.value);
      }
    }
    ifd.putInt(0);
    ifd.flip();
    if (ifdAt != pos) {
      writeFully(out, ByteBuffer.wrap(new byte[1]));
    }
    writeFully(out, ifd);
    writeFully(out, ByteBuffer.wrap(values.toByteArray()));
    ByteBuffer first = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, (int) ifdAt);
    out.write(first, 4);
  }

  private static void putSample(ByteBuffer b, DataType t, double v) {
    switch (t) {
      case UINT8, INT8 -> b.put((byte) (long) v);
      case UINT16, INT16 -> b.putShort((short) (long) v);
      case UINT32, INT32 -> b.putInt((int) (long) v);
      case FLOAT32 -> b.putFloat((float) v);
      case FLOAT64 -> b.putDouble(v);
    }
  }

  private static int[] repeat(int v, int n) {
    int[] a = new int[n];
    java.util.Arrays.fill(a, v);
    return a;
  }

  private static Entry shorts(int tag, int... v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int x : v) {
      b.putShort((short) x);
    }
    return new Entry(tag, 3, v.length, b.array());
  }

  private static Entry longs(int tag, long... v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (long x : v) {
      b.putInt((int) x);
    }
    return new Entry(tag, 4, v.length, b.array());
  }

  private static Entry doubles(int tag, double... v) {
    ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    for (double x : v) {
      b.putDouble(x);
    }
    return new Entry(tag, 12, v.length, b.array());
  }

  private static void writeFully(FileChannel out, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      out.write(b);
    }
  }
}
