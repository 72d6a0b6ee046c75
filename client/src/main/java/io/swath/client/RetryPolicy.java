package io.swath.client;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How the client retries calls and resumes streams after transient failures (server
 * unavailable, connection reset): exponential backoff with full jitter. A stream broken in the
 * middle resumes after the last datapoint it received, so results have no gap and no duplicate.
 *
 * <pre>{@code
 * RetryPolicy p = RetryPolicy.defaults().toBuilder().maxAttempts(8).build();
 * }</pre>
 *
 * @param maxAttempts    attempts per call, the first included (1 = no retries); counted afresh
 *                       after a stream makes progress
 * @param initialBackoff wait before the first retry (before jitter)
 * @param maxBackoff     longest wait between attempts
 * @param multiplier     growth of the wait per attempt
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier) {
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative() || maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("backoff must satisfy 0 <= initial <= max, got " + initialBackoff + " and " + maxBackoff);
    }
    if (!(multiplier >= 1)) {
      throw new IllegalArgumentException("multiplier must be at least 1, got " + multiplier);
    }
  }

  /** 6 attempts, 100 ms doubling up to 5 s. */
  public static RetryPolicy defaults() {
    return new RetryPolicy(6, Duration.ofMillis(100), Duration.ofSeconds(5), 2.0);
  }

  /** No retries. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0);
  }

  /** A builder seeded with the defaults. */
  public static Builder builder() {
    return defaults().toBuilder();
  }

  /** A builder seeded with this policy. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The wait before retry number {@code retry} (1 = first retry): full jitter over the exponential bound. */
  public Duration backoff(int retry) {
    double bound = initialBackoff.toNanos() * Math.pow(multiplier, Math.max(0, retry - 1));
    long cap = (long) Math.min(maxBackoff.toNanos(), bound);
    return Duration.ofNanos(cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap / 2, cap + 1));
  }

  /** Builds a {@link RetryPolicy}. */
  public static final class Builder {
    private int maxAttempts;
    private Duration initialBackoff;
    private Duration maxBackoff;
    private double multiplier;

    private Builder(RetryPolicy p) {
      maxAttempts = p.maxAttempts;
      initialBackoff = p.initialBackoff;
      maxBackoff = p.maxBackoff;
      multiplier = p.multiplier;
    }

    /** Attempts per call, the first included. */
    public Builder maxAttempts(int n) {
      maxAttempts = n;
      return this;
    }

    /** Wait before the first retry. */
    public Builder initialBackoff(Duration d) {
      initialBackoff = d;
      return this;
    }

    /** Longest wait. */
    public Builder maxBackoff(Duration d) {
      maxBackoff = d;
      return this;
    }

    /** Growth per attempt. */
    public Builder multiplier(double m) {
      multiplier = m;
      return this;
    }

    /** The policy; validates. */
    public RetryPolicy build() {
      return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier);
    }
  }
}
