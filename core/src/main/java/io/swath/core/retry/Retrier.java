package io.swath.core.retry;

import io.swath.core.error.SwathCancelledException;
import io.swath.core.error.SwathException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Runs an operation again after a failure, as a {@link RetryPolicy} allows: the loop every
 * Swath module uses, in a blocking form ({@link #call}) and an asynchronous one
 * ({@link #callAsync}). Loops that resume where they stopped (streams, downloads) and reset
 * their count after progress ask {@link #nextDelay} directly.
 *
 * <p>A failure is retried only when its {@link SwathException} says
 * {@link SwathException#isRetryable()}; the wait honours {@link SwathException#retryAfter()}.
 * Failures that are not {@code SwathException}s are first turned into one by the classifier
 * given to {@link #of(RetryPolicy, Function)} (for example a gRPC status or an HTTP answer);
 * anything the classifier does not recognise is not retried.
 */
public final class Retrier {
  private final RetryPolicy policy;
  private final Function<Throwable, ? extends SwathException> classifier;

  private Retrier(RetryPolicy policy, Function<Throwable, ? extends SwathException> classifier) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.classifier = Objects.requireNonNull(classifier, "classifier");
  }

  /** A retrier that retries retryable {@link SwathException}s and nothing else. */
  public static Retrier of(RetryPolicy policy) {
    return new Retrier(policy, t -> t instanceof SwathException s ? s : null);
  }

  /**
   * A retrier whose failures are turned into {@link SwathException}s by {@code classifier}
   * (which may return null for "not retryable") before they are judged.
   */
  public static Retrier of(RetryPolicy policy, Function<Throwable, ? extends SwathException> classifier) {
    return new Retrier(policy, classifier);
  }

  /** The policy this retrier follows. */
  public RetryPolicy policy() {
    return policy;
  }

  /** The failure as a {@link SwathException}, or empty when it is not one the classifier knows. */
  public Optional<SwathException> classify(Throwable failure) {
    Throwable t = unwrap(failure);
    return Optional.ofNullable(t instanceof SwathException s ? s : classifier.apply(t));
  }

  /**
   * The wait before trying again after {@code failures} failures in a row (the latest being
   * {@code failure}), or empty when the failure is not retryable or the attempts are used up.
   */
  public Optional<Duration> nextDelay(int failures, Throwable failure) {
    if (failures >= policy.maxAttempts()) {
      return Optional.empty();
    }
    Optional<SwathException> e = classify(failure);
    if (e.isEmpty() || !e.get().isRetryable()) {
      return Optional.empty();
    }
    return Optional.of(policy.delay(failures, e.get().retryAfter(), ThreadLocalRandom.current()));
  }

  /**
   * Runs {@code attempt} (given the attempt number, from 1) until it succeeds, fails in a way
   * that is not retryable, or the attempts are used up; then throws the last failure as it was
   * thrown. Waits by sleeping; an interrupt while waiting re-sets the interrupt flag and throws
   * {@link SwathCancelledException}.
   */
  public <T, X extends Exception> T call(Attempt<T, X> attempt) throws X {
    for (int n = 1; ; n++) {
      try {
        return attempt.run(n);
      } catch (Exception e) {
        Optional<Duration> wait = nextDelay(n, e);
        if (wait.isEmpty()) {
          throw Retrier.<X>rethrow(e);
        }
        sleep(wait.get());
      }
    }
  }

  /**
   * Runs {@code attempt} (given the attempt number, from 1) asynchronously, again after a wait
   * when its future fails in a retryable way. The returned future completes with the first
   * success or the last failure (unwrapped from {@link CompletionException}); cancelling it
   * cancels the attempt under way and stops the retries.
   */
  public <T> CompletableFuture<T> callAsync(IntFunction<? extends CompletionStage<T>> attempt) {
    CompletableFuture<T> out = new CompletableFuture<>();
    AtomicReference<Future<?>> current = new AtomicReference<>();
    out.whenComplete((r, e) -> {
      Future<?> f = current.get();
      if (out.isCancelled() && f != null) {
        f.cancel(true);
      }
    });
    runAsync(attempt, 1, out, current);
    return out;
  }

  private <T> void runAsync(IntFunction<? extends CompletionStage<T>> attempt, int n, CompletableFuture<T> out,
                            AtomicReference<Future<?>> current) {
    if (out.isDone()) {
      return;
    }
    CompletionStage<T> stage;
    try {
      stage = attempt.apply(n);
    } catch (RuntimeException e) {
      stage = CompletableFuture.failedFuture(e);
    }
    CompletableFuture<T> f = stage.toCompletableFuture();
    current.set(f);
    if (out.isCancelled()) {
      f.cancel(true);
      return;
    }
    f.whenComplete((r, e) -> {
      if (e == null) {
        out.complete(r);
        return;
      }
      Throwable cause = unwrap(e);
      Optional<Duration> wait = out.isDone() ? Optional.empty() : nextDelay(n, cause);
      if (wait.isEmpty()) {
        out.completeExceptionally(cause);
      } else {
        CompletableFuture.delayedExecutor(wait.get().toNanos(), TimeUnit.NANOSECONDS)
            .execute(() -> runAsync(attempt, n + 1, out, current));
      }
    });
  }

  /** Sleeps {@code d}; on interrupt re-sets the flag and throws {@link SwathCancelledException}. */
  public static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SwathCancelledException("interrupted while waiting to retry", e);
    }
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  @SuppressWarnings("unchecked")
  private static <X extends Exception> X rethrow(Exception e) throws X {
    throw (X) e; // only X or unchecked exceptions reach here: Attempt.run declares X alone
  }

  /**
   * One attempt of a blocking operation.
   *
   * @param <T> the result
   * @param <X> the checked exception the operation may throw
   */
  @FunctionalInterface
  public interface Attempt<T, X extends Exception> {
    /** Runs attempt number {@code attempt} (from 1). */
    T run(int attempt) throws X;
  }
}
