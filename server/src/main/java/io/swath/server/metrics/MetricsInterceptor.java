package io.swath.server.metrics;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.swath.api.v1.DatapointPage;
import io.swath.api.v1.IngestRequest;
import java.util.concurrent.atomic.AtomicBoolean;

/** Counts each call once when it ends (closed by the server or cancelled by the client), and its messages. */
final class MetricsInterceptor implements ServerInterceptor {
  private final ServerMetrics metrics;

  MetricsInterceptor(ServerMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    ServerMetrics.Method m = metrics.method(call.getMethodDescriptor());
    m.started.increment();
    long t0 = System.nanoTime();
    AtomicBoolean ended = new AtomicBoolean();
    ServerCall<Q, R> counted = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void sendMessage(R message) {
        m.sent.increment();
        if (message instanceof DatapointPage p) {
          metrics.datapointsSent.add(p.getTimeUsCount());
        }
        super.sendMessage(message);
      }

      @Override
      public void close(Status status, Metadata trailers) {
        if (ended.compareAndSet(false, true)) {
          m.handled(status.getCode(), System.nanoTime() - t0);
        }
        super.close(status, trailers);
      }
    };
    ServerCall.Listener<Q> listener = next.startCall(counted, headers);
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onMessage(Q message) {
        m.received.increment();
        if (message instanceof IngestRequest r) {
          metrics.datapointsReceived.add(r.getDatapoints().getTimeUsCount());
        }
        super.onMessage(message);
      }

      @Override
      public void onCancel() {
        if (ended.compareAndSet(false, true)) {
          m.handled(Status.Code.CANCELLED, System.nanoTime() - t0);
        }
        super.onCancel();
      }
    };
  }
}
