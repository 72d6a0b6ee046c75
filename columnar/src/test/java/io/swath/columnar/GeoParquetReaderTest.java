package io.swath.columnar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.core.schema.FieldType;
import io.swath.core.table.DatapointTable;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link GeoParquetReader} against files written by two independent writers: Swath's own
 * {@link GeoParquetWriter} (every value compared with the source table) and DuckDB (every value
 * compared with what DuckDB reads from the same file), over every codec, several row groups and
 * nulls; and refusals of broken files. Randomized; the seed is printed.
 */
class GeoParquetReaderTest {
  static final String GEO = "{\"version\":\"1.1.0\",\"primary_column\":\"geom\",\"columns\":{\"geom\":{\"encoding\":\"WKB\","
      + "\"geometry_types\":[]}}}";

  @TempDir
  Path dir;

  @Test
  void readsBackWhatSwathWrites() throws Exception {
    long seed = System.nanoTime();
    System.out.println("GeoParquetReaderTest.readsBackWhatSwathWrites seed " + seed);
    Random rnd = new Random(seed);
    for (ParquetCompression compression : ParquetCompression.values()) {
      List<DatapointTable> pages = GeoParquetWriterTest.randomPages(rnd, 3, 400 + rnd.nextInt(400));
      Path f = dir.resolve("swath-" + compression + ".parquet");
      try (GeoParquetWriter w = GeoParquetWriter.open(f, GeoParquetWriterTest.SCHEMA, GeoParquetWriterTest.COLUMNS, compression,
          300 + rnd.nextInt(300))) {
        for (DatapointTable p : pages) {
          w.write(p);
        }
      }
      try (GeoParquetReader r = GeoParquetReader.open(f)) {
        assertThat(r.primaryGeometry()).isEqualTo("footprint");
        assertThat(r.skipped()).isEmpty(); // the bbox covering is declared, so skipped silently
        assertThat(r.columns().stream().map(GeoParquetColumn::name)).containsExactly("id", "time", "ingestion_time", "collection",
            "footprint", "cloud_cover", "platform", "wrs_path", "night", "acquired", "tags");
        assertThat(r.columns().stream().map(GeoParquetColumn::type)).containsExactly(FieldType.BYTES, FieldType.TIMESTAMP,
            FieldType.TIMESTAMP, FieldType.STRING, FieldType.GEOMETRY, FieldType.FLOAT64, FieldType.STRING, FieldType.INT64,
            FieldType.BOOL, FieldType.TIMESTAMP, FieldType.STRING);
        assertThat(r.columns().get(10).array()).isTrue();
        assertThat(r.rowGroupCount()).isGreaterThan(1);
        Object[] row = new Object[r.columns().size()];
        for (DatapointTable p : pages) {
          for (int i = 0; i < p.size(); i++) {
            assertThat(r.next(row)).isTrue();
            assertThat((byte[]) row[0]).isEqualTo(p.id(i).toBytes());
            assertThat(row[1]).isEqualTo(Instant.EPOCH.plusNanos(p.timeMicros(i) * 1000));
            assertThat(row[2]).isEqualTo(Instant.EPOCH.plusNanos(p.ingestionTimeMicros(i) * 1000));
            assertThat(row[3]).isEqualTo(p.collection(i));
            assertThat((byte[]) row[4]).isEqualTo(p.geometries("footprint").wkb(i));
            assertThat(row[5]).isEqualTo(p.column("cloud_cover").get(i));
            assertThat(row[6]).isEqualTo(p.column("platform").get(i));
            assertThat(row[7]).isEqualTo(p.column("wrs_path").get(i));
            assertThat(row[8]).isEqualTo(p.column("night").get(i));
            assertThat(row[9]).isEqualTo(p.column("acquired").get(i));
            assertThat(row[10]).isEqualTo(p.column("tags").get(i));
          }
        }
        assertThat(r.next(row)).isFalse();
        assertThat(r.rowsRead()).isEqualTo(r.rowCount());
      }
    }
  }

