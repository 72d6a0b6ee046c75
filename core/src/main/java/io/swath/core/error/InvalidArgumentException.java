package io.swath.core.error;

/** The request was malformed or broke a rule; the message says which argument and why. */
public final class InvalidArgumentException extends SwathServiceException {
  private static final long serialVersionUID = 1L;

  public InvalidArgumentException(String message) {
    this(message, null);
  }

  public InvalidArgumentException(String message, Throwable cause) {
    super(ErrorCode.INVALID_ARGUMENT, message, cause);
  }
}
