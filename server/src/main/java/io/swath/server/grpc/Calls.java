package io.swath.server.grpc;

import io.grpc.stub.StreamObserver;

/** Runs a unary call body and completes the observer with its result or a mapped error. */
final class Calls {
  private Calls() {}

  /** A call body that may throw anything. */
  @FunctionalInterface
  interface Body<T> {
    T run() throws Exception;
  }

  static <T> void unary(StreamObserver<T> obs, Body<T> body) {
    T result;
    try {
      result = body.run();
    } catch (Throwable t) {
      obs.onError(Errors.toStatus(t));
      return;
    }
    obs.onNext(result);
    obs.onCompleted();
  }
}
