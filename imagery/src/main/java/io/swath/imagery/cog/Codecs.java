package io.swath.imagery.cog;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.util.Iterator;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/** TIFF decompression (none, LZW, Deflate, PackBits, JPEG) and predictors (2 horizontal, 3 floating point). */
final class Codecs {
  static final int NONE = 1;
  static final int LZW = 5;
  static final int JPEG = 7;
  static final int DEFLATE = 8;
  static final int DEFLATE_OLD = 32946;
  static final int PACKBITS = 32773;

  private Codecs() {}

  static boolean supported(int compression) {
    return compression == NONE || compression == LZW || compression == JPEG || compression == DEFLATE || compression == DEFLATE_OLD
        || compression == PACKBITS;
  }

  static String name(int compression) {
    return switch (compression) {
      case NONE -> "none";
      case LZW -> "LZW";
      case JPEG -> "JPEG";
      case DEFLATE, DEFLATE_OLD -> "Deflate";
      case PACKBITS -> "PackBits";
      case 34887 -> "LERC";
      case 34925 -> "LZMA";
      case 50000 -> "ZSTD";
      case 50001 -> "WebP";
      default -> "compression " + compression;
    };
  }

  /** The raw sample bytes of one tile or strip ({@code expected} bytes). */
  static byte[] decompress(int compression, byte[] data, int expected) throws IOException {
    byte[] out = switch (compression) {
      case NONE -> data;
      case DEFLATE, DEFLATE_OLD -> inflate(data, expected);
      case LZW -> lzw(data, expected);
      case PACKBITS -> packBits(data, expected);
      default -> throw new UnsupportedOperationException("TIFF " + name(compression) + " is not supported (supported: none, LZW, "
          + "Deflate, PackBits, JPEG)");
    };
    if (out.length < expected) { // short tiles (e.g. a strip cut at the image end) are padded
      byte[] padded = new byte[expected];
      System.arraycopy(out, 0, padded, 0, out.length);
      return padded;
    }
    return out;
  }

  static byte[] inflate(byte[] data, int expected) throws IOException {
    Inflater inf = new Inflater();
    try {
      inf.setInput(data);
      byte[] out = new byte[expected];
      int n = 0;
      while (n < expected && !inf.finished()) {
        int k = inf.inflate(out, n, expected - n);
        if (k == 0 && (inf.needsInput() || inf.needsDictionary())) {
          break;
        }
        n += k;
      }
      return out;
    } catch (DataFormatException e) {
      throw new IOException("corrupt Deflate tile: " + e.getMessage(), e);
    } finally {
      inf.end();
    }
  }

  static byte[] packBits(byte[] data, int expected) {
    byte[] out = new byte[expected];
    int i = 0;
    int o = 0;
    while (i < data.length && o < expected) {
      int n = data[i++];
      if (n >= 0) {
        int len = Math.min(n + 1, Math.min(expected - o, data.length - i));
        System.arraycopy(data, i, out, o, len);
        i += n + 1;
        o += len;
      } else if (n != -128) {
        if (i >= data.length) {
          break;
        }
        byte b = data[i++];
        int len = Math.min(1 - n, expected - o);
        java.util.Arrays.fill(out, o, o + len, b);
        o += len;
      }
    }
    return out;
  }

  static byte[] lzw(byte[] data, int expected) throws IOException {
    byte[] out = new byte[expected];
    int[] prefix = new int[4096];
    byte[] suffix = new byte[4096];
    int[] length = new int[4096];
    byte[] stack = new byte[4096];
    for (int i = 0; i < 256; i++) {
      suffix[i] = (byte) i;
      length[i] = 1;
      prefix[i] = -1;
    }
    int next = 258;
    int width = 9;
    int prev = -1;
    long bitPos = 0;
    long totalBits = (long) data.length * 8;
    int o = 0;
    while (o < expected) {
      if (bitPos + width > totalBits) {
        break;
      }
      int code = readBits(data, bitPos, width);
      bitPos += width;
      if (code == 257) {
        break;
      }
      if (code == 256) {
        next = 258;
        width = 9;
        prev = -1;
        continue;
      }
      int first;
      if (prev == -1) {
        if (code > 255) {
          throw new IOException("corrupt LZW tile");
        }
        if (o < expected) {
          out[o++] = (byte) code;
        }
        prev = code;
        continue;
      }
      int emit;
      boolean kwk = code >= next;
      if (code > next) {
        throw new IOException("corrupt LZW tile (code " + code + " beyond table " + next + ")");
      }
      emit = kwk ? prev : code;
      // write the string of emit (reversed via stack)
      int sp = 0;
      int c = emit;
      while (c >= 0) {
        stack[sp++] = suffix[c];
        c = prefix[c];
      }
      first = stack[sp - 1];
      while (sp > 0 && o < expected) {
        out[o++] = stack[--sp];
      }
      if (kwk && o < expected) {
        out[o++] = (byte) first;
      }
      if (next < 4096) {
        prefix[next] = prev;
        suffix[next] = (byte) first;
        length[next] = length[prev] + 1;
        next++;
      }
      if (next >= (1 << width) - 1 && width < 12) {
        width++;
      }
      prev = code;
    }
    return out;
  }

  private static int readBits(byte[] data, long bitPos, int width) {
    int byteIdx = (int) (bitPos >>> 3);
    int bitOff = (int) (bitPos & 7);
    int v = (data[byteIdx] & 0xff) << 16;
    if (byteIdx + 1 < data.length) {
      v |= (data[byteIdx + 1] & 0xff) << 8;
    }
    if (byteIdx + 2 < data.length) {
      v |= data[byteIdx + 2] & 0xff;
    }
    return (v >>> (24 - bitOff - width)) & ((1 << width) - 1);
  }

