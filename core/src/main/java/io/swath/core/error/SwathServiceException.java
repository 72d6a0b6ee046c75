package io.swath.core.error;

/**
 * The server answered with an error. Known codes have their own subclass; codes this client
 * does not know arrive as this class with {@link ErrorCode#UNKNOWN} or {@link ErrorCode#INTERNAL}.
 */
public class SwathServiceException extends SwathException {
  private static final long serialVersionUID = 1L;
  private final ErrorCode code;

  public SwathServiceException(ErrorCode code, String message) {
    this(code, message, null);
  }

  public SwathServiceException(ErrorCode code, String message, Throwable cause) {
    this(code, message, cause, null);
  }

  /** With the wait the server asked for before a retry (may be null). */
  protected SwathServiceException(ErrorCode code, String message, Throwable cause, java.time.Duration retryAfter) {
    super(message, cause, retryAfter);
    this.code = code;
  }

  /** The error code the server reported. */
  public ErrorCode code() {
    return code;
  }

  /** Builds the exception subclass that matches {@code code}. */
  public static SwathServiceException of(ErrorCode code, String message, Throwable cause) {
    return switch (code) {
      case NOT_FOUND -> new NotFoundException(message, cause);
      case INVALID_ARGUMENT -> new InvalidArgumentException(message, cause);
      case ALREADY_EXISTS -> new AlreadyExistsException(message, cause);
      case UNAUTHENTICATED -> new UnauthenticatedException(message, cause);
      case PERMISSION_DENIED -> new PermissionDeniedException(message, cause);
      case UNAVAILABLE -> new UnavailableException(message, cause);
      case FAILED_PRECONDITION -> new FailedPreconditionException(message, cause);
      case ABORTED -> new AbortedException(message, cause);
      default -> new SwathServiceException(code, message, cause);
    };
  }
}
