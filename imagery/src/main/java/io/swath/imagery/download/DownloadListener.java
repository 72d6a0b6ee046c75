package io.swath.imagery.download;

import java.time.Duration;

/**
 * Hears how downloads go. Called from the downloading threads, concurrently for different files:
 * implementations must be thread-safe and quick. Every method has an empty default.
 */
public interface DownloadListener {
  /** A listener that ignores everything. */
  DownloadListener NONE = new DownloadListener() {};

  /** The transfer of a file begins: its size (-1 unknown) and how many bytes a resume starts from. */
  default void started(DownloadRequest request, long totalBytes, long resumedFrom) {}

  /** {@code bytes} more bytes arrived. */
  default void progressed(DownloadRequest request, long bytes) {}

  /**
   * A request failed and will be tried again after {@code delay}; {@code discarded} bytes already
   * counted in {@link #progressed} will come again (a restart from 0).
   */
  default void retrying(DownloadRequest request, int attempt, String reason, Duration delay, long discarded) {}

  /** The download ended (any status). */
  default void finished(DownloadResult result) {}
}
