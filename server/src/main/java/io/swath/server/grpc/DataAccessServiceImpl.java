package io.swath.server.grpc;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.swath.api.v1.DataAccessServiceGrpc;
import io.swath.api.v1.DatapointPage;
import io.swath.api.v1.FindRequest;
import io.swath.api.v1.QueryRequest;
import io.swath.core.id.DatapointId;
import io.swath.server.catalog.CatalogStore;
import io.swath.server.catalog.DatapointStore;
import io.swath.server.catalog.QuerySpec;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** gRPC DataAccessService: streamed, flow-controlled query results and find by id. */
final class DataAccessServiceImpl extends DataAccessServiceGrpc.DataAccessServiceImplBase {
  private final CatalogStore catalog;
  private final DatapointStore store;
  private final QueryPlanner planner;
  private final java.util.concurrent.atomic.AtomicInteger activeStreams = new java.util.concurrent.atomic.AtomicInteger();

  DataAccessServiceImpl(CatalogStore catalog, DatapointStore store) {
    this.catalog = catalog;
    this.store = store;
    this.planner = new QueryPlanner(catalog);
  }

  @Override
  public void query(QueryRequest req, StreamObserver<DatapointPage> raw) {
    ServerCallStreamObserver<DatapointPage> obs = (ServerCallStreamObserver<DatapointPage>) raw;
    ReentrantLock lock = new ReentrantLock();
    Condition ready = lock.newCondition();
    Runnable signal = () -> {
      lock.lock();
      try {
        ready.signalAll();
      } finally {
        lock.unlock();
      }
    };
    obs.setOnReadyHandler(signal);
    obs.setOnCancelHandler(signal);
    activeStreams.incrementAndGet();
    try {
      QuerySpec spec = planner.plan(req);
      store.query(spec, page -> {
        lock.lock();
        try {
          while (!obs.isReady()) {
            if (obs.isCancelled()) {
              throw new InterruptedException("client cancelled");
            }
            ready.await(100, java.util.concurrent.TimeUnit.MILLISECONDS);
          }
        } finally {
          lock.unlock();
        }
        if (obs.isCancelled()) {
          throw new InterruptedException("client cancelled");
        }
        obs.onNext(page);
      });
      obs.onCompleted();
    } catch (Throwable t) {
      if (obs.isCancelled()) {
        return;
      }
      obs.onError(t instanceof InterruptedException ? Status.CANCELLED.withDescription("cancelled").asRuntimeException() : Errors.toStatus(t));
    } finally {
      activeStreams.decrementAndGet();
    }
  }

  /** Query streams being served right now. */
  int activeStreams() {
    return activeStreams.get();
  }

  @Override
  public void find(FindRequest req, StreamObserver<DatapointPage> obs) {
    Calls.unary(obs, () -> {
      if (req.getId().size() != 16) {
        throw new IllegalArgumentException("datapoint id must be 16 bytes, got " + req.getId().size());
      }
      return store.find(catalog.dataset(req.getDatasetSlug()), req.getCollection(), DatapointId.fromBytes(req.getId().toByteArray(), 0));
    });
  }
}
