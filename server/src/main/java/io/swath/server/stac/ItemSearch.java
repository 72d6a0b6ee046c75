package io.swath.server.stac;

import com.google.protobuf.ByteString;
import io.swath.api.v1.DatapointPage;
import io.swath.core.filter.TimeRange;
import io.swath.core.geo.BoundingBox;
import io.swath.core.geo.SpatialFilter;
import io.swath.core.id.DatapointId;
import io.swath.core.schema.Field;
import io.swath.core.table.RowCodec;
import io.swath.core.time.TimeInterval;
import io.swath.server.catalog.CollectionRecord;
import io.swath.server.catalog.DatapointStore;
import io.swath.server.catalog.Footprints;
import io.swath.server.catalog.QuerySpec;
import io.swath.server.catalog.RowPredicate;
import io.swath.server.catalog.TimeRangeMatch;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.UUID;
import org.locationtech.jts.geom.Geometry;

/**
 * Runs an item search over STAC collections and returns one page of hits.
 *
 * <p>Searches in time order (the default, or {@code sortby=datetime} either way) page by keyset on
 * the time-ordered datapoint id: each page is an index range scan from the last item of the page
 * before, whatever the page number. The collections of one dataset are read by one query whose
 * per-collection index scans PostgreSQL merges; several datasets are merged here. Items with the
 * same datapoint id in several collections are ordered by STAC collection id, so the order is total.
 *
 * <p>Sorts by other fields read every matching datapoint and keep the page's items in a bounded
 * heap; their pages continue after the sort key values of the last item (still no OFFSET).
 */
final class ItemSearch {
  private final DatapointStore store;
  private final long countEstimateLimit;
  private final Duration countBudget;

  /**
   * Searches over {@code store}. A filtered search reports {@code numberMatched} when PostgreSQL
   * estimates that counting reads at most {@code countEstimateLimit} rows and the count then
   * finishes within {@code countBudget} (zero: never counts).
   */
  ItemSearch(DatapointStore store, long countEstimateLimit, Duration countBudget) {
    this.store = store;
    this.countEstimateLimit = countEstimateLimit;
    this.countBudget = countBudget;
  }

  /**
   * One page of results.
   *
   * @param hits          the items of the page, in search order
   * @param next          where the next page starts, or null on the last page
   * @param numberMatched how many items the whole search matches, when known cheaply; else null
   */
  record Result(List<Hit> hits, PageToken next, Long numberMatched) {}

  /**
   * A query over the collections of one dataset (or one collection, when the filter names
   * {@code collection}); {@code fields} are the fields {@code exact} reads, {@code sure} the boxes
   * that settle it, {@code fieldFilter} the filter's prefilter in SQL (see {@link QuerySpec}).
   */
  private record Plan(List<StacTarget> targets, long lo, long hi, List<double[]> boxes, RowPredicate exact, List<DatapointId> ids,
                      int[] fields, List<double[]> sure,
                      io.swath.server.catalog.FieldFilterSql.Prefilter fieldFilter) {}

