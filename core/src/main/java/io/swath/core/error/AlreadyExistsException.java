package io.swath.core.error;

/** A dataset or collection with that name already exists. */
public final class AlreadyExistsException extends SwathServiceException {
  private static final long serialVersionUID = 1L;

  public AlreadyExistsException(String message) {
    this(message, null);
  }

  public AlreadyExistsException(String message, Throwable cause) {
    super(ErrorCode.ALREADY_EXISTS, message, cause);
  }
}
