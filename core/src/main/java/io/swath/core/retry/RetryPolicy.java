package io.swath.core.retry;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * How often a failed call is tried again and how long to wait in between. Immutable; build
 * one with {@link #builder()} or adjust the defaults with {@link #toBuilder()}:
 *
 * <pre>{@code
 * RetryPolicy p = RetryPolicy.defaults().toBuilder().maxAttempts(3).build();
 * }</pre>
 *
 * <p>The wait before retry {@code n} (1 = the first retry) is drawn with <em>equal jitter</em>:
 * with {@code bound = min(maxBackoff, initialBackoff * multiplier^(n-1))}, the wait is uniform
 * in {@code [bound/2, bound]}. Half of the wait is fixed, so retries always back off; the
 * other half is random, so many clients failing together do not retry in step.
 *
 * <p>When the server says how long to wait ({@code Retry-After}, gRPC pushback) that wait is
 * used instead, without jitter, but never longer than {@link #maxRetryAfter()}.
 *
 * <p>Defaults: 6 attempts (the first included), 200 ms doubling to at most 10 s, a server's
 * wait honoured up to 2 min.
 */
public final class RetryPolicy {
  private static final RetryPolicy DEFAULTS = new Builder().build();
  private static final RetryPolicy NONE = new Builder().maxAttempts(1).build();

  private final int maxAttempts;
  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final double multiplier;
  private final Duration maxRetryAfter;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialBackoff = b.initialBackoff;
    this.maxBackoff = b.maxBackoff;
    this.multiplier = b.multiplier;
    this.maxRetryAfter = b.maxRetryAfter;
  }

  /** 6 attempts, 200 ms doubling to at most 10 s, a server's wait honoured up to 2 min. */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** One attempt, no retries. */
  public static RetryPolicy none() {
    return NONE;
  }

  /** A builder seeded with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder seeded with this policy. */
  public Builder toBuilder() {
    return new Builder()
        .maxAttempts(maxAttempts)
        .initialBackoff(initialBackoff)
        .maxBackoff(maxBackoff)
        .multiplier(multiplier)
        .maxRetryAfter(maxRetryAfter);
  }

  /** Attempts in all, the first included (1 = no retries). */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The bound of the wait before the first retry. */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /** The largest bound of a computed wait. */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** Growth of the bound per retry. */
  public double multiplier() {
    return multiplier;
  }

  /** The longest wait a server may ask for and get. */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /** The jitter bound before retry {@code retry} (1 = first): {@code min(maxBackoff, initialBackoff * multiplier^(retry-1))}. */
  public Duration bound(int retry) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be at least 1, got " + retry);
    }
    double nanos = initialBackoff.toNanos() * Math.pow(multiplier, retry - 1);
    return Duration.ofNanos((long) Math.min(maxBackoff.toNanos(), nanos));
  }

  /** The wait before retry {@code retry} (1 = first): uniform in {@code [bound/2, bound]}. */
  public Duration backoff(int retry, RandomGenerator random) {
    long bound = bound(retry).toNanos();
    long half = bound / 2;
    return Duration.ofNanos(bound == 0 ? 0 : half + random.nextLong(bound - half + 1));
  }

  /**
   * The wait before retry {@code retry}: the server's {@code retryAfter}, capped at
   * {@link #maxRetryAfter()}, when there is one; else {@link #backoff(int, RandomGenerator)}.
   */
  public Duration delay(int retry, Optional<Duration> retryAfter, RandomGenerator random) {
    if (retryAfter.isPresent()) {
      Duration asked = retryAfter.get();
      return asked.isNegative() ? Duration.ZERO : asked.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked;
    }
    return backoff(retry, random);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RetryPolicy p && p.maxAttempts == maxAttempts && p.initialBackoff.equals(initialBackoff)
        && p.maxBackoff.equals(maxBackoff) && p.multiplier == multiplier && p.maxRetryAfter.equals(maxRetryAfter);
  }

  @Override
  public int hashCode() {
    return Objects.hash(maxAttempts, initialBackoff, maxBackoff, multiplier, maxRetryAfter);
  }

  @Override
  public String toString() {
    return "RetryPolicy[maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff + ", maxBackoff=" + maxBackoff
        + ", multiplier=" + multiplier + ", maxRetryAfter=" + maxRetryAfter + "]";
  }

  /** Builds a {@link RetryPolicy}; every setter validates its argument. */
  public static final class Builder {
    private int maxAttempts = 6;
    private Duration initialBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(10);
    private double multiplier = 2.0;
    private Duration maxRetryAfter = Duration.ofMinutes(2);

    private Builder() {}

    /** Attempts in all, the first included; at least 1. */
    public Builder maxAttempts(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got " + n);
      }
      this.maxAttempts = n;
      return this;
    }

    /** The bound of the wait before the first retry; not negative. */
    public Builder initialBackoff(Duration d) {
      this.initialBackoff = nonNegative(d, "initialBackoff");
      return this;
    }

    /** The largest bound of a computed wait; not negative. */
    public Builder maxBackoff(Duration d) {
      this.maxBackoff = nonNegative(d, "maxBackoff");
      return this;
    }

    /** Growth of the bound per retry; at least 1. */
    public Builder multiplier(double m) {
      if (!(m >= 1) || Double.isInfinite(m)) {
        throw new IllegalArgumentException("multiplier must be a finite number of at least 1, got " + m);
      }
      this.multiplier = m;
      return this;
    }

    /** The longest wait a server may ask for and get; not negative. */
    public Builder maxRetryAfter(Duration d) {
      this.maxRetryAfter = nonNegative(d, "maxRetryAfter");
      return this;
    }

    /** The policy; fails when {@code initialBackoff > maxBackoff}. */
    public RetryPolicy build() {
      if (initialBackoff.compareTo(maxBackoff) > 0) {
        throw new IllegalArgumentException(
            "initialBackoff " + initialBackoff + " must not exceed maxBackoff " + maxBackoff);
      }
      return new RetryPolicy(this);
    }

    private static Duration nonNegative(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative()) {
        throw new IllegalArgumentException(what + " must not be negative, got " + d);
      }
      return d;
    }
  }
}
