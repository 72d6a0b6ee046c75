package io.swath.server.security;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Query streams open at once per API key. The query slots take callers in turns, so a key that
 * opens many streams does not hold up the others' reads; this limit bounds what one key holds
 * open on the server (threads, streams waiting for a slot or for their client): a further stream
 * is refused at once (RESOURCE_EXHAUSTED with a wait to retry after) instead of queueing. Callers
 * without a key (a laptop server, public datasets) are not counted.
 */
public final class KeyStreams {
  /** Streams per key by default: one sharded SDK query (up to 8 streams) runs whole. */
  public static final int DEFAULT_MAX = 8;
  /** The gRPC methods counted: the ones that stream query results from the database. */
  public static final Set<String> METHODS = Set.of("swath.v1.DataAccessService/Query");

  private final int max;
  private final Map<String, AtomicInteger> open = new ConcurrentHashMap<>();

  /** At most {@code max} (at least 1) streams per key. */
  public KeyStreams(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("query streams per key must be at least 1, got " + max);
    }
    this.max = max;
  }

  /** The most streams a key may have open at once. */
  public int max() {
    return max;
  }

  /** Streams key {@code keyId} has open now. */
  public int open(String keyId) {
    AtomicInteger n = open.get(keyId);
    return n == null ? 0 : n.get();
  }

  /**
   * Opens a stream of {@code keyId}: the action that closes it (running it again does nothing),
   * or null when the key has {@link #max()} open already.
   */
  public Runnable tryOpen(String keyId) {
    AtomicInteger n = open.computeIfAbsent(keyId, k -> new AtomicInteger());
    if (n.incrementAndGet() > max) {
      n.decrementAndGet();
      return null;
    }
    AtomicBoolean closed = new AtomicBoolean();
    return () -> {
      if (closed.compareAndSet(false, true)) {
        n.decrementAndGet();
      }
    };
  }
}
