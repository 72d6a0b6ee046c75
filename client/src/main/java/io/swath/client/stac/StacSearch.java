package io.swath.client.stac;

import io.swath.client.Query;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What to search a STAC API for: the same {@link Query} Swath queries take (time, place, CQL2
 * filter, collections, limit, progress), plus what only STAC has: item ids, sort keys, the fields
 * to return, and how to page. Immutable; every method returns a new search.
 *
 * <pre>{@code
 * StacSearch s = StacSearch.of(Query.time("2020-06-01", "2020-07-01")
 *         .bbox(5.9, 45.8, 10.5, 47.8)
 *         .filter("eo:cloud_cover < 20")
 *         .collections("sentinel-2-l2a"))
 *     .sortBy("-eo:cloud_cover")
 *     .exclude("assets")
 *     .pageSize(500);
 * }</pre>
 *
 * <p>Times: a Swath query's interval is half-open, {@code [start, end)}; it is sent as the closed
 * STAC interval that holds the same microseconds ({@code start/end-1µs}). A query "within" a
 * geometry is sent as an intersects search and the items not within are dropped here.
 */
public final class StacSearch {
  /** Items per page when none is set. */
  public static final int DEFAULT_PAGE_SIZE = 250;

  /** How requests are sent. */
  public enum Method {
    /** POST when the API's landing page links a POST search (nearly all do), else GET. */
    AUTO,
    /** GET with query parameters. */
    GET,
    /** POST with a JSON body. */
    POST
  }

  private final Query query;
  private final List<String> ids;
  private final List<String> sortBy;
  private final List<String> include;
  private final List<String> exclude;
  private final int pageSize;
  private final int shards;
  private final Method method;

  private StacSearch(Query query, List<String> ids, List<String> sortBy, List<String> include, List<String> exclude, int pageSize,
                     int shards, Method method) {
    this.query = query;
    this.ids = List.copyOf(ids);
    this.sortBy = List.copyOf(sortBy);
    this.include = List.copyOf(include);
    this.exclude = List.copyOf(exclude);
    this.pageSize = pageSize;
    this.shards = shards;
    this.method = method;
  }

  /** Everything the API holds. */
  public static StacSearch all() {
    return of(Query.all());
  }

  /** A search for what {@code query} selects: its time, place, CQL2 filter, collections and limit. */
  public static StacSearch of(Query query) {
    Objects.requireNonNull(query, "query");
    int page = query.pageSizeValue() > 0 ? query.pageSizeValue() : DEFAULT_PAGE_SIZE;
    return new StacSearch(query, List.of(), List.of(), List.of(), List.of(), page, 0, Method.AUTO);
  }

  /** This search with another query (time, place, filter, collections, limit). */
  public StacSearch query(Query q) {
    return new StacSearch(Objects.requireNonNull(q, "query"), ids, sortBy, include, exclude, pageSize, shards, method);
  }

  /** Only these STAC collections. */
  public StacSearch collections(String... collections) {
    return query(query.collections(collections));
  }

  /** Only items with these ids. */
  public StacSearch ids(String... itemIds) {
    return new StacSearch(query, List.of(itemIds), sortBy, include, exclude, pageSize, shards, method);
  }

  /**
   * The sort extension: keys such as {@code -datetime} or {@code +eo:cloud_cover} ({@code -} for
   * descending, {@code +} or nothing for ascending).
   */
  public StacSearch sortBy(String... keys) {
    for (String k : keys) {
      if (k.isBlank() || k.equals("+") || k.equals("-")) {
        throw new IllegalArgumentException("a sort key needs a field name, got '" + k + "'");
      }
    }
    return new StacSearch(query, ids, List.of(keys), include, exclude, pageSize, shards, method);
  }

  /** The fields extension: return only these members, e.g. {@code id}, {@code properties.eo:cloud_cover}. */
  public StacSearch include(String... fields) {
    List<String> in = new ArrayList<>(include);
    in.addAll(List.of(fields));
    return new StacSearch(query, ids, sortBy, in, exclude, pageSize, shards, method);
  }

  /** The fields extension: leave these members out, e.g. {@code assets}. */
  public StacSearch exclude(String... fields) {
    List<String> ex = new ArrayList<>(exclude);
    ex.addAll(List.of(fields));
    return new StacSearch(query, ids, sortBy, include, ex, pageSize, shards, method);
  }

  /** Items per page (the STAC {@code limit}); servers may return fewer. */
  public StacSearch pageSize(int n) {
    if (n < 1 || n > 100_000) {
      throw new IllegalArgumentException("page size must be between 1 and 100000, got " + n);
    }
    return new StacSearch(query, ids, sortBy, include, exclude, n, shards, method);
  }

  /** At most {@code n} items in all (0 = no limit). */
  public StacSearch maxItems(long n) {
    return query(query.limit(n));
  }

  /**
   * How many time shards to page through concurrently: 0 (the default) decides from the size of
   * the search, 1 pages through one chain of next links.
   */
  public StacSearch shards(int n) {
    if (n < 0 || n > 256) {
      throw new IllegalArgumentException("shards must be between 0 and 256, got " + n);
    }
    return new StacSearch(query, ids, sortBy, include, exclude, pageSize, n, method);
  }

  /** GET, POST, or AUTO (the default). */
  public StacSearch method(Method m) {
    return new StacSearch(query, ids, sortBy, include, exclude, pageSize, shards, Objects.requireNonNull(m, "method"));
  }

  /** Draw a progress bar on stderr while searching. */
  public StacSearch showProgress(boolean show) {
    return query(query.showProgress(show));
  }

  /** The query part. */
  public Query query() {
    return query;
  }

  /** Item ids, empty for any. */
  public List<String> ids() {
    return ids;
  }

  /** Sort keys, empty for the API's order. */
  public List<String> sortBy() {
    return sortBy;
  }

  /** Fields to include, empty for all. */
  public List<String> include() {
    return include;
  }

  /** Fields to exclude. */
  public List<String> exclude() {
    return exclude;
  }

  /** Items per page. */
  public int pageSize() {
    return pageSize;
  }

  /** Time shards, 0 = decided from the size. */
  public int shards() {
    return shards;
  }

  /** How requests are sent. */
  public Method method() {
    return method;
  }

  @Override
  public String toString() {
    return "StacSearch[" + query + (ids.isEmpty() ? "" : " ids " + ids) + (sortBy.isEmpty() ? "" : " sortby " + sortBy)
        + " page " + pageSize + "]";
  }
}
