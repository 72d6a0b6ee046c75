package io.swath.client;

import com.google.protobuf.ByteString;
import io.swath.api.v1.ListCollectionsRequest;
import io.swath.api.v1.QueryRequest;
import io.swath.api.v1.SpatialFilter;
import io.swath.api.v1.TimeRange;
import io.swath.core.geo.Geometries;
import io.swath.core.table.DatapointTable;
import io.swath.core.time.TimeInterval;
import io.swath.core.time.Times;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs a query as one stream and assembles the pages into a table, with optional progress. */
final class QueryRunner {
  private QueryRunner() {}

  static QueryRequest request(DatasetInfo d, List<String> collections, Query q) {
    QueryRequest.Builder b = QueryRequest.newBuilder().setDatasetSlug(d.slug()).addAllCollections(collections)
        .setSkipData(q.isSkipData()).setPageSize(q.pageSizeValue()).setLimit(q.limitValue()).setFilterCql2(q.filterText());
    TimeInterval ti = q.interval();
    if (ti.startMicros().isPresent() || ti.endMicros().isPresent()) {
      TimeRange.Builder t = TimeRange.newBuilder().setStartExclusive(!ti.startInclusive()).setEndInclusive(!ti.endExclusive());
      ti.startMicros().ifPresent(t::setStartUs);
      ti.endMicros().ifPresent(t::setEndUs);
      b.setTime(t);
    }
    if (q.geometry() != null) {
      b.setSpatial(SpatialFilter.newBuilder().setGeometryWkb(ByteString.copyFrom(Geometries.toWkb(q.geometry())))
          .setMode(q.isContains() ? SpatialFilter.Mode.MODE_CONTAINS : SpatialFilter.Mode.MODE_INTERSECTS));
    }
    return b.build();
  }

  static CompletableFuture<DatapointTable> run(ClientCore core, DatasetInfo d, List<String> collections, Query q, String label) {
    QueryRequest req;
    try {
      req = request(d, collections, q);
    } catch (Throwable t) {
      return Futures.failed(t);
    }
    if (!q.isShowProgress()) {
      return collect(core, d, req, q, null, 0, 0);
    }
    // Progress needs the collections' statistics: count when the query covers them whole, else time.
    return core.unary(core.collections, s -> s.listCollections(ListCollectionsRequest.newBuilder().setDatasetSlug(d.slug()).build()),
        r -> r).thenCompose(r -> {
          long count = 0;
          long first = Long.MAX_VALUE;
          long last = Long.MIN_VALUE;
          for (var c : r.getCollectionsList()) {
            if ((collections.isEmpty() || collections.contains(c.getName())) && c.hasFirstTimeUs()) {
              count += c.getCount();
              first = Math.min(first, c.getFirstTimeUs());
              last = Math.max(last, c.getLastTimeUs());
            }
          }
          var range = q.interval().toHalfOpenMicros();
          long lo = Math.max(first, range.lo());
          long hi = Math.min(last, range.hi());
          boolean whole = q.filterText().isEmpty() && q.geometry() == null && q.limitValue() == 0 && range.lo() <= first
              && range.hi() > last;
          ProgressBar bar = new ProgressBar(label, whole ? count : 0);
          return collect(core, d, req, q, bar, lo, hi);
        });
  }

  private static CompletableFuture<DatapointTable> collect(ClientCore core, DatasetInfo d, QueryRequest req, Query q, ProgressBar bar,
                                                           long lo, long hi) {
    DatapointTable.Builder table = DatapointTable.builder(d.schema());
    CompletableFuture<Void> stream = core.stream(req, q.timeoutValue(), page -> {
      Codec.addPage(table, page);
      if (bar != null) {
        int n = page.getTimeUsCount();
        if (n > 0 && hi > lo) {
          bar.fraction((double) (page.getTimeUs(n - 1) - lo) / (hi - lo));
        }
        bar.add(n);
      }
    });
    CompletableFuture<DatapointTable> out = stream.thenApply(v -> table.build());
    out.whenComplete((t, e) -> {
      if (bar != null) {
        bar.close();
      }
      if (out.isCancelled()) {
        stream.cancel(true);
      }
    });
    return out;
  }

  static String label(DatasetInfo d, List<String> collections) {
    return collections.size() == 1 ? collections.get(0) : d.name();
  }

  static String describe(long us) {
    return Times.fromMicros(us).toString();
  }
}
