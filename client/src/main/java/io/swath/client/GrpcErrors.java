package io.swath.client;

import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.swath.core.error.ErrorCode;
import io.swath.core.error.SwathCancelledException;
import io.swath.core.error.SwathClientException;
import io.swath.core.error.SwathException;
import io.swath.core.error.SwathServiceException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The only place that turns gRPC statuses into Swath exceptions. Public for the other Swath SDK
 * modules (workflows); not meant for application code.
 */
public final class GrpcErrors {
  private GrpcErrors() {}

  /** The Swath exception for {@code t}: a gRPC status, a wrapped future failure, or anything else. */
  public static SwathException from(Throwable t) {
    return from(t, null);
  }

  /**
   * As {@link #from(Throwable)}, for a call to the server at {@code target} (host:port, or null):
   * when the server could not be reached, the message names the address.
   */
  static SwathException from(Throwable t, String target) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof SwathException s) {
      return s;
    }
    if (t instanceof CancellationException) {
      return new SwathCancelledException("the call was cancelled", t);
    }
    if (t instanceof IllegalArgumentException) {
      return new io.swath.core.error.InvalidArgumentException(t.getMessage(), t);
    }
    Status s = t instanceof StatusRuntimeException sre ? sre.getStatus() : t instanceof StatusException se ? se.getStatus() : null;
    if (s == null) {
      // a failure without a message still says what it was
      String m = t.getMessage();
      return new SwathClientException(m == null || m.isBlank() ? t.toString() : m, t);
    }
    String msg = s.getDescription() != null ? s.getDescription() : s.getCode().toString();
    ErrorCode code = switch (s.getCode()) {
      case NOT_FOUND -> ErrorCode.NOT_FOUND;
      case INVALID_ARGUMENT, OUT_OF_RANGE -> ErrorCode.INVALID_ARGUMENT;
      case ALREADY_EXISTS -> ErrorCode.ALREADY_EXISTS;
      case UNAUTHENTICATED -> ErrorCode.UNAUTHENTICATED;
      case PERMISSION_DENIED -> ErrorCode.PERMISSION_DENIED;
      case UNAVAILABLE, RESOURCE_EXHAUSTED -> ErrorCode.UNAVAILABLE;
      case FAILED_PRECONDITION, ABORTED -> ErrorCode.FAILED_PRECONDITION;
      case DEADLINE_EXCEEDED -> ErrorCode.DEADLINE_EXCEEDED;
      case CANCELLED -> ErrorCode.CANCELLED;
      case INTERNAL, DATA_LOSS -> ErrorCode.INTERNAL;
      default -> ErrorCode.UNKNOWN;
    };
    if (code == ErrorCode.CANCELLED) {
      return new SwathCancelledException(msg, t);
    }
    if (code == ErrorCode.UNAVAILABLE && s.getCause() != null) {
      // "io exception" alone does not say which address failed or how; the root cause does
      Throwable root = s.getCause();
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String why = root.getMessage();
      if (why != null && !why.isBlank() && !msg.contains(why)) {
        msg = msg + ": " + why;
      }
      if (target != null && !msg.contains(target)) {
        msg = "cannot reach the server at " + target + ": " + msg;
      }
      msg = msg + " (is the server running? start one with `swath server`)";
    }
    return SwathServiceException.of(code, msg, t);
  }
}
