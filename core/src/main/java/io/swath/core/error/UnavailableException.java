package io.swath.core.error;

/** The server could not be reached or is overloaded; retrying later may succeed. */
public final class UnavailableException extends SwathServiceException {
  private static final long serialVersionUID = 1L;

  public UnavailableException(String message) {
    this(message, null);
  }

  public UnavailableException(String message, Throwable cause) {
    super(ErrorCode.UNAVAILABLE, message, cause);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
