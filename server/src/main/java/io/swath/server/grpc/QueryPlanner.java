package io.swath.server.grpc;

import io.swath.api.v1.CountRequest;
import io.swath.api.v1.QueryRequest;
import io.swath.api.v1.TimeRange;
import io.swath.core.geo.Geometries;
import io.swath.core.id.DatapointId;
import io.swath.core.rules.StorageRules;
import io.swath.server.catalog.CatalogStore;
import io.swath.server.catalog.CollectionRecord;
import io.swath.server.catalog.DatapointStore;
import io.swath.server.catalog.DatasetRecord;
import io.swath.server.catalog.Footprints;
import io.swath.server.catalog.QuerySpec;
import io.swath.server.catalog.RowPredicate;
import io.swath.server.catalog.TimeRangeMatch;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import io.swath.core.filter.BoundFilter;
import io.swath.core.filter.Cql2;
import io.swath.core.geo.BoundingBox;
import io.swath.core.geo.SpatialFilter;
import org.locationtech.jts.geom.Geometry;

/** Validates a query request and turns it into a {@link QuerySpec}. */
final class QueryPlanner {
  static final int DEFAULT_PAGE = 10_000;
  static final int MAX_PAGE = 100_000;
  private final CatalogStore catalog;
  private final DatapointStore store;

  QueryPlanner(CatalogStore catalog, DatapointStore store) {
    this.catalog = catalog;
    this.store = store;
  }

  /**
   * Plans a count: the same selection as a query with the request's fields, so a count and a
   * query of the same fields take the same conditions to the database.
   */
  QuerySpec plan(CountRequest req) throws SQLException {
    QueryRequest.Builder q = QueryRequest.newBuilder().setDatasetSlug(req.getDatasetSlug()).addAllCollections(req.getCollectionsList())
        .setFilterCql2(req.getFilterCql2()).setSkipData(true);
    if (req.hasTime()) {
      q.setTime(req.getTime());
    }
    if (req.hasSpatial()) {
      q.setSpatial(req.getSpatial());
    }
    return plan(q.build());
  }

