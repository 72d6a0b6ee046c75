package io.swath.core.error;

/** A call was cancelled, by the caller or because the calling thread was interrupted. */
public final class SwathCancelledException extends SwathClientException {
  private static final long serialVersionUID = 1L;

  public SwathCancelledException(String message, Throwable cause) {
    super(message, cause);
  }
}
