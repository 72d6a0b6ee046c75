package io.swath.imagery.asset;

import java.io.IOException;
import java.net.URI;

/** One kind of store (file, HTTP, S3). */
interface Source extends AutoCloseable {
  AssetInfo stat(URI uri) throws IOException;

  /** Opens the bytes from {@code offset}; {@code ifRange} (an etag or null) guards a resume against a changed file. */
  AssetBody open(URI uri, long offset, String ifRange) throws IOException;

  /** Exactly {@code length} bytes at {@code offset}. */
  byte[] read(URI uri, long offset, int length) throws IOException;

  /** Up to {@code length} bytes at {@code offset}: fewer at the end of the file. */
  byte[] readAtMost(URI uri, long offset, int length) throws IOException;

  @Override
  default void close() {}
}
