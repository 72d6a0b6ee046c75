package io.swath.core.time;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Conversions between {@link Instant} and the microseconds-since-epoch Swath stores. All UTC. */
public final class Times {
  private Times() {}

  /** Microseconds since the epoch (truncating below a microsecond). */
  public static long micros(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000);
  }

  /** The instant {@code us} microseconds after the epoch. */
  public static Instant fromMicros(long us) {
    return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000L);
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
