package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.client.DatasetsClient;
import io.swath.client.Query;
import io.swath.core.geo.Geometries;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.table.DatapointTable;
import io.swath.testing.TestServers;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

/**
 * {@code swath ingest} of GeoParquet files against a real server: a file DuckDB writes (every
 * value read back through the SDK compared with what DuckDB reads from the file), Swath's own
 * export of the real STAC items in data/stac ingested into a new dataset, ingesting twice, and
 * broken files. Randomized; the seed is printed.
 */
class ParquetIngestTest {
  static final String GEO = "{\"version\":\"1.1.0\",\"primary_column\":\"geom\",\"columns\":{\"geom\":{\"encoding\":\"WKB\","
      + "\"geometry_types\":[\"Polygon\",\"Point\"]}}}";
  static DatasetsClient client;
  static String url;
  static Path dir;
  static long seed = System.nanoTime();

  @BeforeAll
  static void start() {
    System.out.println("ParquetIngestTest seed " + seed);
    url = TestServers.shared().target();
    client = DatasetsClient.connect(url);
    dir = TestServers.tempDir("parquet-ingest");
  }

  @AfterAll
  static void close() {
    client.close();
  }

  static byte[] wkbPolygon(double x, double y, double w) {
    double[][] ring = {{x, y}, {x + w, y}, {x + w, y + w}, {x, y + w}, {x, y}};
    ByteBuffer b = ByteBuffer.allocate(13 + ring.length * 16).order(ByteOrder.LITTLE_ENDIAN);
    b.put((byte) 1).putInt(3).putInt(1).putInt(ring.length);
    for (double[] p : ring) {
      b.putDouble(p[0]).putDouble(p[1]);
    }
    return b.array();
  }

  static byte[] wkbPoint(double x, double y) {
    return ByteBuffer.allocate(21).order(ByteOrder.LITTLE_ENDIAN).put((byte) 1).putInt(1).putDouble(x).putDouble(y).array();
  }

  /** {@code n} random scenes written by DuckDB to {@code f}, with the {@code geo} metadata when {@code geo}. */
  static void duckDbScenes(Connection c, Random rnd, int n, Path f, boolean geo) throws Exception {
    c.createStatement().execute("DROP TABLE IF EXISTS scenes");
    c.createStatement().execute("CREATE TABLE scenes (geom BLOB, datetime TIMESTAMPTZ, cloud DOUBLE, platform VARCHAR, "
        + "wrs_path INTEGER, night BOOLEAN, tags VARCHAR[], acquired DATE, \"Sun Elevation\" FLOAT, extra STRUCT(a INTEGER))");
    try (PreparedStatement p = c.prepareStatement(
        "INSERT INTO scenes VALUES (?, ?::TIMESTAMPTZ, ?, ?, ?, ?, ?::VARCHAR[], ?::DATE, ?, {'a': 1})")) {
      long t = 1_600_000_000_000_000L;
      for (int i = 0; i < n; i++) {
        t += 1 + rnd.nextInt(60_000_000);
        double x = -170 + rnd.nextDouble() * 340;
        double y = -80 + rnd.nextDouble() * 160;
        p.setBytes(1, rnd.nextInt(4) == 0 ? wkbPoint(x, y) : wkbPolygon(x, y, 0.01 + rnd.nextDouble()));
        p.setString(2, Instant.EPOCH.plusNanos(t * 1000).toString());
        boolean nulls = rnd.nextInt(10) == 0;
        p.setObject(3, nulls ? null : rnd.nextDouble() * 100);
        p.setObject(4, nulls ? null : "landsat-" + (8 + rnd.nextInt(2)));
        p.setObject(5, nulls ? null : rnd.nextInt(233));
        p.setObject(6, nulls ? null : rnd.nextBoolean());
        p.setString(7, nulls ? null : rnd.nextBoolean() ? "[]" : "[t" + rnd.nextInt(5) + ", u" + rnd.nextInt(5) + "]");
        p.setString(8, nulls ? null : LocalDate.ofEpochDay(18_000 + rnd.nextInt(2_000)).toString());
        p.setObject(9, nulls ? null : rnd.nextFloat() * 90);
        p.addBatch();
      }
      p.executeBatch();
    }
    c.createStatement().execute("COPY scenes TO '" + f + "' (FORMAT parquet, ROW_GROUP_SIZE 2048"
        + (geo ? ", KV_METADATA {geo: '" + GEO + "'}" : "") + ")");
  }

