package io.swath.client.stac;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/** The blocking face: each method waits for its async twin. */
final class BlockingStacClient implements StacClient {
  private final DefaultAsyncStacClient async;

  BlockingStacClient(DefaultAsyncStacClient async) {
    this.async = async;
  }

  @Override
  public StacLanding landing() {
    return StacFutures.await(async.landing());
  }

  @Override
  public List<StacCollectionInfo> collections() {
    return StacFutures.await(async.collections());
  }

  @Override
  public StacCollectionInfo collection(String id) {
    return StacFutures.await(async.collection(id));
  }

  @Override
  public Iterable<StacPage> pages(StacSearch search) {
    return () -> new Iterator<>() {
      private final PageBudget budget = PageBudget.of(search);
      private StacPage last;
      private StacPage next;
      private boolean started;

      @Override
      public boolean hasNext() {
        if (next == null) {
          if (!started) {
            started = true;
            next = budget.take(StacFutures.await(async.firstPage(search)));
          } else if (last != null && last.hasNext() && !budget.spent()) {
            next = budget.take(StacFutures.await(async.nextPage(last)));
            last = null;
          } else if (last != null) {
            last.discardAhead();
            last = null;
          }
        }
        return next != null;
      }

      @Override
      public StacPage next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        last = next;
        next = null;
        return last;
      }
    };
  }

  @Override
  public long search(StacSearch search, Consumer<StacPage> onPage) {
    return StacFutures.await(async.search(search, onPage));
  }

  @Override
  public List<StacItem> searchAll(StacSearch search) {
    return StacFutures.await(async.searchAll(search));
  }

  @Override
  public AsyncStacClient async() {
    return async;
  }

  @Override
  public void close() {
    async.close();
  }
}
