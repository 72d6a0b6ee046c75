package io.swath.imagery.download;

import java.io.IOException;

/** A download gave up; the message says why. Nothing was left at the target path. */
public final class DownloadException extends IOException {
  private static final long serialVersionUID = 1L;
  private final transient DownloadResult result;

  /** The exception for a failed or cancelled result. */
  public DownloadException(DownloadResult result) {
    super(result.request().source() + ": " + result.failure());
    this.result = result;
  }

  /** The result. */
  public DownloadResult result() {
    return result;
  }
}
