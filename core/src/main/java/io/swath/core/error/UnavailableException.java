package io.swath.core.error;

/** The server could not be reached or is overloaded; retrying later may succeed. */
public final class UnavailableException extends SwathServiceException {
  private static final long serialVersionUID = 1L;

  public UnavailableException(String message) {
    this(message, null);
  }

  public UnavailableException(String message, Throwable cause) {
    this(message, cause, null);
  }

  /** With the wait the server asked for before a retry (may be null). */
  public UnavailableException(String message, Throwable cause, java.time.Duration retryAfter) {
    super(ErrorCode.UNAVAILABLE, message, cause, retryAfter);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