  /** STAC items keep a {@code bbox} field: the covering column of the footprint then takes another name. */
  @Test
  void aFieldNamedBboxKeepsItsNameAndTheCoveringMovesAside() throws Exception {
    var schema = io.swath.core.schema.Schema.of(io.swath.core.schema.Field.of("geometry", FieldType.GEOMETRY),
        io.swath.core.schema.Field.arrayOf("bbox", FieldType.FLOAT64));
    DatapointTable.Builder b = DatapointTable.builder(schema);
    for (int i = 0; i < 50; i++) {
      b.addRow("c", io.swath.core.id.DatapointId.of(1_000_000L * (i + 1), i), 1_000_000L * (i + 1), 5L,
          new Object[] {"POINT (" + i + " 1)", List.of((double) i, 1.0, (double) i, 1.0)});
    }
    Path f = dir.resolve("bbox-field.parquet");
    try (GeoParquetWriter w = GeoParquetWriter.open(f, schema, List.of("geometry", "bbox"), ParquetCompression.ZSTD)) {
      w.write(b.build());
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         ResultSet rs = c.createStatement().executeQuery("SELECT bbox[3], bbox_covering.xmin FROM '" + f + "' ORDER BY time")) {
      for (int i = 0; i < 50; i++) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getDouble(1)).isEqualTo(i);
        assertThat(rs.getDouble(2)).isEqualTo(i);
      }
    }
    try (GeoParquetReader r = GeoParquetReader.open(f)) {
      assertThat(r.metadata().get("geo")).contains("[\"bbox_covering\",\"xmin\"]");
      assertThat(r.columns().stream().map(GeoParquetColumn::name)).containsExactly("id", "time", "ingestion_time", "collection",
          "geometry", "bbox");
      Object[] row = new Object[6];
      for (int i = 0; i < 50; i++) {
        assertThat(r.next(row)).isTrue();
        assertThat(row[5]).isEqualTo(List.of((double) i, 1.0, (double) i, 1.0));
      }
    }
  }

  static byte[] wkbPolygon(double x, double y, double w) {
    double[][] ring = {{x, y}, {x + w, y}, {x + w, y + w}, {x, y + w}, {x, y}};
    ByteBuffer b = ByteBuffer.allocate(1 + 4 + 4 + 4 + ring.length * 16).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 1).putInt(3).putInt(1).putInt(ring.length);
    for (double[] p : ring) {
      b.putDouble(p[0]).putDouble(p[1]);
    }
    return b.array();
  }

  static byte[] wkbPoint(double x, double y) {
    return ByteBuffer.allocate(21).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).putInt(1).putDouble(x).putDouble(y).array();
  }

  /** Fills DuckDB's table {@code t} with {@code n} random rows of every type Swath reads and some it skips. */
  static void duckDbTable(Connection c, Random rnd, int n) throws Exception {
    c.createStatement().execute("DROP TABLE IF EXISTS t");
    c.createStatement().execute("CREATE TABLE t (geom BLOB, datetime TIMESTAMPTZ, b BOOLEAN, i8 TINYINT, i16 SMALLINT, i32 INTEGER,"
        + " i64 BIGINT, u32 UINTEGER, f FLOAT, d DOUBLE, dec9 DECIMAL(9,3), dec18 DECIMAL(18,4), dec30 DECIMAL(30,5), s VARCHAR,"
        + " bin BLOB, dt DATE, ts TIMESTAMP, tsms TIMESTAMP_MS, tsns TIMESTAMP_NS, u UUID, ls VARCHAR[], li BIGINT[],"
        + " st STRUCT(a INTEGER, b VARCHAR), tod TIME, u64 UBIGINT)");
    try (PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?, ?::TIMESTAMPTZ, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
        + " ?::DATE, ?::TIMESTAMP, ?::TIMESTAMP_MS, ?::TIMESTAMP_NS, ?::UUID, ?::VARCHAR[], ?::BIGINT[], {'a': 1, 'b': 'x'}, TIME '12:00:00', 7)")) {
      for (int i = 0; i < n; i++) {
        boolean nulls = rnd.nextInt(8) == 0;
        double x = -170 + rnd.nextDouble() * 340;
        double y = -80 + rnd.nextDouble() * 160;
        p.setBytes(1, rnd.nextBoolean() ? wkbPolygon(x, y, rnd.nextDouble()) : wkbPoint(x, y));
        Instant t = Instant.ofEpochSecond(1_500_000_000L + rnd.nextInt(300_000_000), rnd.nextInt(1_000_000) * 1000L);
        p.setString(2, t.toString());
        p.setObject(3, nulls ? null : rnd.nextBoolean());
        p.setObject(4, nulls ? null : (byte) rnd.nextInt());
        p.setObject(5, nulls ? null : (short) rnd.nextInt());
        p.setObject(6, nulls ? null : rnd.nextInt());
        p.setObject(7, nulls ? null : rnd.nextLong());
        p.setObject(8, nulls ? null : Integer.toUnsignedLong(rnd.nextInt()));
        p.setObject(9, nulls ? null : rnd.nextFloat() * 1000);
        p.setObject(10, nulls ? null : rnd.nextGaussian() * 1e6);
        p.setObject(11, nulls ? null : BigDecimal.valueOf(rnd.nextInt(999_999_999) - 500_000_000, 3));
        p.setObject(12, nulls ? null : BigDecimal.valueOf(rnd.nextLong() % 100_000_000_000_000L, 4));
        p.setObject(13, nulls ? null : new BigDecimal(new java.math.BigInteger(90, rnd), 5));
        p.setObject(14, nulls ? null : rnd.nextInt(5) == 0 ? "" : "scène " + rnd.nextInt(1000) + " \u00e9\u4e16");
        byte[] bin = new byte[rnd.nextInt(20)];
        rnd.nextBytes(bin);
        p.setObject(15, nulls ? null : bin);
        p.setString(16, nulls ? null : java.time.LocalDate.ofEpochDay(rnd.nextInt(30_000) - 5_000).toString());
        p.setString(17, nulls ? null : t.plusSeconds(rnd.nextInt(1000)).toString().replace("Z", ""));
        p.setString(18, nulls ? null : Instant.ofEpochMilli(t.toEpochMilli() + rnd.nextInt(1000)).toString().replace("Z", ""));
        p.setString(19, nulls ? null : t.plusNanos(rnd.nextInt(1_000_000_000)).toString().replace("Z", ""));
        p.setString(20, nulls ? null : new UUID(rnd.nextLong(), rnd.nextLong()).toString());
        p.setString(21, nulls ? null : switch (rnd.nextInt(3)) {
          case 0 -> "[]";
          case 1 -> "[a, NULL, c]";
          default -> "[x" + rnd.nextInt(9) + "]";
        });
        p.setString(22, nulls ? null : rnd.nextBoolean() ? "[]" : "[" + rnd.nextLong() + ", NULL, " + rnd.nextInt() + "]");
        p.addBatch();
      }
      p.executeBatch();
    }
  }

  /** Writes DuckDB's table {@code t} to {@code f} with {@code codec} and the {@code geo} metadata (none when null). */
  static void copy(Connection c, Path f, String codec, String geo) throws Exception {
    String meta = geo == null ? "" : ", KV_METADATA {geo: '" + geo + "'}";
    c.createStatement().execute("COPY (SELECT * FROM t) TO '" + f + "' (FORMAT parquet, COMPRESSION " + codec
        + ", ROW_GROUP_SIZE 2048" + meta + ")");
  }

  @Test
  void readsEveryValueDuckDbReads() throws Exception {
    long seed = System.nanoTime();
    System.out.println("GeoParquetReaderTest.readsEveryValueDuckDbReads seed " + seed);
    Random rnd = new Random(seed);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      c.createStatement().execute("SET TimeZone = 'UTC'");
      duckDbTable(c, rnd, 4_500 + rnd.nextInt(1_500));
      for (String codec : List.of("uncompressed", "snappy", "zstd", "gzip")) {
        Path f = dir.resolve("duck-" + codec + ".parquet");
        copy(c, f, codec, GEO);
        try (GeoParquetReader r = GeoParquetReader.open(f);
             ResultSet rs = c.createStatement().executeQuery("SELECT geom, epoch_us(datetime), b, i8, i16, i32, i64, u32, f, d,"
                 + " dec9, dec18, dec30, s, bin, epoch_us(dt::TIMESTAMP), epoch_us(ts), epoch_us(tsms), epoch_ns(tsns), u::VARCHAR, ls, li"
                 + " FROM read_parquet('" + f + "', file_row_number = true) ORDER BY file_row_number")) {
          assertThat(r.rowGroupCount()).as(codec).isGreaterThan(1);
          assertThat(r.skipped()).containsExactly("st (struct)", "tod (INT64 TIME(MICROS,false))", "u64 (INT64 INTEGER(64,false))");
          assertThat(r.columns().stream().map(col -> col.type() + (col.array() ? "[]" : ""))).containsExactly(
              "GEOMETRY", "TIMESTAMP", "BOOL", "INT64", "INT64", "INT64", "INT64", "INT64", "FLOAT64", "FLOAT64", "FLOAT64", "FLOAT64",
              "FLOAT64", "STRING", "BYTES", "TIMESTAMP", "TIMESTAMP", "TIMESTAMP", "TIMESTAMP", "UUID", "STRING[]", "INT64[]");
          Object[] row = new Object[r.columns().size()];
          int rows = 0;
          while (rs.next()) {
            assertThat(r.next(row)).isTrue();
            String at = codec + " row " + rows;
            assertThat((byte[]) row[0]).as(at).isEqualTo(rs.getBytes(1));
            assertThat(row[1]).as(at).isEqualTo(micros(rs.getLong(2)));
            assertThat(row[2]).as(at).isEqualTo(rs.getObject(3));
            for (int k = 3; k <= 7; k++) {
              assertThat(row[k]).as(at + " col " + k).isEqualTo(rs.getObject(k + 1) == null ? null : rs.getLong(k + 1));
            }
            assertThat(row[8]).as(at).isEqualTo(rs.getObject(9) == null ? null : (double) rs.getFloat(9));
            assertThat(row[9]).as(at).isEqualTo(rs.getObject(10) == null ? null : rs.getDouble(10));
            for (int k = 10; k <= 12; k++) {
              assertThat(row[k]).as(at + " col " + k).isEqualTo(rs.getObject(k + 1) == null ? null : rs.getBigDecimal(k + 1).doubleValue());
            }
            assertThat(row[13]).as(at).isEqualTo(rs.getString(14));
            assertThat((byte[]) row[14]).as(at).isEqualTo(rs.getBytes(15));
            for (int k = 15; k <= 17; k++) {
              assertThat(row[k]).as(at + " col " + k).isEqualTo(rs.getObject(k + 1) == null ? null : micros(rs.getLong(k + 1)));
            }
            assertThat(row[18]).as(at).isEqualTo(rs.getObject(19) == null ? null : micros(Math.floorDiv(rs.getLong(19), 1000L)));
            assertThat(row[19]).as(at).isEqualTo(rs.getString(20) == null ? null : UUID.fromString(rs.getString(20)));
            assertThat(row[20]).as(at).isEqualTo(list(rs.getArray(21)));
            assertThat(row[21]).as(at).isEqualTo(list(rs.getArray(22)));
            rows++;
          }
          assertThat(r.next(row)).isFalse();
          assertThat(rows).isEqualTo(r.rowCount()).isPositive();
        }
      }
    }
  }

  static Instant micros(long us) {
    return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000L);
  }

  static List<Object> list(java.sql.Array a) throws Exception {
    if (a == null) {
      return null;
    }
    List<Object> out = new ArrayList<>();
    for (Object o : (Object[]) a.getArray()) {
      out.add(o instanceof Number n ? (Object) n.longValue() : o);
    }
    return out;
  }

  @Test
  void refusesBrokenFilesWithTheReason() throws Exception {
    Random rnd = new Random(7);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      Path good = dir.resolve("good.parquet");
      duckDbTable(c, rnd, 3_000);
      copy(c, good, "snappy", GEO);
      byte[] bytes = Files.readAllBytes(good);

      Path noGeo = dir.resolve("nogeo.parquet");
      copy(c, noGeo, "snappy", null);
      assertThatThrownBy(() -> GeoParquetReader.open(noGeo)).isInstanceOf(GeoParquetException.class)
          .hasMessageContaining(noGeo + " is a Parquet file without the 'geo' metadata");

      Path points = dir.resolve("points.parquet");
      copy(c, points, "snappy", GEO.replace("\"WKB\"", "\"point\""));
      assertThatThrownBy(() -> GeoParquetReader.open(points)).isInstanceOf(GeoParquetException.class)
          .hasMessageContaining("geometry column 'geom' is encoded as 'point'; Swath reads WKB geometries only");

      Path utm = dir.resolve("utm.parquet");
      copy(c, utm, "snappy", GEO.replace("\"geometry_types\"", "\"crs\":{\"name\":\"WGS 84 / UTM zone 32N\","
          + "\"id\":{\"authority\":\"EPSG\",\"code\":32632}},\"geometry_types\""));
      assertThatThrownBy(() -> GeoParquetReader.open(utm)).isInstanceOf(GeoParquetException.class)
          .hasMessageContaining("geometry column 'geom' is in the CRS 'WGS 84 / UTM zone 32N'");

      Path truncated = dir.resolve("truncated.parquet");
      Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
      assertThatThrownBy(() -> GeoParquetReader.open(truncated)).isInstanceOf(GeoParquetException.class)
          .hasMessageContaining(truncated + " is truncated or corrupt");

      Path text = dir.resolve("items.parquet");
      Files.writeString(text, "{\"type\":\"Feature\"}\n");
      assertThatThrownBy(() -> GeoParquetReader.open(text)).isInstanceOf(GeoParquetException.class)
          .hasMessageContaining("is not a Parquet file");

      // damaged pages: random bytes overwritten in the middle of the data, footer intact
      for (int trial = 0; trial < 20; trial++) {
        byte[] broken = bytes.clone();
        int at = 4 + rnd.nextInt(bytes.length / 2);
        for (int k = 0; k < 64; k++) {
          broken[at + k] = (byte) rnd.nextInt();
        }
        Path f = dir.resolve("broken" + trial + ".parquet");
        Files.write(f, broken);
        try (GeoParquetReader r = GeoParquetReader.open(f)) {
          Object[] row = new Object[r.columns().size()];
          while (r.next(row)) {
            // damage may also land in values that still decode: then rows come out, but nothing else is thrown
          }
        } catch (GeoParquetException expected) {
          assertThat(expected).hasMessageContaining(f.toString());
        }
      }
    }
  }
}
