package io.swath.server.grpc;

import io.swath.api.v1.QueryRequest;
import io.swath.api.v1.TimeRange;
import io.swath.core.geo.Geometries;
import io.swath.core.id.DatapointId;
import io.swath.server.catalog.CatalogStore;
import io.swath.server.catalog.CollectionRecord;
import io.swath.server.catalog.DatasetRecord;
import io.swath.server.catalog.QuerySpec;
import io.swath.server.catalog.RowPredicate;
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

  QueryPlanner(CatalogStore catalog) {
    this.catalog = catalog;
  }

  QuerySpec plan(QueryRequest req) throws SQLException {
    DatasetRecord d = catalog.dataset(req.getDatasetSlug());
    List<CollectionRecord> cols = catalog.collections(d, req.getCollectionsList());
    if (cols.isEmpty()) {
      throw new IllegalArgumentException("dataset '" + d.slug() + "' has no collections to query");
    }
    long lo = Long.MIN_VALUE;
    long hi = Long.MAX_VALUE;
    if (req.hasTime()) {
      TimeRange t = req.getTime();
      if (t.hasStartUs()) {
        lo = t.getStartExclusive() ? Math.addExact(t.getStartUs(), 1) : t.getStartUs();
      }
      if (t.hasEndUs()) {
        hi = t.getEndInclusive() ? Math.addExact(t.getEndUs(), 1) : t.getEndUs();
      }
      if (t.hasStartUs() && t.hasEndUs() && t.getStartUs() > t.getEndUs()) {
        throw new IllegalArgumentException("time range starts after it ends");
      }
    }
    List<double[]> boxes = null;
    RowPredicate exact = null;
    if (req.hasSpatial()) {
      if (d.schema().size() == 0 || !d.schema().field(0).name().equals("geometry")) {
        throw new IllegalArgumentException("dataset '" + d.slug() + "' is temporal: it has no footprints to filter by place");
      }
      Geometry g = Geometries.fromWkb(req.getSpatial().getGeometryWkb().toByteArray());
      SpatialFilter sf = req.getSpatial().getMode() == io.swath.api.v1.SpatialFilter.Mode.MODE_CONTAINS ? SpatialFilter.contains(g)
          : SpatialFilter.intersects(g);
      boxes = new ArrayList<>();
      for (BoundingBox b : sf.boundingBoxes()) {
        boxes.add(new double[] {b.west(), b.south(), b.east(), b.north()});
      }
      exact = row -> sf.test((Geometry) row.value(0));
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
      RowPredicate spatial = exact;
      exact = spatial == null ? f::test : row -> spatial.test(row) && f.test(row);
    }
    if (lo > hi) {
      hi = lo; // an empty range
    }
    int page = req.getPageSize() == 0 ? DEFAULT_PAGE : Math.min(req.getPageSize(), MAX_PAGE);
    DatapointId after = req.getAfterId().isEmpty() ? null : id(req.getAfterId().toByteArray(), "after_id");
    DatapointId before = req.hasBeforeId() ? id(req.getBeforeId().toByteArray(), "before_id") : null;
    if (req.getLimit() < 0) {
      throw new IllegalArgumentException("limit must not be negative");
    }
    return new QuerySpec(d, cols, lo, hi, boxes, exact, req.getSkipData(), page, after, before, req.getLimit());
  }

  private static DatapointId id(byte[] b, String what) {
    if (b.length != 16) {
      throw new IllegalArgumentException(what + " must be 16 bytes, got " + b.length);
    }
    return DatapointId.fromBytes(b, 0);
  }
}