  Result run(SearchRequest r, List<StacTarget> targets) throws SQLException, InterruptedException {
    Long matched = r.isFiltered() ? null : targets.stream().mapToLong(t -> t.collection().count()).sum();
    if (targets.isEmpty()) {
      return new Result(List.of(), null, matched);
    }
    PageToken after = r.token == null ? null : PageToken.decode(r.token);
    boolean byTime = r.sortby.isEmpty() || r.sortby.size() == 1 && r.sortby.get(0).isTime();
    boolean descending = byTime && !r.sortby.isEmpty() && r.sortby.get(0).descending();
    if (after != null && after.keys().size() != (byTime ? 0 : r.sortby.size())) {
      throw ApiException.badRequest("'token' belongs to a search with another sortby; take it from a 'next' link of this search");
    }
    Map<String, Field> known = knownProperties(targets);
    if (!byTime) {
      for (SortKey k : r.sortby) {
        if (!Set.of("datetime", "id", "collection").contains(k.field()) && !known.containsKey(k.field())) {
          throw ApiException.badRequest("cannot sort by '" + k.field() + "': no searched collection has that property (see /queryables)");
        }
      }
    }
    List<Plan> plans = plans(r, targets, known);
    long[] read = {0};
    List<Hit> page = byTime ? byTime(r, plans, after, descending) : bySortKeys(r, plans, after, read);
    boolean more = page.size() > r.limit;
    if (more) {
      page = page.subList(0, r.limit);
    }
    Long carried = null; // what the next page's token says about numberMatched
    if (matched == null) {
      if (!byTime) {
        matched = read[0]; // a sort by other keys read every match
      } else if (after == null && !more) {
        matched = (long) page.size(); // the first page holds them all
      } else {
        if (after != null && after.matched() != null) {
          // counted (or found over the bound) for the first page: the later pages repeat it
          matched = after.matched() == PageToken.NOT_COUNTED ? null : after.matched();
        } else {
          matched = count(plans);
        }
        carried = matched == null ? PageToken.NOT_COUNTED : matched;
      }
    }
    PageToken next = null;
    if (more) {
      Hit last = page.get(page.size() - 1);
      next = PageToken.after(last, byTime ? List.of() : keys(last, r.sortby), carried);
    }
    return new Result(page, next, matched);
  }

