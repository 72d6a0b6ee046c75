package io.swath.core.error;

/**
 * Root of every exception Swath throws. Unchecked, like the exceptions of gRPC, the AWS SDK
 * and Jdbi. Subclasses split into {@link SwathClientException} (no answer from the server:
 * I/O, timeout, cancellation, configuration) and {@link SwathServiceException} (the server
 * answered with an error).
 */
public abstract class SwathException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected SwathException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Whether the same call may succeed if tried again later. */
  public boolean isRetryable() {
    return false;
  }
}
