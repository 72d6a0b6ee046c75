package io.swath.core.table;

import io.swath.core.geo.Geometries;
import io.swath.core.geo.Wkb;
import io.swath.core.rules.StorageRules;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The compact binary encoding of a datapoint's user fields, shared by storage and the wire.
 *
 * <p>A row is: a varint field count {@code n} (the schema size when written, so rows stay
 * readable after fields are appended), a null bitmap of {@code ceil(n/8)} bytes (bit set =
 * null), then each non-null value in field order: strings, JSON, bytes and geometry (WKB) as a
 * varint length plus bytes; int64, timestamps and durations (microseconds) as zigzag varints;
 * float64 as 8 little-endian bytes; bool as one byte; uuid as 16 big-endian bytes; arrays as a
 * varint count followed by the elements.
 */
public final class RowCodec {
  private RowCodec() {}

  /**
   * Appends the encoding of {@code values} (one per schema field, {@code null} allowed) to
   * {@code out}, converting each value to its field type.
   *
   * @throws IllegalArgumentException naming the field when a value does not fit its type
   */
  public static void encode(Schema schema, Object[] values, ByteSink out) {
    int n = schema.size();
    if (values.length > n) {
      throw new IllegalArgumentException("row has " + values.length + " values but the schema has " + n + " fields");
    }
    out.writeVarint(n);
    int bitmap = out.size();
    int nbytes = (n + 7) >>> 3;
    for (int i = 0; i < nbytes; i++) {
      out.write(0);
    }
    for (int i = 0; i < n; i++) {
      Object v = i < values.length ? values[i] : null;
      if (v == null) {
        int p = bitmap + (i >>> 3);
        out.set(p, out.array()[p] | (1 << (i & 7)));
        continue;
      }
      Field f = schema.field(i);
      if (f.array()) {
        List<?> list = Values.toList(f, v);
        out.writeVarint(list.size());
        for (Object e : list) {
          if (e == null) {
            throw new IllegalArgumentException("field '" + f.name() + "' (" + f.typeLabel() + "): arrays cannot hold null elements");
          }
          writeScalar(f, e, out);
        }
      } else {
        writeScalar(f, v, out);
      }
    }
  }

  private static void writeScalar(Field f, Object v, ByteSink out) {
    switch (f.type()) {
      case STRING -> out.writeString(Values.toStringValue(f, v));
      case INT64 -> out.writeZigzag(Values.toLong(f, v));
      case FLOAT64 -> out.writeDouble(Values.toDouble(f, v));
      case BOOL -> out.write(Values.toBool(f, v) ? 1 : 0);
      case TIMESTAMP -> out.writeZigzag(Values.toMicros(f, v));
      case DURATION -> out.writeZigzag(Values.toDurationMicros(f, v));
      case BYTES -> out.writeBytes(Values.toBytes(f, v));
      case UUID -> {
        UUID u = Values.toUuid(f, v);
        out.writeLongBE(u.getMostSignificantBits());
        out.writeLongBE(u.getLeastSignificantBits());
      }
      case GEOMETRY -> out.writeBytes(Values.toWkb(f, v));
      case JSON -> out.writeString(Values.toJson(f, v));
    }
  }

  /**
   * Checks that {@code length} bytes at {@code offset} are one well-formed row for
   * {@code schema} whose values keep the {@link StorageRules}: geometries valid WKB within the
   * globe, timestamps within their range, JSON valid and not nested too deeply.
   *
   * @throws IllegalArgumentException saying what is malformed
   */
  public static void validate(Schema schema, byte[] buf, int offset, int length) {
    validate(schema, buf, offset, length, new double[4]);
  }

  /**
   * As {@link #validate(Schema, byte[], int, int)}, and writes the envelope of the footprint
   * (the first field when it is a geometry) to {@code footprint} (minX, minY, maxX, maxY).
   *
   * @return whether the row has a non-null footprint
   */
  public static boolean validate(Schema schema, byte[] buf, int offset, int length, double[] footprint) {
    boolean hasFootprint = false;
    double[] env = new double[4];
    ByteSource in = new ByteSource(buf, offset, length);
    long n = in.readVarint();
    if (n < 0 || n > schema.size()) {
      throw new IllegalArgumentException("encoded row has " + n + " fields but the dataset schema has " + schema.size());
    }
    int nbytes = (int) ((n + 7) >>> 3);
    int bitmapAt = in.position();
    in.skip(nbytes);
    for (int i = 0; i < n; i++) {
      if ((buf[bitmapAt + (i >>> 3)] & (1 << (i & 7))) != 0) {
        continue;
      }
      Field f = schema.field(i);
      try {
        if (f.type() == FieldType.GEOMETRY && !f.array()) {
          int len = in.readLength();
          double[] e = i == 0 ? footprint : env;
          Wkb.envelope(buf, in.pos, len, e);
          StorageRules.checkEnvelope(e);
          in.skip(len);
          hasFootprint |= i == 0 && !Double.isNaN(footprint[0]);
        } else {
          checkValue(f, in, env);
        }
      } catch (IllegalArgumentException e) {
        String m = e.getMessage();
        throw new IllegalArgumentException(m != null && m.startsWith("field '") ? m : "field '" + f.name() + "': " + m, e);
      }
    }
    if (in.remaining() != 0) {
      throw new IllegalArgumentException("encoded row has " + in.remaining() + " trailing bytes");
    }
    return hasFootprint;
  }