  QuerySpec plan(QueryRequest req) throws SQLException {
    DatasetRecord d = catalog.dataset(req.getDatasetSlug());
    List<CollectionRecord> cols = catalog.collections(d, req.getCollectionsList());
    if (cols.isEmpty()) {
      throw new IllegalArgumentException("dataset '" + d.slug() + "' has no collections to query");
    }
    long[] slice = halfOpen(req.hasTime() ? req.getTime() : null, "");
    long[] whole = req.hasQueryTime() ? halfOpen(req.getQueryTime(), "query_time ") : slice;
    long lo = slice[0];
    long hi = slice[1];
    List<double[]> boxes = null;
    List<double[]> sure = null;
    RowPredicate exact = null;
    io.swath.server.catalog.FieldFilterSql.Prefilter fieldFilter = null;
    java.util.BitSet fields = new java.util.BitSet();
    if (whole[0] != Long.MIN_VALUE || whole[1] != Long.MAX_VALUE) {
      TimeRangeMatch ranges = TimeRangeMatch.of(store, d, cols, whole[0], whole[1]);
      if (ranges != null) {
        // STAC items with start_datetime/end_datetime match the times their range meets: read
        // the datapoint times their ranges can reach from (within this shard's slice, open where
        // the slice ends with the query), and test each
        lo = Math.max(ranges.lo(), slice[0] == whole[0] ? Long.MIN_VALUE : slice[0]);
        hi = Math.min(ranges.hi(), slice[1] == whole[1] ? Long.MAX_VALUE : slice[1]);
        exact = ranges.exact();
        for (int f : io.swath.core.stac.StacTimeRanges.fields(d.schema(), d.stacMapping())) {
          fields.set(f);
        }
      } else if (req.hasQueryTime()) {
        lo = Math.max(lo, whole[0]);
        hi = Math.min(hi, whole[1]);
      }
    }
    if (req.hasSpatial()) {
      if (d.schema().size() == 0 || !d.schema().field(0).name().equals("geometry")) {
        throw new IllegalArgumentException("dataset '" + d.slug() + "' is temporal: it has no footprints to filter by place");
      }
      Geometry g = Geometries.fromWkb(req.getSpatial().getGeometryWkb().toByteArray());
      SpatialFilter sf = req.getSpatial().getMode() == io.swath.api.v1.SpatialFilter.Mode.MODE_CONTAINS ? SpatialFilter.contains(g)
          : SpatialFilter.intersects(g);
      boxes = Footprints.prefilter(sf);
      RowPredicate inTime = exact;
      exact = inTime == null ? row -> sf.test((Geometry) row.value(0)) : row -> inTime.test(row) && sf.test((Geometry) row.value(0));
      // the boxes settle the footprint alone, not a test of time ranges as well
      sure = inTime == null ? Footprints.sure(sf) : null;
      fields.set(0);
    }
    if (!req.getFilterCql2().isBlank()) {
      BoundFilter f = Cql2.parseText(req.getFilterCql2()).bind(d.schema());
      // pushdown: the filter's implied time range narrows the id range
      var tr = f.timeRange().orElse(null);
      if (tr != null) {
        if (tr.startMicros() != null) {
          lo = Math.max(lo, tr.startMicros());
        }
        if (tr.endMicros() != null) {
          hi = Math.min(hi, tr.endMicros());
        }
      }
      // and its implied box feeds the bbox prefilter when no explicit place was given
      if (boxes == null && f.boundingBox().isPresent()) {
        var b = f.boundingBox().get();
        boxes = new ArrayList<>();
        for (BoundingBox part : BoundingBox.of(b.west(), b.south(), b.east(), b.north()).parts()) {
          boxes.add(new double[] {part.west(), part.south(), part.east(), part.north()});
        }
      }
      if (!f.isDecidedByTimeRange()) {
        // the id range above decides a filter on time alone; anything else runs on the rows
        RowPredicate spatial = exact;
        exact = spatial == null ? f::test : row -> spatial.test(row) && f.test(row);
        sure = null; // the boxes settle the place, not the filter
        // and what SQL can evaluate of it runs in the database first; it decides the exact test
        // where the test is the filter alone
        var pre = io.swath.server.catalog.FieldFilterSql.translate(f, d.schema());
        fieldFilter = new io.swath.server.catalog.FieldFilterSql.Prefilter(pre.sql(), pre.decides() && spatial == null);
        for (int i : f.referencedFields()) {
          fields.set(i);
        }
      }
    }
    if (lo > hi) {
      hi = lo; // an empty range
    }
    // page_size is a uint32: values of 2^31 and more arrive as negative ints
    if (req.getPageSize() < 0) {
      throw new IllegalArgumentException("page_size " + Integer.toUnsignedString(req.getPageSize()) + " is out of range: use 1 to "
          + MAX_PAGE + " (larger values are lowered to " + MAX_PAGE + "), or 0 for the default " + DEFAULT_PAGE);
    }
    int page = req.getPageSize() == 0 ? DEFAULT_PAGE : Math.min(req.getPageSize(), MAX_PAGE);
    DatapointId after = req.getAfterId().isEmpty() ? null : id(req.getAfterId().toByteArray(), "after_id");
    DatapointId before = req.hasBeforeId() ? id(req.getBeforeId().toByteArray(), "before_id") : null;
    if (req.getLimit() < 0) {
      throw new IllegalArgumentException("limit must not be negative");
    }
    return new QuerySpec(d, cols, lo, hi, boxes, exact, req.getSkipData(), page, after, before, req.getLimit(), false, null,
        exact == null ? null : fields.stream().toArray(), exact == null ? null : sure, fieldFilter);
  }

  /** A time range as {@code [lo, hi)} in microseconds ({@link Long#MIN_VALUE}, {@link Long#MAX_VALUE} when open). */
  private static long[] halfOpen(TimeRange t, String what) {
    long lo = Long.MIN_VALUE;
    long hi = Long.MAX_VALUE;
    if (t != null) {
      if (t.hasStartUs()) {
        checkBound(what + "start_us", t.getStartUs());
        lo = t.getStartExclusive() ? t.getStartUs() + 1 : t.getStartUs();
      }
      if (t.hasEndUs()) {
        checkBound(what + "end_us", t.getEndUs());
        hi = t.getEndInclusive() ? t.getEndUs() + 1 : t.getEndUs();
      }
      if (t.hasStartUs() && t.hasEndUs() && t.getStartUs() > t.getEndUs()) {
        throw new IllegalArgumentException(what + "time range starts after it ends");
      }
    }
    return new long[] {lo, hi};
  }

  /** A time bound must be a time a timestamp can hold (0001..9999), so arithmetic on it cannot overflow. */
  private static void checkBound(String what, long us) {
    if (us < StorageRules.MIN_TIMESTAMP_US || us > StorageRules.MAX_TIMESTAMP_US) {
      throw new IllegalArgumentException(what + " " + us + " is outside the supported range of times, "
          + "0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999Z (leave it out for an open range)");
    }
  }

  private static DatapointId id(byte[] b, String what) {
    if (b.length != 16) {
      throw new IllegalArgumentException(what + " must be 16 bytes, got " + b.length);
    }
    return DatapointId.fromBytes(b, 0);
  }
}
