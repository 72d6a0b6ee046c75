package io.swath.workflows;

import java.time.Duration;
import java.util.Objects;

/**
 * How often and how soon a failed task runs again: up to {@code maxRetries} more times, the first
 * retry after about {@code initialBackoff}, each next one after twice as long (capped at
 * {@code maxBackoff}), with random jitter of up to half the delay so that many failing tasks do
 * not retry in lockstep. Failures that are not retryable ({@link TaskFailure#nonRetryable}) are
 * never retried.
 *
 * @param maxRetries     retries after the first attempt; 0 = none
 * @param initialBackoff delay before the first retry
 * @param maxBackoff     longest delay between two attempts
 */
public record RetryPolicy(int maxRetries, Duration initialBackoff, Duration maxBackoff) {
  private static final RetryPolicy DEFAULTS = new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofMinutes(1));

  /** Validates the parts. */
  public RetryPolicy {
    if (maxRetries < 0 || maxRetries > 1000) {
      throw new IllegalArgumentException("maxRetries must be between 0 and 1000, got " + maxRetries);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    if (initialBackoff.isNegative() || maxBackoff.isNegative()) {
      throw new IllegalArgumentException("retry backoff must not be negative");
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than initialBackoff " + initialBackoff);
    }
  }

  /** No retries; 1 s then doubling up to 1 min once retries are set. */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** {@code maxRetries} retries with exponential backoff from {@code initial} up to {@code max}. */
  public static RetryPolicy exponential(int maxRetries, Duration initial, Duration max) {
    return new RetryPolicy(maxRetries, initial, max);
  }

  /** The same backoff with another number of retries. */
  public RetryPolicy withMaxRetries(int n) {
    return new RetryPolicy(n, initialBackoff, maxBackoff);
  }
}
