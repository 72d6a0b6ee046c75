package io.swath.imagery.download;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a failed request again: up to {@link #maxAttempts()} failures in a row without
 * progress, waiting an exponentially growing delay with jitter between tries (or the
 * {@code Retry-After} the server asked for, up to {@link #maxRetryAfter()}). A failure after
 * bytes arrived resets the count: a long download on a flaky link keeps resuming.
 *
 * <pre>{@code
 * RetryPolicy p = RetryPolicy.defaults().toBuilder().maxAttempts(3).initialDelay(Duration.ofMillis(50)).build();
 * }</pre>
 */
public final class RetryPolicy {
  private static final RetryPolicy DEFAULTS = new Builder().build();
  private final int maxAttempts;
  private final Duration initialDelay;
  private final Duration maxDelay;
  private final Duration maxRetryAfter;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.initialDelay = b.initialDelay;
    this.maxDelay = b.maxDelay;
    this.maxRetryAfter = b.maxRetryAfter;
  }

  /** 6 attempts, 250 ms doubling to at most 15 s, Retry-After honoured up to 2 min. */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** No retries. */
  public static RetryPolicy none() {
    return new Builder().maxAttempts(1).build();
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder with these settings. */
  public Builder toBuilder() {
    return new Builder().maxAttempts(maxAttempts).initialDelay(initialDelay).maxDelay(maxDelay).maxRetryAfter(maxRetryAfter);
  }

  /** Failures in a row, without progress, before giving up (1 = no retry). */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** The delay after the first failure. */
  public Duration initialDelay() {
    return initialDelay;
  }

  /** The longest computed delay. */
  public Duration maxDelay() {
    return maxDelay;
  }

  /** The longest {@code Retry-After} honoured. */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /**
   * The wait before attempt {@code failures + 1}: {@code retryAfter} when the server sent one
   * (capped), else {@code initialDelay * 2^(failures-1)} capped at {@code maxDelay}, with
   * "equal jitter" (between half and all of it) so that many clients do not retry in step.
   */
  public Duration delay(int failures, Duration retryAfter) {
    if (retryAfter != null) {
      return retryAfter.compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter;
    }
    double base = initialDelay.toNanos() * Math.pow(2, Math.max(0, failures - 1));
    double capped = Math.min(base, maxDelay.toNanos());
    long jittered = (long) (capped / 2 + ThreadLocalRandom.current().nextDouble() * capped / 2);
    return Duration.ofNanos(jittered);
  }

  /** Builds a {@link RetryPolicy}. */
  public static final class Builder {
    private int maxAttempts = 6;
    private Duration initialDelay = Duration.ofMillis(250);
    private Duration maxDelay = Duration.ofSeconds(15);
    private Duration maxRetryAfter = Duration.ofMinutes(2);

    private Builder() {}

    /** Failures in a row before giving up, at least 1. */
    public Builder maxAttempts(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got " + n);
      }
      this.maxAttempts = n;
      return this;
    }

    /** The first delay. */
    public Builder initialDelay(Duration d) {
      this.initialDelay = Objects.requireNonNull(d);
      return this;
    }

    /** The longest computed delay. */
    public Builder maxDelay(Duration d) {
      this.maxDelay = Objects.requireNonNull(d);
      return this;
    }

    /** The longest Retry-After honoured. */
    public Builder maxRetryAfter(Duration d) {
      this.maxRetryAfter = Objects.requireNonNull(d);
      return this;
    }

    /** The policy. */
    public RetryPolicy build() {
      return new RetryPolicy(this);
    }
  }
}
