package io.swath.core.table;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swath.core.geo.Geometries;
import io.swath.core.schema.Field;
import io.swath.core.time.Times;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.locationtech.jts.geom.Geometry;

/**
 * Converts the Java values users hand in to the canonical value of a field type, with an error
 * that names the field when a value does not fit.
 */
public final class Values {
  static final ObjectMapper JSON = new ObjectMapper();

  private Values() {}

  static IllegalArgumentException mismatch(Field f, String expected, Object v) {
    String shown = String.valueOf(v);
    if (shown.length() > 60) {
      shown = shown.substring(0, 57) + "...";
    }
    return new IllegalArgumentException("field '" + f.name() + "' (" + f.typeLabel() + "): expected " + expected
        + ", got " + v.getClass().getSimpleName() + " '" + shown + "'");
  }

  static long toLong(Field f, Object v) {
    if (v instanceof Long l) {
      return l;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Number n) {
      double d = n.doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 9.2e18) {
        return (long) d;
      }
      throw mismatch(f, "an integer", v);
    }
    if (v instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        throw mismatch(f, "an integer", v);
      }
    }
    throw mismatch(f, "an integer", v);
  }

  static double toDouble(Field f, Object v) {
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        throw mismatch(f, "a number", v);
      }
    }
    throw mismatch(f, "a number", v);
  }

  static boolean toBool(Field f, Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw mismatch(f, "true or false", v);
  }

  static long toMicros(Field f, Object v) {
    try {
      if (v instanceof Instant i) {
        return Times.micros(i);
      }
      if (v instanceof OffsetDateTime o) {
        return Times.micros(o.toInstant());
      }
      if (v instanceof ZonedDateTime z) {
        return Times.micros(z.toInstant());
      }
      if (v instanceof LocalDate d) {
        return Times.micros(d.atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
      }
      if (v instanceof Date d) {
        return d.getTime() * 1000L;
      }
      if (v instanceof String s) {
        return Times.micros(Times.parseInstant(s));
      }
    } catch (RuntimeException e) {
      throw mismatch(f, "an RFC 3339 timestamp", v);
    }
    throw mismatch(f, "an Instant or RFC 3339 timestamp", v);
  }

  static long toDurationMicros(Field f, Object v) {
    if (v instanceof Duration d) {
      return d.getSeconds() * 1_000_000L + d.getNano() / 1000;
    }
    if (v instanceof String s) {
      try {
        Duration d = Duration.parse(s.trim());
        return d.getSeconds() * 1_000_000L + d.getNano() / 1000;
      } catch (RuntimeException e) {
        throw mismatch(f, "an ISO-8601 duration like PT1.5S", v);
      }
    }
    throw mismatch(f, "a Duration", v);
  }

  static UUID toUuid(Field f, Object v) {
    if (v instanceof UUID u) {
      return u;
    }
    if (v instanceof String s) {
      try {
        return UUID.fromString(s.trim());
      } catch (RuntimeException e) {
        throw mismatch(f, "a UUID", v);
      }
    }
    throw mismatch(f, "a UUID", v);
  }

  static byte[] toBytes(Field f, Object v) {
    if (v instanceof byte[] b) {
      return b;
    }
    if (v instanceof ByteBuffer bb) {
      byte[] b = new byte[bb.remaining()];
      bb.duplicate().get(b);
      return b;
    }
    if (v instanceof String s) {
      try {
        return java.util.Base64.getDecoder().decode(s);
      } catch (IllegalArgumentException e) {
        throw mismatch(f, "bytes (byte[] or base64 text)", v);
      }
    }
    throw mismatch(f, "bytes (byte[] or base64 text)", v);
  }

  static byte[] toWkb(Field f, Object v) {
    try {
      Geometry g = switch (v) {
        case Geometry geom -> geom;
        case byte[] wkb -> Geometries.fromWkb(wkb);
        case String s -> s.trim().startsWith("{") ? Geometries.fromGeoJson(s) : Geometries.fromWkt(s);
        case Map<?, ?> m -> Geometries.fromGeoJson(JSON.writeValueAsString(m));
        case JsonNode n -> Geometries.fromGeoJson(n.toString());
        default -> throw mismatch(f, "a geometry (JTS Geometry, WKB, WKT or GeoJSON)", v);
      };
      return Geometries.toWkb(Geometries.normalize(g));
    } catch (JsonProcessingException e) {
      throw mismatch(f, "a GeoJSON geometry", v);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("field '")) {
        throw e;
      }
      throw new IllegalArgumentException("field '" + f.name() + "' (geometry): " + e.getMessage(), e);
    }
  }

  static String toJson(Field f, Object v) {
    if (v instanceof String s) {
      try {
        JSON.readTree(s);
        return s;
      } catch (JsonProcessingException e) {
        throw mismatch(f, "JSON text", v);
      }
    }
    try {
      return JSON.writeValueAsString(v);
    } catch (JsonProcessingException e) {
      throw mismatch(f, "a value that can be written as JSON", v);
    }
  }

  static String toStringValue(Field f, Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof CharSequence || v instanceof Enum<?> || v instanceof Character) {
      return v.toString();
    }
    throw mismatch(f, "text", v);
  }

  /** Turns a Java array or collection into a list, or throws. */
  static List<?> toList(Field f, Object v) {
    if (v instanceof List<?> l) {
      return l;
    }
    if (v instanceof Collection<?> c) {
      return new ArrayList<>(c);
    }
    if (v != null && v.getClass().isArray() && !(v instanceof byte[] && f.type() == io.swath.core.schema.FieldType.BYTES)) {
      int n = Array.getLength(v);
      List<Object> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        out.add(Array.get(v, i));
      }
      return out;
    }
    throw mismatch(f, "a list", v);
  }
}
