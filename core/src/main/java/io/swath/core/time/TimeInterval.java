package io.swath.core.time;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An immutable interval of UTC time at microsecond precision, the unit datapoint times are
 * stored in. Either end may be open. By default the interval is half-open, {@code [start, end)}:
 * the start is included and the end excluded; {@link #withStartExclusive()} and
 * {@link #withEndInclusive()} change that. Times finer than a microsecond are truncated, the same
 * way datapoint times are, so an instant and an interval agree on containment after storage.
 *
 * <p>Create intervals with {@link #of(Object, Object)} from Java time values or strings, or with
 * {@link #parse(String)} from STAC / ISO 8601 interval syntax:
 *
 * <pre>{@code
 * TimeInterval.of(LocalDate.of(2020, 1, 1), LocalDate.of(2020, 2, 1));   // January 2020
 * TimeInterval.parse("2020-01-01T00:00:00Z/..");                        // from 2020 on
 * TimeInterval.parse("2020-01-01");                                     // that whole day
 * }</pre>
 */
public final class TimeInterval {
  /** The interval with both ends open: it contains every time. */
  public static final TimeInterval ALL = new TimeInterval(false, 0L, false, 0L, true, true);


  private final boolean hasStart;
  private final long start;
  private final boolean hasEnd;
  private final long end;
  private final boolean startInclusive;
  private final boolean endExclusive;

  private TimeInterval(boolean hasStart, long start, boolean hasEnd, long end, boolean startInclusive, boolean endExclusive) {
    if (hasStart && hasEnd && start > end) {
      throw new IllegalArgumentException("time interval start " + format(start) + " is after its end " + format(end));
    }
    this.hasStart = hasStart;
    this.start = hasStart ? start : 0L;
    this.hasEnd = hasEnd;
    this.end = hasEnd ? end : 0L;
    // An open end has no boundary to include or exclude; fixing its flag keeps equals() meaningful.
    this.startInclusive = !hasStart || startInclusive;
    this.endExclusive = !hasEnd || endExclusive;
  }

  /**
   * The half-open interval {@code [start, end)}. Each end may be an {@link Instant}, a
   * {@link LocalDate} (its start of day in UTC), a {@link LocalDateTime} (taken as UTC), an
   * {@link OffsetDateTime}, a {@link ZonedDateTime}, or a string: RFC 3339, or a date, month or
   * year ({@code 2020-01-01}, {@code 2020-01}, {@code 2020}) meaning its start; {@code null} or
   * {@code ".."} leaves that end open.
   *
   * @throws IllegalArgumentException if an end has another type or cannot be parsed, or the start
   *     is after the end
   */
  public static TimeInterval of(Object start, Object end) {
    Long s = toMicros(start, "start");
    Long e = toMicros(end, "end");
    return new TimeInterval(s != null, s == null ? 0L : s, e != null, e == null ? 0L : e, true, true);
  }

  /** The half-open interval {@code [startUs, endUs)} of microseconds since the epoch. */
  public static TimeInterval ofMicros(long startUs, long endUs) {
    return new TimeInterval(true, startUs, true, endUs, true, true);
  }

  /**
   * The closed interval {@code [t, t]} holding exactly one instant; {@code t} takes the types
   * {@link #of(Object, Object)} accepts, but may not be open.
   */
  public static TimeInterval at(Object t) {
    Long us = toMicros(t, "instant");
    if (us == null) {
      throw new IllegalArgumentException("a time interval at one instant needs that instant, got " + t);
    }
    return new TimeInterval(true, us, true, us, true, false);
  }

  /**
   * Parses interval syntax, half-open as everywhere in Swath:
   *
   * <ul>
   *   <li>{@code a/b}: {@code [a, b)}; {@code ../b} or {@code /b}: everything before {@code b};
   *       {@code a/..} or {@code a/}: everything from {@code a} on; {@code ../..}: everything.
   *   <li>a single instant {@code 2020-01-01T12:00:00Z}: exactly that instant, {@code [t, t]}.
   *   <li>a single date {@code 2020-01-01}: that whole UTC day, {@code [d, d + 1 day)}; a month
   *       {@code 2020-06} or a year {@code 2020}: all of it.
   * </ul>
   *
   * <p>Times are RFC 3339 (a time without an offset is UTC), dates, months or years; as an end of
   * {@code a/b} a date, month or year means its start, so {@code 2020-01-01/2020-02-01},
   * {@code 2020-01/2020-02} and {@code 2020-01} are all exactly January, and {@code 2019/2021} is
   * two years. (STAC's {@code datetime} includes its end instead: see {@link #parseStac}.)
   *
   * <p>The interval notation that {@link #toString()} uses for non-default boundaries is accepted
   * too: {@code [a/b]}, {@code (a/b)}, {@code (a/b]} and {@code [a/b)}, where a square bracket
   * includes that end and a round one excludes it; here a date, month or year means its start.
   *
   * @throws IllegalArgumentException saying which forms are accepted
   */
  public static TimeInterval parse(String text) {
    return parse(text, false);
  }

  /**
   * Parses a STAC {@code datetime}: the forms {@link #parse(String)} takes, except that the end of
   * {@code a/b} belongs to the interval, as STAC API item search reads it: an instant end is
   * included, and a date, month or year end means all of it, as pystac-client reads it
   * ({@code 2020-01-01/2020-01-31} and {@code 2019/2020} are one month and two years).
   *
   * @throws IllegalArgumentException saying which forms are accepted
   */
  public static TimeInterval parseStac(String text) {
    return parse(text, true);
  }

  private static TimeInterval parse(String text, boolean closedEnd) {
    if (text == null) {
      throw new IllegalArgumentException("a time interval is needed, got null");
    }
    String s = text.trim();
    try {
      if (s.length() >= 2 && (s.charAt(0) == '[' || s.charAt(0) == '(')
          && (s.endsWith("]") || s.endsWith(")"))) {
        String inner = s.substring(1, s.length() - 1).trim();
        int slash = inner.indexOf('/');
        if (slash < 0 || inner.indexOf('/', slash + 1) >= 0) {
          throw new IllegalArgumentException("the bracketed form needs exactly one '/'");
        }
        Long a = endpoint(inner.substring(0, slash));
        Long b = endpoint(inner.substring(slash + 1));
        return new TimeInterval(a != null, a == null ? 0L : a, b != null, b == null ? 0L : b,
            s.charAt(0) == '[', s.endsWith(")"));
      }
      int slash = s.indexOf('/');
      if (slash < 0) {
        if (s.equals("..")) {
          return ALL;
        }
        if (isPeriod(s)) {
          return new TimeInterval(true, endpoint(s), true, periodEnd(s), true, true);
        }
        long t = micros(Times.parseInstant(s), s);
        // an instant between two microseconds is no stored time: (t, t] holds nothing
        return new TimeInterval(true, t, true, t, !(closedEnd && betweenMicros(s)), false);
      }
      if (s.indexOf('/', slash + 1) >= 0) {
        throw new IllegalArgumentException("more than one '/'");
      }
      String left = s.substring(0, slash).trim();
      String right = s.substring(slash + 1).trim();
      Long a = endpoint(left);
      Long b = endpoint(right);
      boolean endExclusive = true;
      if (b != null && closedEnd) {
        if (isPeriod(right)) {
          b = periodEnd(right);
        } else {
          endExclusive = false;
        }
      }
      // STAC times are compared in microseconds: an end between two microseconds takes in the
      // one before it and no more, a start between two takes only the ones after it
      if (closedEnd && b != null && betweenMicros(right)) {
        endExclusive = false;
      }
      boolean startInclusive = a == null || !(closedEnd && betweenMicros(left));
      return new TimeInterval(a != null, a == null ? 0L : a, b != null, b == null ? 0L : b, startInclusive, endExclusive);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException("'" + text + "' is not a time interval (expected a/b, ../b, a/.., "
          + "a single RFC 3339 time, a date such as 2020-01-01, a month 2020-01 or a year 2020): " + e.getMessage(), e);
    }
  }

  /** This interval with its start excluded; an open start stays open. */
  public TimeInterval withStartExclusive() {
    return with(false, endExclusive);
  }

  /** This interval with its start included (the default); an open start stays open. */
  public TimeInterval withStartInclusive() {
    return with(true, endExclusive);
  }

  /** This interval with its end included; an open end stays open. */
  public TimeInterval withEndInclusive() {
    return with(startInclusive, false);
  }

  /** This interval with its end excluded (the default); an open end stays open. */
  public TimeInterval withEndExclusive() {
    return with(startInclusive, true);
  }

  private TimeInterval with(boolean startIncl, boolean endExcl) {
    TimeInterval t = new TimeInterval(hasStart, start, hasEnd, end, startIncl, endExcl);
    return t.equals(this) ? this : t;
  }

  /** The start, empty when open. */
  public Optional<Instant> start() {
    return hasStart ? Optional.of(Times.fromMicros(start)) : Optional.empty();
  }

  /** The end, empty when open. */
  public Optional<Instant> end() {
    return hasEnd ? Optional.of(Times.fromMicros(end)) : Optional.empty();
  }

  /** The start in microseconds since the epoch, empty when open. */
  public OptionalLong startMicros() {
    return hasStart ? OptionalLong.of(start) : OptionalLong.empty();
  }

  /** The end in microseconds since the epoch, empty when open. */
  public OptionalLong endMicros() {
    return hasEnd ? OptionalLong.of(end) : OptionalLong.empty();
  }

  /** Whether the start belongs to the interval (true by default, and for an open start). */
  public boolean startInclusive() {
    return startInclusive;
  }

  /** Whether the end is left out of the interval (true by default, and for an open end). */
  public boolean endExclusive() {
    return endExclusive;
  }

  /** Whether no time lies in the interval, as in {@code [t, t)}. */
  public boolean isEmpty() {
    return first() > last() || emptyByOverflow();
  }

  /** Whether the time {@code micros} (microseconds since the epoch) lies in the interval. */
  public boolean contains(long micros) {
    return !emptyByOverflow() && micros >= first() && micros <= last();
  }

  /** Whether the instant {@code t}, truncated to microseconds, lies in the interval. */
  public boolean contains(Instant t) {
    return contains(micros(t, t));
  }

  /** Whether some time lies in both this interval and {@code other}. */
  public boolean intersects(TimeInterval other) {
    if (isEmpty() || other.isEmpty()) {
      return false;
    }
    return Math.max(first(), other.first()) <= Math.min(last(), other.last());
  }

  /**
   * The same set of microsecond times as a half-open range {@code [lo, hi)}: {@code lo} is the
   * start, plus one if it is excluded, and {@code hi} the end, plus one if it is included. An open
   * start gives {@link Long#MIN_VALUE} and an open end {@link Long#MAX_VALUE}; sums saturate at
   * those values. An empty interval gives {@code lo >= hi}.
   */
  public MicrosRange toHalfOpenMicros() {
    long lo = !hasStart ? Long.MIN_VALUE : startInclusive ? start : saturatedIncrement(start);
    long hi = !hasEnd ? Long.MAX_VALUE : endExclusive ? end : saturatedIncrement(end);
    return new MicrosRange(lo, hi);
  }

  /**
   * A half-open range {@code [lo, hi)} of microseconds since the epoch.
   *
   * @param lo the first microsecond in the range ({@link Long#MIN_VALUE} when unbounded)
   * @param hi the first microsecond after the range ({@link Long#MAX_VALUE} when unbounded)
   */
  public record MicrosRange(long lo, long hi) {
    /** Whether the range holds no time. */
    public boolean isEmpty() {
      return lo >= hi;
    }
  }

  // The interval as the closed range [first, last] of microseconds it contains.
  private long first() {
    return !hasStart ? Long.MIN_VALUE : startInclusive ? start : start + (start == Long.MAX_VALUE ? 0 : 1);
  }

  private long last() {
    return !hasEnd ? Long.MAX_VALUE : endExclusive ? end - (end == Long.MIN_VALUE ? 0 : 1) : end;
  }

  // (MAX, ..] and [.., MIN) hold nothing, but first()/last() cannot step past the long range.
  private boolean emptyByOverflow() {
    return hasStart && !startInclusive && start == Long.MAX_VALUE || hasEnd && endExclusive && end == Long.MIN_VALUE;
  }

  private static long saturatedIncrement(long v) {
    return v == Long.MAX_VALUE ? v : v + 1;
  }

  /**
   * The STAC form {@code start/end}, with {@code ..} for an open end, for the default half-open
   * interval; a closed one-instant interval prints as that instant alone. Other boundaries print
   * in interval notation, e.g. {@code [2020-01-01T00:00:00Z/2020-02-01T00:00:00Z]} for a closed
   * interval. {@link #parse(String)} reads every form back.
   */
  @Override
  public String toString() {
    if (hasStart && hasEnd && start == end && startInclusive && !endExclusive) {
      return format(start);
    }
    String body = (hasStart ? format(start) : "..") + "/" + (hasEnd ? format(end) : "..");
    if (startInclusive && endExclusive) {
      return body;
    }
    return (startInclusive ? "[" : "(") + body + (endExclusive ? ")" : "]");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TimeInterval t && hasStart == t.hasStart && start == t.start && hasEnd == t.hasEnd
        && end == t.end && startInclusive == t.startInclusive && endExclusive == t.endExclusive;
  }

  @Override
  public int hashCode() {
    return Objects.hash(hasStart, start, hasEnd, end, startInclusive, endExclusive);
  }

  private static Long endpoint(String s) {
    String t = s.trim();
    if (t.isEmpty() || t.equals("..")) {
      return null;
    }
    return micros(isPeriod(t) ? periodStart(t) : Times.parseInstant(t), t);
  }

  /** Whether an endpoint is an RFC 3339 time with a fraction of a microsecond (nanosecond digits). */
  private static boolean betweenMicros(String endpoint) {
    String t = endpoint.trim();
    return !t.isEmpty() && !t.equals("..") && !isPeriod(t) && Times.parseInstant(t).getNano() % 1000 != 0;
  }

  /** A date, a month or a year: {@code 2020-01-01}, {@code 2020-01}, {@code 2020}. */
  private static boolean isPeriod(String s) {
    return s.matches("\\d{4}(-\\d{2}(-\\d{2})?)?");
  }

  private static Instant periodStart(String period) {
    try {
      return switch (period.length()) {
        case 4 -> LocalDate.of(Integer.parseInt(period), 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        case 7 -> YearMonth.parse(period).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        default -> Times.parseInstant(period);
      };
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("'" + period + "' is not a month (use 2020-01 .. 2020-12)");
    }
  }

  /** The end (exclusive) of a date, month or year, in microseconds. */
  private static long periodEnd(String period) {
    ZonedDateTime start = periodStart(period).atZone(ZoneOffset.UTC);
    ZonedDateTime end = switch (period.length()) {
      case 4 -> start.plusYears(1);
      case 7 -> start.plusMonths(1);
      default -> start.plusDays(1);
    };
    return micros(end.toInstant(), period);
  }

  private static Long toMicros(Object v, String which) {
    Instant t = switch (v) {
      case null -> null;
      case Instant i -> i;
      case OffsetDateTime d -> d.toInstant();
      case ZonedDateTime d -> d.toInstant();
      case LocalDate d -> d.atStartOfDay(ZoneOffset.UTC).toInstant();
      case LocalDateTime d -> d.toInstant(ZoneOffset.UTC);
      case String s -> s.trim().equals("..") ? null : isPeriod(s.trim()) ? periodStart(s.trim()) : Times.parseInstant(s);
      default -> throw new IllegalArgumentException("time interval " + which + " must be an Instant, LocalDate, "
          + "LocalDateTime, OffsetDateTime, ZonedDateTime or RFC 3339 string, got " + v.getClass().getName());
    };
    return t == null ? null : micros(t, v);
  }

  private static long micros(Instant t, Object source) {
    try {
      return Times.micros(t);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("time " + source + " is outside the range of microseconds since the epoch a long holds");
    }
  }

  private static String format(long us) {
    return Times.fromMicros(us).toString();
  }
}