  /**
   * Undoes a predictor in place. {@code rows} rows of {@code width} pixels with {@code spp}
   * samples each ({@code spp} = 1 for band-separate tiles), {@code bytes} per sample.
   */
  static void unpredict(int predictor, byte[] buf, int width, int rows, int spp, int bytes, ByteOrder order) throws IOException {
    if (predictor == 1) {
      return;
    }
    int rowBytes = width * spp * bytes;
    if (predictor == 2) {
      for (int r = 0; r < rows; r++) {
        int base = r * rowBytes;
        switch (bytes) {
          case 1 -> {
            for (int i = spp; i < width * spp; i++) {
              buf[base + i] += buf[base + i - spp];
            }
          }
          case 2, 4, 8 -> {
            for (int i = spp; i < width * spp; i++) {
              long v = get(buf, base + i * bytes, bytes, order) + get(buf, base + (i - spp) * bytes, bytes, order);
              put(buf, base + i * bytes, bytes, order, v);
            }
          }
          default -> throw new IOException("predictor 2 with " + bytes + "-byte samples");
        }
      }
      return;
    }
    if (predictor == 3) {
      int wc = width * spp;
      byte[] tmp = new byte[rowBytes];
      for (int r = 0; r < rows; r++) {
        int base = r * rowBytes;
        for (int i = spp; i < rowBytes; i++) {
          buf[base + i] += buf[base + i - spp];
        }
        System.arraycopy(buf, base, tmp, 0, rowBytes);
        for (int k = 0; k < wc; k++) {
          for (int b = 0; b < bytes; b++) {
            // planes are stored most significant byte first
            byte v = tmp[b * wc + k];
            int at = order == ByteOrder.BIG_ENDIAN ? b : bytes - 1 - b;
            buf[base + k * bytes + at] = v;
          }
        }
      }
      return;
    }
    throw new UnsupportedOperationException("TIFF predictor " + predictor + " is not supported");
  }

  static long get(byte[] b, int at, int bytes, ByteOrder order) {
    long v = 0;
    if (order == ByteOrder.LITTLE_ENDIAN) {
      for (int i = bytes - 1; i >= 0; i--) {
        v = (v << 8) | (b[at + i] & 0xff);
      }
    } else {
      for (int i = 0; i < bytes; i++) {
        v = (v << 8) | (b[at + i] & 0xff);
      }
    }
    return v;
  }

  static void put(byte[] b, int at, int bytes, ByteOrder order, long v) {
    if (order == ByteOrder.LITTLE_ENDIAN) {
      for (int i = 0; i < bytes; i++) {
        b[at + i] = (byte) (v >>> (8 * i));
      }
    } else {
      for (int i = bytes - 1; i >= 0; i--) {
        b[at + i] = (byte) v;
        v >>>= 8;
      }
    }
  }

  /** A sample as a double. */
  static double sample(byte[] b, int at, DataType t, ByteOrder order) {
    return switch (t) {
      case UINT8 -> b[at] & 0xff;
      case INT8 -> b[at];
      case UINT16 -> get(b, at, 2, order);
      case INT16 -> (short) get(b, at, 2, order);
      case UINT32 -> get(b, at, 4, order);
      case INT32 -> (int) get(b, at, 4, order);
      case FLOAT32 -> Float.intBitsToFloat((int) get(b, at, 4, order));
      case FLOAT64 -> Double.longBitsToDouble(get(b, at, 8, order));
    };
  }

  /**
   * Decodes a JPEG tile to 8-bit samples, pixel-interleaved. JPEGTables (abbreviated tables) are
   * prepended; YCbCr is converted to RGB when the TIFF says YCbCr.
   */
  static byte[] jpeg(byte[] data, byte[] tables, int width, int height, int spp, int photometric) throws IOException {
    byte[] stream = data;
    if (tables != null && tables.length > 4 && data.length > 2) {
      stream = new byte[tables.length - 2 + data.length - 2];
      System.arraycopy(tables, 0, stream, 0, tables.length - 2);
      System.arraycopy(data, 2, stream, tables.length - 2, data.length - 2);
    }
    Iterator<ImageReader> it = ImageIO.getImageReadersByFormatName("jpeg");
    if (!it.hasNext()) {
      throw new IOException("no JPEG decoder available");
    }
    ImageReader reader = it.next();
    try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(stream))) {
      reader.setInput(in);
      java.awt.image.Raster r = reader.readRaster(0, null); // no colour conversion
      byte[] out = new byte[width * height * spp];
      int w = Math.min(width, r.getWidth());
      int h = Math.min(height, r.getHeight());
      int bands = Math.min(spp, r.getNumBands());
      int[] px = new int[r.getNumBands()];
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          r.getPixel(x + r.getMinX(), y + r.getMinY(), px);
          if (photometric == 6 && bands == 3) {
            double yy = px[0];
            double cb = px[1] - 128;
            double cr = px[2] - 128;
            px[0] = clamp(yy + 1.402 * cr);
            px[1] = clamp(yy - 0.344136 * cb - 0.714136 * cr);
            px[2] = clamp(yy + 1.772 * cb);
          }
          for (int s = 0; s < bands; s++) {
            out[(y * width + x) * spp + s] = (byte) px[s];
          }
        }
      }
      return out;
    } finally {
      reader.dispose();
    }
  }

  private static int clamp(double v) {
    return (int) Math.max(0, Math.min(255, Math.round(v)));
  }
}
