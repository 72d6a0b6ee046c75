package io.swath.client;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.swath.api.v1.CollectionServiceGrpc;
import io.swath.api.v1.DataAccessServiceGrpc;
import io.swath.api.v1.DatasetServiceGrpc;
import io.swath.api.v1.IngestServiceGrpc;
import io.swath.core.retry.Retrier;
import io.swath.core.retry.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The one core under both client faces: owns the channels, the stubs and the call timeout, and
 * turns gRPC calls into {@link CompletableFuture}s whose cancellation cancels the call. Single
 * calls use the first channel; each query stream goes to the channel with the least expected
 * traffic, so concurrent queries and the shards of one query travel over several connections
 * (each connects on first use).
 */
final class ClientCore {
  final ManagedChannel channel;
  private final ManagedChannel[] streamChannels;
  private final DataAccessServiceGrpc.DataAccessServiceStub[] streamStubs;
  private final AtomicLong[] activeWeight;
  final boolean ownsChannel;
  final String target;
  final Duration callTimeout;
  final int ingestBatchSize;
  final RetryPolicy retry;
  /** Retries what {@link GrpcErrors} calls retryable, honouring the server's pushback. */
  final Retrier retrier;
  final DatasetServiceGrpc.DatasetServiceFutureStub datasets;
  final CollectionServiceGrpc.CollectionServiceFutureStub collections;
  final IngestServiceGrpc.IngestServiceFutureStub ingest;
  final DataAccessServiceGrpc.DataAccessServiceFutureStub access;

  /** {@code streamChannels[0]} also carries the single calls. */
  ClientCore(ManagedChannel[] streamChannels, boolean ownsChannel, String target, Duration callTimeout, int ingestBatchSize,
             RetryPolicy retry) {
    ManagedChannel channel = streamChannels[0];
    this.channel = channel;
    this.streamChannels = streamChannels.clone();
    this.streamStubs = new DataAccessServiceGrpc.DataAccessServiceStub[streamChannels.length];
    this.activeWeight = new AtomicLong[streamChannels.length];
    for (int i = 0; i < streamChannels.length; i++) {
      streamStubs[i] = DataAccessServiceGrpc.newStub(streamChannels[i]);
      activeWeight[i] = new AtomicLong();
    }
    this.ownsChannel = ownsChannel;
    this.target = target;
    this.callTimeout = callTimeout;
    this.ingestBatchSize = ingestBatchSize;
    this.retry = retry;
    this.retrier = Retrier.of(retry, GrpcErrors::from);
    this.datasets = DatasetServiceGrpc.newFutureStub(channel);
    this.collections = CollectionServiceGrpc.newFutureStub(channel);
    this.ingest = IngestServiceGrpc.newFutureStub(channel);
    this.access = DataAccessServiceGrpc.newFutureStub(channel);
  }

  /** Connections that query streams are spread over. */
  int connections() {
    return streamStubs.length;
  }

  /**
   * Picks the connection for a new query stream of about {@code weight} datapoints: the one with
   * the least expected traffic of open streams, the first of equals, so queries one after another
   * keep to one connection and the others open only when streams overlap. The connection carries
   * the weight until {@link #releaseStream}.
   */
  int acquireStream(long weight) {
    int best = 0;
    for (int i = 1; i < activeWeight.length; i++) {
      if (activeWeight[i].get() < activeWeight[best].get()) {
        best = i;
      }
    }
    activeWeight[best].addAndGet(weight);
    return best;
  }

  /** The stub of connection {@code i}. */
  DataAccessServiceGrpc.DataAccessServiceStub streamStub(int i) {
    return streamStubs[i];
  }

  /** A stream of {@code weight} acquired on connection {@code i} has ended. */
  void releaseStream(int i, long weight) {
    activeWeight[i].addAndGet(-weight);
  }

  /** Runs a unary call with the call timeout; maps the result; errors become Swath exceptions. */
  <S extends io.grpc.stub.AbstractStub<S>, R, T> CompletableFuture<T> unary(S stub, Function<S, ListenableFuture<R>> call,
                                                                          Function<R, T> map) {
    return unary(stub, callTimeout, call, map);
  }

  /** Runs a unary call with {@code timeout} as its deadline; maps the result; errors become Swath exceptions. */
  <S extends io.grpc.stub.AbstractStub<S>, R, T> CompletableFuture<T> unary(S stub, Duration timeout, Function<S, ListenableFuture<R>> call,
                                                                          Function<R, T> map) {
    CompletableFuture<T> out = new CompletableFuture<>();
    ListenableFuture<R> lf;
    try {
      lf = call.apply(stub.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS));
    } catch (Throwable t) {
      return Futures.failed(t);
    }
    com.google.common.util.concurrent.Futures.addCallback(lf, new FutureCallback<R>() {
      @Override
      public void onSuccess(R r) {
        try {
          out.complete(map.apply(r));
        } catch (Throwable t) {
          out.completeExceptionally(GrpcErrors.from(t, target));
        }
      }

      @Override
      public void onFailure(Throwable t) {
        out.completeExceptionally(GrpcErrors.from(t, target));
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
    return retrier.callAsync(n -> call.get());
  }

  void close() {
    if (!ownsChannel) {
      return;
    }
    for (ManagedChannel c : streamChannels) {
      c.shutdown();
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    for (ManagedChannel c : streamChannels) {
      try {
        if (!c.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
          c.shutdownNow();
        }
      } catch (InterruptedException e) {
        c.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }
}