  /**
   * How many items the plans match, counted through the store when PostgreSQL estimates the count
   * reads at most the estimate limit and it finishes within the count budget; else null.
   */
  private Long count(List<Plan> plans) throws SQLException {
    if (countBudget.isZero()) {
      return null;
    }
    long deadline = System.nanoTime() + countBudget.toNanos();
    List<QuerySpec> specs = new ArrayList<>(plans.size());
    long estimate = 0;
    for (Plan p : plans) {
      QuerySpec q = spec(p, 1000, null, null, 0, false);
      estimate += store.estimateCountRows(q);
      if (estimate > countEstimateLimit) {
        return null;
      }
      specs.add(q);
    }
    long n = 0;
    for (QuerySpec q : specs) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      OptionalLong c = store.count(q, Duration.ofNanos(left));
      if (c.isEmpty()) {
        return null;
      }
      n += c.getAsLong();
    }
    return n;
  }

  /** The STAC property names of the searched datasets with a field of each (first seen wins). */
  static Map<String, Field> knownProperties(List<StacTarget> targets) {
    Map<String, Field> known = new LinkedHashMap<>();
    Set<Long> seen = new HashSet<>();
    for (StacTarget t : targets) {
      if (!seen.add(t.dataset().id())) {
        continue;
      }
      ItemLayout l = t.layout();
      if (l.footprint >= 0) {
        known.putIfAbsent("geometry", l.schema.field(l.footprint));
      }
      l.fieldOfProperty.forEach((p, i) -> known.putIfAbsent(p, l.schema.field(i)));
    }
    return known;
  }

  private List<Plan> plans(SearchRequest r, List<StacTarget> targets, Map<String, Field> known) throws SQLException {
    TimeInterval.MicrosRange range = (r.datetime == null ? TimeInterval.ALL : r.datetime).toHalfOpenMicros();
    if (r.bboxMissesGround) {
      return List.of();
    }
    Geometry where = r.intersects != null ? r.intersects : r.bbox != null ? r.bbox.toGeometry() : null;
    SpatialFilter spatial = where == null ? null : SpatialFilter.intersects(where);
    boolean perCollection = r.filter != null && FilterBinding.properties(r.filter).stream()
        .anyMatch(p -> FilterBinding.stripPrefix(p).equals("collection"));
    Map<Long, List<StacTarget>> groups = new LinkedHashMap<>();
    for (StacTarget t : targets) {
      groups.computeIfAbsent(perCollection ? -t.collection().id() : t.dataset().id(), k -> new ArrayList<>()).add(t);
    }
    List<Plan> plans = new ArrayList<>();
    for (List<StacTarget> group : groups.values()) {
      StacTarget first = group.get(0);
      ItemLayout layout = first.layout();
      if (spatial != null && layout.footprint < 0) {
        continue; // no footprints: nothing intersects
      }
      long lo = range.lo();
      long hi = range.hi();
      List<double[]> boxes = null;
      List<double[]> sure = null;
      RowPredicate exact = null;
      io.swath.server.catalog.FieldFilterSql.Prefilter fieldFilter = null;
      java.util.BitSet fields = new java.util.BitSet();
      boolean allFields = false;   // the exact test reads fields not listed in advance
      TimeRangeMatch ranges = r.datetime == null ? null
          : TimeRangeMatch.of(store, first.dataset(), group.stream().map(StacTarget::collection).toList(), lo, hi);
      if (ranges != null) {
        // items with start_datetime and end_datetime match a datetime that meets their range,
        // whatever their own datetime: read the times their ranges can reach from, test each
        lo = ranges.lo();
        hi = ranges.hi();
        exact = ranges.exact();
        for (int f : io.swath.core.stac.StacTimeRanges.fields(first.dataset().schema(), first.dataset().stacMapping())) {
          fields.set(f);
        }
      }
      if (spatial != null) {
        boxes = Footprints.prefilter(spatial);
        int fp = layout.footprint;
        RowPredicate inTime = exact;
        RowPredicate inPlace = row -> row.value(fp) instanceof Geometry g && spatial.test(g);
        // the stored box is the footprint's (field 0): it settles the place when nothing else is tested
        sure = inTime == null && fp == 0 ? Footprints.sure(spatial) : null;
        exact = inTime == null ? inPlace : row -> inTime.test(row) && inPlace.test(row);
        fields.set(fp);
      }
      if (r.filter != null) {
        FilterBinding.Bound f = FilterBinding.bind(r.filter, layout, perCollection ? first.stacId() : null, known);
        TimeRange tr = f.timeRange();
        if (tr != null) {
          if (tr.startMicros() != null) {
            lo = Math.max(lo, tr.startMicros());
          }
          if (tr.endMicros() != null) {
            hi = Math.min(hi, tr.endMicros());
          }
        }
        if (boxes == null && f.filter().boundingBox().isPresent() && layout.footprint >= 0) {
          BoundingBox b = f.filter().boundingBox().get();
          boxes = new ArrayList<>();
          for (BoundingBox part : b.parts()) {
            boxes.add(new double[] {part.west(), part.south(), part.east(), part.north()});
          }
        }
        if (!f.filter().isDecidedByTimeRange() || layout.timeRangeFields != null) { // else the time range above is the whole filter
          RowPredicate before = exact;
          RowPredicate test = f.test();
          exact = before == null ? test : row -> before.test(row) && test.test(row);
          sure = null;
          var pre = io.swath.server.catalog.FieldFilterSql.translate(f.filter(), first.dataset().schema());
          // it decides the exact test where the test is the filter alone, on the dataset's own fields
          fieldFilter = new io.swath.server.catalog.FieldFilterSql.Prefilter(pre.sql(),
              pre.decides() && before == null && layout.timeRangeFields == null);
          if (layout.timeRangeFields != null) {
            allFields = true;   // datetime is read through the item's own fields
          }
          for (int i : f.filter().referencedFields()) {
            if (i < layout.schema.size()) {
              fields.set(i);
            } else {
              allFields = true;
            }
          }
        }
      }
      if (r.freeText != null) {
        int[] text = FreeText.fields(layout);
        if (text.length == 0) {
          continue; // no title, description or keywords: no item here matches
        }
        RowPredicate before = exact;
        RowPredicate test = FreeText.test(text, r.freeText);
        exact = before == null ? test : row -> before.test(row) && test.test(row);
        sure = null;
        if (fieldFilter != null) {
          fieldFilter = new io.swath.server.catalog.FieldFilterSql.Prefilter(fieldFilter.sql(), false);
        }
        for (int i : text) {
          fields.set(i);
        }
      }
      if (lo >= hi) {
        continue;
      }
      List<DatapointId> ids = null;
      if (r.ids != null) {
        ids = datapointIds(r.ids, group);
        if (ids.isEmpty()) {
          continue;
        }
      }
      plans.add(new Plan(group, lo, hi, boxes, exact, ids, exact == null || allFields ? null : fields.stream().toArray(), exact == null ? null : sure,
          fieldFilter));
    }
    return plans;
  }

  private List<DatapointId> datapointIds(List<String> itemIds, List<StacTarget> group) throws SQLException {
    List<DatapointId> out = new ArrayList<>();
    if (group.get(0).layout().itemIdField >= 0) {
      List<Long> cols = group.stream().map(t -> t.collection().id()).toList();
      Set<DatapointId> found = new HashSet<>();
      store.stacItemIds(cols, itemIds).values().forEach(m -> found.addAll(m.values()));
      out.addAll(found);
    } else {
      for (String s : itemIds) {
        try {
          UUID u = UUID.fromString(s);
          out.add(new DatapointId(u.getMostSignificantBits(), u.getLeastSignificantBits()));
        } catch (IllegalArgumentException e) {
          // not a datapoint id: no item of this dataset has it
        }
      }
    }
    return out;
  }

  private QuerySpec spec(Plan p, int pageSize, DatapointId after, DatapointId before, long limit, boolean descending) {
    List<CollectionRecord> cols = p.targets.stream().map(StacTarget::collection).toList();
    return new QuerySpec(p.targets.get(0).dataset(), cols, p.lo, p.hi, p.boxes, p.exact, false, pageSize, after, before, limit,
        descending, p.ids, p.fields, p.sure, p.fieldFilter);
  }

  /** Time order: one keyset page per plan, merged; up to {@code limit + 1} hits after the token. */
  private List<Hit> byTime(SearchRequest r, List<Plan> plans, PageToken token, boolean descending)
      throws SQLException, InterruptedException {
    List<Hit> all = new ArrayList<>();
    for (Plan p : plans) {
      int k = p.targets.size();
      // at most one datapoint per collection has any one id, so reading 2k extra rows always
      // reaches past the token's id and completes the run of equal ids at the end of the page
      long limit = (long) r.limit + 1 + 2L * k;
      DatapointId after = null;
      DatapointId before = null;
      if (token != null) {
        if (descending) {
          before = token.lo() == -1L ? new DatapointId(token.hi() + 1, 0) : new DatapointId(token.hi(), token.lo() + 1);
        } else if (token.hi() != 0 || token.lo() != 0) {
          after = token.lo() == 0 ? new DatapointId(token.hi() - 1, -1L) : new DatapointId(token.hi(), token.lo() - 1);
        }
      }
      QuerySpec q = spec(p, (int) Math.min(limit, 100_000), after, before, limit, descending);
      store.query(q, page -> addHits(page, p.targets, all));
    }
    Comparator<Hit> order = descending ? ((Comparator<Hit>) Hit::compare).reversed() : Hit::compare;
    all.sort(order);
    List<Hit> out = new ArrayList<>(Math.min(all.size(), r.limit + 1));
    for (Hit h : all) {
      if (token != null) {
        int c = Hit.compareId(h.hi(), h.lo(), token.hi(), token.lo());
        if (c == 0) {
          c = h.target().stacId().compareTo(token.stacId());
        }
        if (descending ? c >= 0 : c <= 0) {
          continue;
        }
      }
      out.add(h);
      if (out.size() > r.limit) {
        break;
      }
    }
    return out;
  }

  /** Any other order: every matching datapoint is read; a bounded heap keeps the first {@code limit + 1} after the token. */
  private List<Hit> bySortKeys(SearchRequest r, List<Plan> plans, PageToken token, long[] read)
      throws SQLException, InterruptedException {
    List<SortKey> sort = r.sortby;
    Comparator<Keyed> order = (a, b) -> {
      int c = compareKeys(a.keys, b.keys, sort);
      return c != 0 ? c : Hit.compare(a.hit, b.hit);
    };
    PriorityQueue<Keyed> heap = new PriorityQueue<>(order.reversed());
    int keep = r.limit + 1;
    for (Plan p : plans) {
      QuerySpec q = spec(p, 10_000, null, null, 0, false);
      store.query(q, page -> {
        List<Hit> hits = new ArrayList<>();
        addHits(page, p.targets, hits);
        read[0] += hits.size();
        for (Hit h : hits) {
          List<Object> keys = keys(h, sort);
          if (token != null) {
            int c = compareKeys(keys, token.keys(), sort);
            if (c == 0) {
              c = Hit.compareId(h.hi(), h.lo(), token.hi(), token.lo());
            }
            if (c == 0) {
              c = h.target().stacId().compareTo(token.stacId());
            }
            if (c <= 0) {
              continue;
            }
          }
          Keyed k = new Keyed(keys, h);
          if (heap.size() < keep) {
            heap.add(new Keyed(keys, h.detached()));
          } else if (order.compare(k, heap.peek()) < 0) {
            heap.poll();
            heap.add(new Keyed(keys, h.detached()));
          }
        }
      });
    }
    List<Keyed> sorted = new ArrayList<>(heap);
    sorted.sort(order);
    return sorted.stream().map(Keyed::hit).toList();
  }

  private record Keyed(List<Object> keys, Hit hit) {}

  static List<Object> keys(Hit h, List<SortKey> sort) {
    List<Object> out = new ArrayList<>(sort.size());
    for (SortKey k : sort) {
      out.add(sortValue(h, k.field()));
    }
    return out;
  }

  private static Object sortValue(Hit h, String field) {
    switch (field) {
      case "datetime" -> {
        return h.timeUs();
      }
      case "id" -> {
        return ItemWriter.itemId(h);
      }
      case "collection" -> {
        return h.target().stacId();
      }
      default -> {
        ItemLayout l = h.target().layout();
        int f = l.field(field);
        if (f < 0) {
          return null;
        }
        Object v = RowCodec.decodeField(l.schema, h.rows(), h.offset(), h.length(), f);
        return switch (v) {
          case null -> null;
          case Long x -> x;
          case Double x -> x;
          case String x -> x;
          case Boolean x -> x;
          case Instant t -> io.swath.core.time.Times.micros(t);
          case Duration d -> d.toNanos() / 1000;
          default -> v.toString();
        };
      }
    }
  }

  static int compareKeys(List<Object> a, List<Object> b, List<SortKey> sort) {
    for (int i = 0; i < sort.size(); i++) {
      Object x = a.get(i);
      Object y = b.get(i);
      int c;
      if (x == null || y == null) {
        c = x == null ? (y == null ? 0 : 1) : -1; // nulls last in either direction
      } else {
        c = compareValues(x, y);
        if (sort.get(i).descending()) {
          c = -c;
        }
      }
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static int compareValues(Object x, Object y) {
    if (x instanceof Long a && y instanceof Long b) {
      return Long.compare(a, b);
    }
    if (x instanceof Number a && y instanceof Number b) {
      return Double.compare(a.doubleValue(), b.doubleValue());
    }
    if (x instanceof String a && y instanceof String b) {
      return a.compareTo(b);
    }
    if (x instanceof Boolean a && y instanceof Boolean b) {
      return Boolean.compare(a, b);
    }
    int c = Integer.compare(rank(x), rank(y));
    return c != 0 ? c : x.toString().compareTo(y.toString());
  }

  private static int rank(Object v) {
    return v instanceof Number ? 0 : v instanceof String ? 1 : v instanceof Boolean ? 2 : 3;
  }

  /** The hits of one result page, sharing the page's row buffer. */
  static void addHits(DatapointPage page, List<StacTarget> targets, List<Hit> out) {
    int n = page.getTimeUsCount();
    if (n == 0) {
      return;
    }
    byte[] ids = page.getIds().toByteArray();
    ByteString rowsBytes = page.getRows();
    byte[] rows = rowsBytes.toByteArray();
    boolean multi = page.getCollectionIndexCount() == n;
    int off = 0;
    for (int i = 0; i < n; i++) {
      int len = page.getRowLengths(i);
      StacTarget t = targets.get(multi ? page.getCollectionIndex(i) : 0);
      out.add(new Hit(t, readLong(ids, i * 16), readLong(ids, i * 16 + 8), page.getTimeUs(i), rows, off, len));
      off += len;
    }
  }

  private static long readLong(byte[] b, int o) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[o + i] & 0xFFL);
    }
    return v;
  }
}
