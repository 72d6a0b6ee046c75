package io.swath.server.stac;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/**
 * A fast writer for the doubles every item has many of, with few decimals (cloud cover, sun
 * angles): it writes exactly what the general routine would read back as the same value; anything
 * else takes Jackson's shortest-repr path. (Timestamps: {@link io.swath.core.time.Times#format}.)
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
}
