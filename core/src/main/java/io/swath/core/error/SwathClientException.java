package io.swath.core.error;

/** A failure on the client side, without an answer from the server: I/O, configuration, local validation. */
public class SwathClientException extends SwathException {
  private static final long serialVersionUID = 1L;

  public SwathClientException(String message) {
    super(message, null);
  }

  public SwathClientException(String message, Throwable cause) {
    super(message, cause);
  }
}
