package io.swath.client;

import io.swath.api.v1.DatapointPage;
import io.swath.core.error.SwathCancelledException;
import io.swath.core.table.DatapointTable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Pages of a query in time order, pulled by the consumer with bounded memory: up to
 * {@code window} shards stream at once, each holding at most {@code buffered} pages that the
 * consumer has not taken yet; a shard asks the server for its next page only when the consumer
 * takes one, so a slow consumer slows the server down instead of filling the heap.
 */
final class PageIterator implements Iterator<DatapointTable>, AutoCloseable {
  private static final Object END = new Object();
  private final ClientCore core;
  private final DatasetInfo dataset;
  private final Query query;
  private final QueryRunner.Plan plan;
  private final int window;
  private final int buffered;
  private final List<Shard> shards = new ArrayList<>();
  private int current;
  private DatapointTable next;
  private boolean closed;
  private final QueryRunner.TimeProgress progress;

  private final class Shard {
    final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    final ResumableStream stream;

    Shard(int i) {
      stream = new ResumableStream(core, plan.shards().get(i), query.timeoutValue(), QueryRunner.expectedRows(plan, i),
          queue::add);
      stream.done().whenComplete((v, e) -> queue.add(e == null ? END : e));
    }
  }

  PageIterator(ClientCore core, DatasetInfo dataset, Query query, QueryRunner.Plan plan, int window, int buffered, String label) {
    this.core = core;
    this.dataset = dataset;
    this.query = query;
    this.plan = plan;
    this.window = Math.max(1, window);
    this.buffered = Math.max(1, buffered);
    this.progress = QueryRunner.TimeProgress.of(plan, query, label);
    for (int i = 0; i < plan.shards().size(); i++) {
      shards.add(new Shard(i));
    }
    for (int i = 0; i < Math.min(this.window, shards.size()); i++) {
      startShard(i);
    }
  }

  private void startShard(int i) {
    Shard s = shards.get(i);
    s.stream.request(buffered);
    s.stream.start();
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (closed) {
      return false;
    }
    while (current < shards.size()) {
      Shard s = shards.get(current);
      Object item;
      try {
        item = s.queue.take();
      } catch (InterruptedException e) {
        close();
        Thread.currentThread().interrupt();
        throw new SwathCancelledException("interrupted while waiting for the next page; the query was cancelled", e);
      }
      if (item instanceof DatapointPage page) {
        s.stream.request(1); // room for one more
        if (page.getTimeUsCount() == 0) {
          continue;
        }
        DatapointTable.Builder b = DatapointTable.builder(dataset.schema());
        Codec.addPage(b, page);
        next = b.build();
        if (progress != null) {
          progress.page(current, page);
        }
        return true;
      }
      if (item instanceof Throwable t) {
        close();
        throw GrpcErrors.from(t);
      }
      // END of this shard: move on and start the next waiting one
      current++;
      int toStart = current + window - 1;
      if (toStart < shards.size()) {
        startShard(toStart);
      }
    }
    closeProgress();
    return false;
  }

  private void closeProgress() {
    if (progress != null) {
      progress.close();
    }
  }

  @Override
  public DatapointTable next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    DatapointTable t = next;
    next = null;
    return t;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    closeProgress();
    for (Shard s : shards) {
      s.stream.done().cancel(true);
    }
  }
}
