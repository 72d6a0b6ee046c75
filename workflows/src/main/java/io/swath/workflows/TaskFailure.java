package io.swath.workflows;

import io.swath.core.error.SwathException;

/**
 * Thrown by a task to fail with a type and say whether a retry may help. Any other exception is
 * retryable unless the runner lists its class as not retryable
 * ({@link TaskRunner.Builder#nonRetryable}).
 */
public final class TaskFailure extends SwathException {
  private static final long serialVersionUID = 1L;
  private final String type;
  private final boolean retryable;

  private TaskFailure(String type, String message, Throwable cause, boolean retryable) {
    super(type + ": " + message, cause);
    this.type = type;
    this.retryable = retryable;
  }

  /** A failure that may pass on a later attempt (a flaky network, a busy service). */
  public static TaskFailure retryable(String type, String message, Throwable cause) {
    return new TaskFailure(type, message, cause, true);
  }

  /** A failure that no retry fixes (bad input, a missing scene): the task fails at once. */
  public static TaskFailure nonRetryable(String type, String message, Throwable cause) {
    return new TaskFailure(type, message, cause, false);
  }

  /** A short word for the kind of failure, e.g. {@code SceneNotFound}. */
  public String type() {
    return type;
  }

  @Override
  public boolean isRetryable() {
    return retryable;
  }
}
