package io.swath.core.error;

/** The operation conflicts with the stored state, for example a schema change that would break stored datapoints. */
public final class FailedPreconditionException extends SwathServiceException {
  private static final long serialVersionUID = 1L;

  public FailedPreconditionException(String message) {
    this(message, null);
  }

  public FailedPreconditionException(String message, Throwable cause) {
    super(ErrorCode.FAILED_PRECONDITION, message, cause);
  }
}
