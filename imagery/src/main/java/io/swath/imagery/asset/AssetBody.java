package io.swath.imagery.asset;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * An open read of an asset's bytes from some offset. {@link #offset()} is where the stream really
 * starts: 0 when the store ignored the requested range and sends the whole file.
 */
public final class AssetBody implements Closeable {
  private final InputStream stream;
  private final long offset;
  private final long totalSize;
  private final String etag;

  /** A body that starts at {@code offset} of a file of {@code totalSize} bytes (-1 unknown). */
  public AssetBody(InputStream stream, long offset, long totalSize, String etag) {
    this.stream = stream;
    this.offset = offset;
    this.totalSize = totalSize;
    this.etag = etag;
  }

  /** The bytes, from {@link #offset()}. */
  public InputStream stream() {
    return stream;
  }

  /** Where the stream starts in the file. */
  public long offset() {
    return offset;
  }

  /** The file's full size, or -1 when unknown. */
  public long totalSize() {
    return totalSize;
  }

  /** The entity tag of the version being read, or null. */
  public String etag() {
    return etag;
  }

  @Override
  public void close() throws IOException {
    stream.close();
  }
}
