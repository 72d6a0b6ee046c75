package io.swath.cli.fuzz;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.List;
import java.util.Random;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.WKBWriter;

/**
 * Mutates protobuf requests: fields set to hostile values (through the message's descriptor, so
 * every request type of every service is covered), messages built from nothing, and serialized
 * bytes flipped, cut and grown.
 */
final class ProtoMutator {
  private static final GeometryFactory GF = new GeometryFactory();

  private ProtoMutator() {}

  /** One mutated request and what was done to it. */
  record Mutant(byte[] bytes, String how) {}

  static Mutant mutate(Random r, Message valid) {
    int p = r.nextInt(100);
    if (p < 65) {
      Message.Builder b = valid.toBuilder();
      StringBuilder how = new StringBuilder("fields:");
      for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
        mutateField(r, b, 0, how);
      }
      return new Mutant(b.build().toByteArray(), how.toString());
    }
    if (p < 75) {
      Message.Builder b = valid.newBuilderForType();
      StringBuilder how = new StringBuilder("fresh:");
      for (int i = 0, n = r.nextInt(6); i < n; i++) {
        mutateField(r, b, 0, how);
      }
      return new Mutant(b.build().toByteArray(), how.toString());
    }
    byte[] raw = valid.toByteArray();
    if (p < 80) {
      byte[] twice = new byte[raw.length * 2];
      System.arraycopy(raw, 0, twice, 0, raw.length);
      System.arraycopy(raw, 0, twice, raw.length, raw.length);
      return new Mutant(twice, "bytes: the message twice");
    }
    return new Mutant(Hostile.bytes(r, raw), "bytes: flipped, cut or grown");
  }

  /**
   * The bytes one mutation may add by repeating a value. The fuzz server runs in the test's JVM, so
   * a mutant that costs the client hundreds of MiB to build would starve both of heap: mutants stay
   * a few times over the fuzz server's message limit ({@code FuzzTest.MAX_MESSAGE}), which is enough to
   * exercise the over-limit path; requests over the default 256 MiB limit are sent to a server of
   * its own by {@code OversizeRequestTest}.
   */
  static final int GROWTH_BUDGET = 24 << 20;

  /** {@code wanted} copies, or as many as fit {@link #GROWTH_BUDGET}. */
  private static int within(int wanted, int eachBytes) {
    return Math.max(1, Math.min(wanted, GROWTH_BUDGET / Math.max(1, eachBytes)));
  }

  private static void mutateField(Random r, Message.Builder b, int depth, StringBuilder how) {
    List<FieldDescriptor> fields = b.getDescriptorForType().getFields();
    if (fields.isEmpty()) {
      return;
    }
    FieldDescriptor f = fields.get(r.nextInt(fields.size()));
    how.append(' ').append(f.getName());
    if (f.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
      if (f.isRepeated()) {
        int n = b.getRepeatedFieldCount(f);
        int what = r.nextInt(4);
        if (what == 0) {
          b.clearField(f);
          how.append("=[]");
        } else if (what == 1 && n > 0) {
          Message.Builder sub = b.getRepeatedFieldBuilder(f, r.nextInt(n));
          if (depth < 5) {
            mutateField(r, sub, depth + 1, how);
          }
        } else if (what == 2 && n > 0) {
          Object one = b.getRepeatedField(f, r.nextInt(n));
          int copies = within(r.nextBoolean() ? 1 : 1 + r.nextInt(2000), ((Message) one).getSerializedSize());
          for (int i = 0; i < copies; i++) {
            b.addRepeatedField(f, one);
          }
          how.append("+=").append(copies).append(" copies");
        } else {
          Message.Builder sub = b.newBuilderForField(f);
          if (depth < 5) {
            mutateField(r, sub, depth + 1, how);
          }
          b.addRepeatedField(f, sub.build());
        }
      } else if (r.nextInt(5) == 0) {
        b.clearField(f);
        how.append("=unset");
      } else if (depth < 5) {
        mutateField(r, b.getFieldBuilder(f), depth + 1, how);
      }
      return;
    }
    if (f.isRepeated()) {
      int n = b.getRepeatedFieldCount(f);
      int what = r.nextInt(3);
      if (what == 0) {
        b.clearField(f);
        how.append("=[]");
      } else if (what == 1 && n > 0) {
        int i = r.nextInt(n);
        b.setRepeatedField(f, i, value(r, f, b.getRepeatedField(f, i)));
        how.append('[').append(i).append(']');
      } else {
        Object v = value(r, f, n > 0 ? b.getRepeatedField(f, 0) : null);
        int copies = within(r.nextBoolean() ? 1 : 1 + r.nextInt(5000), v instanceof String s ? 3 * s.length()
            : v instanceof ByteString bs ? bs.size() : 10);
        for (int i = 0; i < copies; i++) {
          b.addRepeatedField(f, v);
        }
        how.append("+=").append(copies);
      }
      return;
    }
    b.setField(f, value(r, f, b.getField(f)));
  }

  private static Object value(Random r, FieldDescriptor f, Object current) {
    return switch (f.getJavaType()) {
      case INT -> r.nextInt(4) == 0 ? r.nextInt() : Hostile.INTS.get(r.nextInt(Hostile.INTS.size()));
      case LONG -> r.nextInt(4) == 0 ? r.nextLong() : Hostile.LONGS.get(r.nextInt(Hostile.LONGS.size()));
      case FLOAT -> (float) (double) Hostile.DOUBLES.get(r.nextInt(Hostile.DOUBLES.size()));
      case DOUBLE -> r.nextInt(4) == 0 ? r.nextDouble() * 400 - 200 : Hostile.DOUBLES.get(r.nextInt(Hostile.DOUBLES.size()));
      case BOOLEAN -> current instanceof Boolean bool ? !bool : r.nextBoolean();
      case STRING -> Hostile.string(r, current instanceof String s ? s : null);
      case BYTE_STRING -> ByteString.copyFrom(f.getName().contains("wkb") && r.nextBoolean() ? wkb(r)
          : Hostile.bytes(r, current instanceof ByteString bs ? bs.toByteArray() : null));
      case ENUM -> {
        EnumDescriptor e = f.getEnumType();
        int n = r.nextBoolean() ? e.getValues().get(r.nextInt(e.getValues().size())).getNumber() : Hostile.INTS.get(r.nextInt(Hostile.INTS.size()));
        yield e.findValueByNumberCreatingIfUnknown(n);
      }
      case MESSAGE -> throw new IllegalStateException("messages are handled by the caller");
    };
  }

  /** Geometries that are well-formed WKB but hostile: off the globe, NaN, huge, degenerate. */
  static byte[] wkb(Random r) {
    WKBWriter w = new WKBWriter(2, r.nextBoolean() ? 2 : 1);
    double big = Hostile.DOUBLES.get(r.nextInt(Hostile.DOUBLES.size()));
    return switch (r.nextInt(6)) {
      case 0 -> w.write(GF.createPoint(new Coordinate(big, Hostile.DOUBLES.get(r.nextInt(Hostile.DOUBLES.size())))));
      case 1 -> w.write(GF.createPolygon(new Coordinate[] {new Coordinate(0, 0), new Coordinate(big, 0), new Coordinate(0, 1),
          new Coordinate(0, 0)}));
      case 2 -> {
        int n = 4 + r.nextInt(100_000);
        Coordinate[] cs = new Coordinate[n + 1];
        for (int i = 0; i < n; i++) {
          double a = 2 * Math.PI * i / n;
          cs[i] = new Coordinate(10 * Math.cos(a), 10 * Math.sin(a));
        }
        cs[n] = cs[0];
        yield w.write(GF.createPolygon(cs));
      }
      case 3 -> w.write(GF.createPolygon(new Coordinate[] {new Coordinate(0, 0), new Coordinate(1, 1), new Coordinate(1, 0),
          new Coordinate(0, 1), new Coordinate(0, 0)}));
      case 4 -> w.write(GF.createGeometryCollection());
      default -> w.write(GF.createLineString(new Coordinate[] {new Coordinate(179, 0), new Coordinate(-179, 0)}));
    };
  }
}
