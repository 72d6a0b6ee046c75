package io.swath.imagery.download;

import java.time.Duration;

/**
 * How one download ended.
 *
 * @param request what was asked
 * @param status the outcome
 * @param size the final file's size (0 when it failed)
 * @param transferred bytes received in this run (less than {@code size} after a resume, 0 when the file was already there)
 * @param attempts requests made (1 when nothing failed)
 * @param elapsed wall time
 * @param failure why it failed, or null
 */
public record DownloadResult(DownloadRequest request, Status status, long size, long transferred, int attempts, Duration elapsed,
                             String failure) {
  /** Outcomes. */
  public enum Status {
    /** Downloaded and verified now. */
    DOWNLOADED,
    /** The target already existed and verified; nothing was transferred. */
    ALREADY_PRESENT,
    /** Gave up: {@link DownloadResult#failure()} says why. Nothing sits at the target path. */
    FAILED,
    /** Cancelled before it finished. Nothing sits at the target path. */
    CANCELLED
  }

  /** Whether the file is at its target path and verified. */
  public boolean succeeded() {
    return status == Status.DOWNLOADED || status == Status.ALREADY_PRESENT;
  }
}
