package io.swath.client;

import io.swath.core.error.InvalidArgumentException;
import io.swath.core.geo.BoundingBox;
import io.swath.core.geo.Geometries;
import io.swath.core.time.TimeInterval;
import io.swath.core.time.Times;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import org.locationtech.jts.geom.Geometry;

/**
 * What to load from a collection (or several): a time range, optionally a place, a CQL2 filter,
 * and how to load it. Immutable; every method returns a new query.
 *
 * <pre>{@code
 * Query q = Query.time("2020-01-01", "2021-01-01")        // [start, end), UTC
 *     .bbox(5.9, 45.8, 10.5, 47.8)                          // footprints that intersect
 *     .filter("cloud_cover < 20 AND platform = 'landsat-8'")
 *     .showProgress(true);
 * }</pre>
 *
 * <p>Times accept {@link Instant}, {@link LocalDate} (start of day UTC), {@link OffsetDateTime},
 * {@link ZonedDateTime} and RFC 3339 or date strings; null is an open end.
 */
public final class Query {
  private final TimeInterval interval;
  private final Geometry geometry;
  private final boolean contains;
  private final String filter;
  private final boolean skipData;
  private final boolean showProgress;
  private final long limit;
  private final int pageSize;
  private final List<String> collections;
  private final Duration timeout;
  private final int parallelism;
  private final java.util.function.Consumer<QueryProgress> onProgress;

  private Query(TimeInterval interval, Geometry geometry, boolean contains,
                String filter, boolean skipData, boolean showProgress, long limit, int pageSize, List<String> collections,
                Duration timeout, int parallelism, java.util.function.Consumer<QueryProgress> onProgress) {
    this.interval = interval;
    this.geometry = geometry;
    this.contains = contains;
    this.filter = filter;
    this.skipData = skipData;
    this.showProgress = showProgress;
    this.limit = limit;
    this.pageSize = pageSize;
    this.collections = collections;
    this.timeout = timeout;
    this.parallelism = parallelism;
    this.onProgress = onProgress;
  }

  /** Everything. */
  public static Query all() {
    return new Query(TimeInterval.ALL, null, false, "", false, false, 0, 0, List.of(), null, 0, null);
  }

  /** Datapoints with {@code start <= time < end}; either end may be null (open). */
  public static Query time(Object start, Object end) {
    return time(checked(() -> TimeInterval.of(start, end)));
  }

  /**
   * Datapoints in a STAC/ISO 8601 interval: {@code a/b}, {@code ../b}, {@code a/..}, a single
   * instant (exactly that time), a single date, month or year (all of it, UTC), e.g.
   * {@code Query.time("2020")}. See {@link TimeInterval#parse}.
   */
  public static Query time(String interval) {
    return time(checked(() -> TimeInterval.parse(interval)));
  }

  /** Datapoints in {@code interval}. */
  public static Query time(TimeInterval interval) {
    return all().with(Objects.requireNonNull(interval, "interval"));
  }

  /** {@code f}'s value; a broken rule becomes the SDK's typed {@link InvalidArgumentException}. */
  private static <T> T checked(java.util.function.Supplier<T> f) {
    try {
      return f.get();
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(e.getMessage(), e);
    }
  }

  private Query with(TimeInterval i) {
    return new Query(i, geometry, contains, filter, skipData, showProgress, limit, pageSize, collections, timeout, parallelism, onProgress);
  }

  static long micros(Object t, String what) {
    try {
      return switch (t) {
        case Instant i -> Times.micros(i);
        case LocalDate d -> Times.micros(d.atStartOfDay(ZoneOffset.UTC).toInstant());
        case OffsetDateTime o -> Times.micros(o.toInstant());
        case ZonedDateTime z -> Times.micros(z.toInstant());
        case String s -> Times.micros(Times.parseInstant(s));
        default -> throw new IllegalArgumentException(what + " time must be an Instant, LocalDate, OffsetDateTime or RFC 3339 string, got "
            + t.getClass().getSimpleName());
      };
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(what + " time: " + e.getMessage(), e);
    }
  }

  /** Makes the start exclusive: {@code start < time}. */
  public Query startExclusive() {
    return with(interval.withStartExclusive());
  }

  /** Makes the end inclusive: {@code time <= end}. */
  public Query endInclusive() {
    return with(interval.withEndInclusive());
  }

  /**
   * Only datapoints whose footprint intersects the box (lon/lat). Only west > east crosses the
   * antimeridian: {@code bbox(-179, -90, 179, 90)} is nearly the whole globe.
   */
  public Query bbox(double west, double south, double east, double north) {
    return intersects(checked(() -> BoundingBox.of(west, south, east, north)).toGeometry());
  }

  /** Only datapoints whose footprint intersects the box. */
  public Query bbox(BoundingBox box) {
    return intersects(box.toGeometry());
  }

  /** Only datapoints whose footprint intersects {@code g} (WGS84 lon/lat). */
  public Query intersects(Geometry g) {
    return new Query(interval, checked(() -> Geometries.normalize(Objects.requireNonNull(g, "geometry"))), false,
        filter, skipData, showProgress, limit, pageSize, collections, timeout, parallelism, onProgress);
  }

