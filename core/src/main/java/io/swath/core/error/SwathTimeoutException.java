package io.swath.core.error;

import java.time.Duration;

/** A call did not finish within its timeout; the call was cancelled. */
public final class SwathTimeoutException extends SwathClientException {
  private static final long serialVersionUID = 1L;
  private final Duration timeout;

  public SwathTimeoutException(Duration timeout, Throwable cause) {
    super("call did not finish within " + timeout, cause);
    this.timeout = timeout;
  }

  /** The timeout that expired. */
  public Duration timeout() {
    return timeout;
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
