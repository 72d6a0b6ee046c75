package io.swath.columnar.internal;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/** Page compressors over snappy-java and zstd-jni directly, so no Hadoop codec class is ever loaded. */
public final class Compressors {
  private Compressors() {}

  /** The compressor for {@code codec} (UNCOMPRESSED, SNAPPY or ZSTD); ZSTD at {@code zstdLevel}. */
  public static BytesInputCompressor of(CompressionCodecName codec, int zstdLevel) {
    return switch (codec) {
      case UNCOMPRESSED -> new Codec(codec) {
        @Override
        public BytesInput compress(BytesInput in) {
          return in;
        }
      };
      case SNAPPY -> new Codec(codec) {
        @Override
        public BytesInput compress(BytesInput in) throws IOException {
          return BytesInput.from(Snappy.compress(in.toByteArray()));
        }
      };
      case ZSTD -> new Codec(codec) {
        @Override
        public BytesInput compress(BytesInput in) throws IOException {
          return BytesInput.from(Zstd.compress(in.toByteArray(), zstdLevel));
        }
      };
      default -> throw new IllegalArgumentException("unsupported Parquet codec " + codec);
    };
  }

  private abstract static class Codec implements BytesInputCompressor {
    private final CompressionCodecName name;

    Codec(CompressionCodecName name) {
      this.name = name;
    }

    @Override
    public CompressionCodecName getCodecName() {
      return name;
    }

    @Override
    public void release() {}
  }
}
