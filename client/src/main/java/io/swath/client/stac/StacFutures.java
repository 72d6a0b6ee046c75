package io.swath.client.stac;

import io.swath.core.error.SwathCancelledException;
import io.swath.core.error.SwathClientException;
import io.swath.core.error.SwathException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** The only place the blocking STAC client waits: interrupt cancels the call and re-sets the flag; causes are unwrapped. */
final class StacFutures {
  private StacFutures() {}

  static <T> T await(CompletableFuture<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new SwathCancelledException("interrupted while waiting for the STAC API; the call was cancelled", e);
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    } catch (CancellationException e) {
      throw new SwathCancelledException("the call was cancelled", e);
    }
  }

  static RuntimeException unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof SwathException s) {
      return s;
    }
    if (t instanceof IllegalArgumentException e) {
      return e;
    }
    return new SwathClientException(String.valueOf(t.getMessage()), t);
  }
}
