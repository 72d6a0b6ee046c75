package io.swath.server.grpc;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.swath.core.error.SwathServiceException;
import io.swath.core.retry.RetryAfter;
import io.swath.server.db.SqlErrors;
import java.sql.SQLException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps exceptions thrown while serving a call to gRPC statuses. Bad input is never INTERNAL. */
final class Errors {
  private static final Logger LOG = LoggerFactory.getLogger(Errors.class);
  /**
   * Longest status message sent: gRPC carries it in a header, and headers beyond the peer's limit
   * (8 KiB by default) reset the stream instead of delivering the error.
   */
  static final int MAX_MESSAGE_CHARS = 2000;

  private Errors() {}

  static StatusRuntimeException toStatus(Throwable t) {
    StatusRuntimeException s = map(t);
    String d = s.getStatus().getDescription();
    if (d != null && d.length() > MAX_MESSAGE_CHARS) {
      return s.getStatus().withDescription(d.substring(0, MAX_MESSAGE_CHARS) + "… (message cut)").asRuntimeException(s.getTrailers());
    }
    return s;
  }

  /** How long a client is asked to wait when the server answers busy (the standard gRPC pushback trailer). */
  static final Duration BUSY_PUSHBACK = Duration.ofSeconds(1);
  private static final Metadata.Key<String> PUSHBACK =
      Metadata.Key.of(RetryAfter.GRPC_PUSHBACK_KEY, Metadata.ASCII_STRING_MARSHALLER);

  /** {@code status} with the {@code grpc-retry-pushback-ms} trailer asking the client to wait {@link #BUSY_PUSHBACK}. */
  static StatusRuntimeException busy(Status status) {
    Metadata trailers = new Metadata();
    trailers.put(PUSHBACK, Long.toString(BUSY_PUSHBACK.toMillis()));
    return status.asRuntimeException(trailers);
  }

  private static StatusRuntimeException map(Throwable t) {
    if (t instanceof StatusRuntimeException s) {
      return s;
    }
    if (t instanceof SwathServiceException e) {
      Status s = switch (e.code()) {
        case NOT_FOUND -> Status.NOT_FOUND;
        case INVALID_ARGUMENT -> Status.INVALID_ARGUMENT;
        case ALREADY_EXISTS -> Status.ALREADY_EXISTS;
        case UNAUTHENTICATED -> Status.UNAUTHENTICATED;
        case PERMISSION_DENIED -> Status.PERMISSION_DENIED;
        case UNAVAILABLE -> Status.UNAVAILABLE;
        case FAILED_PRECONDITION -> Status.FAILED_PRECONDITION;
        case ABORTED -> Status.ABORTED;
        case DEADLINE_EXCEEDED -> Status.DEADLINE_EXCEEDED;
        case CANCELLED -> Status.CANCELLED;
        default -> Status.INTERNAL;
      };
      return s.withDescription(e.getMessage()).asRuntimeException();
    }
    if (t instanceof IllegalArgumentException || t instanceof NumberFormatException) {
      return Status.INVALID_ARGUMENT.withDescription(t.getMessage()).asRuntimeException();
    }
    if (t instanceof java.util.concurrent.CancellationException) {
      return Status.CANCELLED.withDescription(String.valueOf(t.getMessage())).asRuntimeException();
    }
    if (t instanceof InterruptedException) {
      return Status.CANCELLED.withDescription("server is shutting down").asRuntimeException();
    }
    if (t instanceof java.sql.SQLTransientConnectionException e) {
      // the pool had no connection free in time: the server is overloaded, not broken
      LOG.warn("database pool exhausted: {}", e.getMessage());
      return busy(Status.UNAVAILABLE.withDescription("the server is busy: no database connection came free in time; retry later"));
    }
    if (t instanceof SQLException e) {
      String state = e.getSQLState() == null ? "" : e.getSQLState();
      if (SqlErrors.isConnectionLost(e)) {
        LOG.warn("database unavailable: {}", e.getMessage());
        return Status.UNAVAILABLE.withDescription("the database is unavailable: " + e.getMessage()).asRuntimeException();
      }
      if (state.equals("40P01") || state.equals("40001")) {
        return Status.ABORTED.withDescription("conflict with a concurrent write; retry: " + e.getMessage()).asRuntimeException();
      }
      if (state.equals("57014")) {
        return Status.CANCELLED.withDescription("query cancelled").asRuntimeException();
      }
      if (SqlErrors.isBadValue(e)) {
        return Status.INVALID_ARGUMENT.withDescription("the database refused a value of the request: " + e.getMessage())
            .asRuntimeException();
      }
    }
    if (t.getCause() instanceof StatusRuntimeException s) {
      return s;
    }
    LOG.error("internal error", t);
    return Status.INTERNAL.withDescription("internal server error: " + t).asRuntimeException();
  }
}
