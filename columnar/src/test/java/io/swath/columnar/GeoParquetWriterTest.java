package io.swath.columnar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swath.core.id.DatapointId;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import io.swath.core.table.DatapointTable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * GeoParquet files read back by an independent reader, DuckDB: row counts, column types, every
 * value, WKB bytes, the bbox covering column and the {@code geo} metadata checked against the
 * source rows and a brute-force envelope from JTS. Randomized; the seed is printed.
 */
class GeoParquetWriterTest {
  static final Schema SCHEMA = Schema.of(
      Field.of("footprint", FieldType.GEOMETRY), Field.of("cloud_cover", FieldType.FLOAT64),
      Field.of("platform", FieldType.STRING), Field.of("wrs_path", FieldType.INT64), Field.of("night", FieldType.BOOL),
      Field.of("acquired", FieldType.TIMESTAMP), Field.arrayOf("tags", FieldType.STRING));
  static final List<String> COLUMNS = SCHEMA.fields().stream().map(Field::name).toList();
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  static List<DatapointTable> randomPages(Random rnd, int pages, int rowsPerPage) {
    List<DatapointTable> out = new ArrayList<>();
    long t = 1_600_000_000_000_000L;
    String[] platforms = {"landsat-8", "landsat-9", "sentinel-2a", "sentinel-2b"};
    for (int p = 0; p < pages; p++) {
      DatapointTable.Builder b = DatapointTable.builder(SCHEMA);
      for (int i = 0; i < rowsPerPage; i++) {
        t += 1 + rnd.nextInt(5_000_000);
        double x = -180 + rnd.nextDouble() * 350;
        double y = -85 + rnd.nextDouble() * 160;
        double w = rnd.nextDouble() * 3;
        String wkt = switch (rnd.nextInt(4)) {
          case 0 -> null;
          case 1 -> String.format(Locale.ROOT, "POINT (%s %s)", x, y);
          case 2 -> String.format(Locale.ROOT, "LINESTRING (%s %s, %s %s, %s %s)", x, y, x + w, y - w / 2, x + w / 3, y + w);
          default -> String.format(Locale.ROOT, "POLYGON ((%s %s, %s %s, %s %s, %s %s, %s %s))",
              x, y, x + w, y, x + w, y + w, x, y + w, x, y);
        };
        Object[] values = {
            wkt,
            rnd.nextInt(10) == 0 ? null : rnd.nextDouble() * 100,
            rnd.nextInt(10) == 0 ? null : platforms[rnd.nextInt(platforms.length)],
            rnd.nextInt(10) == 0 ? null : (long) rnd.nextInt(233),
            rnd.nextInt(10) == 0 ? null : rnd.nextBoolean(),
            rnd.nextInt(10) == 0 ? null : java.time.Instant.ofEpochSecond(rnd.nextInt(2_000_000_000), rnd.nextInt(1_000_000) * 1000L),
            switch (rnd.nextInt(3)) {
              case 0 -> null;
              case 1 -> List.of();
              default -> List.of("t" + rnd.nextInt(5), "u" + rnd.nextInt(5));
            }};
        b.addRow(rnd.nextBoolean() ? "L1TP" : "L2SP", DatapointId.of(t, rnd.nextLong() >>> 16), t, t + 17, values);
      }
      out.add(b.build());
    }
    return out;
  }