  static Instant micros(long us) {
    return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000L);
  }

  static boolean sameGeometry(byte[] a, Geometry b) {
    Geometry g = Geometries.fromWkb(a);
    return g.norm().equalsExact(b.norm());
  }

  @Test
  void aFileDuckDbWritesIsIngestedValueForValue() throws Exception {
    Random rnd = new Random(seed);
    Path f = dir.resolve("duck-scenes.parquet");
    String slug = TestServers.slug("pq_duck");
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      c.createStatement().execute("SET TimeZone = 'UTC'");
      duckDbScenes(c, rnd, 4_500 + rnd.nextInt(2_000), f, true);
      String[] r = CommandLineTest.capture("ingest", slug, f.toString(), "--collection", "scenes", "--url", url);
      assertThat(r[0]).as(r[2]).isEqualTo("0");
      assertThat(r[2]).contains("skipped column(s) of types Swath does not store: extra (struct)");
      assertThat(r[2]).contains("Sun Elevation -> sun_elevation");
      var info = client.dataset(slug).info();
      assertThat(info.schema().fields()).containsExactly(Field.of("geometry", FieldType.GEOMETRY), Field.of("cloud", FieldType.FLOAT64),
          Field.of("platform", FieldType.STRING), Field.of("wrs_path", FieldType.INT64), Field.of("night", FieldType.BOOL),
          Field.arrayOf("tags", FieldType.STRING), Field.of("acquired", FieldType.TIMESTAMP), Field.of("sun_elevation", FieldType.FLOAT64));
      DatapointTable all = client.dataset(slug).query(Query.all());
      try (ResultSet rs = c.createStatement().executeQuery("SELECT geom, epoch_us(datetime), cloud, platform, wrs_path, night, tags,"
          + " epoch_us(acquired::TIMESTAMP), \"Sun Elevation\" FROM '" + f + "' ORDER BY datetime")) {
        int row = 0;
        while (rs.next()) {
          String at = "row " + row;
          assertThat(all.timeMicros(row)).as(at).isEqualTo(rs.getLong(2));
          assertThat(all.collection(row)).isEqualTo("scenes");
          assertThat(sameGeometry(rs.getBytes(1), all.geometries("geometry").get(row))).as(at).isTrue();
          assertThat(all.column("cloud").get(row)).as(at).isEqualTo(rs.getObject(3) == null ? null : rs.getDouble(3));
          assertThat(all.column("platform").get(row)).as(at).isEqualTo(rs.getString(4));
          assertThat(all.column("wrs_path").get(row)).as(at).isEqualTo(rs.getObject(5) == null ? null : rs.getLong(5));
          assertThat(all.column("night").get(row)).as(at).isEqualTo(rs.getObject(6));
          assertThat(all.column("tags").get(row)).as(at).isEqualTo(rs.getArray(7) == null ? null : Arrays.asList((Object[]) rs.getArray(7).getArray()));
          assertThat(all.column("acquired").get(row)).as(at).isEqualTo(rs.getObject(8) == null ? null : micros(rs.getLong(8)));
          assertThat(all.column("sun_elevation").get(row)).as(at).isEqualTo(rs.getObject(9) == null ? null : (double) rs.getFloat(9));
          row++;
        }
        assertThat(row).isEqualTo(all.size()).isPositive();
      }
    }
  }

  @Test
  void ingestingTwiceStoresEachRowOnce() throws Exception {
    Random rnd = new Random(seed + 1);
    Path f = dir.resolve("twice.parquet");
    String slug = TestServers.slug("pq_twice");
    int n;
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      n = 2_500 + rnd.nextInt(2_000);
      duckDbScenes(c, rnd, n, f, true);
    }
    String[] first = CommandLineTest.capture("ingest", slug, f.toString(), "-c", "scenes", "--concurrency", "3", "--url", url);
    assertThat(first[0]).as(first[2]).isEqualTo("0");
    assertThat(first[1]).contains("ingested " + n + " rows from 1 GeoParquet file into " + slug).contains(n + " created, 0 already there");
    Path renamed = Files.copy(f, dir.resolve("twice.data")); // no .parquet extension: recognised by its magic bytes
    String[] second = CommandLineTest.capture("ingest", slug, renamed.toString(), "-c", "scenes", "--url", url);
    assertThat(second[0]).as(second[2]).isEqualTo("0");
    assertThat(second[1]).contains("0 created, " + n + " already there");
    assertThat(client.dataset(slug).count(Query.all())).isEqualTo(n);
  }

  /** Swath's own export of real STAC items, ingested into a new dataset: the same datapoints. */
  @Test
  void swathsExportOfRealStacItemsComesBackTheSame() throws Exception {
    Path items = DemoData.stacDir().orElseThrow().resolve("planetary-computer/landsat-8-c2-l2.items.ndjson");
    String source = TestServers.slug("pq_stac_src");
    String copy = TestServers.slug("pq_stac_copy");
    String[] r = CommandLineTest.capture("ingest", source, items.toString(), "--url", url);
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    Path f = dir.resolve("landsat.parquet");
    r = CommandLineTest.capture("query", source, "--format", "parquet", "-o", f.toString(), "--url", url);
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    r = CommandLineTest.capture("ingest", copy, f.toString(), "--url", url);
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    DatapointTable a = client.dataset(source).query(Query.all());
    DatapointTable b = client.dataset(copy).query(Query.all());
    assertThat(a.size()).isEqualTo(750);
    assertThat(b.size()).isEqualTo(a.size());
    List<Field> fa = client.dataset(source).info().schema().fields();
    List<Field> fb = client.dataset(copy).info().schema().fields();
    assertThat(fb.stream().map(Field::name)).containsExactlyElementsOf(fa.stream().map(Field::name).toList());
    for (int i = 0; i < a.size(); i++) {
      assertThat(b.timeMicros(i)).isEqualTo(a.timeMicros(i));
      assertThat(b.collection(i)).isEqualTo(a.collection(i));
      assertThat(b.geometries("geometry").wkb(i)).isEqualTo(a.geometries("geometry").wkb(i));
      for (Field f0 : fa) {
        Object va = a.column(f0.name()).get(i);
        Object vb = b.column(f0.name()).get(i);
        if (f0.type() == FieldType.DURATION && va != null) {
          va = ((java.time.Duration) va).toNanos() / 1000;
        }
        assertThat(Objects.deepEquals(va, vb)).as("row " + i + " field " + f0.name() + ": " + va + " vs " + vb).isTrue();
      }
      assertThat(b.id(i)).isEqualTo(a.id(i)); // ids derive from time and content: the same datapoint, the same id
    }
  }

  @Test
  void brokenFilesFailWithTheReasonAndUsageExitCode() throws Exception {
    Random rnd = new Random(seed + 2);
    Path good = dir.resolve("good.parquet");
    Path noGeo = dir.resolve("nogeo.parquet");
    Path badGeometry = dir.resolve("bad-geometry.parquet");
    int badRow = 1 + rnd.nextInt(3_000);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      duckDbScenes(c, rnd, 3_000, good, true);
      c.createStatement().execute("COPY scenes TO '" + noGeo + "' (FORMAT parquet)");
      c.createStatement().execute("UPDATE scenes SET geom = '\\x01\\x03\\x00'::BLOB WHERE datetime = "
          + "(SELECT datetime FROM scenes ORDER BY datetime LIMIT 1 OFFSET " + (badRow - 1) + ")");
      c.createStatement().execute("COPY (SELECT * FROM scenes ORDER BY datetime) TO '" + badGeometry
          + "' (FORMAT parquet, KV_METADATA {geo: '" + GEO + "'})");
    }
    byte[] bytes = Files.readAllBytes(good);
    Path truncated = dir.resolve("truncated.parquet");
    Files.write(truncated, Arrays.copyOf(bytes, bytes.length * 2 / 3));
    Path damaged = dir.resolve("damaged.parquet");
    byte[] broken = bytes.clone();
    for (int k = 4; k < 68; k++) {
      broken[k] = (byte) rnd.nextInt(); // the first page header of the first column chunk
    }
    Files.write(damaged, broken);
    List<String[]> cases = new ArrayList<>();
    cases.add(new String[] {truncated.toString(), truncated + " is truncated or corrupt"});
    cases.add(new String[] {noGeo.toString(), noGeo + " is a Parquet file without the 'geo' metadata"});
    cases.add(new String[] {damaged.toString(), damaged + " is corrupt in row group 1 of"});
    cases.add(new String[] {badGeometry.toString(), badGeometry + " row " + badRow + ": field 'geometry'"});
    for (String[] c : cases) {
      String slug = TestServers.slug("pq_broken");
      String[] r = CommandLineTest.capture("ingest", slug, c[0], "-c", "scenes", "--url", url);
      assertThat(r[0]).as(r[2]).isEqualTo(Integer.toString(Main.USAGE));
      assertThat(r[2]).contains("swath: " + c[1]).doesNotContain("\tat ").doesNotContain("Exception");
    }
    String[] r = CommandLineTest.capture("ingest", TestServers.slug("pq_time"), good.toString(), "-c", "s", "--time-column", "cloud",
        "--url", url);
    assertThat(r[0]).isEqualTo(Integer.toString(Main.USAGE));
    assertThat(r[2]).contains("--time-column 'cloud' is not a timestamp or date column").contains("[datetime, acquired]");
  }
}
