package io.swath.columnar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swath.columnar.internal.ChunkPages;
import io.swath.columnar.internal.Decompressors;
import io.swath.columnar.internal.ValueReader;
import io.swath.core.schema.FieldType;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.parquet.VersionParser;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.format.converter.ParquetMetadataConverter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ColumnPath;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Reads a GeoParquet file row by row, one row group at a time: memory holds the compressed column
 * chunks of one row group and one decompressed page per column, never the whole file. No Hadoop
 * class is loaded.
 *
 * <p>{@link #open} reads the footer and the {@code geo} metadata: a file without it, a geometry
 * column in an encoding other than WKB, or a CRS other than longitude/latitude WGS 84 is refused
 * with a {@link GeoParquetException} naming the column. Columns map to Swath types
 * ({@link #columns()}): booleans; signed and unsigned integers of up to 32 bits and signed 64-bit
 * ones as int64; float and double as float64; decimals as float64; UTF-8, enum and JSON strings;
 * timestamps in milli-, micro- or nanoseconds, adjusted to UTC or not (wall-clock times are taken
 * as UTC; nanoseconds are truncated to microseconds), INT96 timestamps and dates (midnight UTC) as
 * timestamp; other binaries as bytes; UUIDs; WKB geometry columns as geometry; 3-level lists of
 * all those as arrays. Other columns (structs, maps, times of day, unsigned 64-bit integers...)
 * are skipped and listed in {@link #skipped()}; the bounding-box covering columns the {@code geo}
 * metadata declares are skipped silently (they are derived from the geometries).
 *
 * <p>Not thread-safe: one thread reads a file.
 */
public final class GeoParquetReader implements Closeable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] MAGIC = "PAR1".getBytes(StandardCharsets.US_ASCII);

  private final Path file;
  private final FileChannel channel;
  private final long size;
  private final ParquetMetadata footer;
  private final String primary;
  private final List<GeoParquetColumn> columns = new ArrayList<>();
  private final List<ValueReader> readers = new ArrayList<>();
  private final List<ColumnPath> paths = new ArrayList<>();
  private final List<String> skipped = new ArrayList<>();
  private final VersionParser.ParsedVersion writer;
  private int group = -1;
  private long groupRowsLeft;
  private long rowsRead;

  private GeoParquetReader(Path file) throws IOException {
    this.file = file;
    this.channel = FileChannel.open(file, StandardOpenOption.READ);
    try {
      this.size = channel.size();
      this.footer = readFooter();
      MessageType schema = footer.getFileMetaData().getSchema();
      Map<String, String> kv = footer.getFileMetaData().getKeyValueMetaData();
      String geo = kv == null ? null : kv.get("geo");
      if (geo == null) {
        throw new GeoParquetException(file + " is a Parquet file without the 'geo' metadata of GeoParquet: "
            + "Swath does not know which column holds the geometries (see https://geoparquet.org)");
      }
      Map<String, String> geometryColumns = new LinkedHashMap<>();
      Set<String> coverings = new HashSet<>();
      this.primary = readGeo(geo, schema, geometryColumns, coverings);
      String createdBy = footer.getFileMetaData().getCreatedBy();
      VersionParser.ParsedVersion v = null;
      try {
        v = createdBy == null ? null : VersionParser.parse(createdBy);
      } catch (RuntimeException | VersionParser.VersionParseException e) {
        v = null;
      }
      this.writer = v;
      for (Type t : schema.getFields()) {
        if (coverings.contains(t.getName())) {
          continue;
        }
        addColumn(schema, t, geometryColumns.containsKey(t.getName()));
      }
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /**
   * Opens {@code file} and reads its footer and {@code geo} metadata.
   *
   * @throws GeoParquetException when it is not a readable GeoParquet file (the message says why)
   * @throws IOException         when the file cannot be read
   */
  public static GeoParquetReader open(Path file) throws IOException {
    return new GeoParquetReader(file);
  }

  private ParquetMetadata readFooter() throws IOException {
    if (size < 12) {
      throw new GeoParquetException(file + " is not a Parquet file: " + size + " bytes, too short to hold a footer");
    }
    byte[] head = read(0, 4);
    byte[] tail = read(size - 8, 8);
    if (!java.util.Arrays.equals(head, MAGIC)) {
      throw new GeoParquetException(file + " is not a Parquet file: it does not start with PAR1");
    }
    if (!java.util.Arrays.equals(java.util.Arrays.copyOfRange(tail, 4, 8), MAGIC)) {
      String end = new String(tail, 4, 4, StandardCharsets.ISO_8859_1);
      throw new GeoParquetException(file + (end.equals("PARE") ? " is an encrypted Parquet file, which Swath does not read"
          : " is truncated or corrupt: it does not end with the Parquet footer (PAR1)"));
    }
    long len = Integer.toUnsignedLong(ByteBuffer.wrap(tail, 0, 4).order(ByteOrder.LITTLE_ENDIAN).getInt());
    if (len > size - 12) {
      throw new GeoParquetException(file + " is truncated or corrupt: its footer of " + len + " bytes does not fit in the file");
    }
    byte[] bytes = read(size - 8 - len, (int) len);
    try {
      return new ParquetMetadataConverter().readParquetMetadata(new ByteArrayInputStream(bytes));
    } catch (IOException | RuntimeException e) {
      throw new GeoParquetException(file + " is corrupt: its footer cannot be read (" + e.getMessage() + ")", e);
    }
  }

  private byte[] read(long pos, int len) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(len);
    while (b.hasRemaining()) {
      if (channel.read(b, pos + b.position()) < 0) {
        throw new EOFException(file + ": ends at " + (pos + b.position()) + " bytes");
      }
    }
    return b.array();
  }

  private String readGeo(String geo, MessageType schema, Map<String, String> geometryColumns, Set<String> coverings) {
    JsonNode root;
    try {
      root = JSON.readTree(geo);
    } catch (IOException e) {
      throw new GeoParquetException(file + ": the 'geo' metadata is not valid JSON (" + e.getMessage() + ")");
    }
    String primaryColumn = root.path("primary_column").asText("");
    JsonNode cols = root.path("columns");
    if (!cols.isObject() || cols.isEmpty() || primaryColumn.isEmpty()) {
      throw new GeoParquetException(file + ": the 'geo' metadata names no primary_column or no columns");
    }
    for (var it = cols.fields(); it.hasNext(); ) {
      var e = it.next();
      String name = e.getKey();
      JsonNode c = e.getValue();
      String encoding = c.path("encoding").asText("");
      if (!encoding.equalsIgnoreCase("WKB")) {
        throw new GeoParquetException(file + ": geometry column '" + name + "' is encoded as '" + encoding
            + "'; Swath reads WKB geometries only (write the file with encoding WKB)");
      }
      if (!schema.containsField(name) || !schema.getType(name).isPrimitive()
          || schema.getType(name).asPrimitiveType().getPrimitiveTypeName() != PrimitiveType.PrimitiveTypeName.BINARY) {
        throw new GeoParquetException(file + ": geometry column '" + name + "' of the 'geo' metadata is not a binary column of the file");
      }
      checkCrs(name, c);
      geometryColumns.put(name, encoding);
      JsonNode bbox = c.path("covering").path("bbox");
      if (bbox.isObject()) {
        for (JsonNode p : bbox) {
          if (p.isArray() && p.size() > 0) {
            coverings.add(p.get(0).asText());
          }
        }
      }
    }
    if (!geometryColumns.containsKey(primaryColumn)) {
      throw new GeoParquetException(file + ": the primary geometry column '" + primaryColumn + "' is not among the geo columns "
          + geometryColumns.keySet());
    }
    return primaryColumn;
  }

  /** Only longitude/latitude WGS 84 (the default when {@code crs} is absent) is stored as it is by Swath. */
  private void checkCrs(String name, JsonNode c) {
    if (!c.has("crs")) {
      return; // GeoParquet's default: OGC:CRS84
    }
    JsonNode crs = c.get("crs");
    if (crs.isNull()) {
      throw new GeoParquetException(file + ": geometry column '" + name + "' has an undefined CRS (crs: null); Swath stores "
          + "WGS 84 longitude/latitude, so the coordinates cannot be placed");
    }
    JsonNode id = crs.path("id");
    String authority = id.path("authority").asText("");
    String code = id.path("code").asText("");
    boolean lonLat = authority.equalsIgnoreCase("OGC") && (code.equalsIgnoreCase("CRS84") || code.equalsIgnoreCase("CRS:84"))
        || authority.equalsIgnoreCase("EPSG") && code.equals("4326");
    if (crs.isTextual()) {
      String s = crs.asText().toUpperCase(Locale.ROOT);
      lonLat = s.contains("CRS84") || s.equals("EPSG:4326");
    }
    if (!lonLat) {
      String label = crs.path("name").asText(authority.isEmpty() ? crs.toString() : authority + ":" + code);
      throw new GeoParquetException(file + ": geometry column '" + name + "' is in the CRS '" + label + "'; Swath stores "
          + "WGS 84 longitude/latitude (OGC:CRS84): reproject the file first");
    }
  }

  private void addColumn(MessageType schema, Type t, boolean geometry) {
    String name = t.getName();
    if (t.isPrimitive()) {
      if (t.isRepetition(Type.Repetition.REPEATED)) {
        skipped.add(name + " (repeated " + t.asPrimitiveType().getPrimitiveTypeName() + ")");
        return;
      }
      PrimitiveType p = t.asPrimitiveType();
      ValueReader.Kind kind = ValueReader.kindOf(p);
      if (kind == null) {
        skipped.add(name + " (" + describe(p) + ")");
        return;
      }
      FieldType type = geometry ? FieldType.GEOMETRY : fieldType(p, kind);
      ColumnDescriptor d = schema.getColumnDescription(new String[] {name});
      columns.add(new GeoParquetColumn(name, type, false, describe(p)));
      readers.add(new ValueReader(d, kind, false, false));
      paths.add(ColumnPath.get(name));
      return;
    }
    GroupType g = t.asGroupType();
    if (g.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation && g.getFieldCount() == 1
        && !g.getType(0).isPrimitive() && g.getType(0).isRepetition(Type.Repetition.REPEATED)
        && g.getType(0).asGroupType().getFieldCount() == 1 && g.getType(0).asGroupType().getType(0).isPrimitive()
        && !g.getType(0).asGroupType().getType(0).isRepetition(Type.Repetition.REPEATED)) {
      GroupType rep = g.getType(0).asGroupType();
      PrimitiveType element = rep.getType(0).asPrimitiveType();
      ValueReader.Kind kind = ValueReader.kindOf(element);
      if (kind != null) {
        String[] path = {name, rep.getName(), element.getName()};
        ColumnDescriptor d = schema.getColumnDescription(path);
        columns.add(new GeoParquetColumn(name, fieldType(element, kind), true, "LIST<" + describe(element) + ">"));
        readers.add(new ValueReader(d, kind, true, g.isRepetition(Type.Repetition.OPTIONAL)));
        paths.add(ColumnPath.get(path));
        return;
      }
      skipped.add(name + " (LIST<" + describe(element) + ">)");
      return;
    }
    LogicalTypeAnnotation a = g.getLogicalTypeAnnotation();
    skipped.add(name + " (" + (a == null ? "struct" : a.toString().toLowerCase(Locale.ROOT)) + ")");
  }

  private static FieldType fieldType(PrimitiveType p, ValueReader.Kind kind) {
    return switch (kind) {
      case BOOL -> FieldType.BOOL;
      case INT32, UINT32, INT64 -> FieldType.INT64;
      case FLOAT, DOUBLE, DECIMAL -> FieldType.FLOAT64;
      case STRING -> p.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation ? FieldType.JSON
          : FieldType.STRING;
      case BYTES -> FieldType.BYTES;
      case UUID -> FieldType.UUID;
      case TS_MILLIS, TS_MICROS, TS_NANOS, DATE, INT96 -> FieldType.TIMESTAMP;
    };
  }

  private static String describe(PrimitiveType p) {
    LogicalTypeAnnotation a = p.getLogicalTypeAnnotation();
    String phys = p.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY
        ? "FIXED_LEN_BYTE_ARRAY(" + p.getTypeLength() + ")" : p.getPrimitiveTypeName().name();
    return a == null ? phys : phys + " " + a;
  }

  /** The file. */
  public Path file() {
    return file;
  }

  /** The columns read, in file order; {@link #next(Object[])} fills one value per column. */
  public List<GeoParquetColumn> columns() {
    return List.copyOf(columns);
  }

  /** The columns skipped because Swath does not read their type, each as {@code name (type)}. */
  public List<String> skipped() {
    return List.copyOf(skipped);
  }

  /** The primary geometry column named by the {@code geo} metadata. */
  public String primaryGeometry() {
    return primary;
  }

  /** The rows of the file. */
  public long rowCount() {
    long n = 0;
    for (BlockMetaData b : footer.getBlocks()) {
      n += b.getRowCount();
    }
    return n;
  }

  /** The row groups of the file. */
  public int rowGroupCount() {
    return footer.getBlocks().size();
  }

  /** The rows read so far. */
  public long rowsRead() {
    return rowsRead;
  }

  /** The key-value metadata of the file (such as {@code geo}). */
  public Map<String, String> metadata() {
    Map<String, String> kv = footer.getFileMetaData().getKeyValueMetaData();
    return kv == null ? Map.of() : Map.copyOf(kv);
  }

  /**
   * Reads the next row into {@code row}, one value per {@link #columns() column} (of the column's
   * {@link GeoParquetColumn#valueClass() value class}, or null).
   *
   * @return false at the end of the file (then {@code row} is unchanged)
   * @throws GeoParquetException when the pages of a column are corrupt (the message names the
   *                             column and row group)
   */
  public boolean next(Object[] row) throws IOException {
    if (row.length < columns.size()) {
      throw new IllegalArgumentException("the row has " + row.length + " places for " + columns.size() + " columns");
    }
    while (groupRowsLeft == 0) {
      if (group + 1 >= footer.getBlocks().size()) {
        return false;
      }
      openGroup(group + 1);
    }
    int i = 0;
    try {
      for (; i < readers.size(); i++) {
        row[i] = readers.get(i).next();
      }
    } catch (UncheckedIOException e) {
      throw corrupt(e.getCause().getMessage(), e.getCause());
    } catch (RuntimeException e) {
      throw corrupt("column '" + columns.get(i).name() + "': " + e.getMessage(), e);
    }
    groupRowsLeft--;
    rowsRead++;
    return true;
  }

  private GeoParquetException corrupt(String what, Throwable cause) {
    return new GeoParquetException(file + " is corrupt in row group " + (group + 1) + " of " + footer.getBlocks().size() + ": " + what,
        cause);
  }

  private void openGroup(int g) throws IOException {
    group = g;
    BlockMetaData block = footer.getBlocks().get(g);
    Map<ColumnPath, ColumnChunkMetaData> chunks = new HashMap<>();
    for (ColumnChunkMetaData c : block.getColumns()) {
      chunks.put(c.getPath(), c);
    }
    for (int i = 0; i < readers.size(); i++) {
      String name = columns.get(i).name();
      ColumnChunkMetaData c = chunks.get(paths.get(i));
      if (c == null) {
        throw corrupt("column '" + name + "' has no chunk", null);
      }
      if (!Decompressors.supports(c.getCodec())) {
        throw new GeoParquetException(file + ": column '" + name + "' is compressed with " + c.getCodec()
            + ", which Swath does not read (supported: uncompressed, snappy, zstd, gzip)");
      }
      long start = c.getStartingPos();
      long len = c.getTotalSize();
      if (start < 4 || len < 0 || len > Integer.MAX_VALUE - 8 || start + len > size - 8) {
        throw corrupt("column '" + name + "' lies outside the file (bytes " + start + " to " + (start + len) + " of " + size + ")", null);
      }
      try {
        byte[] bytes = read(start, (int) len);
        readers.get(i).open(new ChunkPages(name, bytes, c.getCodec(), c.getValueCount(), c.getPrimitiveType()), writer);
      } catch (UncheckedIOException e) {
        throw corrupt(e.getCause().getMessage(), e.getCause());
      } catch (RuntimeException e) {
        throw corrupt("column '" + name + "': " + e.getMessage(), e);
      }
    }
    groupRowsLeft = block.getRowCount();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
