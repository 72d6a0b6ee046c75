package io.swath.client;

import io.swath.core.error.SwathCancelledException;
import io.swath.core.error.SwathTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The only place that blocks on a future: timeout, interrupt (cancel + re-set flag), unwrap.
 * Public for the other Swath SDK modules (workflows); not meant for application code.
 */
public final class Futures {
  private Futures() {}

  /** Waits for {@code f} ({@code timeout} null: no limit) and returns its value or throws a Swath exception. */
  public static <T> T await(CompletableFuture<T> f, Duration timeout) {
    try {
      return timeout == null ? f.get() : f.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new SwathCancelledException("interrupted while waiting for the server; the call was cancelled", e);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new SwathTimeoutException(timeout, e);
    } catch (ExecutionException e) {
      throw GrpcErrors.from(e.getCause());
    } catch (java.util.concurrent.CancellationException e) {
      throw new SwathCancelledException("the call was cancelled", e);
    }
  }

  /** A sequential, ordered stream over the pages; closing it cancels the query. */
  static java.util.stream.Stream<io.swath.core.table.DatapointTable> stream(PageIterator pages) {
    return java.util.stream.StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(pages,
        java.util.Spliterator.ORDERED | java.util.Spliterator.NONNULL), false).onClose(pages::close);
  }

  /** What a future failed with: the cause of a {@link java.util.concurrent.CompletionException}, else {@code t}. */
  static Throwable cause(Throwable t) {
    return t instanceof java.util.concurrent.CompletionException && t.getCause() != null ? t.getCause() : t;
  }

  /** A future failed with {@code t} mapped to a Swath exception. */
  static <T> CompletableFuture<T> failed(Throwable t) {
    return CompletableFuture.failedFuture(GrpcErrors.from(t));
  }
}
