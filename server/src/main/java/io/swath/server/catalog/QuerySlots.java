package io.swath.server.catalog;

import io.swath.core.error.UnavailableException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Admission for the reads that hold a database connection for a long time (query streams, STAC
 * searches): at most {@link #capacity()} run at once, fewer than the pool has connections, so
 * metadata calls, ingests, {@code /health} and the workflow queue always find one. Waiters are
 * served first come, first served; one who waits longer than the queue timeout is told the
 * server is busy ({@link UnavailableException}, retryable) instead of waiting for a connection.
 */
public final class QuerySlots {
  private final Semaphore permits;
  private final int capacity;
  private final Duration queueTimeout;

  /** {@code capacity} concurrent reads; a read waits at most {@code queueTimeout} for its turn. */
  public QuerySlots(int capacity, Duration queueTimeout) {
    if (capacity < 1) {
      throw new IllegalArgumentException("query slots must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
    this.queueTimeout = queueTimeout;
    this.permits = new Semaphore(capacity, true);
  }

  /** The slots a pool of {@code poolSize} connections leaves to long reads: three quarters, at least one, and 2 kept free. */
  public static int forPool(int poolSize) {
    return Math.max(1, Math.min(poolSize * 3 / 4, poolSize - 2));
  }

  /** A held slot; closing it lets the next waiter in. */
  public interface Slot extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Waits for a slot, at most the queue timeout.
   *
   * @throws UnavailableException when no slot came free in time
   * @throws InterruptedException when the waiting thread is interrupted (the caller went away)
   */
  public Slot acquire() throws InterruptedException {
    if (!permits.tryAcquire(queueTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
      long ms = queueTimeout.toMillis();
      throw new UnavailableException("the server is busy: all " + capacity + " query slots stayed in use for "
          + (ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms") + "; retry later");
    }
    boolean[] closed = new boolean[1];
    return () -> {
      synchronized (closed) {
        if (closed[0]) {
          return;
        }
        closed[0] = true;
      }
      permits.release();
    };
  }

  /** How many reads may run at once. */
  public int capacity() {
    return capacity;
  }

  /** Slots in use now. */
  public int inUse() {
    return capacity - permits.availablePermits();
  }

  /** Reads waiting for a slot now (an estimate). */
  public int waiting() {
    return permits.getQueueLength();
  }
}
