package io.swath.server.stac;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.LocalDate;

/**
 * Fast writers for the values every item has many of: doubles with few decimals (cloud cover, sun
 * angles) and UTC timestamps. Both write exactly what a slower general routine would read back as
 * the same value; anything else takes Jackson's shortest-repr path.
 */
final class JsonNumbers {
  private static final double SCALE = 1e6;

  private JsonNumbers() {}

  /**
   * Writes {@code d}; a double that is exactly some decimal with at most 6 fraction digits (and
   * not too large) is written as that decimal without the general shortest-repr search.
   */
  static void writeDouble(JsonGenerator g, double d, char[] buf) throws IOException {
    long m = Math.round(d * SCALE);
    // m / 1e6 is the correctly rounded value of the decimal m * 10^-6, which reads back as d
    if (Math.abs(m) < 1_000_000_000_000_000L && m / SCALE == d && !(d == 0 && 1 / d < 0)) {
      g.writeRawValue(buf, 0, decimal(m, buf));
    } else {
      g.writeNumber(d);
    }
  }

  /** Writes {@code m * 10^-6} into {@code buf} as a decimal with at least one fraction digit; returns the length. */
  static int decimal(long m, char[] buf) {
    int p = 0;
    if (m < 0) {
      buf[p++] = '-';
      m = -m;
    }
    long whole = m / 1_000_000;
    int frac = (int) (m % 1_000_000);
    String w = Long.toString(whole);
    w.getChars(0, w.length(), buf, p);
    p += w.length();
    buf[p++] = '.';
    int digits = 6;
    while (digits > 1 && frac % 10 == 0) {
      frac /= 10;
      digits--;
    }
    for (int i = digits - 1; i >= 0; i--) {
      buf[p + i] = (char) ('0' + frac % 10);
      frac /= 10;
    }
    return p + digits;
  }

  /**
   * The RFC 3339 UTC form of {@code us} (microseconds since the epoch) that
   * {@link java.time.Instant#toString()} writes: no fraction when it is zero, else 3 or 6 digits.
   */
  static String timestamp(long us) {
    long sec = Math.floorDiv(us, 1_000_000L);
    int micros = (int) Math.floorMod(us, 1_000_000L);
    long day = Math.floorDiv(sec, 86_400L);
    int secOfDay = (int) Math.floorMod(sec, 86_400L);
    LocalDate date = LocalDate.ofEpochDay(day);
    int year = date.getYear();
    if (year < 0 || year > 9999) {
      return io.swath.core.time.Times.fromMicros(us).toString();
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
}
