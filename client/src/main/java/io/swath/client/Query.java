package io.swath.client;

import io.swath.core.geo.Geometries;
import io.swath.core.time.Times;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Objects;
import org.locationtech.jts.geom.Envelope;
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
  private final Long startUs;
  private final Long endUs;
  private final boolean startExclusive;
  private final boolean endInclusive;
  private final Geometry geometry;
  private final boolean contains;
  private final String filter;
  private final boolean skipData;
  private final boolean showProgress;
  private final long limit;
  private final int pageSize;
  private final List<String> collections;
  private final Duration timeout;

  private Query(Long startUs, Long endUs, boolean startExclusive, boolean endInclusive, Geometry geometry, boolean contains,
                String filter, boolean skipData, boolean showProgress, long limit, int pageSize, List<String> collections,
                Duration timeout) {
    this.startUs = startUs;
    this.endUs = endUs;
    this.startExclusive = startExclusive;
    this.endInclusive = endInclusive;
    this.geometry = geometry;
    this.contains = contains;
    this.filter = filter;
    this.skipData = skipData;
    this.showProgress = showProgress;
    this.limit = limit;
    this.pageSize = pageSize;
    this.collections = collections;
    this.timeout = timeout;
  }

  /** Everything. */
  public static Query all() {
    return new Query(null, null, false, false, null, false, "", false, false, 0, 0, List.of(), null);
  }

  /** Datapoints with {@code start <= time < end}; either end may be null (open). */
  public static Query time(Object start, Object end) {
    Long s = start == null ? null : micros(start, "start");
    Long e = end == null ? null : micros(end, "end");
    if (s != null && e != null && s > e) {
      throw new IllegalArgumentException("time range starts after it ends: " + Times.fromMicros(s) + " > " + Times.fromMicros(e));
    }
    return all().with(s, e, false, false);
  }

  /**
   * Datapoints in a STAC/ISO 8601 interval: {@code a/b}, {@code ../b}, {@code a/..}, a single
   * instant (exactly that time) or a single date (that whole UTC day).
   */
  public static Query time(String interval) {
    String s = interval.trim();
    int slash = s.indexOf('/');
    if (slash < 0) {
      if (s.length() == 10) {
        LocalDate d = LocalDate.parse(s);
        return time(d, d.plusDays(1));
      }
      long t = micros(s, "time");
      return all().with(t, t, false, true);
    }
    String a = s.substring(0, slash).trim();
    String b = s.substring(slash + 1).trim();
    return time(a.isEmpty() || a.equals("..") ? null : a, b.isEmpty() || b.equals("..") ? null : b);
  }

  private Query with(Long s, Long e, boolean sx, boolean ei) {
    return new Query(s, e, sx, ei, geometry, contains, filter, skipData, showProgress, limit, pageSize, collections, timeout);
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
    return with(startUs, endUs, true, endInclusive);
  }

  /** Makes the end inclusive: {@code time <= end}. */
  public Query endInclusive() {
    return with(startUs, endUs, startExclusive, true);
  }

  /** Only datapoints whose footprint intersects the box (lon/lat; west > east crosses the antimeridian). */
  public Query bbox(double west, double south, double east, double north) {
    checkLat(south, "south");
    checkLat(north, "north");
    checkLon(west, "west");
    checkLon(east, "east");
    if (south > north) {
      throw new IllegalArgumentException("bbox south (" + south + ") is north of north (" + north + ")");
    }
    Geometry g;
    if (west <= east) {
      g = Geometries.FACTORY.toGeometry(new Envelope(west, east, south, north));
    } else {
      g = Geometries.FACTORY.createMultiPolygon(new org.locationtech.jts.geom.Polygon[] {
          (org.locationtech.jts.geom.Polygon) Geometries.FACTORY.toGeometry(new Envelope(west, 180, south, north)),
          (org.locationtech.jts.geom.Polygon) Geometries.FACTORY.toGeometry(new Envelope(-180, east, south, north))});
    }
    return intersects(g);
  }

  private static void checkLat(double v, String what) {
    if (!(v >= -90 && v <= 90)) {
      throw new IllegalArgumentException("bbox " + what + " must be a latitude in [-90, 90], got " + v);
    }
  }

  private static void checkLon(double v, String what) {
    if (!(v >= -180 && v <= 180)) {
      throw new IllegalArgumentException("bbox " + what + " must be a longitude in [-180, 180], got " + v);
    }
  }

  /** Only datapoints whose footprint intersects {@code g} (WGS84 lon/lat). */
  public Query intersects(Geometry g) {
    return new Query(startUs, endUs, startExclusive, endInclusive, Geometries.normalize(Objects.requireNonNull(g, "geometry")), false,
        filter, skipData, showProgress, limit, pageSize, collections, timeout);
  }

  /** Only datapoints whose footprint lies entirely within {@code g}. */
  public Query within(Geometry g) {
    return new Query(startUs, endUs, startExclusive, endInclusive, Geometries.normalize(Objects.requireNonNull(g, "geometry")), true,
        filter, skipData, showProgress, limit, pageSize, collections, timeout);
  }

  /** A CQL2 text filter on fields, e.g. {@code cloud_cover < 20 AND platform = 'landsat-8'}. */
  public Query filter(String cql2) {
    return new Query(startUs, endUs, startExclusive, endInclusive, geometry, contains, cql2 == null ? "" : cql2.trim(), skipData,
        showProgress, limit, pageSize, collections, timeout);
  }

  /** Load ids and times only, not the field values. */
  public Query skipData(boolean skip) {
    return new Query(startUs, endUs, startExclusive, endInclusive, geometry, contains, filter, skip, showProgress, limit, pageSize,
        collections, timeout);
  }

  /** Draw a progress bar on the terminal (stderr) while loading. */
  public Query showProgress(boolean show) {
    return new Query(startUs, endUs, startExclusive, endInclusive, geometry, contains, filter, skipData, show, limit, pageSize,
        collections, timeout);
  }

  /** At most {@code n} datapoints (the earliest); 0 = no limit. */
  public Query limit(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("limit must not be negative, got " + n);
    }
    return new Query(startUs, endUs, startExclusive, endInclusive, geometry, contains, filter, skipData, showProgress, n, pageSize,
        collections, timeout);
  }

  /** Datapoints per streamed page (server default when 0; the server caps it). */
  public Query pageSize(int n) {
    if (n < 0 || n > 100_000) {
      throw new IllegalArgumentException("page size must be between 1 and 100000, got " + n);
    }
    return new Query(startUs, endUs, startExclusive, endInclusive, geometry, contains, filter, skipData, showProgress, limit, n,
        collections, timeout);
  }

  /** For dataset-wide queries: which collections (default: all). */
  public Query collections(String... names) {
    return new Query(startUs, endUs, startExclusive, endInclusive, geometry, contains, filter, skipData, showProgress, limit, pageSize,
        List.of(names), timeout);
  }

  /** Fails the query with a timeout error when it takes longer than {@code d}. */
  public Query timeout(Duration d) {
    return new Query(startUs, endUs, startExclusive, endInclusive, geometry, contains, filter, skipData, showProgress, limit, pageSize,
        collections, d);
  }

  Long startUs() {
    return startUs;
  }

  Long endUs() {
    return endUs;
  }

  boolean isStartExclusive() {
    return startExclusive;
  }

  boolean isEndInclusive() {
    return endInclusive;
  }

  Geometry geometry() {
    return geometry;
  }

  boolean isContains() {
    return contains;
  }

  String filterText() {
    return filter;
  }

  boolean isSkipData() {
    return skipData;
  }

  boolean isShowProgress() {
    return showProgress;
  }

  long limitValue() {
    return limit;
  }

  int pageSizeValue() {
    return pageSize;
  }

  List<String> collectionNames() {
    return collections;
  }

  Duration timeoutValue() {
    return timeout;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Query[");
    sb.append(startExclusive ? "(" : "[").append(startUs == null ? ".." : Times.fromMicros(startUs).toString()).append(", ")
        .append(endUs == null ? ".." : Times.fromMicros(endUs).toString()).append(endInclusive ? "]" : ")");
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
