package io.swath.columnar.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.parquet.VersionParser;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.impl.ColumnReaderImpl;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Reads the values of one leaf column, one row at a time, as the Java values of its Swath type
 * (see {@code GeoParquetColumn#valueClass}). A flat column gives one value per row; a 3-level
 * {@code LIST} gives a list per row, rebuilt from repetition and definition levels.
 */
public final class ValueReader {
  /** How the physical values of a column become Java values. */
  public enum Kind {
    /** BOOLEAN. */
    BOOL,
    /** INT32 (signed), as Long. */
    INT32,
    /** INT32 annotated as unsigned, as Long. */
    UINT32,
    /** INT64, as Long. */
    INT64,
    /** FLOAT, as Double. */
    FLOAT,
    /** DOUBLE. */
    DOUBLE,
    /** UTF-8 text. */
    STRING,
    /** Opaque bytes (also WKB geometries). */
    BYTES,
    /** FIXED_LEN_BYTE_ARRAY(16) UUID. */
    UUID,
    /** INT64 timestamp in milliseconds. */
    TS_MILLIS,
    /** INT64 timestamp in microseconds. */
    TS_MICROS,
    /** INT64 timestamp in nanoseconds (truncated to microseconds). */
    TS_NANOS,
    /** INT32 days since the epoch, as midnight UTC. */
    DATE,
    /** The legacy INT96 timestamp (nanoseconds of the day, Julian day). */
    INT96,
    /** A DECIMAL of any physical type, as Double. */
    DECIMAL
  }

  private static final PrimitiveConverter IGNORED = new PrimitiveConverter() {};
  private static final long JULIAN_EPOCH_DAY = 2_440_588L;

  private final ColumnDescriptor column;
  private final Kind kind;
  private final boolean list;
  private final int maxDef;
  private final int nullListDef;
  private final int emptyListDef;
  private final int scale;
  private ColumnReaderImpl reader;
  private long total;
  private long consumed;

  /**
   * A reader of {@code column} as {@code kind}; {@code list} for a 3-level LIST whose outer
   * group is optional when {@code optionalList}.
   */
  public ValueReader(ColumnDescriptor column, Kind kind, boolean list, boolean optionalList) {
    this.column = column;
    this.kind = kind;
    this.list = list;
    this.maxDef = column.getMaxDefinitionLevel();
    this.nullListDef = list && optionalList ? 0 : -1;
    this.emptyListDef = list ? (optionalList ? 1 : 0) : -1;
    this.scale = column.getPrimitiveType().getLogicalTypeAnnotation() instanceof DecimalLogicalTypeAnnotation d ? d.getScale() : 0;
  }

  /** The kind of values of {@code type}, or null when Swath does not read it. */
  public static Kind kindOf(PrimitiveType type) {
    LogicalTypeAnnotation a = type.getLogicalTypeAnnotation();
    if (a instanceof DecimalLogicalTypeAnnotation) {
      return DECIMAL_PHYSICAL.contains(type.getPrimitiveTypeName()) ? Kind.DECIMAL : null;
    }
    return switch (type.getPrimitiveTypeName()) {
      case BOOLEAN -> a == null ? Kind.BOOL : null;
      case INT32 -> {
        if (a == null) {
          yield Kind.INT32;
        }
        if (a instanceof IntLogicalTypeAnnotation i) {
          yield i.isSigned() ? Kind.INT32 : Kind.UINT32;
        }
        yield a instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation ? Kind.DATE : null;
      }
      case INT64 -> {
        if (a == null || a instanceof IntLogicalTypeAnnotation i && i.isSigned()) {
          yield Kind.INT64;
        }
        if (a instanceof TimestampLogicalTypeAnnotation t) {
          yield switch (t.getUnit()) {
            case MILLIS -> Kind.TS_MILLIS;
            case MICROS -> Kind.TS_MICROS;
            case NANOS -> Kind.TS_NANOS;
          };
        }
        yield null;
      }
      case INT96 -> Kind.INT96;
      case FLOAT -> a == null ? Kind.FLOAT : null;
      case DOUBLE -> a == null ? Kind.DOUBLE : null;
      case BINARY -> {
        if (a == null || a instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
          yield a == null ? Kind.BYTES : Kind.STRING;
        }
        yield a instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation || a instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
            ? Kind.STRING : null;
      }
      case FIXED_LEN_BYTE_ARRAY -> {
        if (a instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation) {
          yield Kind.UUID;
        }
        yield a == null ? Kind.BYTES : null;
      }
    };
  }

  private static final java.util.Set<PrimitiveType.PrimitiveTypeName> DECIMAL_PHYSICAL = java.util.EnumSet.of(
      PrimitiveType.PrimitiveTypeName.INT32, PrimitiveType.PrimitiveTypeName.INT64, PrimitiveType.PrimitiveTypeName.BINARY,
      PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY);

  /** Starts on the pages of a new row group. */
  public void open(PageReader pages, VersionParser.ParsedVersion writer) {
    reader = new ColumnReaderImpl(column, pages, IGNORED, writer);
    total = reader.getTotalValueCount();
    consumed = 0;
  }

  /** The value of the next row. */
  public Object next() {
    if (consumed >= total) {
      throw new IllegalStateException("column " + String.join(".", column.getPath()) + " has fewer values than its row group has rows");
    }
    int def = reader.getCurrentDefinitionLevel();
    if (!list) {
      Object v = def == maxDef ? value() : null;
      advance();
      return v;
    }
    if (def <= nullListDef) {
      advance();
      return null;
    }
    if (def == emptyListDef) {
      advance();
      return List.of();
    }
    List<Object> out = new ArrayList<>();
    while (true) {
      out.add(def == maxDef ? value() : null);
      advance();
      if (consumed >= total || reader.getCurrentRepetitionLevel() == 0) {
        return out;
      }
      def = reader.getCurrentDefinitionLevel();
    }
  }

  private void advance() {
    reader.consume();
    consumed++;
  }

  private Object value() {
    return switch (kind) {
      case BOOL -> reader.getBoolean();
      case INT32 -> (long) reader.getInteger();
      case UINT32 -> Integer.toUnsignedLong(reader.getInteger());
      case INT64 -> reader.getLong();
      case FLOAT -> (double) reader.getFloat();
      case DOUBLE -> reader.getDouble();
      case STRING -> reader.getBinary().toStringUsingUTF8();
      case BYTES -> reader.getBinary().getBytes();
      case UUID -> {
        ByteBuffer b = reader.getBinary().toByteBuffer();
        yield new UUID(b.getLong(b.position()), b.getLong(b.position() + 8));
      }
      case TS_MILLIS -> micros(Math.multiplyExact(reader.getLong(), 1000L));
      case TS_MICROS -> micros(reader.getLong());
      case TS_NANOS -> micros(Math.floorDiv(reader.getLong(), 1000L));
      case DATE -> micros(Math.multiplyExact(reader.getInteger(), 86_400_000_000L));
      case INT96 -> {
        ByteBuffer b = reader.getBinary().toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        long nanosOfDay = b.getLong(b.position());
        long day = Integer.toUnsignedLong(b.getInt(b.position() + 8)) - JULIAN_EPOCH_DAY;
        yield micros(Math.addExact(Math.multiplyExact(day, 86_400_000_000L), Math.floorDiv(nanosOfDay, 1000L)));
      }
      case DECIMAL -> switch (column.getPrimitiveType().getPrimitiveTypeName()) {
        case INT32 -> BigDecimal.valueOf(reader.getInteger(), scale).doubleValue();
        case INT64 -> BigDecimal.valueOf(reader.getLong(), scale).doubleValue();
        default -> {
          Binary b = reader.getBinary();
          yield new BigDecimal(new BigInteger(b.getBytes()), scale).doubleValue();
        }
      };
    };
  }

  private static Instant micros(long us) {
    return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000L);
  }
}