  /** Skips one value of field {@code f} (scalar or array), checking it against the {@link StorageRules}. */
  private static void checkValue(Field f, ByteSource in, double[] env) {
    int count = f.array() ? in.readLength() : 1;
    for (int k = 0; k < count; k++) {
      switch (f.type()) {
        case STRING, BYTES -> in.skip(in.readLength());
        case JSON -> StorageRules.checkJson("field '" + f.name() + "' (json)", in.readString());
        case GEOMETRY -> {
          int len = in.readLength();
          Wkb.envelope(in.buf, in.pos, len, env);
          StorageRules.checkEnvelope(env);
          in.skip(len);
        }
        case TIMESTAMP -> StorageRules.checkTimestamp(f.name(), in.readZigzag());
        case INT64, DURATION -> in.readVarint();
        case FLOAT64 -> in.skip(8);
        case BOOL -> in.skip(1);
        case UUID -> in.skip(16);
      }
    }
  }

  /** Skips one value of field {@code f} (scalar or array). */
  static void skipValue(Field f, ByteSource in) {
    int count = f.array() ? in.readLength() : 1;
    for (int k = 0; k < count; k++) {
      switch (f.type()) {
        case STRING, JSON, BYTES, GEOMETRY -> in.skip(in.readLength());
        case INT64, TIMESTAMP, DURATION -> in.readVarint();
        case FLOAT64 -> in.skip(8);
        case BOOL -> in.skip(1);
        case UUID -> in.skip(16);
      }
    }
  }

  /**
   * The WKB of the first field when it is a non-null geometry (the footprint of a
   * spatio-temporal datapoint), else null.
   */
  public static byte[] footprintWkb(Schema schema, byte[] buf, int offset, int length) {
    if (schema.size() == 0 || schema.field(0).type() != FieldType.GEOMETRY || schema.field(0).array()) {
      return null;
    }
    ByteSource in = new ByteSource(buf, offset, length);
    long n = in.readVarint();
    if (n == 0) {
      return null;
    }
    int bitmapAt = in.position();
    in.skip((int) ((n + 7) >>> 3));
    if ((buf[bitmapAt] & 1) != 0) {
      return null;
    }
    return in.readBytes();
  }

  /**
   * Decodes the value of one field of a row, skipping the others undecoded; null when the value is
   * null or the row was written before the field existed.
   */
  public static Object decodeField(Schema schema, byte[] buf, int offset, int length, int field) {
    ByteSource in = new ByteSource(buf, offset, length);
    long n = in.readVarint();
    if (field >= n) {
      return null;
    }
    int bitmapAt = in.position();
    in.skip((int) ((n + 7) >>> 3));
    for (int i = 0; i <= field; i++) {
      if ((buf[bitmapAt + (i >>> 3)] & (1 << (i & 7))) != 0) {
        if (i == field) {
          return null;
        }
        continue;
      }
      Field f = schema.field(i);
      if (i < field) {
        skipValue(f, in);
      } else if (f.array()) {
        int count = in.readLength();
        List<Object> list = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
          list.add(readScalar(f.type(), in));
        }
        return List.copyOf(list);
      } else {
        return readScalar(f.type(), in);
      }
    }
    return null;
  }

  /**
   * Skips one value of field {@code f} (scalar or array) at the position of {@code in}: for
   * readers that walk a row field by field and decode only some of them.
   */
  public static void skip(Field f, ByteSource in) {
    skipValue(f, in);
  }

  /** Decodes one row into Java values (see {@link Column#get(int)} for the value types). */
  public static Object[] decode(Schema schema, byte[] buf, int offset, int length) {
    ByteSource in = new ByteSource(buf, offset, length);
    Object[] out = new Object[schema.size()];
    long n = in.readVarint();
    int bitmapAt = in.position();
    in.skip((int) ((n + 7) >>> 3));
    for (int i = 0; i < n && i < out.length; i++) {
      if ((buf[bitmapAt + (i >>> 3)] & (1 << (i & 7))) != 0) {
        continue;
      }
      Field f = schema.field(i);
      if (f.array()) {
        int count = in.readLength();
        List<Object> list = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
          list.add(readScalar(f.type(), in));
        }
        out[i] = List.copyOf(list);
      } else {
        out[i] = readScalar(f.type(), in);
      }
    }
    return out;
  }

  static Object readScalar(FieldType t, ByteSource in) {
    return switch (t) {
      case STRING, JSON -> in.readString();
      case INT64 -> in.readZigzag();
      case FLOAT64 -> in.readDouble();
      case BOOL -> in.read() != 0;
      case TIMESTAMP -> io.swath.core.time.Times.fromMicros(in.readZigzag());
      case DURATION -> Duration.ofSeconds(0, 0).plusNanos(in.readZigzag() * 1000L);
      case BYTES -> in.readBytes();
      case UUID -> new UUID(in.readLongBE(), in.readLongBE());
      case GEOMETRY -> Geometries.fromWkb(in.readBytes());
    };
  }
}
