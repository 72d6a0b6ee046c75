package io.swath.core.error;

/** The named dataset, collection or datapoint does not exist. An empty query result is not this error. */
public final class NotFoundException extends SwathServiceException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    this(message, null);
  }

  public NotFoundException(String message, Throwable cause) {
    super(ErrorCode.NOT_FOUND, message, cause);
  }
}
