package io.swath.columnar;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swath.columnar.internal.Compressors;
import io.swath.columnar.internal.NioOutputFile;
import io.swath.columnar.internal.WkbEnvelope;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import io.swath.core.table.BoolColumn;
import io.swath.core.table.ByteRange;
import io.swath.core.table.Column;
import io.swath.core.table.DatapointTable;
import io.swath.core.table.DoubleColumn;
import io.swath.core.table.GeometryColumn;
import io.swath.core.table.LongColumn;
import io.swath.core.table.StringColumn;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.ColumnWriteStore;
import org.apache.parquet.column.ColumnWriter;
import org.apache.parquet.column.ParquetProperties;
import org.apache.parquet.compression.CompressionCodecFactory.BytesInputCompressor;
import org.apache.parquet.hadoop.ColumnChunkPageWriteStore;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.locationtech.jts.io.WKBWriter;
import org.locationtech.jts.geom.Geometry;

/**
 * Writes datapoint tables to one GeoParquet 1.1 file, page by page: memory holds one row group
 * of encoded columns, never the whole result.
 *
 * <p>Layout: {@code id} (16 bytes, fixed), {@code time} and {@code ingestion_time} (timestamps,
 * microseconds, UTC), {@code collection} (dictionary-encoded string), then the dataset's fields
 * in the order asked. Geometry fields are WKB; the first is the primary geometry and each has a
 * bbox covering column ({@code bbox} for the primary one, {@code NAME_bbox} for others) of
 * {@code xmin, ymin, xmax, ymax}. The {@code geo} key of the file metadata holds the version,
 * primary column, encodings, geometry types, bounding boxes, CRS (OGC:CRS84 as PROJJSON) and
 * coverings. The file is written as {@code FILE.part} and renamed when complete.
 */
public final class GeoParquetWriter implements Closeable {
  /** The GeoParquet version written. */
  public static final String GEOPARQUET_VERSION = "1.1.0";
  /** Rows per row group by default: small enough that time and bbox statistics skip most groups of a selective read. */
  public static final int DEFAULT_ROW_GROUP_ROWS = 128 * 1024;

  /** Rows written column by column before the column stores check page sizes. */
  private static final int SPAN_ROWS = 4096;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path target;
  private final Path part;
  private final NioOutputFile out;
  private final ParquetFileWriter file;
  private final MessageType parquetSchema;
  private final ParquetProperties props;
  private final BytesInputCompressor compressor;
  private final int rowGroupRows;
  private final List<Field> fields;
  private final String[] fieldNames;
  private final Map<String, Binary> collectionBinaries = new HashMap<>();
  private final GeoStats[] geo; // per field, null when not a geometry
  private final WkbEnvelope envelope = new WkbEnvelope();
  private final byte[] idBytes = new byte[16];
  private final BinaryWriter binaries = new BinaryWriter();
  private final Range wkbRange = new Range();

  private ColumnChunkPageWriteStore pages;
  private ColumnWriteStore store;
  private ColumnWriter[] writers; // id, time, ingestion_time, collection, fields..., then per geometry xmin ymin xmax ymax
  private int groupRows;
  private long rows;
  private boolean closed;

  /** Writes each value it receives to {@link #target}, in place (table bytes never change). */
  private static final class BinaryWriter implements ByteRange {
    ColumnWriter target;

    @Override
    public void accept(byte[] buf, int off, int len) {
      target.write(Binary.fromReusedByteArray(buf, off, len), 0, 1);
    }
  }

  /** Remembers where the last value it received lies. */
  private static final class Range implements ByteRange {
    byte[] buf;
    int off;
    int len;

    @Override
    public void accept(byte[] buf, int off, int len) {
      this.buf = buf;
      this.off = off;
      this.len = len;
    }
  }

  private static final class GeoStats {
    final int bboxWriter;
    double xmin = Double.POSITIVE_INFINITY;
    double ymin = Double.POSITIVE_INFINITY;
    double xmax = Double.NEGATIVE_INFINITY;
    double ymax = Double.NEGATIVE_INFINITY;
    final TreeSet<String> types = new TreeSet<>();

    GeoStats(int bboxWriter) {
      this.bboxWriter = bboxWriter;
    }
  }

