package io.swath.client.stac;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;

/**
 * What a search keeps of the pages a server sends: at most {@code max} items in all, each item
 * once when shards may overlap, and for a "contains" search only the items inside the geometry
 * (STAC servers answer "intersects"). Not thread-safe: callers serialize {@link #take}.
 */
final class PageBudget {
  private final long max;
  private final Set<String> seen;
  private final PreparedGeometry within;
  private long delivered;

  /** A budget of {@code max} items (0: no limit), deduplicating when {@code sharded}, keeping what {@code within} covers (null: all). */
  PageBudget(long max, boolean sharded, Geometry within) {
    this.max = max;
    this.seen = sharded ? ConcurrentHashMap.newKeySet() : null;
    this.within = within == null ? null : PreparedGeometryFactory.prepare(within);
  }

  /** The budget of a search that pages through one chain of next links. */
  static PageBudget of(StacSearch search) {
    return new PageBudget(search.query().limitValue(), false, search.query().isContains() ? search.query().geometry() : null);
  }

  /** The part of {@code page} the search keeps, counted against the budget. */
  StacPage take(StacPage page) {
    List<StacItem> items = page.items();
    if (seen != null || within != null || max > 0) {
      List<StacItem> kept = new ArrayList<>(items.size());
      for (StacItem i : items) {
        if (seen != null && !seen.add(i.collection() + "/" + i.id())) {
          continue; // an item on a shard boundary, already delivered
        }
        if (within != null) {
          Geometry g = i.geometry();
          if (g == null || !within.covers(g)) {
            continue;
          }
        }
        if (max > 0 && delivered + kept.size() >= max) {
          break;
        }
        kept.add(i);
      }
      if (kept.size() != items.size()) {
        page = page.withItems(kept);
      }
    }
    delivered += page.items().size();
    return page;
  }

  /** Items kept so far. */
  long delivered() {
    return delivered;
  }

  /** Whether the search has all the items it asked for. */
  boolean spent() {
    return max > 0 && delivered >= max;
  }
}
