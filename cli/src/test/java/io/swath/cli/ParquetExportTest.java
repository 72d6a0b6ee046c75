package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.client.CollectionClient;
import io.swath.client.DatasetClient;
import io.swath.client.DatasetSpec;
import io.swath.client.DatasetsClient;
import io.swath.client.Query;
import io.swath.core.id.DatapointId;
import io.swath.core.schema.FieldType;
import io.swath.core.table.DatapointTable;
import io.swath.testing.TestServers;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;

/** {@code swath query --format parquet} against a real server, the file read back by DuckDB. */
class ParquetExportTest {
  static DatasetsClient client;
  static String slug;
  static Path dir;
  static long seed = System.nanoTime();

  @BeforeAll
  static void load() {
    System.out.println("ParquetExportTest seed " + seed);
    Random rnd = new Random(seed);
    client = DatasetsClient.connect(TestServers.shared().target());
    slug = TestServers.slug("parquet");
    DatasetClient ds = client.createDataset(DatasetSpec.builder(slug).field("geometry", FieldType.GEOMETRY)
        .field("cloud_cover", FieldType.FLOAT64).field("platform", FieldType.STRING).build());
    CollectionClient c = ds.createCollection("scenes");
    List<Map<String, Object>> rows = new ArrayList<>();
    int n = 5_000 + rnd.nextInt(5_000);
    for (int i = 0; i < n; i++) {
      double x = -170 + rnd.nextDouble() * 340;
      double y = -80 + rnd.nextDouble() * 160;
      Map<String, Object> row = new HashMap<>();
      row.put("time", Instant.parse("2022-01-01T00:00:00Z").plusSeconds(i * 61L));
      row.put("geometry", String.format(Locale.ROOT, "POLYGON ((%s %s, %s %s, %s %s, %s %s))", x, y, x + 1, y, x + 1, y + 1, x, y));
      row.put("cloud_cover", rnd.nextDouble() * 100);
      row.put("platform", "landsat-" + (8 + rnd.nextInt(2)));
      rows.add(row);
    }
    c.ingest(rows);
    dir = TestServers.tempDir("parquet");
  }

  @AfterAll
  static void close() {
    client.close();
  }

  @Test
  void duckDbReadsWhatSwathReturns() throws Exception {
    DatapointTable all = client.dataset(slug).query(Query.all());
    Path out = dir.resolve("all.parquet");
    String[] r = CommandLineTest.capture("query", slug, "--format", "parquet", "-o", out.toString(), "--compression", "snappy",
        "--url", TestServers.shared().target());
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    assertThat(r[2]).contains(String.format("wrote %,d datapoints to %s", all.size(), out));
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
         ResultSet rs = c.createStatement().executeQuery("SELECT hex(id), epoch_us(time), collection, geometry::BLOB, cloud_cover, platform"
             + " FROM read_parquet('" + out + "', file_row_number = true) ORDER BY file_row_number")) {
      HexFormat hex = HexFormat.of().withUpperCase();
      int row = 0;
      while (rs.next()) {
        DatapointId id = all.id(row);
        assertThat(rs.getString(1)).isEqualTo(hex.formatHex(ByteBuffer.allocate(16).putLong(id.hi()).putLong(id.lo()).array()));
        assertThat(rs.getLong(2)).isEqualTo(all.timeMicros(row));
        assertThat(rs.getString(3)).isEqualTo(all.collection(row));
        assertThat(rs.getBytes(4)).isEqualTo(all.geometries("geometry").wkb(row));
        assertThat(rs.getDouble(5)).isEqualTo(all.doubles("cloud_cover").getDouble(row));
        assertThat(rs.getString(6)).isEqualTo(all.strings("platform").get(row));
        row++;
      }
      assertThat(row).isEqualTo(all.size());
    }
  }

  /** The analysis queries of docs/analytics.md, run on an export and checked against the same figures computed from the query result. */
  @Test
  void analyticsQueriesOfTheDocsAgreeWithSwath() throws Exception {
    DatapointTable all = client.dataset(slug).query(Query.all());
    Path out = dir.resolve("analytics.parquet");
    String[] r = CommandLineTest.capture("query", slug, "--format", "parquet", "-o", out.toString(), "--url", TestServers.shared().target());
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, Double> sums = new HashMap<>();
    double xmin = -20, ymin = -10, xmax = 40, ymax = 30;
    Envelope box = new Envelope(xmin, xmax, ymin, ymax);
    long inBox = 0;
    for (int row = 0; row < all.size(); row++) {
      Instant t = Instant.ofEpochSecond(0, all.timeMicros(row) * 1000);
      long month = ZonedDateTime.ofInstant(t, ZoneOffset.UTC).withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).toInstant().toEpochMilli() * 1000;
      String key = all.collection(row) + "/" + month;
      counts.computeIfAbsent(key, k -> new long[1])[0]++;
      sums.merge(key, all.doubles("cloud_cover").getDouble(row), Double::sum);
      if (all.geometries("geometry").get(row).getEnvelopeInternal().intersects(box)) {
        inBox++;
      }
    }
    String perMonth = "SELECT collection, date_trunc('month', time) AS month, count(*) AS n, avg(cloud_cover) AS cloud\n"
        + "FROM '" + out + "'\n"
        + "GROUP BY ALL ORDER BY ALL";
    String bboxQuery = String.format(Locale.ROOT, "SELECT count(*) FROM '%s'\n"
        + "WHERE bbox.xmin <= %s AND bbox.xmax >= %s AND bbox.ymin <= %s AND bbox.ymax >= %s", out, xmax, xmin, ymax, ymin);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      c.createStatement().execute("SET TimeZone = 'UTC'");
      Map<String, long[]> seen = new TreeMap<>();
      try (ResultSet rs = c.createStatement().executeQuery("SELECT collection, epoch_us(month), n, cloud FROM (" + perMonth + ")")) {
        while (rs.next()) {
          String key = rs.getString(1) + "/" + rs.getLong(2);
          seen.put(key, new long[] {rs.getLong(3)});
          assertThat(counts).as(key).containsKey(key);
          assertThat(rs.getDouble(4)).as(key).isCloseTo(sums.get(key) / counts.get(key)[0], org.assertj.core.data.Offset.offset(1e-9));
        }
      }
      assertThat(seen.keySet()).isEqualTo(counts.keySet());
      seen.forEach((k, n) -> assertThat(n[0]).as(k).isEqualTo(counts.get(k)[0]));
      try (ResultSet rs = c.createStatement().executeQuery(bboxQuery)) {
        assertThat(rs.next()).isTrue();
        assertThat(inBox).isPositive();
        assertThat(rs.getLong(1)).isEqualTo(inBox);
      }
    }
  }

  @Test
  void parquetNeedsAFileAndCompressionNeedsParquet() {
    String url = TestServers.shared().target();
    String[] r = CommandLineTest.capture("query", slug, "--format", "parquet", "--url", url);
    assertThat(r[0]).isNotEqualTo("0");
    assertThat(r[2]).contains("--format parquet writes a file");
    r = CommandLineTest.capture("query", slug, "--format", "csv", "--compression", "zstd", "--url", url);
    assertThat(r[2]).contains("--compression is for --format parquet only");
    r = CommandLineTest.capture("query", slug, "--format", "parquet", "-o", dir.resolve("x.parquet").toString(), "--compression", "lz4",
        "--url", url);
    assertThat(r[2]).contains("not one of none, snappy, zstd");
  }
}
