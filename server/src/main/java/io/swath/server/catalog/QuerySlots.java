package io.swath.server.catalog;

import io.swath.core.error.UnavailableException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Admission for the reads that hold a database connection for a long time (query streams, STAC
 * searches): at most {@link #capacity()} run at once, fewer than the pool has connections, so
 * metadata calls, ingests, {@code /health} and the workflow queue always find one. One who waits
 * longer than the queue timeout is told the server is busy ({@link UnavailableException},
 * retryable) instead of waiting for a connection.
 *
 * <p>Slots are shared fairly between callers (an API key, or an address for callers without
 * one; see {@code Authorization#queueOf}): each caller has a queue of its own, served first come,
 * first served, and a slot that comes free goes to the waiting caller that holds the fewest slots
 * at that moment; among callers holding as many, to the one whose last turn came longest ago (a
 * caller never served comes first, in order of arrival). So however many reads several greedy
 * callers queue, another caller's read waits only for the next slot to come free, and callers
 * that keep the slots busy share them in equal parts. A free slot is never left unused: a caller
 * alone may take every slot.
 */
public final class QuerySlots {
  /** The caller that {@link #acquire()} counts against: one caller for everything that names none. */
  public static final String SHARED = "";

  private final int capacity;
  private final Duration queueTimeout;
  private final ReentrantLock lock = new ReentrantLock();
  /** Callers holding or waiting for a slot; guarded by lock. */
  private final Map<String, Caller> callers = new HashMap<>();
  private int inUse; // guarded by lock
  private int waiting; // guarded by lock
  private long turns; // guarded by lock: the number of the last turn given
  private long arrivals = Long.MIN_VALUE; // guarded by lock: the turn order of callers never served

  /** {@code capacity} concurrent reads; a read waits at most {@code queueTimeout} for its turn. */
  public QuerySlots(int capacity, Duration queueTimeout) {
    if (capacity < 1) {
      throw new IllegalArgumentException("query slots must be at least 1, got " + capacity);
    }
    if (queueTimeout == null || queueTimeout.isNegative()) {
      throw new IllegalArgumentException("the query queue timeout must be zero or more, got " + queueTimeout);
    }
    this.capacity = capacity;
    this.queueTimeout = queueTimeout;
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

  /** One caller's slots and queue. */
  private static final class Caller {
    final String id;
    final ArrayDeque<Waiter> queue = new ArrayDeque<>();
    int held;
    /** When the caller last got a slot: a turn number, or before every turn for a caller never served. */
    long lastTurn;

    Caller(String id, long lastTurn) {
      this.id = id;
      this.lastTurn = lastTurn;
    }
  }

  /** A read waiting in its caller's queue. */
  private static final class Waiter {
    final Condition turn;
    boolean granted;

    Waiter(Condition turn) {
      this.turn = turn;
    }
  }

  /**
   * Waits for a slot counted against {@link #SHARED}, at most the queue timeout.
   *
   * @throws UnavailableException when no slot came free in time
   * @throws InterruptedException when the waiting thread is interrupted (the caller went away)
   */
  public Slot acquire() throws InterruptedException {
    return acquire(SHARED);
  }

  /**
   * Waits for a slot counted against {@code caller}, at most the queue timeout.
   *
   * @throws UnavailableException when no slot came free in time
   * @throws InterruptedException when the waiting thread is interrupted (the caller went away)
   */
  public Slot acquire(String caller) throws InterruptedException {
    if (caller == null) {
      throw new IllegalArgumentException("a query slot needs a caller; QuerySlots.SHARED for none");
    }
    lock.lockInterruptibly();
    try {
      Caller c = callers.computeIfAbsent(caller, id -> new Caller(id, arrivals++));
      if (inUse < capacity) {
        // slots are handed to waiters as soon as they come free, so a free slot means nobody waits
        grant(c);
        return slot(c);
      }
      Waiter w = new Waiter(lock.newCondition());
      c.queue.add(w);
      waiting++;
      long left = queueTimeout.toNanos();
      try {
        while (!w.granted) {
          if (left <= 0) {
            c.queue.remove(w);
            waiting--;
            forgetIfIdle(c);
            long ms = queueTimeout.toMillis();
            throw new UnavailableException("the server is busy: all " + capacity + " query slots stayed in use for "
                + (ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms") + "; retry later");
          }
          left = w.turn.awaitNanos(left);
        }
      } catch (InterruptedException e) {
        if (w.granted) {
          release(c); // given a slot just as the caller went away: pass it on
        } else {
          c.queue.remove(w);
          waiting--;
          forgetIfIdle(c);
        }
        throw e;
      }
      return slot(c);
    } finally {
      lock.unlock();
    }
  }

  private void grant(Caller c) {
    inUse++;
    c.held++;
    c.lastTurn = ++turns;
  }

  private Slot slot(Caller c) {
    boolean[] closed = new boolean[1];
    return () -> {
      lock.lock();
      try {
        if (!closed[0]) {
          closed[0] = true;
          release(c);
        }
      } finally {
        lock.unlock();
      }
    };
  }

  /** Frees a slot of {@code c} and hands free slots to the waiters whose turn it is. */
  private void release(Caller c) {
    inUse--;
    c.held--;
    while (inUse < capacity && waiting > 0) {
      Caller next = null;
      for (Caller o : callers.values()) {
        if (!o.queue.isEmpty() && (next == null || o.held < next.held || (o.held == next.held && o.lastTurn < next.lastTurn))) {
          next = o;
        }
      }
      Waiter w = next.queue.poll();
      waiting--;
      w.granted = true;
      grant(next);
      w.turn.signal();
    }
    forgetIfIdle(c);
  }

  private void forgetIfIdle(Caller c) {
    if (c.held == 0 && c.queue.isEmpty()) {
      // a caller that comes back later arrives anew; its place in the turns is not kept
      callers.remove(c.id);
    }
  }

  /** How many reads may run at once. */
  public int capacity() {
    return capacity;
  }

  /** Slots in use now. */
  public int inUse() {
    lock.lock();
    try {
      return inUse;
    } finally {
      lock.unlock();
    }
  }

  /** Reads waiting for a slot now. */
  public int waiting() {
    lock.lock();
    try {
      return waiting;
    } finally {
      lock.unlock();
    }
  }

  /** Slots {@code caller} holds now. */
  public int inUse(String caller) {
    lock.lock();
    try {
      Caller c = callers.get(caller);
      return c == null ? 0 : c.held;
    } finally {
      lock.unlock();
    }
  }

  /** Reads of {@code caller} waiting for a slot now. */
  public int waiting(String caller) {
    lock.lock();
    try {
      Caller c = callers.get(caller);
      return c == null ? 0 : c.queue.size();
    } finally {
      lock.unlock();
    }
  }
}
