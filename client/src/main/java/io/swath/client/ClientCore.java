package io.swath.client;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.swath.api.v1.CollectionServiceGrpc;
import io.swath.api.v1.DataAccessServiceGrpc;
import io.swath.api.v1.DatapointPage;
import io.swath.api.v1.DatasetServiceGrpc;
import io.swath.api.v1.IngestServiceGrpc;
import io.swath.api.v1.QueryRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
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
  final DatasetServiceGrpc.DatasetServiceFutureStub datasets;
  final CollectionServiceGrpc.CollectionServiceFutureStub collections;
  final IngestServiceGrpc.IngestServiceFutureStub ingest;
  final DataAccessServiceGrpc.DataAccessServiceFutureStub access;
  final DataAccessServiceGrpc.DataAccessServiceStub accessStream;

  ClientCore(ManagedChannel channel, boolean ownsChannel, String target, Duration callTimeout, int ingestBatchSize) {
    this.channel = channel;
    this.ownsChannel = ownsChannel;
    this.target = target;
    this.callTimeout = callTimeout;
    this.ingestBatchSize = ingestBatchSize;
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
   * Streams a query: every page goes to {@code onPage} (on a gRPC thread, in order); the future
   * completes when the stream ends. Cancelling the future cancels the server-side stream.
   */
  CompletableFuture<Void> stream(QueryRequest req, Duration timeout, Consumer<DatapointPage> onPage) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    DataAccessServiceGrpc.DataAccessServiceStub stub = timeout == null ? accessStream
        : accessStream.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS);
    stub.query(req, new ClientResponseObserver<QueryRequest, DatapointPage>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<QueryRequest> call) {
        done.whenComplete((r, e) -> {
          if (e != null) {
            call.cancel("cancelled by the client", null);
          }
        });
      }

      @Override
      public void onNext(DatapointPage page) {
        if (done.isDone()) {
          return;
        }
        try {
          onPage.accept(page);
        } catch (Throwable t) {
          done.completeExceptionally(GrpcErrors.from(t));
        }
      }

      @Override
      public void onError(Throwable t) {
        done.completeExceptionally(GrpcErrors.from(t));
      }

      @Override
      public void onCompleted() {
        done.complete(null);
      }
    });
    return done;
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
