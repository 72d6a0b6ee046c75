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
import io.swath.core.error.SwathTlsException;
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
    SwathTlsException tls = tlsFailure(s, msg, target, t);
    if (tls != null) {
      return tls;
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

  /**
   * The TLS failure behind {@code s}, with what to do about it, or null when the call did not fail
   * setting up TLS. {@code target} starts with {@code https://} when the client speaks TLS.
   */
  private static SwathTlsException tlsFailure(Status s, String msg, String target, Throwable t) {
    boolean clientTls = target != null && target.startsWith("https://");
    String where = target == null ? "the server" : "the server at " + target;
    String text = chainText(s);
    if (text.contains("CertificateExpiredException") || text.contains("CertificateNotYetValidException")) {
      return new SwathTlsException(SwathTlsException.Reason.CERTIFICATE_EXPIRED, "the certificate of " + where
          + " has expired or is not valid yet; the server needs a current certificate (" + rootMessage(s) + ")", t);
    }
    if (text.contains("PKIX path") || text.contains("unable to find valid certification path") || text.contains("CertPathBuilderException")
        || text.contains("CertPathValidatorException")) {
      return new SwathTlsException(SwathTlsException.Reason.CERTIFICATE_NOT_TRUSTED, "the certificate of " + where
          + " is not trusted: no CA this client trusts signed it. If it comes from a private CA, give the CA's certificate (PEM):"
          + " trustedCertificates(caPem) in the SDK, --ca-cert FILE or SWATH_CA_CERT on the command line ("
          + rootMessage(s) + ")", t);
    }
    if (text.contains("No subject alternative") || text.contains("No name matching")) {
      return new SwathTlsException(SwathTlsException.Reason.CERTIFICATE_NAME_MISMATCH, "the certificate of " + where
          + " is not valid for this address: connect with a name or address the certificate lists (" + rootMessage(s) + ")", t);
    }
    String lower = text.toLowerCase(java.util.Locale.ROOT);   // JDK: certificate_required; BoringSSL: TLSV1_ALERT_CERTIFICATE_REQUIRED
    if (lower.contains("certificate_required") || (lower.contains("bad_certificate") && clientTls)) {
      return new SwathTlsException(SwathTlsException.Reason.CLIENT_CERTIFICATE_REQUIRED, where + " requires a client certificate signed by a CA it trusts: give one with"
          + " clientCertificate(certPem, keyPem) in the SDK, --client-cert FILE --client-key FILE or SWATH_CLIENT_CERT and"
          + " SWATH_CLIENT_KEY on the command line (" + rootMessage(s) + ")", t);
    }
    if (clientTls && (text.contains("NotSslRecordException") || text.contains("Unsupported or unrecognized SSL message")
        || text.contains("not an SSL/TLS record"))) {
      return new SwathTlsException(SwathTlsException.Reason.SERVER_NOT_TLS, where + " does not speak TLS: connect to "
          + target.substring("https://".length()) + " without https://, or start the server with --tls-cert and --tls-key", t);
    }
    if (!clientTls && s.getCode() == Status.Code.UNAVAILABLE
        && (msg.contains("Network closed for unknown reason") || msg.contains("first received frame was not SETTINGS"))) {
      return new SwathTlsException(SwathTlsException.Reason.SERVER_REQUIRES_TLS, (target == null ? "the server" : "the server at "
          + target) + " closed the connection before answering: it most likely requires TLS. Connect to https://"
          + (target == null ? "HOST:PORT" : target) + " (and give its CA with --ca-cert or trustedCertificates if it is private)", t);
    }
    if (text.contains("SSLHandshakeException") || text.contains("SSLException")) {
      return new SwathTlsException(SwathTlsException.Reason.HANDSHAKE_FAILED, "the TLS handshake with " + where + " failed: "
          + rootMessage(s), t);
    }
    return null;
  }

  /** The class names and messages of the status's cause chain, and its description. */
  private static String chainText(Status s) {
    StringBuilder b = new StringBuilder(String.valueOf(s.getDescription()));
    for (Throwable c = s.getCause(); c != null; c = c.getCause() == c ? null : c.getCause()) {
      b.append(' ').append(c.getClass().getName()).append(": ").append(c.getMessage());
    }
    return b.toString();
  }

  private static String rootMessage(Status s) {
    Throwable root = s.getCause();
    if (root == null) {
      return String.valueOf(s.getDescription());
    }
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
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
