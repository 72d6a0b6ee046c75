package io.swath.imagery.asset;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/** Local files ({@code file:} URIs). */
final class FileSource implements Source {
  static Path path(URI uri) {
    return Path.of(uri);
  }

  @Override
  public AssetInfo stat(URI uri) throws IOException {
    try {
      BasicFileAttributes a = Files.readAttributes(path(uri), BasicFileAttributes.class);
      return new AssetInfo(a.size(), null, a.lastModifiedTime().toInstant(), null);
    } catch (NoSuchFileException e) {
      throw new AssetException("no such file: " + uri.getPath(), 404, false, (java.time.Duration) null);
    }
  }

  @Override
  public AssetBody open(URI uri, long offset, String ifRange) throws IOException {
    FileChannel fc;
    try {
      fc = FileChannel.open(path(uri), StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      throw new AssetException("no such file: " + uri.getPath(), 404, false, (java.time.Duration) null);
    }
    long size = fc.size();
    fc.position(Math.min(offset, size));
    InputStream in = Channels.newInputStream(fc);
    return new AssetBody(in, Math.min(offset, size), size, null);
  }

  @Override
  public byte[] readAtMost(URI uri, long offset, int length) throws IOException {
    try (FileChannel fc = FileChannel.open(path(uri), StandardOpenOption.READ)) {
      long size = fc.size();
      int n = (int) Math.max(0, Math.min(length, size - offset));
      ByteBuffer b = ByteBuffer.allocate(n);
      while (b.hasRemaining() && fc.read(b, offset + b.position()) > 0) {
        // until full
      }
      return b.array();
    } catch (NoSuchFileException e) {
      throw new AssetException("no such file: " + uri.getPath(), 404, false, (java.time.Duration) null);
    }
  }

  @Override
  public byte[] read(URI uri, long offset, int length) throws IOException {
    try (FileChannel fc = FileChannel.open(path(uri), StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(length);
      while (b.hasRemaining()) {
        int n = fc.read(b, offset + b.position());
        if (n < 0) {
          throw new AssetException("range " + offset + "+" + length + " is beyond the end of " + uri.getPath(), 416, false,
              (java.time.Duration) null);
        }
      }
      return b.array();
    } catch (NoSuchFileException e) {
      throw new AssetException("no such file: " + uri.getPath(), 404, false, (java.time.Duration) null);
    }
  }
}
