package io.swath.core.error;

/**
 * The TLS connection to the server could not be set up: its certificate is not trusted or not
 * valid for the address, it requires a client certificate, or one side speaks TLS and the other
 * does not. Not retryable: the same call fails the same way until the settings change. The
 * message says which, and what to change.
 */
public final class SwathTlsException extends SwathClientException {
  private static final long serialVersionUID = 1L;
  private final Reason reason;

  /** What went wrong. */
  public enum Reason {
    /** The server's certificate is not signed by a CA the client trusts. */
    CERTIFICATE_NOT_TRUSTED,
    /** The server's certificate does not name the host the client connected to. */
    CERTIFICATE_NAME_MISMATCH,
    /** The server's certificate has expired or is not valid yet. */
    CERTIFICATE_EXPIRED,
    /** The server requires a client certificate, and the client gave none it accepts. */
    CLIENT_CERTIFICATE_REQUIRED,
    /** The client speaks TLS to a server that does not. */
    SERVER_NOT_TLS,
    /** The client speaks plaintext to a server that requires TLS. */
    SERVER_REQUIRES_TLS,
    /** Another handshake failure (protocol versions, cipher suites, ...). */
    HANDSHAKE_FAILED
  }

  public SwathTlsException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = java.util.Objects.requireNonNull(reason, "reason");
  }

  /** What went wrong. */
  public Reason reason() {
    return reason;
  }
}
