package io.swath.client;

import com.google.protobuf.ByteString;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.swath.api.v1.DataAccessServiceGrpc;
import io.swath.api.v1.DatapointPage;
import io.swath.api.v1.QueryRequest;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One query stream that survives transient failures: when the call fails with a retryable
 * status, it is opened again after a backoff, asking for datapoints after the last one
 * received (and for the rest of the limit), so the pages delivered have no gap and no
 * duplicate. Pages are requested from the server only as the consumer asks for them
 * ({@link #request(int)}), so a slow consumer holds the server back instead of filling memory.
 */
final class ResumableStream {
  private final ClientCore core;
  private final QueryRequest base;
  private final long deadlineNanos; // 0 = none
  private final Consumer<DatapointPage> onPage;
  private final long weight;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private ByteString lastId = ByteString.EMPTY;
  private long received;
  private long demand; // pages asked for by the consumer and not yet delivered
  private int failures; // consecutive failures without progress
  private ClientCallStreamObserver<QueryRequest> call;
  private long requestedOnCall; // pages requested on the current call
  private int attempts;

  /** A stream of about {@code weight} datapoints (it balances the connections; any positive number will do). */
  ResumableStream(ClientCore core, QueryRequest base, Duration timeout, long weight, Consumer<DatapointPage> onPage) {
    this.weight = Math.max(1, weight);
    this.core = core;
    this.base = base;
    this.deadlineNanos = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
    this.onPage = onPage;
    done.whenComplete((r, e) -> {
      if (e != null) {
        cancelCall();
      }
    });
  }

  /** Completes when the stream ends; cancelling it cancels the server-side stream. */
  CompletableFuture<Void> done() {
    return done;
  }

  /** How many times a call was opened (1 + resumptions). */
  synchronized int attempts() {
    return attempts;
  }

  /** Opens the first call. */
  void start() {
    open();
  }

  /** Asks for {@code n} more pages ({@code Integer.MAX_VALUE}: as fast as they come). */
  synchronized void request(int n) {
    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
    if (call != null) {
      call.request(n);
      requestedOnCall += n;
    }
  }

  private synchronized void cancelCall() {
    if (call != null) {
      call.cancel("cancelled by the client", null);
    }
  }

  private void open() {
    QueryRequest req;
    synchronized (this) {
      if (done.isDone()) {
        return;
      }
      QueryRequest.Builder b = base.toBuilder();
      if (!lastId.isEmpty()) {
        b.setAfterId(lastId);
      }
      if (base.getLimit() > 0) {
        b.setLimit(base.getLimit() - received);
      }
      req = b.build();
      attempts++;
    }
    int connection = core.acquireStream(weight);
    AtomicBoolean ended = new AtomicBoolean();
    Runnable release = () -> {
      if (ended.compareAndSet(false, true)) {
        core.releaseStream(connection, weight);
      }
    };
    DataAccessServiceGrpc.DataAccessServiceStub stub = core.streamStub(connection);
    if (deadlineNanos != 0) {
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        release.run();
        done.completeExceptionally(GrpcErrors.from(Status.DEADLINE_EXCEEDED.withDescription("query timed out").asRuntimeException()));
        return;
      }
      stub = stub.withDeadlineAfter(left, TimeUnit.NANOSECONDS);
    }
    @SuppressWarnings("unchecked")
    ClientCallStreamObserver<QueryRequest>[] started = new ClientCallStreamObserver[1];
    long[] initial = new long[1];
    stub.query(req, new ClientResponseObserver<QueryRequest, DatapointPage>() {
      @Override
      public void beforeStart(ClientCallStreamObserver<QueryRequest> c) {
        // request() is only allowed once the call has started, i.e. after query() returns
        synchronized (ResumableStream.this) {
          initial[0] = Math.min(Integer.MAX_VALUE, demand);
        }
        c.disableAutoRequestWithInitial((int) initial[0]);
        started[0] = c;
      }

      @Override
      public void onNext(DatapointPage page) {
        if (done.isDone()) {
          return;
        }
        int n = page.getTimeUsCount();
        synchronized (ResumableStream.this) {
          if (n > 0) {
            lastId = page.getIds().substring((n - 1) * 16, n * 16);
            received += n;
            failures = 0;
          }
          if (demand != Long.MAX_VALUE) {
            demand--;
          }
        }
        try {
          onPage.accept(page);
        } catch (Throwable t) {
          done.completeExceptionally(GrpcErrors.from(t, core.target));
        }
      }

      @Override
      public void onError(Throwable t) {
        release.run();
        if (done.isDone()) {
          return;
        }
        int failure;
        synchronized (ResumableStream.this) {
          failure = ++failures;
          call = null;
        }
        Optional<Duration> wait = core.retrier.nextDelay(failure, t);
        if (wait.isPresent()) {
          CompletableFuture.delayedExecutor(wait.get().toNanos(), TimeUnit.NANOSECONDS).execute(ResumableStream.this::open);
        } else {
          done.completeExceptionally(GrpcErrors.from(t, core.target));
        }
      }

      @Override
      public void onCompleted() {
        release.run();
        done.complete(null);
      }
    });
    synchronized (this) {
      if (started[0] != null && !done.isDone()) {
        call = started[0];
        requestedOnCall = initial[0];
        long more = Math.min(Integer.MAX_VALUE, demand) - requestedOnCall;
        if (more > 0 && requestedOnCall < Integer.MAX_VALUE) {
          call.request((int) more);
          requestedOnCall += more;
        }
      }
    }
  }
}
