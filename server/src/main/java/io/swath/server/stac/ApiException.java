package io.swath.server.stac;

/**
 * A request the API answers with an error document, {@code {"code": ..., "description": ...}}
 * (the STAC API / OGC API exception shape), and an HTTP status.
 */
final class ApiException extends RuntimeException {
  private final int status;
  private final String code;

  ApiException(int status, String code, String description) {
    super(description);
    this.status = status;
    this.code = code;
  }

  /** 400: the request is malformed or names something invalid. */
  static ApiException badRequest(String description) {
    return new ApiException(400, "InvalidParameterValue", description);
  }

  /** 404: no such resource. */
  static ApiException notFound(String description) {
    return new ApiException(404, "NotFound", description);
  }

  /** 405: the resource exists but not for this method. */
  static ApiException methodNotAllowed(String method, String path, String allowed) {
    return new ApiException(405, "MethodNotAllowed", method + " is not supported on " + path + "; use " + allowed);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }
}
