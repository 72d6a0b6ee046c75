package io.swath.client;

import com.google.protobuf.ByteString;
import io.swath.api.v1.DatapointPage;
import io.swath.api.v1.IngestRequest;
import io.swath.core.id.DatapointId;
import io.swath.core.rules.StorageRules;
import io.swath.core.table.ByteSink;
import io.swath.core.table.RowCodec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Encodes datapoints into batches and sends them, a few batches in flight at once. Each batch
 * is atomic on the server; the result sums all batches in input order.
 */
final class Ingester {
  static final int IN_FLIGHT = 3;

  private Ingester() {}

  static CompletableFuture<IngestResult> ingest(ClientCore core, DatasetInfo d, String collection, Collection<?> datapoints,
                                                boolean showProgress) {
    ProgressBar bar = showProgress ? new ProgressBar("ingest " + collection, datapoints.size()) : null;
    Iterator<?> it = datapoints.iterator();
    RowConverter conv = new RowConverter(d.schema());
    List<CompletableFuture<IngestResult>> batches = new ArrayList<>();
    CompletableFuture<IngestResult> out = new CompletableFuture<>();
    Object lock = new Object();
    int[] next = {0};
    Runnable[] pump = new Runnable[1];
    pump[0] = () -> {
      IngestRequest req;
      int index;
      synchronized (lock) {
        if (out.isDone() || !it.hasNext()) {
          return;
        }
        try {
          req = encode(d, collection, it, conv, core.ingestBatchSize, next);
        } catch (Throwable t) {
          out.completeExceptionally(GrpcErrors.from(t));
          return;
        }
        index = batches.size();
        batches.add(null);
      }
      int n = req.getDatapoints().getTimeUsCount();
      // batches are idempotent (ids derive from content), so transient failures are retried
      CompletableFuture<IngestResult> f = core.idempotent(() -> core.unary(core.ingest, s -> s.ingest(req), r -> {
        List<DatapointId> ids = new ArrayList<>(n);
        byte[] raw = r.getIds().toByteArray();
        for (int o = 0; o + 16 <= raw.length; o += 16) {
          ids.add(DatapointId.fromBytes(raw, o));
        }
        return new IngestResult(r.getCreated(), r.getExisting(), ids);
      }));
      synchronized (lock) {
        batches.set(index, f);
      }
      f.whenComplete((r, e) -> {
        if (e != null) {
          out.completeExceptionally(e);
          return;
        }
        if (bar != null) {
          bar.add(n);
        }
        boolean finished;
        synchronized (lock) {
          finished = !it.hasNext() && batches.stream().allMatch(b -> b != null && b.isDone());
        }
        if (finished) {
          IngestResult total = new IngestResult(0, 0, List.of());
          for (CompletableFuture<IngestResult> b : batches) {
            total = total.plus(b.join());
          }
          out.complete(total);
        } else {
          pump[0].run();
        }
      });
    };
    if (!it.hasNext()) {
      out.complete(new IngestResult(0, 0, List.of()));
    } else {
      for (int i = 0; i < IN_FLIGHT; i++) {
        pump[0].run();
      }
    }
    out.whenComplete((r, e) -> {
      if (bar != null) {
        bar.close();
      }
    });
    return out;
  }

  private static IngestRequest encode(DatasetInfo d, String collection, Iterator<?> it, RowConverter conv, int batch, int[] next) {
    ByteSink rows = new ByteSink(batch * 256);
    DatapointPage.Builder page = DatapointPage.newBuilder();
    Object[] values = new Object[d.schema().size()];
    double[] footprint = new double[4];
    int count = 0;
    while (it.hasNext() && count < batch) {
      Object o = it.next();
      int start = rows.size();
      long t = conv.convert(o, values, next[0]);
      try {
        StorageRules.checkDatapointTime(t);
        RowCodec.encode(d.schema(), values, rows);
        // the same rules the server applies, so a bad datapoint fails here, before anything is sent
        StorageRules.checkRow(d.schema(), rows.array(), start, rows.size() - start, footprint);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("datapoint " + next[0] + ": " + e.getMessage(), e);
      }
      page.addTimeUs(t);
      page.addRowLengths(rows.size() - start);
      next[0]++;
      count++;
    }
    page.setRows(ByteString.copyFrom(rows.array(), 0, rows.size()));
    return IngestRequest.newBuilder().setDatasetSlug(d.slug()).setCollection(collection).setCreateCollection(true)
        .setDatapoints(page).build();
  }
}
