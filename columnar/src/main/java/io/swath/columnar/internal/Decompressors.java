package io.swath.columnar.internal;

import com.github.luben.zstd.ZstdInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Page decompression over snappy-java, zstd-jni and java.util.zip directly, the counterpart of
 * {@link Compressors}: no Hadoop codec class is ever loaded.
 */
public final class Decompressors {
  private Decompressors() {}

  /** Whether pages of {@code codec} can be read. */
  public static boolean supports(CompressionCodecName codec) {
    return switch (codec) {
      case UNCOMPRESSED, SNAPPY, ZSTD, GZIP -> true;
      default -> false;
    };
  }

  /**
   * Decompresses {@code len} bytes of {@code in} at {@code off} into exactly {@code size} bytes.
   *
   * @throws IOException when the bytes are not a valid stream of the codec or do not give {@code size} bytes
   */
  public static byte[] decompress(CompressionCodecName codec, byte[] in, int off, int len, int size) throws IOException {
    if (size < 0) {
      throw new IOException("negative uncompressed page size " + size);
    }
    return switch (codec) {
      case UNCOMPRESSED -> {
        if (len != size) {
          throw new IOException("uncompressed page of " + len + " bytes declares " + size + " bytes");
        }
        byte[] out = new byte[size];
        System.arraycopy(in, off, out, 0, len);
        yield out;
      }
      case SNAPPY -> {
        if (!Snappy.isValidCompressedBuffer(in, off, len) || Snappy.uncompressedLength(in, off, len) != size) {
          throw new IOException("snappy page is corrupt or does not hold the declared " + size + " bytes");
        }
        byte[] out = new byte[size];
        Snappy.uncompress(in, off, len, out, 0);
        yield out;
      }
      case ZSTD -> readFully(new ZstdInputStream(new ByteArrayInputStream(in, off, len)), size, "zstd");
      case GZIP -> readFully(new GZIPInputStream(new ByteArrayInputStream(in, off, len)), size, "gzip");
      default -> throw new IOException("pages compressed with " + codec + " cannot be read (supported: uncompressed, snappy, zstd, gzip)");
    };
  }

  private static byte[] readFully(InputStream s, int size, String codec) throws IOException {
    try (s) {
      byte[] out = s.readNBytes(size);
      if (out.length != size || s.read() >= 0) {
        throw new IOException(codec + " page does not hold the declared " + size + " bytes");
      }
      return out;
    }
  }
}