  private GeoParquetWriter(Path target, Schema schema, List<String> columns, ParquetCompression compression,
                           int rowGroupRows) throws IOException {
    if (rowGroupRows < 1) {
      throw new IllegalArgumentException("rows per row group must be positive, got " + rowGroupRows);
    }
    this.target = target;
    this.part = target.resolveSibling(target.getFileName() + ".part");
    this.rowGroupRows = rowGroupRows;
    this.fields = new ArrayList<>();
    for (String c : columns) {
      fields.add(schema.find(c).orElseThrow(() -> new IllegalArgumentException(
          "no field '" + c + "' in the schema; its fields are " + schema.fields().stream().map(Field::name).toList())));
    }
    this.fieldNames = fields.stream().map(Field::name).toArray(String[]::new);
    Types.MessageTypeBuilder mb = Types.buildMessage();
    mb.required(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY).length(16).named("id");
    mb.required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS)).named("time");
    mb.required(PrimitiveTypeName.INT64).as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS))
        .named("ingestion_time");
    mb.required(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named("collection");
    int nextWriter = 4 + fields.size();
    this.geo = new GeoStats[fields.size()];
    List<Type> bboxes = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      Field f = fields.get(i);
      Type t = parquetType(f);
      mb.addField(t);
      if (f.type() == FieldType.GEOMETRY && !f.array()) {
        geo[i] = new GeoStats(nextWriter);
        nextWriter += 4;
        bboxes.add(Types.optionalGroup()
            .required(PrimitiveTypeName.DOUBLE).named("xmin")
            .required(PrimitiveTypeName.DOUBLE).named("ymin")
            .required(PrimitiveTypeName.DOUBLE).named("xmax")
            .required(PrimitiveTypeName.DOUBLE).named("ymax")
            .named(bboxName(i)));
      }
    }
    for (Type b : bboxes) {
      mb.addField(b);
    }
    this.parquetSchema = mb.named("datapoint");
    this.props = ParquetProperties.builder()
        .withWriterVersion(ParquetProperties.WriterVersion.PARQUET_2_0)
        .withDictionaryEncoding(true)
        .withDictionaryEncoding("id", false)
        .withPageSize(1 << 20)
        .withDictionaryPageSize(1 << 20)
        .withPageRowCountLimit(20_000)
        .build();
    this.compressor = Compressors.of(compression.codec(), 1);
    Files.deleteIfExists(part);
    this.out = new NioOutputFile(part);
    this.file = new ParquetFileWriter(out, parquetSchema, ParquetFileWriter.Mode.OVERWRITE, Long.MAX_VALUE, 0,
        ParquetProperties.DEFAULT_COLUMN_INDEX_TRUNCATE_LENGTH, ParquetProperties.DEFAULT_STATISTICS_TRUNCATE_LENGTH,
        false);
    file.start();
    newRowGroup();
  }

  /**
   * Opens {@code target} for datapoints of {@code schema}, with {@code columns} (field names, in
   * order; empty for ids, times and collections only).
   */
  public static GeoParquetWriter open(Path target, Schema schema, List<String> columns, ParquetCompression compression)
      throws IOException {
    return open(target, schema, columns, compression, DEFAULT_ROW_GROUP_ROWS);
  }

  /** As {@link #open(Path, Schema, List, ParquetCompression)} with {@code rowGroupRows} rows per row group. */
  public static GeoParquetWriter open(Path target, Schema schema, List<String> columns, ParquetCompression compression,
                                      int rowGroupRows) throws IOException {
    return new GeoParquetWriter(target, schema, columns, compression, rowGroupRows);
  }

  /**
   * Writes a stream of pages (such as {@code DatasetClient.queryPages}) to {@code target} as they
   * arrive, in memory bounded by one row group, and returns the rows written. On failure nothing
   * is left at {@code target}.
   */
  public static long writeAll(Stream<DatapointTable> pages, Path target, Schema schema, List<String> columns,
                              ParquetCompression compression) throws IOException {
    GeoParquetWriter w = open(target, schema, columns, compression);
    try {
      for (var it = pages.iterator(); it.hasNext(); ) {
        w.write(it.next());
      }
      w.close();
      return w.rows();
    } catch (IOException | RuntimeException e) {
      w.abort();
      throw e;
    }
  }

  /**
   * The covering column of a geometry field: {@code bbox} for the primary one, {@code NAME_bbox}
   * for others; when a field already has that name (STAC items keep a {@code bbox} field), the
   * name gets a {@code _covering} suffix until it is free.
   */
  private String bboxName(int field) {
    String name = primaryGeometry() == field ? "bbox" : fields.get(field).name() + "_bbox";
    while (fieldNamed(name)) {
      name += "_covering";
    }
    return name;
  }

  private boolean fieldNamed(String name) {
    for (String f : fieldNames) {
      if (f.equals(name)) {
        return true;
      }
    }
    return name.equals("id") || name.equals("time") || name.equals("ingestion_time") || name.equals("collection");
  }

  private int primaryGeometry() {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).type() == FieldType.GEOMETRY && !fields.get(i).array()) {
        return i;
      }
    }
    return -1;
  }

  private static Type parquetType(Field f) {
    Types.PrimitiveBuilder<? extends Type> p = switch (f.type()) {
      case STRING -> Types.primitive(PrimitiveTypeName.BINARY, Type.Repetition.OPTIONAL).as(LogicalTypeAnnotation.stringType());
      case JSON -> Types.primitive(PrimitiveTypeName.BINARY, Type.Repetition.OPTIONAL).as(LogicalTypeAnnotation.jsonType());
      case INT64, DURATION -> Types.primitive(PrimitiveTypeName.INT64, Type.Repetition.OPTIONAL);
      case TIMESTAMP -> Types.primitive(PrimitiveTypeName.INT64, Type.Repetition.OPTIONAL)
          .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MICROS));
      case FLOAT64 -> Types.primitive(PrimitiveTypeName.DOUBLE, Type.Repetition.OPTIONAL);
      case BOOL -> Types.primitive(PrimitiveTypeName.BOOLEAN, Type.Repetition.OPTIONAL);
      case BYTES, GEOMETRY -> Types.primitive(PrimitiveTypeName.BINARY, Type.Repetition.OPTIONAL);
      case UUID -> Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, Type.Repetition.OPTIONAL).length(16)
          .as(LogicalTypeAnnotation.uuidType());
    };
    if (!f.array()) {
      return p.named(f.name());
    }
    return Types.optionalList().element(p.named("element")).named(f.name());
  }

  private void newRowGroup() {
    pages = new ColumnChunkPageWriteStore(compressor, parquetSchema, props.getAllocator(),
        props.getColumnIndexTruncateLength(), props.getPageWriteChecksumEnabled());
    store = props.newColumnWriteStore(parquetSchema, pages, pages);
    List<ColumnDescriptor> cols = parquetSchema.getColumns();
    writers = new ColumnWriter[cols.size()];
    for (int i = 0; i < cols.size(); i++) {
      writers[i] = store.getColumnWriter(cols.get(i));
    }
    groupRows = 0;
  }

  private void flushRowGroup() throws IOException {
    if (groupRows == 0) {
      return;
    }
    store.flush();
    file.startBlock(groupRows);
    pages.flushToFileWriter(file);
    file.endBlock();
    store.close();
    pages.close();
  }

  /** Appends the rows of {@code page} (its schema must hold the columns this file was opened with). */
  public void write(DatapointTable page) throws IOException {
    if (closed) {
      throw new IllegalStateException("the GeoParquet writer is closed");
    }
    if (!page.isSkipData() || fields.isEmpty()) {
      writeRows(page, 0, page.size());
      return;
    }
    throw new IllegalArgumentException("the page was loaded without data but the file has columns " + List.of(fieldNames));
  }

  private void writeRows(DatapointTable page, int from, int to) throws IOException {
    Column[] cols = new Column[fields.size()];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = page.column(fieldNames[i]);
    }
    int row = from;
    while (row < to) {
      int n = Math.min(Math.min(to - row, rowGroupRows - groupRows), SPAN_ROWS);
      writeSpan(page, cols, row, row + n);
      row += n;
      groupRows += n;
      rows += n;
      if (groupRows == rowGroupRows) {
        flushRowGroup();
        newRowGroup();
      }
    }
  }

  private void writeSpan(DatapointTable page, Column[] cols, int from, int to) {
    ColumnWriter idW = writers[0];
    ColumnWriter timeW = writers[1];
    ColumnWriter ingestW = writers[2];
    ColumnWriter collW = writers[3];
    ByteBuffer idBuf = ByteBuffer.wrap(idBytes);
    for (int r = from; r < to; r++) {
      var id = page.id(r);
      idBuf.putLong(0, id.hi()).putLong(8, id.lo());
      idW.write(Binary.fromReusedByteArray(idBytes), 0, 0);
      timeW.write(page.timeMicros(r), 0, 0);
      ingestW.write(page.ingestionTimeMicros(r), 0, 0);
      String c = page.collection(r);
      collW.write(collectionBinaries.computeIfAbsent(c, Binary::fromString), 0, 0);
    }
    for (int i = 0; i < cols.length; i++) {
      writeColumn(i, cols[i], from, to);
    }
    for (int r = from; r < to; r++) {
      store.endRecord();
    }
  }

  private void writeColumn(int i, Column col, int from, int to) {
    ColumnWriter w = writers[4 + i];
    Field f = fields.get(i);
    if (f.array()) {
      for (int r = from; r < to; r++) {
        Object v = col.get(r);
        if (v == null) {
          w.writeNull(0, 0);
          continue;
        }
        List<?> list = (List<?>) v;
        if (list.isEmpty()) {
          w.writeNull(0, 1);
          continue;
        }
        for (int k = 0; k < list.size(); k++) {
          Object e = list.get(k);
          int rep = k == 0 ? 0 : 1;
          if (e == null) {
            w.writeNull(rep, 2);
          } else {
            writeScalar(w, f.type(), e, rep, 3);
          }
        }
      }
      return;
    }
    switch (col) {
      case LongColumn lc -> {
        for (int r = from; r < to; r++) {
          if (lc.isNull(r)) {
            w.writeNull(0, 0);
          } else {
            w.write(lc.getLong(r), 0, 1);
          }
        }
      }
      case DoubleColumn dc -> {
        for (int r = from; r < to; r++) {
          if (dc.isNull(r)) {
            w.writeNull(0, 0);
          } else {
            w.write(dc.getDouble(r), 0, 1);
          }
        }
      }
      case BoolColumn bc -> {
        for (int r = from; r < to; r++) {
          if (bc.isNull(r)) {
            w.writeNull(0, 0);
          } else {
            w.write(bc.getBool(r), 0, 1);
          }
        }
      }
      case StringColumn sc -> {
        binaries.target = w;
        for (int r = from; r < to; r++) {
          if (!sc.utf8(r, binaries)) {
            w.writeNull(0, 0);
          }
        }
      }
      case GeometryColumn gc -> writeGeometries(i, gc, w, from, to);
      default -> {
        for (int r = from; r < to; r++) {
          Object v = col.get(r);
          if (v == null) {
            w.writeNull(0, 0);
          } else {
            writeScalar(w, f.type(), v, 0, 1);
          }
        }
      }
    }
  }

  private void writeGeometries(int field, GeometryColumn gc, ColumnWriter w, int from, int to) {
    GeoStats g = geo[field];
    ColumnWriter xmin = writers[g.bboxWriter];
    ColumnWriter ymin = writers[g.bboxWriter + 1];
    ColumnWriter xmax = writers[g.bboxWriter + 2];
    ColumnWriter ymax = writers[g.bboxWriter + 3];
    for (int r = from; r < to; r++) {
      if (!gc.wkb(r, wkbRange)) {
        w.writeNull(0, 0);
        xmin.writeNull(0, 0);
        ymin.writeNull(0, 0);
        xmax.writeNull(0, 0);
        ymax.writeNull(0, 0);
        continue;
      }
      w.write(Binary.fromReusedByteArray(wkbRange.buf, wkbRange.off, wkbRange.len), 0, 1);
      int type = envelope.scan(wkbRange.buf, wkbRange.off);
      String name = WkbEnvelope.TYPE_NAMES[type % 1000] + (type >= 1000 ? " Z" : "");
      if (!g.types.contains(name)) {
        g.types.add(name);
      }
      double x0 = envelope.xmin;
      if (x0 != x0) { // empty geometry: no box
        xmin.writeNull(0, 0);
        ymin.writeNull(0, 0);
        xmax.writeNull(0, 0);
        ymax.writeNull(0, 0);
        continue;
      }
      xmin.write(envelope.xmin, 0, 1);
      ymin.write(envelope.ymin, 0, 1);
      xmax.write(envelope.xmax, 0, 1);
      ymax.write(envelope.ymax, 0, 1);
      g.xmin = Math.min(g.xmin, envelope.xmin);
      g.ymin = Math.min(g.ymin, envelope.ymin);
      g.xmax = Math.max(g.xmax, envelope.xmax);
      g.ymax = Math.max(g.ymax, envelope.ymax);
    }
  }

  private static void writeScalar(ColumnWriter w, FieldType type, Object v, int rep, int def) {
    switch (type) {
      case STRING, JSON -> w.write(Binary.fromString((String) v), rep, def);
      case INT64 -> w.write(((Number) v).longValue(), rep, def);
      case TIMESTAMP -> {
        Instant t = (Instant) v;
        w.write(Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1000), rep, def);
      }
      case DURATION -> w.write(((Duration) v).toNanos() / 1000L, rep, def);
      case FLOAT64 -> w.write(((Number) v).doubleValue(), rep, def);
      case BOOL -> w.write((Boolean) v, rep, def);
      case BYTES -> w.write(Binary.fromConstantByteArray((byte[]) v), rep, def);
      case UUID -> {
        UUID u = (UUID) v;
        w.write(Binary.fromConstantByteArray(ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
            .putLong(u.getLeastSignificantBits()).array()), rep, def);
      }
      case GEOMETRY -> w.write(Binary.fromConstantByteArray(new WKBWriter(2, true).write((Geometry) v)), rep, def);
    }
  }

  /** Rows written so far. */
  public long rows() {
    return rows;
  }

  /**
   * Writes the last row group and the footer with the {@code geo} metadata, syncs the file and
   * renames it into place. Without a call to this method (a failure), {@link #abort()} removes the part file.
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      flushRowGroup();
      file.end(primaryGeometry() < 0 ? Map.of() : Map.of("geo", geoMetadata()));
      out.sync();
      try {
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(part);
      throw e;
    }
  }

  /** Abandons the file: nothing is left at the target, the part file is removed. */
  public void abort() throws IOException {
    closed = true;
    try {
      file.end(Map.of());
    } catch (IOException | RuntimeException ignored) {
      // the part file is deleted whatever state the writer is in
    }
    Files.deleteIfExists(part);
  }

  private String geoMetadata() throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", GEOPARQUET_VERSION);
    root.put("primary_column", fieldNames[primaryGeometry()]);
    ObjectNode columns = root.putObject("columns");
    for (int i = 0; i < fields.size(); i++) {
      GeoStats g = geo[i];
      if (g == null) {
        continue;
      }
      ObjectNode c = columns.putObject(fieldNames[i]);
      c.put("encoding", "WKB");
      ArrayNode types = c.putArray("geometry_types");
      g.types.forEach(types::add);
      c.set("crs", JSON.readTree(CRS84_PROJJSON));
      c.put("edges", "planar");
      if (g.xmin <= g.xmax) {
        c.putArray("bbox").add(g.xmin).add(g.ymin).add(g.xmax).add(g.ymax);
      }
      ObjectNode bbox = c.putObject("covering").putObject("bbox");
      String name = bboxName(i);
      for (String k : new String[] {"xmin", "ymin", "xmax", "ymax"}) {
        bbox.putArray(k).add(name).add(k);
      }
    }
    return JSON.writeValueAsString(root);
  }

  /** OGC:CRS84 (WGS 84, longitude then latitude) as PROJJSON, the CRS of every Swath geometry. */
  static final String CRS84_PROJJSON = """
      {"$schema":"https://proj.org/schemas/v0.7/projjson.schema.json","type":"GeographicCRS","name":"WGS 84 (CRS84)",
      "datum":{"type":"GeodeticReferenceFrame","name":"World Geodetic System 1984",
      "ellipsoid":{"name":"WGS 84","semi_major_axis":6378137,"inverse_flattening":298.257223563}},
      "coordinate_system":{"subtype":"ellipsoidal","axis":[
      {"name":"Geodetic longitude","abbreviation":"Lon","direction":"east","unit":"degree"},
      {"name":"Geodetic latitude","abbreviation":"Lat","direction":"north","unit":"degree"}]},
      "id":{"authority":"OGC","code":"CRS84"}}""";
}
