package io.swath.imagery.asset;

import io.swath.core.error.SwathException;
import io.swath.core.error.UnavailableException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
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

  /**
   * A failure to read an asset as the SDK's {@link io.swath.core.retry.Retrier} judges it: a
   * retryable {@code AssetException} or any other I/O failure (reset, timeout, truncation: the
   * network's fault) is an {@link UnavailableException} carrying the store's {@code Retry-After};
   * an interrupt, a non-retryable answer or anything else is null (not retried).
   */
  public static SwathException classify(Throwable t) {
    if (t instanceof AssetException a) {
      return a.isRetryable() ? new UnavailableException(a.getMessage(), a, a.retryAfter()) : null;
    }
    if (t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException)) {
      return null;
    }
    return t instanceof IOException io ? new UnavailableException(String.valueOf(io.getMessage()), io) : null;
  }

  /** Whether an HTTP status is worth retrying: 408, 425, 429 and 5xx except 501 and 505. */
  public static boolean retryableStatus(int status) {
    return status == 408 || status == 425 || status == 429 || status >= 500 && status != 501 && status != 505;
  }
}