  @Test
  void duckDbReadsEveryValueBackAndTheGeoMetadata() throws Exception {
    long seed = System.nanoTime();
    System.out.println("GeoParquetWriterTest seed " + seed);
    Random rnd = new Random(seed);
    List<DatapointTable> pages = randomPages(rnd, 1 + rnd.nextInt(4), 1 + rnd.nextInt(3000));
    DatapointTable all = DatapointTable.concat(pages);
    Path file = dir.resolve("out.parquet");
    ParquetCompression compression = ParquetCompression.values()[rnd.nextInt(3)];
    int rowGroup = 1 + rnd.nextInt(2500);
    try (GeoParquetWriter w = GeoParquetWriter.open(file, SCHEMA, COLUMNS, compression, rowGroup)) {
      pages.forEach(p -> {
        try {
          w.write(p);
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
    assertThat(Files.exists(dir.resolve("out.parquet.part"))).isFalse();

    try (Connection c = DriverManager.getConnection("jdbc:duckdb:")) {
      String f = file.toString().replace("'", "''");
      try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM read_parquet('" + f + "')")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo(all.size());
      }
      try (ResultSet rs = c.createStatement().executeQuery(
          "SELECT count(DISTINCT row_group_id) FROM parquet_metadata('" + f + "')")) {
        rs.next();
        assertThat(rs.getLong(1)).isEqualTo((all.size() + rowGroup - 1) / rowGroup);
      }
      try (ResultSet rs = c.createStatement().executeQuery(
          "SELECT column_name, column_type FROM (DESCRIBE SELECT * EXCLUDE (footprint) FROM read_parquet('" + f + "'))")) {
        StringBuilder types = new StringBuilder();
        while (rs.next()) {
          types.append(rs.getString(1)).append(' ').append(rs.getString(2)).append(';');
        }
        assertThat(types.toString()).isEqualTo("id BLOB;time TIMESTAMP WITH TIME ZONE;ingestion_time TIMESTAMP WITH TIME ZONE;"
            + "collection VARCHAR;cloud_cover DOUBLE;platform VARCHAR;wrs_path BIGINT;night BOOLEAN;"
            + "acquired TIMESTAMP WITH TIME ZONE;tags VARCHAR[];"
            + "bbox STRUCT(xmin DOUBLE, ymin DOUBLE, xmax DOUBLE, ymax DOUBLE);");
      }
      Envelope total = new Envelope();
      String sql = "SELECT hex(id), epoch_us(time), epoch_us(ingestion_time), collection, cloud_cover, platform, wrs_path, night,"
          + " epoch_us(acquired), array_to_string(tags, '|'), len(tags), footprint::BLOB,"
          + " bbox.xmin, bbox.ymin, bbox.xmax, bbox.ymax FROM read_parquet('" + f + "') ORDER BY file_row_number";
      try (ResultSet rs = c.createStatement().executeQuery(
          "SELECT * EXCLUDE (file_row_number) FROM (" + sql.replace("FROM read_parquet('" + f + "')",
              ", file_row_number FROM read_parquet('" + f + "', file_row_number = true)") + ")")) {
        int row = 0;
        HexFormat hex = HexFormat.of().withUpperCase();
        while (rs.next()) {
          DatapointId id = all.id(row);
          String expectedId = hex.formatHex(java.nio.ByteBuffer.allocate(16).putLong(id.hi()).putLong(id.lo()).array());
          assertThat(rs.getString(1)).as("id of row %d", row).isEqualTo(expectedId);
          assertThat(rs.getLong(2)).isEqualTo(all.timeMicros(row));
          assertThat(rs.getLong(3)).isEqualTo(all.ingestionTimeMicros(row));
          assertThat(rs.getString(4)).isEqualTo(all.collection(row));
          assertThat((Object) rs.getObject(5)).isEqualTo(all.column("cloud_cover").get(row));
          assertThat(rs.getString(6)).isEqualTo(all.column("platform").get(row));
          assertThat((Object) rs.getObject(7)).isEqualTo(all.column("wrs_path").get(row));
          assertThat((Object) rs.getObject(8)).isEqualTo(all.column("night").get(row));
          Object acquired = all.column("acquired").get(row);
          long acquiredUs = rs.getLong(9);
          assertThat(rs.wasNull() ? null : java.time.Instant.EPOCH.plus(java.time.Duration.of(acquiredUs, java.time.temporal.ChronoUnit.MICROS)))
              .isEqualTo(acquired);
          @SuppressWarnings("unchecked")
          List<String> tags = (List<String>) all.column("tags").get(row);
          assertThat((Object) rs.getObject(11)).isEqualTo(tags == null ? null : (long) tags.size());
          assertThat(rs.getString(10)).isEqualTo(tags == null || tags.isEmpty() ? null : String.join("|", tags)); // DuckDB joins no elements to NULL
          byte[] wkb = all.geometries("footprint").wkb(row);
          assertThat(rs.getBytes(12)).isEqualTo(wkb);
          Geometry g = all.geometries("footprint").get(row);
          if (g == null) {
            assertThat(rs.getObject(13)).isNull();
          } else {
            Envelope e = g.getEnvelopeInternal();
            total.expandToInclude(e);
            assertThat(new double[] {rs.getDouble(13), rs.getDouble(14), rs.getDouble(15), rs.getDouble(16)})
                .containsExactly(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY());
          }
          row++;
        }
        assertThat(row).isEqualTo(all.size());
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT value FROM parquet_kv_metadata(?) WHERE key = 'geo'")) {
        ps.setString(1, file.toString());
        try (ResultSet rs = ps.executeQuery()) {
          assertThat(rs.next()).isTrue();
          JsonNode geo = JSON.readTree(new String(rs.getBytes(1), StandardCharsets.UTF_8));
          assertThat(geo.path("version").asText()).isEqualTo("1.1.0");
          assertThat(geo.path("primary_column").asText()).isEqualTo("footprint");
          JsonNode col = geo.path("columns").path("footprint");
          assertThat(col.path("encoding").asText()).isEqualTo("WKB");
          assertThat(col.path("crs").path("id").path("code").asText()).isEqualTo("CRS84");
          assertThat(col.path("covering").path("bbox").path("xmin").toString()).isEqualTo("[\"bbox\",\"xmin\"]");
          if (!total.isNull()) {
            assertThat(col.path("bbox").toString()).isEqualTo(JSON.createArrayNode()
                .add(total.getMinX()).add(total.getMinY()).add(total.getMaxX()).add(total.getMaxY()).toString());
          }
          List<String> types = new ArrayList<>();
          for (int r = 0; r < all.size(); r++) {
            Geometry g = all.geometries("footprint").get(r);
            if (g != null && !types.contains(g.getGeometryType())) {
              types.add(g.getGeometryType());
            }
          }
          types.sort(null);
          List<String> written = new ArrayList<>();
          col.path("geometry_types").forEach(n -> written.add(n.asText()));
          assertThat(written).isEqualTo(types);
        }
      }
    }
  }

  @Test
  void unknownColumnsAndCompressionsAreTypedErrors() {
    assertThatThrownBy(() -> GeoParquetWriter.open(dir.resolve("x.parquet"), SCHEMA, List.of("nope"), ParquetCompression.ZSTD))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no field 'nope'");
    assertThatThrownBy(() -> ParquetCompression.parse("lz4"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("none, snappy, zstd");
  }
}
