package io.swath.server.security;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads that take a query slot, open at once per API key: query streams and counts over gRPC,
 * STAC searches and item pages over HTTP, all against one limit. The query slots take callers in
 * turns, so a key that opens many reads does not hold up the others'; this limit bounds what one
 * key holds open on the server (threads, reads waiting for a slot or for their client): a further
 * read is refused at once (RESOURCE_EXHAUSTED, HTTP 429, with a wait to retry after) instead of
 * queueing. Callers without a key (a laptop server, public datasets) are not counted.
 */
public final class KeyStreams {
  /** Streams per key by default: one sharded SDK query (up to 8 streams) runs whole. */
  public static final int DEFAULT_MAX = 8;
  /** The gRPC methods counted: the ones that take a query slot (query streams and counts). */
  public static final Set<String> METHODS = Set.of("swath.v1.DataAccessService/Query", "swath.v1.DataAccessService/Count");
  /**
   * The HTTP routes counted (templates, as {@code AccessRules} names them): the ones that read
   * datapoints, taking a query slot (searches, item pages) or looking items up.
   */
  public static final Set<String> HTTP_ROUTES = Set.of("/search", "/collections/{collectionId}/items",
      "/collections/{collectionId}/items/{itemId}");

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
