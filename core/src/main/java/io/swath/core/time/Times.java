package io.swath.core.time;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Conversions between {@link Instant} and the microseconds-since-epoch Swath stores (all UTC),
 * their RFC 3339 text, and the short duration text progress displays use.
 */
public final class Times {
  private Times() {}

  /** A duration as progress displays show it: {@code 4.2s}, {@code 3m07s}, {@code 2h05m}. */
  public static String shortText(Duration d) {
    long s = d.toSeconds();
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
    if (s >= 60) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }

  /** Microseconds since the epoch (truncating below a microsecond). */
  public static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  /** The instant {@code us} microseconds after the epoch. */
  public static Instant fromMicros(long us) {
    return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000L);
  }

  /**
   * The RFC 3339 UTC text of {@code us} (microseconds since the epoch), exactly as
   * {@link Instant#toString()} writes it (no fraction when it is zero, else 3 or 6 digits), without
   * its formatter: exports and the STAC API write millions of these.
   */
  public static String format(long us) {
    long sec = Math.floorDiv(us, 1_000_000L);
    int micros = (int) Math.floorMod(us, 1_000_000L);
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(sec, 86_400L));
    int secOfDay = (int) Math.floorMod(sec, 86_400L);
    int year = date.getYear();
    if (year < 0 || year > 9999) {
      return fromMicros(us).toString();
    }
    char[] c = new char[27];
    put(c, 0, year, 4);
    c[4] = '-';
    put(c, 5, date.getMonthValue(), 2);
    c[7] = '-';
    put(c, 8, date.getDayOfMonth(), 2);
    c[10] = 'T';
    put(c, 11, secOfDay / 3600, 2);
    c[13] = ':';
    put(c, 14, secOfDay / 60 % 60, 2);
    c[16] = ':';
    put(c, 17, secOfDay % 60, 2);
    int n = 19;
    if (micros != 0) {
      c[n++] = '.';
      if (micros % 1000 == 0) {
        put(c, n, micros / 1000, 3);
        n += 3;
      } else {
        put(c, n, micros, 6);
        n += 6;
      }
    }
    c[n++] = 'Z';
    return new String(c, 0, n);
  }

  private static void put(char[] c, int at, int v, int width) {
    for (int i = width - 1; i >= 0; i--) {
      c[at + i] = (char) ('0' + v % 10);
      v /= 10;
    }
  }

  /**
   * The instant of an RFC 3339 date-time with its UTC offset ({@code 2020-01-01T12:00:00Z},
   * {@code 2020-01-01t13:00:00.5+01:00}; the separator and {@code Z} in either case), or null when
   * {@code s} is no such text (a date alone, a time without offset, anything else). Never throws.
   */
  public static Instant rfc3339OrNull(String s) {
    if (s == null || s.length() < 20 || s.length() > 40 || s.charAt(4) != '-' || s.charAt(10) != 'T' && s.charAt(10) != 't') {
      return null;
    }
    String norm = s.charAt(10) == 't' ? s.substring(0, 10) + 'T' + s.substring(11) : s;
    if (norm.endsWith("z")) {
      norm = norm.substring(0, norm.length() - 1) + "Z";
    }
    try {
      return OffsetDateTime.parse(norm).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /**
   * Parses an instant: RFC 3339 ({@code 2020-01-01T00:00:00Z}, with offset or fraction), a
   * date-time without zone (taken as UTC), or a date ({@code 2020-01-01}, its start in UTC).
   *
   * @throws IllegalArgumentException saying which forms are accepted
   */
  public static Instant parseInstant(String s) {
    String t = s.trim();
    try {
      if (t.length() == 10) {
        return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
      }
      String norm = t.replace(' ', 'T');
      if (norm.charAt(10) == 't') { // RFC 3339 allows a lowercase separator
        norm = norm.substring(0, 10) + 'T' + norm.substring(11);
      }
      if (norm.endsWith("z")) {
        norm = norm.substring(0, norm.length() - 1) + "Z";
      }
      char last = norm.charAt(norm.length() - 1);
      boolean hasZone = last == 'Z' || norm.matches(".*[+-]\\d\\d(:?\\d\\d)?$") && norm.indexOf('T') > 0;
      if (hasZone) {
        return OffsetDateTime.parse(norm).toInstant();
      }
      return LocalDateTime.parse(norm).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
      throw new IllegalArgumentException("'" + s + "' is not a time: use RFC 3339 (2020-01-01T12:00:00Z) or a date (2020-01-01)");
    }
  }
}
