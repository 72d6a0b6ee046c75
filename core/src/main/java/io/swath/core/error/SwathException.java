package io.swath.core.error;

import java.time.Duration;
import java.util.Optional;

/**
 * Root of every exception Swath throws. Unchecked, like the exceptions of gRPC, the AWS SDK
 * and Jdbi. Subclasses split into {@link SwathClientException} (no answer from the server:
 * I/O, timeout, cancellation, configuration) and {@link SwathServiceException} (the server
 * answered with an error).
 */
public abstract class SwathException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Duration retryAfter;

  protected SwathException(String message, Throwable cause) {
    this(message, cause, null);
  }

  /** With the wait the server asked for before a retry ({@code retryAfter}, may be null). */
  protected SwathException(String message, Throwable cause, Duration retryAfter) {
    super(message, cause);
    this.retryAfter = retryAfter;
  }

  /**
   * Whether the same call may succeed if tried again later. This is the one place that decides
   * what is retried: {@link UnavailableException} (server unreachable, overloaded, connection
   * broken) and {@link AbortedException} (a conflict with a concurrent write) are; everything
   * else, including a request too large for the server, is not.
   */
  public boolean isRetryable() {
    return false;
  }

  /** The wait the server asked for before a retry ({@code Retry-After}, gRPC pushback), if it asked. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }
}
