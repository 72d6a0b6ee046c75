package io.swath.core.error;

/**
 * The operation conflicted with a concurrent write and was rolled back without effect; the
 * same call may succeed when tried again, so it is retryable (the SDK retries it).
 */
public final class AbortedException extends SwathServiceException {
  private static final long serialVersionUID = 1L;

  public AbortedException(String message) {
    this(message, null);
  }

  public AbortedException(String message, Throwable cause) {
    super(ErrorCode.ABORTED, message, cause);
  }

  @Override
  public boolean isRetryable() {
    return true;
  }
}
