package io.swath.core.stac;

import io.swath.core.time.Times;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a STAC timestamp is written as text. Swath stores timestamps as microseconds; a format
 * recorded per field lets a stored value be written back as exactly the string it came from,
 * so that {@code 2020-01-01T10:00:00.000000Z} does not come back as {@code 2020-01-01T10:00:00Z}.
 *
 * @param fraction   fraction-of-second digits: 0 to 9 for a fixed count, {@link #SHORTEST} or
 *                   {@link #MICROS_IF_NONZERO}
 * @param offsetZone whether UTC is written {@code +00:00} rather than {@code Z}
 */
record TimestampFormat(int fraction, boolean offsetZone) {
  /** 0, 3, 6 or 9 digits, as few as the value needs ({@code Instant.toString()}). */
  static final int SHORTEST = -1;
  /** No fraction when it is zero, else 6 digits (Python's {@code isoformat()}). */
  static final int MICROS_IF_NONZERO = -2;
  /** The format of {@code Instant.toString()}. */
  static final TimestampFormat DEFAULT = new TimestampFormat(SHORTEST, false);

  /**
   * Every format, in order of preference: a fixed digit count first (what most catalogs write),
   * then the variable ones. Bit {@code i} of a mask from {@link #fitting} stands for entry {@code i}.
   */
  static final List<TimestampFormat> ALL;

  static {
    List<TimestampFormat> all = new ArrayList<>();
    for (boolean offset : new boolean[] {false, true}) {
      for (int d = 0; d <= 9; d++) {
        all.add(new TimestampFormat(d, offset));
      }
      all.add(new TimestampFormat(SHORTEST, offset));
      all.add(new TimestampFormat(MICROS_IF_NONZERO, offset));
    }
    ALL = List.copyOf(all);
  }

  /** Mask of every format. */
  static final int ANY = (1 << ALL.size()) - 1;

  private static final Pattern SHAPE = Pattern.compile(
      "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.(\\d{1,9}))?(Z|\\+00:00)");

  TimestampFormat {
    if (fraction < MICROS_IF_NONZERO || fraction > 9) {
      throw new IllegalArgumentException("fraction digits must be 0..9, SHORTEST or MICROS_IF_NONZERO: " + fraction);
    }
  }

  /**
   * The microseconds of an RFC 3339 UTC timestamp that renders back exactly in some format, or
   * {@code Long.MIN_VALUE} when the text is not one (another offset, lower-case letters,
   * precision below a microsecond, not a date-time).
   */
  static long parse(String text) {
    if (text.length() < 20 || text.length() > 35 || !SHAPE.matcher(text).matches()) {
      return Long.MIN_VALUE;
    }
    try {
      return Times.micros(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException | ArithmeticException e) {
      return Long.MIN_VALUE;
    }
  }

  /** The mask of the formats that write {@code text} back exactly; 0 when none does. */
  static int fitting(String text) {
    long us = parse(text);
    if (us == Long.MIN_VALUE) {
      return 0;
    }
    Matcher m = SHAPE.matcher(text);
    m.matches();
    boolean offset = !m.group(2).equals("Z");
    int digits = m.group(1) == null ? 0 : m.group(1).length();
    int mask = 0;
    int base = offset ? 12 : 0;
    if (new TimestampFormat(digits, offset).render(us).equals(text)) {
      mask |= 1 << (base + digits);
    }
    if (new TimestampFormat(SHORTEST, offset).render(us).equals(text)) {
      mask |= 1 << (base + 10);
    }
    if (new TimestampFormat(MICROS_IF_NONZERO, offset).render(us).equals(text)) {
      mask |= 1 << (base + 11);
    }
    return mask;
  }

  /** The preferred format of a non-zero mask. */
  static TimestampFormat pick(int mask) {
    return ALL.get(Integer.numberOfTrailingZeros(mask));
  }

  /** Writes {@code us} (microseconds since the epoch) in this format. */
  String render(long us) {
    long sec = Math.floorDiv(us, 1_000_000L);
    int micros = (int) Math.floorMod(us, 1_000_000L);
    LocalDateTime t = LocalDateTime.ofEpochSecond(sec, 0, ZoneOffset.UTC);
    StringBuilder sb = new StringBuilder(32);
    int year = t.getYear();
    if (year < 0 || year > 9999) {
      sb.append(year);
    } else {
      pad(sb, year, 4);
    }
    sb.append('-');
    pad(sb, t.getMonthValue(), 2);
    sb.append('-');
    pad(sb, t.getDayOfMonth(), 2);
    sb.append('T');
    pad(sb, t.getHour(), 2);
    sb.append(':');
    pad(sb, t.getMinute(), 2);
    sb.append(':');
    pad(sb, t.getSecond(), 2);
    int digits = switch (fraction) {
      case SHORTEST -> micros == 0 ? 0 : micros % 1000 == 0 ? 3 : 6;
      case MICROS_IF_NONZERO -> micros == 0 ? 0 : 6;
      default -> fraction;
    };
    if (digits > 0) {
      sb.append('.');
      String nine = Long.toString(1_000_000_000L + micros * 1000L).substring(1);
      sb.append(nine, 0, digits);
    }
    sb.append(offsetZone ? "+00:00" : "Z");
    return sb.toString();
  }

  private static void pad(StringBuilder sb, int v, int width) {
    String s = Integer.toString(v);
    for (int i = s.length(); i < width; i++) {
      sb.append('0');
    }
    sb.append(s);
  }

  /** The fraction part of the JSON form: {@code "6"}, {@code "shortest"} or {@code "micros-if-nonzero"}. */
  String fractionSpec() {
    return switch (fraction) {
      case SHORTEST -> "shortest";
      case MICROS_IF_NONZERO -> "micros-if-nonzero";
      default -> Integer.toString(fraction);
    };
  }

  /** The zone part of the JSON form: {@code "Z"} or {@code "+00:00"}. */
  String zoneSpec() {
    return offsetZone ? "+00:00" : "Z";
  }

  /** Reads the JSON form written by {@link #fractionSpec()} and {@link #zoneSpec()}. */
  static TimestampFormat of(String fraction, String zone) {
    int f = switch (fraction) {
      case "shortest" -> SHORTEST;
      case "micros-if-nonzero" -> MICROS_IF_NONZERO;
      default -> {
        try {
          yield Integer.parseInt(fraction);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("timestamp fraction must be 0..9, 'shortest' or 'micros-if-nonzero', got '" + fraction + "'");
        }
      }
    };
    boolean offset = switch (zone) {
      case "Z" -> false;
      case "+00:00" -> true;
      default -> throw new IllegalArgumentException("timestamp zone must be 'Z' or '+00:00', got '" + zone + "'");
    };
    return new TimestampFormat(f, offset);
  }

  @Override
  public String toString() {
    return "timestamp(fraction=" + fractionSpec() + ", zone=" + zoneSpec() + ")";
  }
}
