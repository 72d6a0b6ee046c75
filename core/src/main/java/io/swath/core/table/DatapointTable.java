package io.swath.core.table;

import io.swath.core.id.DatapointId;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import io.swath.core.time.Times;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * An immutable, columnar table of datapoints, in ascending time order: the result of a query.
 * Every row has a {@linkplain #time(int) time}, an {@linkplain #id(int) id}, an
 * {@linkplain #ingestionTime(int) ingestion time} and the collection it came from; the dataset's
 * fields are {@linkplain #column(String) columns} with typed, unboxed access. Values are decoded
 * lazily from the compact encoding they arrived in, so a large table costs little more memory
 * than its bytes on the wire.
 *
 * <p>Iterating yields {@link Datapoint} row views. Export with {@link TableWriters}.
 */
public final class DatapointTable implements Iterable<Datapoint> {
  private final Schema schema;
  private final int rows;
  private final long[] timeUs;
  private final long[] idHi;
  private final long[] idLo;
  private final long[] ingestUs;
  private final String[] collectionNames;
  private final int[] collectionIdx;
  private final Column[] columns; // null entries when the data was skipped

  DatapointTable(Schema schema, int rows, long[] timeUs, long[] idHi, long[] idLo, long[] ingestUs,
                 String[] collectionNames, int[] collectionIdx, Column[] columns) {
    this.schema = schema;
    this.rows = rows;
    this.timeUs = timeUs;
    this.idHi = idHi;
    this.idLo = idLo;
    this.ingestUs = ingestUs;
    this.collectionNames = collectionNames;
    this.collectionIdx = collectionIdx;
    this.columns = columns;
  }

  /** An empty table with the given schema. */
  public static DatapointTable empty(Schema schema) {
    return new Builder(schema, 0).build();
  }

  /** Starts building a table of {@code schema}; see {@link Builder}. */
  public static Builder builder(Schema schema) {
    return new Builder(schema, 1024);
  }

  /**
   * Starts building a table of {@code schema} with room for {@code expectedRows} rows, so that
   * a table of about that size is filled without growing its columns.
   */
  public static Builder builder(Schema schema, int expectedRows) {
    if (expectedRows < 0) {
      throw new IllegalArgumentException("expected rows must not be negative, got " + expectedRows);
    }
    return new Builder(schema, Math.max(16, expectedRows));
  }

  /** The dataset schema of the columns. */
  public Schema schema() {
    return schema;
  }

  /** Number of datapoints. */
  public int size() {
    return rows;
  }

  /** Whether the table has no rows. */
  public boolean isEmpty() {
    return rows == 0;
  }

  /** Whether the field values were left out ({@code skipData}): only ids, times and collections are present. */
  public boolean isSkipData() {
    return schema.size() > 0 && columns.length > 0 && columns[0] == null;
  }

  /** The time of a datapoint. */
  public Instant time(int row) {
    return Times.fromMicros(timeMicros(row));
  }

  /** The time of a datapoint, in microseconds since the epoch. */
  public long timeMicros(int row) {
    java.util.Objects.checkIndex(row, rows);
    return timeUs[row];
  }

  /** The id of a datapoint. */
  public DatapointId id(int row) {
    java.util.Objects.checkIndex(row, rows);
    return new DatapointId(idHi[row], idLo[row]);
  }

  /** When a datapoint was ingested. */
  public Instant ingestionTime(int row) {
    java.util.Objects.checkIndex(row, rows);
    return Times.fromMicros(ingestUs[row]);
  }

  /** When a datapoint was ingested, in microseconds since the epoch. */
  public long ingestionTimeMicros(int row) {
    java.util.Objects.checkIndex(row, rows);
    return ingestUs[row];
  }

  /** The collection a datapoint belongs to. */
  public String collection(int row) {
    java.util.Objects.checkIndex(row, rows);
    return collectionIdx == null ? collectionNames[0] : collectionNames[collectionIdx[row]];
  }

  /** The names of the user fields, in schema order. */
  public List<String> columnNames() {
    return schema.fields().stream().map(Field::name).toList();
  }

  /**
   * The column of field {@code name}.
   *
   * @throws IllegalArgumentException when the dataset has no such field, or the data was skipped
   */
  public Column column(String name) {
    int i = schema.indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no column '" + name + "'; columns are " + columnNames()
          + " plus time, id, ingestion_time, collection");
    }
    if (columns[i] == null) {
      throw new IllegalArgumentException("column '" + name + "' was not loaded: the query skipped field values (skipData)");
    }
    return columns[i];
  }

  private <T> T typed(String name, Class<T> type, String what) {
    Column c = column(name);
    if (!type.isInstance(c)) {
      throw new IllegalArgumentException("column '" + name + "' is " + c.field().typeLabel() + ", not " + what);
    }
    return type.cast(c);
  }

  /** A float64 column. */
  public DoubleColumn doubles(String name) {
    return typed(name, DoubleColumn.class, "float64");
  }

  /** An int64, timestamp or duration column (microseconds for the last two). */
  public LongColumn longs(String name) {
    return typed(name, LongColumn.class, "int64/timestamp/duration");
  }

  /** A bool column. */
  public BoolColumn bools(String name) {
    return typed(name, BoolColumn.class, "bool");
  }

  /** A string or JSON column. */
  public StringColumn strings(String name) {
    return typed(name, StringColumn.class, "string");
  }

  /** A geometry column. */
  public GeometryColumn geometries(String name) {
    return typed(name, GeometryColumn.class, "geometry");
  }

  /** The row view at {@code row}. */
  public Datapoint row(int row) {
    java.util.Objects.checkIndex(row, rows);
    return new Datapoint(this, row);
  }

  @Override
  public Iterator<Datapoint> iterator() {
    return new Iterator<>() {
      int next;

      @Override
      public boolean hasNext() {
        return next < rows;
      }

      @Override
      public Datapoint next() {
        if (next >= rows) {
          throw new NoSuchElementException();
        }
        return new Datapoint(DatapointTable.this, next++);
      }
    };
  }

  /** The rows as a stream of views. */
  public Stream<Datapoint> stream() {
    return IntStream.range(0, rows).mapToObj(i -> new Datapoint(this, i));
  }

  /**
   * Maps every row to a record whose components are named like the columns ({@code cloudCover}
   * or {@code cloud_cover} for column {@code cloud_cover}; {@code time}, {@code id},
   * {@code ingestionTime}, {@code collection} for the built-in ones).
   */
  public <R extends Record> List<R> as(Class<R> type) {
    RecordMapper<R> m = RecordMapper.of(type, this);
    List<R> out = new ArrayList<>(rows);
    for (int i = 0; i < rows; i++) {
      out.add(m.map(i));
    }
    return out;
  }

  /** The rows {@code [from, to)} as a new table sharing this table's buffers. */
  public DatapointTable slice(int from, int to) {
    java.util.Objects.checkFromToIndex(from, to, rows);
    Column[] cols = new Column[columns.length];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = columns[i] == null ? null : Slices.slice(columns[i], from, to);
    }
    return new DatapointTable(schema, to - from, Arrays.copyOfRange(timeUs, from, to), Arrays.copyOfRange(idHi, from, to),
        Arrays.copyOfRange(idLo, from, to), Arrays.copyOfRange(ingestUs, from, to), collectionNames,
        collectionIdx == null ? null : Arrays.copyOfRange(collectionIdx, from, to), cols);
  }

  /** A table with only the named user fields (time, id, ingestion time and collection stay). */
  public DatapointTable select(String... names) {
    List<Field> fields = new ArrayList<>();
    List<Column> cols = new ArrayList<>();
    for (String n : names) {
      fields.add(column(n).field());
      cols.add(column(n));
    }
    return new DatapointTable(Schema.of(fields), rows, timeUs, idHi, idLo, ingestUs, collectionNames, collectionIdx,
        cols.toArray(new Column[0]));
  }

  /**
   * Concatenates tables of the same schema in the given order (for pages or shards of one result).
   */
  public static DatapointTable concat(List<DatapointTable> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("concat needs at least one table");
    }
    if (parts.size() == 1) {
      return parts.get(0);
    }
    return Slices.concat(parts);
  }

  Column[] columnsArray() {
    return columns;
  }

  long[] timeArray() {
    return timeUs;
  }

  long[] idHiArray() {
    return idHi;
  }

  long[] idLoArray() {
    return idLo;
  }

  long[] ingestArray() {
    return ingestUs;
  }

  String[] collectionNamesArray() {
    return collectionNames;
  }

  int[] collectionIdxArray() {
    return collectionIdx;
  }

  @Override
  public String toString() {
    return "DatapointTable[" + rows + " rows, columns " + columnNames() + "]";
  }

  /**
   * Builds a table from pages of encoded rows (as they arrive from the server) or from Java
   * values. Not thread-safe.
   */
  public static final class Builder {
    private final Schema schema;
    private final Columns.Builder[] cols;
    private final List<byte[]> buffers = new ArrayList<>();
    private final List<String> collectionNames = new ArrayList<>();
    private int[] collectionIdx;
    private long[] timeUs;
    private long[] idHi;
    private long[] idLo;
    private long[] ingestUs;
    private int rows;
    private boolean skipData;
    private boolean multiCollection;

    Builder(Schema schema, int capacity) {
      this.schema = schema;
      this.cols = new Columns.Builder[schema.size()];
      for (int i = 0; i < cols.length; i++) {
        cols[i] = Columns.Builder.of(schema.field(i), capacity);
      }
      int c = Math.max(16, capacity);
      timeUs = new long[c];
      idHi = new long[c];
      idLo = new long[c];
      ingestUs = new long[c];
      collectionIdx = new int[c];
    }

    /** Reserves room for {@code n} more rows. */
    public Builder reserve(int n) {
      ensure(rows + n);
      return this;
    }

    private void ensure(int cap) {
      if (cap > timeUs.length) {
        int c = Math.max(cap, timeUs.length * 2);
        timeUs = Arrays.copyOf(timeUs, c);
        idHi = Arrays.copyOf(idHi, c);
        idLo = Arrays.copyOf(idLo, c);
        ingestUs = Arrays.copyOf(ingestUs, c);
        collectionIdx = Arrays.copyOf(collectionIdx, c);
      }
    }

    private int collectionIndex(String name) {
      int i = collectionNames.indexOf(name);
      if (i < 0) {
        collectionNames.add(name);
        i = collectionNames.size() - 1;
        if (i > 0) {
          multiCollection = true;
        }
      }
      return i;
    }

    /** Number of rows added so far. */
    public int size() {
      return rows;
    }

    /**
     * Appends a page of datapoints.
     *
     * @param ids          16 big-endian bytes per datapoint
     * @param rowBytes     concatenated encoded rows, or null when the data was skipped
     * @param rowLengths   length of each encoded row
     * @param collections  collection names referenced by {@code collectionOf}
     * @param collectionOf index into {@code collections} per datapoint, or null when all come from {@code collections[0]}
     */
    public Builder addPage(byte[] ids, long[] times, long[] ingestionTimes, byte[] rowBytes, int[] rowLengths,
                           List<String> collections, int[] collectionOf) {
      int n = times.length;
      if (ids.length != n * 16 || ingestionTimes.length != n) {
        throw new IllegalArgumentException("page is inconsistent: " + n + " times, " + ids.length / 16 + " ids, "
            + ingestionTimes.length + " ingestion times");
      }
      ensure(rows + n);
      int[] map = new int[collections.size()];
      for (int i = 0; i < map.length; i++) {
        map[i] = collectionIndex(collections.get(i));
      }
      boolean skip = rowBytes == null;
      if (skip) {
        skipData = true;
      }
      int bufIndex = buffers.size();
      if (!skip) {
        buffers.add(rowBytes);
      }
      ByteSource in = skip ? null : new ByteSource(rowBytes, 0, rowBytes.length);
      for (int r = 0; r < n; r++) {
        int at = rows + r;
        timeUs[at] = times[r];
        ingestUs[at] = ingestionTimes[r];
        int o = r * 16;
        idHi[at] = readLong(ids, o);
        idLo[at] = readLong(ids, o + 8);
        collectionIdx[at] = map.length == 0 ? 0 : map[collectionOf == null ? 0 : collectionOf[r]];
        if (!skip) {
          int start = in.pos;
          readRow(in, bufIndex);
          if (in.pos - start != rowLengths[r]) {
            throw new IllegalArgumentException("row " + r + " of page decodes to " + (in.pos - start) + " bytes, but is "
                + rowLengths[r] + " long");
          }
        }
      }
      rows += n;
      return this;
    }

    private void readRow(ByteSource in, int bufIndex) {
      byte[] b = in.buf;
      long n = in.readVarint();
      if (n > cols.length) {
        throw new IllegalArgumentException("row has " + n + " fields, the schema has " + cols.length);
      }
      int bitmapAt = in.pos;
      in.skip((int) ((n + 7) >>> 3));
      for (int i = 0; i < cols.length; i++) {
        if (i >= n || (b[bitmapAt + (i >>> 3)] & (1 << (i & 7))) != 0) {
          cols[i].appendNull();
        } else {
          cols[i].read(in, bufIndex);
        }
      }
    }

    private static long readLong(byte[] b, int o) {
      long v = 0;
      for (int i = 0; i < 8; i++) {
        v = (v << 8) | (b[o + i] & 0xFFL);
      }
      return v;
    }

    /**
     * Appends one datapoint from Java values, one per schema field (null allowed), converting
     * each to its field type.
     */
    public Builder addRow(String collection, DatapointId id, long timeMicros, long ingestionMicros, Object[] values) {
      ByteSink sink = new ByteSink(256);
      RowCodec.encode(schema, values, sink);
      byte[] row = sink.toByteArray();
      ByteSink idb = new ByteSink(16);
      idb.writeLongBE(id.hi());
      idb.writeLongBE(id.lo());
      return addPage(idb.toByteArray(), new long[] {timeMicros}, new long[] {ingestionMicros}, row, new int[] {row.length},
          List.of(collection), null);
    }

    /** The finished table. The builder must not be used afterwards. */
    public DatapointTable build() {
      Column[] out = new Column[cols.length];
      if (!skipData) {
        for (int i = 0; i < cols.length; i++) {
          out[i] = cols[i].build(buffers);
        }
      }
      String[] names = collectionNames.isEmpty() ? new String[] {""} : collectionNames.toArray(new String[0]);
      return new DatapointTable(schema, rows, Arrays.copyOf(timeUs, rows), Arrays.copyOf(idHi, rows), Arrays.copyOf(idLo, rows),
          Arrays.copyOf(ingestUs, rows), names, multiCollection ? Arrays.copyOf(collectionIdx, rows) : null, out);
    }
  }

  static boolean isLongKind(FieldType t) {
    return t == FieldType.INT64 || t == FieldType.TIMESTAMP || t == FieldType.DURATION;
  }
}
