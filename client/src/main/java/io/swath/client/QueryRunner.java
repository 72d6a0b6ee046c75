package io.swath.client;

import com.google.protobuf.ByteString;
import io.swath.api.v1.CountRequest;
import io.swath.api.v1.ListCollectionsRequest;
import io.swath.api.v1.ListCollectionsResponse;
import io.swath.api.v1.QueryRequest;
import io.swath.api.v1.SpatialFilter;
import io.swath.api.v1.TimeRange;
import io.swath.core.geo.Geometries;
import io.swath.core.table.DatapointTable;
import io.swath.core.time.TimeInterval;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Plans a query into time shards (from the collections' count and availability), runs each
 * shard as a resumable stream, and reassembles the shards in order.
 */
final class QueryRunner {
  /** About one stream per this many datapoints when parallelism is automatic. */
  static final long DATAPOINTS_PER_SHARD = 20_000;
  static final int MAX_AUTO_SHARDS = 8;
  /** From this many datapoints on, an automatic plan has at least one shard per connection. */
  static final long SPREAD_FROM = 10_000;

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

  /**
   * How many datapoints {@code q} selects in {@code collections} (empty: all), counted by the
   * server (the Count call takes the selection of a query request: time, place, filter); at most
   * the query's limit. Runs with the query's timeout, else the call timeout; retried like other
   * idempotent calls.
   */
  static CompletableFuture<Long> count(ClientCore core, DatasetInfo d, List<String> collections, Query q) {
    if (q == null) {
      return Futures.failed(new IllegalArgumentException("query is null"));
    }
    CountRequest req;
    try {
      QueryRequest base = request(d, collections, q);
      CountRequest.Builder b = CountRequest.newBuilder().setDatasetSlug(base.getDatasetSlug())
          .addAllCollections(base.getCollectionsList()).setFilterCql2(base.getFilterCql2());
      if (base.hasTime()) {
        b.setTime(base.getTime());
      }
      if (base.hasSpatial()) {
        b.setSpatial(base.getSpatial());
      }
      req = b.build();
    } catch (Throwable t) {
      return Futures.failed(t);
    }
    java.time.Duration timeout = q.timeoutValue() != null ? q.timeoutValue() : core.callTimeout;
    long limit = q.limitValue();
    return core.idempotent(() -> core.unary(core.access, timeout, s -> s.count(req),
        r -> limit > 0 ? Math.min(limit, r.getCount()) : r.getCount()));
  }

  /** The shards of a query, each a half-open time slice, in time order; plus what progress needs. */
  record Plan(List<QueryRequest> shards, long[] sliceLo, long[] sliceHi, long exactTotal) {}

  /** Plans without statistics: one stream. */
  static Plan single(QueryRequest base) {
    return new Plan(List.of(base), new long[] {Long.MIN_VALUE}, new long[] {Long.MAX_VALUE}, 0);
  }

  /** Plans from statistics; automatic plans of {@link #SPREAD_FROM} datapoints or more use every one of {@code connections}. */
  static Plan plan(QueryRequest base, Query q, List<String> collections, ListCollectionsResponse stats, int connections) {
    long count = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (var c : stats.getCollectionsList()) {
      if ((collections.isEmpty() || collections.contains(c.getName())) && c.hasFirstTimeUs()) {
        count += c.getCount();
        first = Math.min(first, c.getFirstTimeUs());
        last = Math.max(last, c.getLastTimeUs());
      }
    }
    TimeInterval.MicrosRange range = q.interval().toHalfOpenMicros();
    boolean unfiltered = q.filterText().isEmpty() && q.geometry() == null && q.limitValue() == 0;
    long exact = count > 0 && unfiltered && range.lo() <= first && range.hi() > last ? count : 0;
    if (count == 0) {
      return single(base);
    }
    long lo = Math.max(range.lo(), first);
    long hi = Math.min(range.hi(), Math.addExact(last, 1));
    if (lo >= hi) {
      return new Plan(List.of(base), new long[] {lo}, new long[] {lo}, exact);
    }
    double share = (double) (hi - lo) / Math.max(1, Math.addExact(last, 1) - first);
    long estimate = Math.round(count * Math.min(1, share));
    int k = q.parallelismValue() > 0 ? q.parallelismValue()
        : (int) Math.max(estimate >= SPREAD_FROM ? Math.min(connections, MAX_AUTO_SHARDS) : 1,
            Math.min(MAX_AUTO_SHARDS, (estimate + DATAPOINTS_PER_SHARD - 1) / DATAPOINTS_PER_SHARD));
    if (q.limitValue() > 0) {
      k = 1; // the first N datapoints: one ordered stream
    }
    if (q.parallelismValue() == 0 && q.geometry() != null && (range.lo() == Long.MIN_VALUE || range.hi() == Long.MAX_VALUE)) {
      // a place over open time is answered from the footprint index, which knows no time: every
      // time slice would scan the place's whole index range again, so one stream reads it once
      k = 1;
    }
    k = (int) Math.min(k, hi - lo);
    long[] cuts = new long[k + 1];
    for (int i = 0; i <= k; i++) {
      cuts[i] = lo + (long) ((double) (hi - lo) * i / k);
    }
    List<QueryRequest> shards = new ArrayList<>(k);
    long[] sliceLo = new long[k];
    long[] sliceHi = new long[k];
    for (int i = 0; i < k; i++) {
      // the first and last shard keep the query's own (possibly open) ends, so nothing outside
      // the statistics (written since they were read) is dropped
      long s = i == 0 ? range.lo() : cuts[i];
      long e = i == k - 1 ? range.hi() : cuts[i + 1];
      TimeRange.Builder t = TimeRange.newBuilder();
      if (s != Long.MIN_VALUE) {
        t.setStartUs(s);
      }
      if (e != Long.MAX_VALUE) {
        t.setEndUs(e);
      }
      QueryRequest.Builder shard = base.toBuilder().setTime(t);
      if (k > 1) {
        // the whole query's times: items with time ranges (STAC start/end_datetime) match those,
        // and come from the one shard whose slice holds their own time
        shard.setQueryTime(base.hasTime() ? base.getTime() : TimeRange.getDefaultInstance());
      }
      shards.add(shard.build());
      sliceLo[i] = cuts[i];
      sliceHi[i] = cuts[i + 1];
    }
    return new Plan(shards, sliceLo, sliceHi, exact);
  }

  /**
   * Plans the query: statistics are fetched only when sharding or progress needs them and
   * {@code known} (recent statistics the caller holds, or null) does not have them. Stale
   * statistics cost balance between shards, never datapoints: the outer shards keep the query's
   * own ends.
   */
  static CompletableFuture<Plan> plan(ClientCore core, DatasetInfo d, List<String> collections, Query q, ListCollectionsResponse known) {
    QueryRequest base;
    try {
      base = request(d, collections, q);
    } catch (Throwable t) {
      return Futures.failed(t);
    }
    if (known != null) { // free: also sizes the result up front
      try {
        return CompletableFuture.completedFuture(plan(base, q, collections, known, core.connections()));
      } catch (Throwable t) {
        return Futures.failed(t);
      }
    }
    if (!q.isShowProgress() && q.progressListener() == null && (q.parallelismValue() == 1 || q.limitValue() > 0)) {
      return CompletableFuture.completedFuture(single(base));
    }
    return core.unary(core.collections, s -> s.listCollections(ListCollectionsRequest.newBuilder().setDatasetSlug(d.slug()).build()),
        stats -> plan(base, q, collections, stats, core.connections()));
  }

  static CompletableFuture<DatapointTable> run(ClientCore core, DatasetInfo d, List<String> collections, Query q, String label,
                                               ListCollectionsResponse known) {
    CompletableFuture<DatapointTable> out = new CompletableFuture<>();
    CompletableFuture<Plan> planned = plan(core, d, collections, q, known);
    planned.whenComplete((plan, err) -> {
      if (err != null) {
        out.completeExceptionally(err);
        return;
      }
      collect(core, d, q, plan, label, out);
    });
    out.whenComplete((t, e) -> planned.cancel(true));
    return out;
  }

  private static void collect(ClientCore core, DatasetInfo d, Query q, Plan plan, String label, CompletableFuture<DatapointTable> out) {
    int k = plan.shards().size();
    TimeProgress progress = TimeProgress.of(plan, q, label);
    List<DatapointTable.Builder> tables = new ArrayList<>(k);
    List<ResumableStream> streams = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      int expected = expectedRows(plan, i);
      DatapointTable.Builder table = DatapointTable.builder(d.schema(), expected);
      tables.add(table);
      int shard = i;
      streams.add(new ResumableStream(core, plan.shards().get(i), q.timeoutValue(), expected, page -> {
        Codec.addPage(table, page);
        if (progress != null) {
          progress.page(shard, page);
        }
      }));
    }
    CompletableFuture<?>[] all = streams.stream().map(ResumableStream::done).toArray(CompletableFuture[]::new);
    CompletableFuture.allOf(all).whenComplete((v, e) -> {
      if (progress != null) {
        progress.close();
      }
      if (e != null) {
        out.completeExceptionally(rootFailure(streams, e));
        return;
      }
      try {
        out.complete(DatapointTable.concat(tables.stream().map(DatapointTable.Builder::build).toList()));
      } catch (Throwable t) {
        out.completeExceptionally(t);
      }
    });
    // one failed or cancelled shard ends the whole query
    for (ResumableStream s : streams) {
      s.done().whenComplete((v, e) -> {
        if (e != null) {
          streams.forEach(o -> o.done().cancel(true));
        }
      });
    }
    out.whenComplete((t, e) -> {
      if (out.isCancelled()) {
        streams.forEach(s -> s.done().cancel(true));
      }
    });
    for (ResumableStream s : streams) {
      s.request(Integer.MAX_VALUE);
      s.start();
    }
  }

  /**
   * Why a query of several streams failed: the first stream (in shard order) that failed of its
   * own, not one cancelled because another failed; {@code e} when all were cancelled.
   */
  static Throwable rootFailure(List<ResumableStream> streams, Throwable e) {
    for (ResumableStream s : streams) {
      Throwable t = s.done().handle((v, x) -> x == null ? null : Futures.cause(x)).getNow(null);
      if (t != null && !(t instanceof java.util.concurrent.CancellationException) && !(t instanceof io.swath.core.error.SwathCancelledException)) {
        return t;
      }
    }
    return Futures.cause(e);
  }

  /** Rows to reserve for shard {@code i}: its share of an exactly known total, spread by time; else a small start. */
  static int expectedRows(Plan plan, int i) {
    long exact = plan.exactTotal();
    if (exact <= 0) {
      return 1024;
    }
    double span = 0;
    for (int s = 0; s < plan.sliceLo().length; s++) {
      span += Math.max(0, (double) plan.sliceHi()[s] - plan.sliceLo()[s]);
    }
    double share = span > 0 ? Math.max(0, (double) plan.sliceHi()[i] - plan.sliceLo()[i]) / span : 1.0 / plan.sliceLo().length;
    // a little slack for datapoints written since the statistics; never more than a few million
    return (int) Math.min(4_000_000, Math.round(exact * share * 1.02) + 64);
  }

  /**
   * Progress of a query, for its bar and its listener: by count when the total is known, else
   * through the planned time slices.
   */
  static final class TimeProgress {
    private final Plan plan;
    private final ProgressBar bar;
    private final java.util.function.Consumer<QueryProgress> listener;
    private final long[] reached;
    private final double total;
    private long loaded;
    private double fraction;

    /** The progress {@code q} asks for (a bar labelled {@code label}, a listener), or null when it asks for none. */
    static TimeProgress of(Plan plan, Query q, String label) {
      if (!q.isShowProgress() && q.progressListener() == null) {
        return null;
      }
      return new TimeProgress(plan, q.isShowProgress() ? new ProgressBar(label, plan.exactTotal()) : null, q.progressListener());
    }

    private TimeProgress(Plan plan, ProgressBar bar, java.util.function.Consumer<QueryProgress> listener) {
      this.plan = plan;
      this.bar = bar;
      this.listener = listener;
      this.reached = plan.sliceLo().clone();
      double t = 0;
      for (int i = 0; i < reached.length; i++) {
        t += Math.max(0, (double) plan.sliceHi()[i] - plan.sliceLo()[i]);
      }
      this.total = t;
    }

    synchronized void page(int shard, io.swath.api.v1.DatapointPage page) {
      int n = page.getTimeUsCount();
      if (n > 0 && total > 0 && plan.sliceLo()[shard] != Long.MIN_VALUE) {
        reached[shard] = Math.min(plan.sliceHi()[shard], Math.max(reached[shard], page.getTimeUs(n - 1)));
        double covered = 0;
        for (int i = 0; i < reached.length; i++) {
          covered += reached[i] - plan.sliceLo()[i];
        }
        fraction = covered / total;
      }
      loaded += n;
      long exact = plan.exactTotal();
      if (bar != null) {
        bar.fraction(fraction);
        bar.add(n);
      }
      if (listener != null) {
        listener.accept(new QueryProgress(loaded, exact, exact > 0 ? Math.min(1.0, (double) loaded / exact) : fraction));
      }
    }

    /** The query has ended: the bar draws its last state. */
    void close() {
      if (bar != null) {
        bar.close();
      }
    }
  }

  /**
   * Opens the pages of a query for pulling: at most 4 shards at once, 2 pages buffered each; a
   * progress bar or listener follows the pages as they are taken.
   */
  static CompletableFuture<PageIterator> openPages(ClientCore core, DatasetInfo d, List<String> collections, Query q,
                                                   ListCollectionsResponse known) {
    return plan(core, d, collections, q, known)
        .thenApply(plan -> new PageIterator(core, d, q, plan, Math.min(4, plan.shards().size()), 2, label(d, collections)));
  }

  static String label(DatasetInfo d, List<String> collections) {
    return collections.size() == 1 ? collections.get(0) : d.name();
  }
}
