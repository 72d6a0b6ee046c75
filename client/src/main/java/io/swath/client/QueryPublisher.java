package io.swath.client;

import io.swath.core.table.DatapointTable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A {@link Flow.Publisher} of a query's pages: each subscriber gets its own query, pages are
 * delivered only as requested (reactive-streams backpressure), and cancelling the subscription
 * cancels the query on the server.
 */
final class QueryPublisher implements Flow.Publisher<DatapointTable> {
  private final Supplier<CompletableFuture<PageIterator>> open;

  QueryPublisher(Supplier<CompletableFuture<PageIterator>> open) {
    this.open = open;
  }

  @Override
  public void subscribe(Flow.Subscriber<? super DatapointTable> subscriber) {
    java.util.Objects.requireNonNull(subscriber, "subscriber");
    AtomicLong demand = new AtomicLong();
    AtomicBoolean cancelled = new AtomicBoolean();
    Object signal = new Object();
    CompletableFuture<PageIterator> it = open.get();
    subscriber.onSubscribe(new Flow.Subscription() {
      @Override
      public void request(long n) {
        if (n <= 0) {
          cancel();
          subscriber.onError(new IllegalArgumentException("request(n) needs n > 0 (reactive streams rule 3.9), got " + n));
          return;
        }
        demand.getAndAccumulate(n, (a, b) -> a + b < 0 ? Long.MAX_VALUE : a + b);
        synchronized (signal) {
          signal.notifyAll();
        }
      }

      @Override
      public void cancel() {
        cancelled.set(true);
        it.thenAccept(PageIterator::close);
        it.cancel(true);
        synchronized (signal) {
          signal.notifyAll();
        }
      }
    });
    // one virtual thread per subscription pulls pages as demand allows
    Thread.ofVirtual().name("swath-query-publisher").start(() -> {
      PageIterator pages;
      try {
        pages = it.join();
      } catch (Throwable t) {
        if (!cancelled.get()) {
          subscriber.onError(GrpcErrors.from(t));
        }
        return;
      }
      try (pages) {
        while (!cancelled.get()) {
          synchronized (signal) {
            while (demand.get() == 0 && !cancelled.get()) {
              signal.wait();
            }
          }
          if (cancelled.get()) {
            return;
          }
          if (!pages.hasNext()) {
            subscriber.onComplete();
            return;
          }
          demand.decrementAndGet();
          subscriber.onNext(pages.next());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Throwable t) {
        if (!cancelled.get()) {
          subscriber.onError(GrpcErrors.from(t));
        }
      }
    });
  }
}
