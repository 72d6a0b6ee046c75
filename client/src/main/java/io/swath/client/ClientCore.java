package io.swath.client;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.swath.api.v1.CollectionServiceGrpc;
import io.swath.api.v1.DataAccessServiceGrpc;
import io.swath.api.v1.DatasetServiceGrpc;
import io.swath.api.v1.IngestServiceGrpc;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The one core under both client faces: owns the channel, the stubs and the call timeout, and
 * turns gRPC calls into {@link CompletableFuture}s whose cancellation cancels the call.
 */
final class ClientCore {
  final ManagedChannel channel;
  final boolean ownsChannel;
  final String target;
  final Duration callTimeout;
  final int ingestBatchSize;
  final RetryPolicy retry;
  final DatasetServiceGrpc.DatasetServiceFutureStub datasets;
  final CollectionServiceGrpc.CollectionServiceFutureStub collections;
  final IngestServiceGrpc.IngestServiceFutureStub ingest;
  final DataAccessServiceGrpc.DataAccessServiceFutureStub access;
  final DataAccessServiceGrpc.DataAccessServiceStub accessStream;

  ClientCore(ManagedChannel channel, boolean ownsChannel, String target, Duration callTimeout, int ingestBatchSize, RetryPolicy retry) {
    this.channel = channel;
    this.ownsChannel = ownsChannel;
    this.target = target;
    this.callTimeout = callTimeout;
    this.ingestBatchSize = ingestBatchSize;
    this.retry = retry;
    this.datasets = DatasetServiceGrpc.newFutureStub(channel);
    this.collections = CollectionServiceGrpc.newFutureStub(channel);
    this.ingest = IngestServiceGrpc.newFutureStub(channel);
    this.access = DataAccessServiceGrpc.newFutureStub(channel);
    this.accessStream = DataAccessServiceGrpc.newStub(channel);
  }

  /** Runs a unary call with the call timeout; maps the result; errors become Swath exceptions. */
  <S extends io.grpc.stub.AbstractStub<S>, R, T> CompletableFuture<T> unary(S stub, Function<S, ListenableFuture<R>> call,
                                                                          Function<R, T> map) {
    CompletableFuture<T> out = new CompletableFuture<>();
    ListenableFuture<R> lf;
    try {
      lf = call.apply(stub.withDeadlineAfter(callTimeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (Throwable t) {
      return Futures.failed(t);
    }
    com.google.common.util.concurrent.Futures.addCallback(lf, new FutureCallback<R>() {
      @Override
      public void onSuccess(R r) {
        try {
          out.complete(map.apply(r));
        } catch (Throwable t) {
          out.completeExceptionally(GrpcErrors.from(t));
        }
      }

      @Override
      public void onFailure(Throwable t) {
        out.completeExceptionally(GrpcErrors.from(t));
      }
    }, MoreExecutors.directExecutor());
    out.whenComplete((r, e) -> {
      if (out.isCancelled()) {
        lf.cancel(true);
      }
    });
    return out;
  }

  /**
   * Runs an idempotent call, again after a backoff when it fails transiently (server
   * unavailable, connection reset, aborted by a concurrent write), as the retry policy allows.
   */
  <T> CompletableFuture<T> idempotent(java.util.function.Supplier<CompletableFuture<T>> call) {
    CompletableFuture<T> out = new CompletableFuture<>();
    attempt(call, 1, out);
    return out;
  }

  private <T> void attempt(java.util.function.Supplier<CompletableFuture<T>> call, int n, CompletableFuture<T> out) {
    call.get().whenComplete((r, e) -> {
      if (e == null) {
        out.complete(r);
        return;
      }
      Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
      if (n < retry.maxAttempts() && !out.isDone() && ResumableStream.retryable(cause.getCause() != null ? cause.getCause() : cause)) {
        java.time.Duration wait = retry.backoff(n);
        CompletableFuture.delayedExecutor(wait.toNanos(), TimeUnit.NANOSECONDS).execute(() -> attempt(call, n + 1, out));
      } else {
        out.completeExceptionally(cause);
      }
    });
  }

  void close() {
    if (ownsChannel) {
      channel.shutdown();
      try {
        if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
          channel.shutdownNow();
        }
      } catch (InterruptedException e) {
        channel.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
