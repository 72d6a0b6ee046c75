package io.swath.client;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.swath.core.error.ErrorCode;
import io.swath.core.error.SwathCancelledException;
import io.swath.core.error.SwathClientException;
import io.swath.core.error.SwathException;
import io.swath.core.error.SwathServiceException;
import io.swath.core.error.UnavailableException;
import io.swath.core.retry.RetryAfter;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The only place that turns gRPC statuses into Swath exceptions, and so decides which gRPC
 * failures the SDK retries (through {@link SwathException#isRetryable()}): UNAVAILABLE, a
 * server that is busy (RESOURCE_EXHAUSTED), a broken connection and ABORTED are retried; a
 * message larger than the peer accepts is an invalid argument and is not. The server's
 * {@code grpc-retry-pushback-ms} trailer becomes {@link SwathException#retryAfter()}. Public for
 * the other Swath SDK modules (workflows); not meant for application code.
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
    Metadata trailers = Status.trailersFromThrowable(t);
    Duration pushback = trailers == null ? null
        : RetryAfter.parsePushbackMillis(trailers.get(PUSHBACK)).orElse(null);
    ErrorCode code = switch (s.getCode()) {
      case NOT_FOUND -> ErrorCode.NOT_FOUND;
      case INVALID_ARGUMENT, OUT_OF_RANGE -> ErrorCode.INVALID_ARGUMENT;
      case ALREADY_EXISTS -> ErrorCode.ALREADY_EXISTS;
      case UNAUTHENTICATED -> ErrorCode.UNAUTHENTICATED;
      case PERMISSION_DENIED -> ErrorCode.PERMISSION_DENIED;
      case UNAVAILABLE -> ErrorCode.UNAVAILABLE;
      // grpc-java reports a message over the size limit as RESOURCE_EXHAUSTED; sending it again fails again
      case RESOURCE_EXHAUSTED -> msg.contains("exceeds maximum size") ? ErrorCode.INVALID_ARGUMENT : ErrorCode.UNAVAILABLE;
      case ABORTED -> ErrorCode.ABORTED;
      case FAILED_PRECONDITION -> ErrorCode.FAILED_PRECONDITION;
      case DEADLINE_EXCEEDED -> ErrorCode.DEADLINE_EXCEEDED;
      case CANCELLED -> ErrorCode.CANCELLED;
      // the connection broke under the call (reset, closed): the path failed, not the request
      case INTERNAL -> brokenConnection(s) ? ErrorCode.UNAVAILABLE : ErrorCode.INTERNAL;
      case UNKNOWN -> brokenConnection(s) ? ErrorCode.UNAVAILABLE : ErrorCode.UNKNOWN;
      case DATA_LOSS -> ErrorCode.INTERNAL;
      default -> ErrorCode.UNKNOWN;
    };
    if (code == ErrorCode.CANCELLED) {
      return new SwathCancelledException(msg, t);
    }
    if (s.getCode() == Status.Code.UNAVAILABLE && s.getCause() != null) {
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
    if (code == ErrorCode.UNAVAILABLE) {
      return new UnavailableException(msg, t, pushback);
    }
    return SwathServiceException.of(code, msg, t);
  }

  private static final Metadata.Key<String> PUSHBACK =
      Metadata.Key.of(RetryAfter.GRPC_PUSHBACK_KEY, Metadata.ASCII_STRING_MARSHALLER);

  /** Whether the status carries an I/O failure of the transport (connection reset, closed, broken pipe). */
  private static boolean brokenConnection(Status s) {
    for (Throwable c = s.getCause(); c != null; c = c.getCause() == c ? null : c.getCause()) {
      if (c instanceof IOException) {
        return true;
      }
    }
    return false;
  }
}
