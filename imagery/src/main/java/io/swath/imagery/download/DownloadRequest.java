package io.swath.imagery.download;

import io.swath.imagery.asset.Asset;
import io.swath.imagery.asset.Checksum;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One file to download: from where, to which final path, and what it must be. The file appears at
 * {@code target} only once complete and verified: against {@code checksum} when given (else an S3
 * ETag that is an MD5), and against {@code expectedSize} when given (else the size the store
 * announced).
 *
 * @param source a {@code file:}, {@code http(s):} or {@code s3:} URI
 * @param target the final path
 * @param expectedSize bytes, or -1 when unknown
 * @param checksum the expected digest, or null
 */
public record DownloadRequest(URI source, Path target, long expectedSize, Checksum checksum) {
  /** Validates the fields. */
  public DownloadRequest {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(target, "target");
    if (expectedSize < -1) {
      throw new IllegalArgumentException("expectedSize must be -1 (unknown) or at least 0, got " + expectedSize);
    }
  }

  /** A request with nothing known in advance about the file. */
  public static DownloadRequest of(URI source, Path target) {
    return new DownloadRequest(source, target, -1, null);
  }

  /** A request for an asset, with the size and checksum its metadata gives. */
  public static DownloadRequest of(Asset asset, Path target) {
    return new DownloadRequest(asset.href(), target, asset.size(), asset.checksum());
  }

  /** The same request with an expected checksum. */
  public DownloadRequest withChecksum(Checksum c) {
    return new DownloadRequest(source, target, expectedSize, c);
  }

  /** The same request with an expected size. */
  public DownloadRequest withExpectedSize(long size) {
    return new DownloadRequest(source, target, size, checksum);
  }
}
