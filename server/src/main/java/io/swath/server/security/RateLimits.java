package io.swath.server.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests per second per API key: a token bucket for each key, refilled at {@code perSecond}
 * up to {@code burst}. A caller over its rate is refused (RESOURCE_EXHAUSTED, HTTP 429) with
 * the seconds to wait, so one greedy key cannot take the server from the others.
 */
public final class RateLimits {
  private final double perSecond;
  private final double burst;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  private static final class Bucket {
    double tokens;
    long at;

    Bucket(double tokens, long at) {
      this.tokens = tokens;
      this.at = at;
    }
  }

  /** {@code perSecond} requests per second per key, bursts of up to {@code burst}. */
  public RateLimits(double perSecond, int burst) {
    if (!(perSecond > 0) || burst < 1) {
      throw new IllegalArgumentException("a rate limit needs a positive rate and a burst of at least 1, got " + perSecond + "/s, burst " + burst);
    }
    this.perSecond = perSecond;
    this.burst = burst;
  }

  /** Takes one request of {@code key}: 0 when allowed, else the whole seconds to wait before the next. */
  public long take(String key) {
    long now = System.nanoTime();
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    synchronized (b) {
      b.tokens = Math.min(burst, b.tokens + (now - b.at) / 1e9 * perSecond);
      b.at = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return (long) Math.ceil((1 - b.tokens) / perSecond);
    }
  }
}
