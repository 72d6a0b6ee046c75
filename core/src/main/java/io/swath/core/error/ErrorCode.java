package io.swath.core.error;

/** The kinds of failure the Swath server reports; each maps to one exception type. */
public enum ErrorCode {
  /** The named resource does not exist. */
  NOT_FOUND,
  /** The request was malformed or violates a rule; retrying it unchanged fails again. */
  INVALID_ARGUMENT,
  /** A resource with that name already exists. */
  ALREADY_EXISTS,
  /** No or invalid credentials. */
  UNAUTHENTICATED,
  /** Credentials are valid but do not allow the operation. */
  PERMISSION_DENIED,
  /** The server is not reachable or overloaded; retrying later may succeed. */
  UNAVAILABLE,
  /** The operation would violate the current state (e.g. a breaking schema change). */
  FAILED_PRECONDITION,
  /** The operation lost a race with a concurrent write and was rolled back; retrying it may succeed. */
  ABORTED,
  /** The deadline passed before the operation finished. */
  DEADLINE_EXCEEDED,
  /** The operation was cancelled. */
  CANCELLED,
  /** A fault inside the server; a bug to report. */
  INTERNAL,
  /** A code this client does not know. */
  UNKNOWN
}
