package io.swath.columnar.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;

/** A Parquet {@link OutputFile} over a java.nio file channel: no Hadoop file system. */
public final class NioOutputFile implements OutputFile {
  private final Path path;
  private FileChannel channel;

  /** Writes {@code path}. */
  public NioOutputFile(Path path) {
    this.path = path;
  }

  /** Forces the written bytes to disk (call after the Parquet writer is closed). */
  public void sync() throws IOException {
    try (FileChannel c = FileChannel.open(path, StandardOpenOption.WRITE)) {
      c.force(true);
    }
  }

  @Override
  public PositionOutputStream create(long blockSizeHint) throws IOException {
    return open(StandardOpenOption.CREATE_NEW);
  }

  @Override
  public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
    return open(StandardOpenOption.TRUNCATE_EXISTING);
  }

  private PositionOutputStream open(StandardOpenOption mode) throws IOException {
    channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, mode);
    FileChannel c = channel;
    return new PositionOutputStream() {
      private final ByteBuffer buf = ByteBuffer.allocate(1 << 16);
      private long pos;

      @Override
      public long getPos() {
        return pos;
      }

      @Override
      public void write(int b) throws IOException {
        if (!buf.hasRemaining()) {
          drain();
        }
        buf.put((byte) b);
        pos++;
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        pos += len;
        if (len >= buf.capacity()) {
          drain();
          ByteBuffer w = ByteBuffer.wrap(b, off, len);
          while (w.hasRemaining()) {
            c.write(w);
          }
          return;
        }
        if (len > buf.remaining()) {
          drain();
        }
        buf.put(b, off, len);
      }

      private void drain() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
          c.write(buf);
        }
        buf.clear();
      }

      @Override
      public void flush() throws IOException {
        drain();
      }

      @Override
      public void close() throws IOException {
        drain();
        c.close();
      }
    };
  }

  @Override
  public boolean supportsBlockSize() {
    return false;
  }

  @Override
  public long defaultBlockSize() {
    return 0;
  }

  @Override
  public String getPath() {
    return path.toString();
  }
}
