package io.swath.server.grpc;

import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.swath.api.v1.CountRequest;
import io.swath.api.v1.CountResponse;
import io.swath.api.v1.DataAccessServiceGrpc;
import io.swath.api.v1.DatapointPage;
import io.swath.api.v1.FindRequest;
import io.swath.api.v1.QueryRequest;
import io.swath.core.id.DatapointId;
import io.swath.server.catalog.CatalogStore;
import io.swath.server.catalog.DatapointStore;
import io.swath.server.catalog.QuerySpec;
import io.swath.server.catalog.QuerySlots;
import io.swath.server.catalog.RowPredicate;
import io.swath.server.security.Authorization;
import java.time.Duration;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * gRPC DataAccessService: streamed, flow-controlled query results and find by id.
 *
 * <p>A query stream holds a database connection only while the client keeps up. When the client
 * leaves no flow-control room for {@link StreamLimits#pauseAfter()}, the stream keeps the page it
 * was about to send, releases its connection and its query slot, and waits; when the client reads
 * again it sends that page and resumes reading after the last datapoint sent (in a newer
 * snapshot). A client that does not read for {@link StreamLimits#sendTimeout()} gets
 * RESOURCE_EXHAUSTED. Streams wait for a {@link QuerySlots} slot, never for a pool connection,
 * in the queue of their caller ({@link Authorization#QUEUE}), so callers take turns, and a
 * cancelled stream ends quietly at once.
 */
final class DataAccessServiceImpl extends DataAccessServiceGrpc.DataAccessServiceImplBase {
  private final CatalogStore catalog;
  private final DatapointStore store;
  private final QueryPlanner planner;
  private final StreamLimits limits;
  private final AtomicInteger activeStreams = new AtomicInteger();
  private final java.util.concurrent.atomic.LongAdder pauses = new java.util.concurrent.atomic.LongAdder();

  DataAccessServiceImpl(CatalogStore catalog, DatapointStore store, StreamLimits limits) {
    this.catalog = catalog;
    this.store = store;
    this.planner = new QueryPlanner(catalog, store);
    this.limits = limits;
  }

  @Override
  public void query(QueryRequest req, StreamObserver<DatapointPage> raw) {
    ServerCallStreamObserver<DatapointPage> obs = (ServerCallStreamObserver<DatapointPage>) raw;
    if (activeStreams.incrementAndGet() > limits.maxStreams()) {
      activeStreams.decrementAndGet();
      obs.onError(Errors.busy(Status.RESOURCE_EXHAUSTED.withDescription("the server has " + limits.maxStreams()
          + " query streams open, the most it serves at once (swath server --max-query-streams); retry later")));
      return;
    }
    QueryStream s = new QueryStream(obs, queue());
    obs.setOnReadyHandler(s::wake);
    obs.setOnCancelHandler(s::cancel);
    // the stream runs on a thread of its own, so this call returns and the ready and cancel
    // callbacks (serialized with it) reach the stream while it waits
    try {
      Thread.ofVirtual().name("swath-query-stream").start(() -> {
        try {
          s.run(req);
        } finally {
          activeStreams.decrementAndGet();
        }
      });
    } catch (RuntimeException | Error e) {
      activeStreams.decrementAndGet();
      throw e;
    }
  }

  /** Thrown by the page sink to stop reading from the database while the client does not read. */
  private static final class Pause extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient DatapointPage page;

    Pause(DatapointPage page) {
      super(null, null, false, false);
      this.page = page;
    }
  }

  /** Thrown when the client went away; never reported or logged. */
  private static final class ClientGone extends Exception {
    private static final long serialVersionUID = 1L;

    ClientGone() {
      super(null, null, false, false);
    }
  }

  /** One query stream: its flow control, its resume position and its waits. */
  private final class QueryStream {
    private final ServerCallStreamObserver<DatapointPage> obs;
    private final String queue;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private Thread thread;
    private boolean waitingForSlot; // guarded by lock: a cancel then interrupts the wait
    private DatapointId lastId;
    private final Set<String> lastIdCollections = new HashSet<>();
    private long sent;

    QueryStream(ServerCallStreamObserver<DatapointPage> obs, String queue) {
      this.obs = obs;
      this.queue = queue;
    }

    void wake() {
      lock.lock();
      try {
        ready.signalAll();
      } finally {
        lock.unlock();
      }
    }

    void cancel() {
      lock.lock();
      try {
        ready.signalAll();
        if (waitingForSlot) {
          thread.interrupt();
        }
      } finally {
        lock.unlock();
      }
    }

    void run(QueryRequest req) {
      lock.lock();
      try {
        thread = Thread.currentThread();
      } finally {
        lock.unlock();
      }
      try {
        checkClient();
        QuerySpec spec = null;
        DatapointPage pending = null;
        long waitingSince = 0;
        while (true) {
          if (pending != null) {
            if (!awaitReady(waitingSince + limits.sendTimeout().toNanos())) {
              throw Status.RESOURCE_EXHAUSTED.withDescription("the client did not read for " + seconds(limits.sendTimeout())
                  + " (the server's --query-send-timeout); the query stream is closed").asRuntimeException();
            }
            send(pending);
            pending = null;
          }
          long[] since = new long[1];
          // planning reads the catalog, so it takes its turn too: a burst of streams cannot crowd
          // out other calls, and streams cancelled while they wait end at once
          try (QuerySlots.Slot slot = slot()) {
            checkClient();
            if (spec == null) {
              spec = planner.plan(req);
            }
            QuerySpec next = remaining(spec);
            if (next == null) {
              break;
            }
            long pauseNanos = Math.min(limits.pauseAfter().toNanos(), limits.sendTimeout().toNanos());
            store.query(next, page -> {
              long t0 = System.nanoTime();
              if (!awaitReady(t0 + pauseNanos)) {
                since[0] = t0;
                throw new Pause(page);
              }
              send(page);
            });
            break;
          } catch (Pause p) {
            pauses.increment();
            pending = p.page;
            waitingSince = since[0];
          }
        }
        obs.onCompleted();
      } catch (Throwable t) {
        if (t instanceof ClientGone || obs.isCancelled()) {
          return; // the client went away: nothing to answer, nothing to log
        }
        try {
          obs.onError(Errors.toStatus(t));
        } catch (RuntimeException closed) {
          // cancelled meanwhile
        }
      }
    }

    private void checkClient() throws ClientGone {
      if (obs.isCancelled()) {
        throw new ClientGone();
      }
    }

    /** Waits for flow-control room until {@code deadline} (System.nanoTime); false when it passed. */
    private boolean awaitReady(long deadline) throws InterruptedException {
      lock.lock();
      try {
        while (!obs.isReady()) {
          if (obs.isCancelled()) {
            throw new InterruptedException("client cancelled");
          }
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          // the ready callback signals; the bound only guards against a missed one
          ready.awaitNanos(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
        }
        return true;
      } finally {
        lock.unlock();
      }
    }

    private QuerySlots.Slot slot() throws InterruptedException, ClientGone {
      lock.lock();
      try {
        checkClient();
        waitingForSlot = true;
      } finally {
        lock.unlock();
      }
      try {
        return store.slots().acquire(queue);
      } catch (InterruptedException e) {
        if (obs.isCancelled()) {
          throw new ClientGone();
        }
        throw e;
      } finally {
        lock.lock();
        try {
          waitingForSlot = false;
          if (obs.isCancelled()) {
            Thread.interrupted(); // a cancel's interrupt must not reach the database connection
          }
        } finally {
          lock.unlock();
        }
      }
    }

    private void send(DatapointPage page) {
      obs.onNext(page);
      int n = page.getTimeUsCount();
      if (n == 0) {
        return;
      }
      sent += n;
      byte[] ids = page.getIds().toByteArray();
      DatapointId last = DatapointId.fromBytes(ids, (n - 1) * 16);
      if (!last.equals(lastId)) {
        lastIdCollections.clear();
        lastId = last;
      }
      for (int i = n - 1; i >= 0 && DatapointId.fromBytes(ids, i * 16).equals(last); i--) {
        lastIdCollections.add(page.getCollections(page.getCollectionIndexCount() == 0 ? 0 : page.getCollectionIndex(i)));
      }
    }

    /** The rest of {@code spec} after what was sent, or null when nothing is left. */
    private QuerySpec remaining(QuerySpec spec) {
      if (lastId == null) {
        return spec;
      }
      long limit = spec.limit();
      if (limit > 0) {
        limit -= sent;
        if (limit <= 0) {
          return null;
        }
      }
      DatapointId after = spec.after();
      DatapointId before = spec.before();
      RowPredicate exact = spec.exact();
      if (spec.collections().size() == 1) {
        // ids are unique within a collection
        if (spec.descending()) {
          before = lastId;
        } else {
          after = lastId;
        }
      } else {
        // several collections may hold the same id: read that id again, minus the rows sent
        UUID id = lastId.toUuid();
        Set<String> done = Set.copyOf(lastIdCollections);
        if (spec.descending()) {
          before = lastId.lo() == -1L ? new DatapointId(lastId.hi() + 1, 0) : new DatapointId(lastId.hi(), lastId.lo() + 1);
        } else {
          after = lastId.lo() == 0 ? new DatapointId(lastId.hi() - 1, -1L) : new DatapointId(lastId.hi(), lastId.lo() - 1);
        }
        RowPredicate inner = exact;
        exact = row -> !(id.equals(row.id()) && done.contains(row.collection())) && (inner == null || inner.test(row));
      }
      // the added test reads the id and collection only: the fields read stay those of the query
      return new QuerySpec(spec.dataset(), spec.collections(), spec.loUs(), spec.hiUs(), spec.boxes(), exact, spec.skipData(),
          spec.pageSize(), after, before, limit, spec.descending(), spec.ids(),
          exact == null ? null : spec.exact() == null ? new int[0] : spec.exactFields(), null,
          spec.fieldFilter() == null ? null : new io.swath.server.catalog.FieldFilterSql.Prefilter(spec.fieldFilter().sql(), false));
    }
  }

  /** Whom the current call's query slots are counted against (the key, or the address of a caller without one). */
  private static String queue() {
    String q = Authorization.QUEUE.get();
    return q == null ? QuerySlots.SHARED : q;
  }

  private static String seconds(Duration d) {
    long ms = d.toMillis();
    return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
  }

  /** Times a query stream released its database connection to wait for a client that did not read. */
  long pauses() {
    return pauses.sum();
  }

  /** Query streams being served right now. */
  int activeStreams() {
    return activeStreams.get();
  }

  /**
   * Counts in the database through the query planner, so a count selects what a query of the same
   * fields would stream. Takes a query slot like a stream; the count stops when the call's
   * deadline passes.
   */
  @Override
  public void count(CountRequest req, StreamObserver<CountResponse> obs) {
    String queue = queue();
    Calls.unary(obs, () -> {
      try (QuerySlots.Slot slot = store.slots().acquire(queue)) {
        QuerySpec spec = planner.plan(req);
        Deadline deadline = Context.current().getDeadline();
        // stop a little before the caller gives up, so that it hears why rather than its own timeout
        long left = deadline == null ? 0 : deadline.timeRemaining(TimeUnit.NANOSECONDS);
        Duration budget = deadline == null ? null
            : Duration.ofNanos(Math.max(1, left - Math.max(TimeUnit.MILLISECONDS.toNanos(50), left / 10)));
        OptionalLong n = store.count(spec, budget);
        if (n.isEmpty()) {
          throw Status.DEADLINE_EXCEEDED.withDescription("the count did not finish within the call's deadline ("
              + seconds(budget) + "); give it a longer timeout").asRuntimeException();
        }
        return CountResponse.newBuilder().setCount(n.getAsLong()).build();
      }
    });
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
