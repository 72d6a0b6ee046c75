package io.swath.core.error;

/** The credentials do not allow the operation. */
public final class PermissionDeniedException extends SwathServiceException {
  private static final long serialVersionUID = 1L;

  public PermissionDeniedException(String message) {
    this(message, null);
  }

  public PermissionDeniedException(String message, Throwable cause) {
    super(ErrorCode.PERMISSION_DENIED, message, cause);
  }
}
