package io.swath.cli.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

/** Values that break careless code: boundary numbers, huge and NUL-laden strings, deep nesting, bad dates. */
final class Hostile {
  private Hostile() {}

  static final List<Integer> INTS = List.of(0, 1, -1, 2, Integer.MAX_VALUE, Integer.MIN_VALUE, Integer.MAX_VALUE - 1, 65_536, 1_000_000,
      -1_000_000, 255, 256, 10_001);
  static final List<Long> LONGS = List.of(0L, 1L, -1L, Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE - 1, Long.MIN_VALUE + 1, 1L << 31,
      (1L << 31) - 1, -(1L << 31), 1L << 32, 1L << 53, -(1L << 53), 253_402_300_800_000_000L, -62_135_596_800_000_000L,
      1_700_000_000_000_000L, 4_294_967_295L);
  static final List<Double> DOUBLES = List.<Double>of(0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MAX_VALUE,
      -Double.MAX_VALUE, Double.MIN_VALUE, 90.0000001, -90.0000001, 180.0000001, -180.0000001, 464.0, 1e300, -1e300, 1e-320);

  static String deep(String open, String inner, String close, int n) {
    return open.repeat(n) + inner + close.repeat(n);
  }

  /** A hostile string; sometimes built from {@code base}, a valid value of the same field. */
  static String string(Random r, String base) {
    if (base != null && !base.isEmpty() && r.nextInt(3) == 0) {
      StringBuilder sb = new StringBuilder(base);
      switch (r.nextInt(6)) {
        case 0 -> sb.setCharAt(r.nextInt(sb.length()), (char) r.nextInt(0x3000));
        case 1 -> sb.insert(r.nextInt(sb.length() + 1), '\0');
        case 2 -> sb.setLength(r.nextInt(sb.length()));
        case 3 -> sb.append(base.repeat(1 + r.nextInt(2000)));
        case 4 -> sb.insert(r.nextInt(sb.length() + 1), STRINGS.get(r.nextInt(STRINGS.size())));
        default -> sb.reverse();
      }
      return sb.toString();
    }
    return switch (r.nextInt(12)) {
      case 0 -> "x".repeat(1 + r.nextInt(20_000));
      case 1 -> random(r, 1 + r.nextInt(300));
      case 2 -> deep("(", "cloud_cover > 1", ")", 1 + r.nextInt(20_000));
      case 3 -> "NOT ".repeat(1 + r.nextInt(20_000)) + "cloud_cover > 1";
      case 4 -> "cloud_cover > 1 AND ".repeat(1 + r.nextInt(5_000)) + "true";
      case 5 -> "cloud_cover IN (" + "1,".repeat(r.nextInt(50_000)) + "1)";
      default -> STRINGS.get(r.nextInt(STRINGS.size()));
    };
  }

  static String random(Random r, int n) {
    StringBuilder sb = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      int kind = r.nextInt(10);
      sb.append(kind < 5 ? (char) (32 + r.nextInt(95)) : kind < 7 ? (char) r.nextInt(32) : kind < 9 ? (char) (0x80 + r.nextInt(0x2f00))
          : Character.toChars(0x1f300 + r.nextInt(0x300))[0]);
    }
    return sb.toString();
  }

  static final List<String> STRINGS = List.of("", " ", "\0", "a\0b", "\0\0\0\0", "\r\n\r\n", "\t", "'", "\"", "\\", "%", "_", "%00", "%%%%",
      "'; DROP TABLE datasets; --", "\" OR 1=1 --", "../../../../etc/passwd", "/", "//", ".", "..", "😀🛰️", "\u202egnp.exe", "\uFEFF",
      "null", "true", "false", "NaN", "Infinity", "-1", "0", "9".repeat(400), "1e999", "-1e999", "0x7fffffff",
      "2024-13-45T25:61:61Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "+275760-09-13T00:00:00Z", "-000001-01-01T00:00:00Z",
      "1970-01-01", "2020-02-30", "2020/2021", "../2020", "2020/..", "/", "..", "2020-01-01T00:00:00+25:00",
      "S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1, 0 0)))", "S_INTERSECTS(geometry, POINT(500 500))",
      "S_INTERSECTS(geometry, POLYGON((0 0, 1 1, 1 0, 0 1, 0 0)))", "S_WITHIN(geometry, BBOX(-180,-90,180,90))",
      "S_INTERSECTS(geometry, POLYGON((1e308 1e308, -1e308 1e308, 0 0, 1e308 1e308)))",
      "T_AFTER(datetime, TIMESTAMP('99999-01-01T00:00:00Z'))", "T_INTERSECTS(datetime, INTERVAL('..', '..'))",
      "datetime > TIMESTAMP('0001-01-01T00:00:00Z')", "cloud_cover < 'abc'", "cloud_cover = 1e309", "cloud_cover BETWEEN 10 AND 1",
      "platform LIKE '" + "%".repeat(200) + "b'", "CASEI(platform) = CASEI('A')", "A_CONTAINS(bands, ('red'))", "nosuchfield = 1",
      "properties.x.y.z = 1", "\"eo:cloud_cover\" < 10", "cloud_cover IS NULL", "id = 'a\0b'", "1 = 1", "true", "false", "((",
      "))", "'", "cloud_cover <", "= =", "{\"op\":\"and\",\"args\":[]}", "{\"op\":\"=\",\"args\":[{\"property\":\"a\"}]}",
      "{\"op\":\"not\",\"args\":[" + deep("{\"op\":\"not\",\"args\":[", "true", "]}", 3000) + "]}",
      "[" .repeat(5000), "{\"a\":".repeat(3000) + "1" + "}".repeat(3000), "{\"type\":\"Point\",\"coordinates\":[1e999,0]}",
      "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[0,0]]]}", "{\"type\":\"GeometryCollection\",\"geometries\":[]}",
      "datetime", "-datetime", "+properties.cloud_cover", "id,-id", "a.b.c", "-", "+");

  static byte[] bytes(Random r, byte[] base) {
    if (base != null && base.length > 0 && r.nextBoolean()) {
      byte[] b = base.clone();
      switch (r.nextInt(5)) {
        case 0 -> {
          for (int i = 0, n = 1 + r.nextInt(8); i < n; i++) {
            b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
          }
          return b;
        }
        case 1 -> {
          return java.util.Arrays.copyOf(b, r.nextInt(b.length));
        }
        case 2 -> {
          byte[] longer = java.util.Arrays.copyOf(b, b.length + 1 + r.nextInt(64));
          for (int i = b.length; i < longer.length; i++) {
            longer[i] = (byte) r.nextInt(256);
          }
          return longer;
        }
        case 3 -> {
          b[r.nextInt(b.length)] = (byte) (r.nextBoolean() ? 0xFF : 0x00);
          return b;
        }
        default -> {
          // one byte set to a boundary of its neighbourhood: lengths and counts inside encodings
          int i = r.nextInt(b.length);
          b[i] = (byte) (b[i] + (r.nextBoolean() ? 1 : -1));
          return b;
        }
      }
    }
    return switch (r.nextInt(5)) {
      case 0 -> new byte[0];
      case 1 -> randomBytes(r, 16);
      case 2 -> randomBytes(r, 1 + r.nextInt(200));
      case 3 -> randomBytes(r, 1 << 20);
      default -> string(r, null).getBytes(StandardCharsets.UTF_8);
    };
  }

  static byte[] randomBytes(Random r, int n) {
    byte[] b = new byte[n];
    r.nextBytes(b);
    return b;
  }
}