  /** Only datapoints whose footprint lies entirely within {@code g}. */
  public Query within(Geometry g) {
    return new Query(interval, checked(() -> Geometries.normalize(Objects.requireNonNull(g, "geometry"))), true,
        filter, skipData, showProgress, limit, pageSize, collections, timeout, parallelism, onProgress);
  }

  /** A CQL2 text filter on fields, e.g. {@code cloud_cover < 20 AND platform = 'landsat-8'}. */
  public Query filter(String cql2) {
    return new Query(interval, geometry, contains, cql2 == null ? "" : cql2.trim(), skipData,
        showProgress, limit, pageSize, collections, timeout, parallelism, onProgress);
  }

  /** Load ids and times only, not the field values. */
  public Query skipData(boolean skip) {
    return new Query(interval, geometry, contains, filter, skip, showProgress, limit, pageSize,
        collections, timeout, parallelism, onProgress);
  }

  /** Draw a progress bar on the terminal (stderr) while loading. */
  public Query showProgress(boolean show) {
    return new Query(interval, geometry, contains, filter, skipData, show, limit, pageSize,
        collections, timeout, parallelism, onProgress);
  }

  /** At most {@code n} datapoints (the earliest); 0 = no limit. */
  public Query limit(long n) {
    if (n < 0) {
      throw new InvalidArgumentException("limit must not be negative, got " + n);
    }
    return new Query(interval, geometry, contains, filter, skipData, showProgress, n, pageSize,
        collections, timeout, parallelism, onProgress);
  }

  /** Datapoints per streamed page (server default when 0; the server caps it). */
  public Query pageSize(int n) {
    if (n < 0 || n > 100_000) {
      throw new InvalidArgumentException("page size must be between 1 and 100000, got " + n);
    }
    return new Query(interval, geometry, contains, filter, skipData, showProgress, limit, n,
        collections, timeout, parallelism, onProgress);
  }

  /** For dataset-wide queries: which collections (default: all). */
  public Query collections(String... names) {
    return new Query(interval, geometry, contains, filter, skipData, showProgress, limit, pageSize,
        List.of(names), timeout, parallelism, onProgress);
  }

  /** Fails the query with a timeout error when it takes longer than {@code d}. */
  public Query timeout(Duration d) {
    return new Query(interval, geometry, contains, filter, skipData, showProgress, limit, pageSize,
        collections, d, parallelism, onProgress);
  }

  /**
   * How many concurrent streams load the result: 0 (the default) decides from the collections'
   * statistics (about one stream per 20,000 datapoints, at most 8); 1 is a single stream. The
   * result is the same either way: shards are time slices, reassembled in order.
   */
  public Query parallelism(int n) {
    if (n < 0 || n > 64) {
      throw new InvalidArgumentException("parallelism must be between 0 (automatic) and 64, got " + n);
    }
    return new Query(interval, geometry, contains, filter, skipData, showProgress, limit, pageSize, collections, timeout, n, onProgress);
  }

  /**
   * Calls {@code listener} after every page with the datapoints loaded so far and the progress
   * through the query (on a client thread; keep it quick). Works with or without {@link #showProgress}.
   */
  public Query onProgress(java.util.function.Consumer<QueryProgress> listener) {
    return new Query(interval, geometry, contains, filter, skipData, showProgress, limit, pageSize, collections, timeout, parallelism,
        listener);
  }

  java.util.function.Consumer<QueryProgress> progressListener() {
    return onProgress;
  }

  int parallelismValue() {
    return parallelism;
  }

  /** The time interval. */
  public TimeInterval interval() {
    return interval;
  }

  /** The place footprints must intersect (or lie within, see {@link #isContains()}), or null for anywhere. */
  public Geometry geometry() {
    return geometry;
  }

  /** Whether footprints must lie within {@link #geometry()} rather than intersect it. */
  public boolean isContains() {
    return contains;
  }

  /** The CQL2 text filter, empty for none. */
  public String filterText() {
    return filter;
  }

  boolean isSkipData() {
    return skipData;
  }

  /** Whether a progress bar is drawn while loading. */
  public boolean isShowProgress() {
    return showProgress;
  }

  /** The most datapoints to load, 0 for no limit. */
  public long limitValue() {
    return limit;
  }

  /** Datapoints per page, 0 for the server's default. */
  public int pageSizeValue() {
    return pageSize;
  }

  /** The collections to read, empty for all. */
  public List<String> collectionNames() {
    return collections;
  }

  Duration timeoutValue() {
    return timeout;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Query[");
    sb.append(interval);
    if (geometry != null) {
      sb.append(contains ? " within " : " intersects ").append(geometry.getEnvelopeInternal());
    }
    if (!filter.isEmpty()) {
      sb.append(" filter ").append(filter);
    }
    if (skipData) {
      sb.append(" skipData");
    }
    if (limit > 0) {
      sb.append(" limit ").append(limit);
    }
    return sb.append(']').toString();
  }
}
