package io.swath.imagery.asset;

import java.io.IOException;
import java.time.Duration;

/**
 * A store answered a request for an asset with an error: an HTTP status, an S3 error code, a
 * missing file. {@link #isRetryable()} says whether trying again may help (timeouts, 408, 429,
 * 5xx); {@link #retryAfter()} is the wait the store asked for, if any.
 */
public class AssetException extends IOException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final boolean retryable;
  private final transient Duration retryAfter;

  /** An error with an HTTP-like status (0 when there is none). */
  public AssetException(String message, int status, boolean retryable, Duration retryAfter) {
    super(message);
    this.status = status;
    this.retryable = retryable;
    this.retryAfter = retryAfter;
  }

  /** An error with a cause. */
  public AssetException(String message, int status, boolean retryable, Throwable cause) {
    super(message, cause);
    this.status = status;
    this.retryable = retryable;
    this.retryAfter = null;
  }

  /** The HTTP status (or the S3 status), 0 when not from an HTTP answer. */
  public int status() {
    return status;
  }

  /** Whether the same request may succeed later. */
  public boolean isRetryable() {
    return retryable;
  }

  /** The wait the store asked for ({@code Retry-After}), or null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Whether an HTTP status is worth retrying: 408, 425, 429 and 5xx except 501 and 505. */
  public static boolean retryableStatus(int status) {
    return status == 408 || status == 425 || status == 429 || status >= 500 && status != 501 && status != 505;
  }
}
