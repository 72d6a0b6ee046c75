package io.swath.core.error;

/** The server needs credentials that were missing or invalid. */
public final class UnauthenticatedException extends SwathServiceException {
  private static final long serialVersionUID = 1L;

  public UnauthenticatedException(String message) {
    this(message, null);
  }

  public UnauthenticatedException(String message, Throwable cause) {
    super(ErrorCode.UNAUTHENTICATED, message, cause);
  }
}
