package io.swath.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swath.client.DatasetsClient;
import io.swath.client.IngestResult;
import io.swath.client.Query;
import io.swath.columnar.GeoParquetWriter;
import io.swath.columnar.ParquetCompression;
import io.swath.core.demo.LandsatCatalog;
import io.swath.core.geo.Geometries;
import io.swath.core.schema.Field;
import io.swath.core.schema.Schema;
import io.swath.core.table.RowValues;
import io.swath.core.time.Times;
import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.locationtech.jts.geom.Geometry;

/**
 * {@code swath bench import}: the Landsat catalog, repeated year after year up to {@code rows}
 * datapoints, as STAC items in an NDJSON file; each run ingests that file into a new dataset
 * (timed), and ingests the GeoParquet export of the first of those datasets, the same rows, into
 * another new dataset (timed). The best run of each is reported.
 */
final class ImportBench {
  private static final long YEAR_US = 366L * 86_400_000_000L;
  private static final ObjectMapper JSON = new ObjectMapper();

  private ImportBench() {}

  static int run(String target, long rows, int runs, int concurrency, boolean json) throws Exception {
    if (rows < 1 || rows > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--datapoints must be between 1 and " + Integer.MAX_VALUE + " for import, got " + rows);
    }
    Path dir = Files.createTempDirectory("swath-bench-import");
    Path ndjson = dir.resolve("landsat.items.ndjson");
    Path parquet = dir.resolve("landsat.parquet");
    writeItems(ndjson, (int) rows);
    double bestNdjson = 0;
    double bestParquet = 0;
    double bestAgain = 0;
    double bestRead = 0;
    try (DatasetsClient client = DatasetsClient.connect(target)) {
      for (int run = 1; run <= runs; run++) {
        String fromNdjson = "bench.import.ndjson_" + run;
        long t0 = System.nanoTime();
        IngestResult n = StacIngest.ingest(client, fromNdjson, null, List.of(ndjson), false);
        double ndjsonS = (System.nanoTime() - t0) / 1e9;
        if (n.created() != rows) {
          throw new IllegalStateException("NDJSON ingest created " + n.created() + " datapoints of " + rows);
        }
        if (run == 1) {
          Schema schema = client.dataset(fromNdjson).info().schema();
          try (var pages = client.dataset(fromNdjson).queryPages(Query.all())) {
            GeoParquetWriter.writeAll(pages, parquet, schema, schema.fields().stream().map(Field::name).toList(), ParquetCompression.ZSTD);
          }
        }
        t0 = System.nanoTime();
        long read = 0;
        try (var r = io.swath.columnar.GeoParquetReader.open(parquet)) {
          Object[] row = new Object[r.columns().size()];
          while (r.next(row)) {
            read++;
          }
        }
        bestRead = Math.max(bestRead, read / ((System.nanoTime() - t0) / 1e9));
        String fromParquet = "bench.import.parquet_" + run;
        t0 = System.nanoTime();
        ParquetIngest.Result p = ParquetIngest.ingest(client, fromParquet, null, null, List.of(parquet), concurrency, false);
        double parquetS = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        ParquetIngest.Result again = ParquetIngest.ingest(client, fromParquet, null, null, List.of(parquet), concurrency, false);
        double againS = (System.nanoTime() - t0) / 1e9;
        if (p.created() != rows || again.existing() != rows) {
          throw new IllegalStateException("GeoParquet ingest created " + p.created() + " and found " + again.existing() + " of " + rows);
        }
        bestNdjson = Math.max(bestNdjson, rows / ndjsonS);
        bestParquet = Math.max(bestParquet, rows / parquetS);
        bestAgain = Math.max(bestAgain, rows / againS);
        if (!json) {
          System.out.printf(Locale.ROOT, "run %d: NDJSON %,.0f rows/s, GeoParquet %,.0f rows/s, GeoParquet again (all there) %,.0f rows/s%n",
              run, rows / ndjsonS, rows / parquetS, rows / againS);
        }
        client.deleteDataset(fromNdjson);
        client.deleteDataset(fromParquet);
      }
    }
    long ndjsonBytes = Files.size(ndjson);
    long parquetBytes = Files.size(parquet);
    Files.delete(ndjson);
    Files.delete(parquet);
    Files.delete(dir);
    if (json) {
      System.out.printf(Locale.ROOT, "{\"bench\":\"import.geoparquet\",\"rows\":%d,\"runs\":%d,\"concurrency\":%d,"
              + "\"ndjson_rows_per_s\":%.0f,\"parquet_rows_per_s\":%.0f,\"parquet_again_rows_per_s\":%.0f,\"ndjson_bytes\":%d,"
              + "\"parquet_bytes\":%d,\"parquet_read_only_rows_per_s\":%.0f}%n", rows, runs, concurrency, bestNdjson, bestParquet, bestAgain,
          ndjsonBytes, parquetBytes, bestRead);
    } else {
      System.out.printf(Locale.ROOT, "%,d Landsat datapoints, best of %d: NDJSON (%,d bytes) %,.0f rows/s; GeoParquet (%,d bytes) "
          + "%,.0f rows/s, again %,.0f rows/s; reading the GeoParquet file alone %,.0f rows/s%n", rows, runs, ndjsonBytes, bestNdjson,
          parquetBytes, bestParquet, bestAgain, bestRead);
    }
    return Main.OK;
  }

  /** The Landsat catalog repeated year after year up to {@code rows} items, as STAC items, one a line. */
  private static void writeItems(Path f, int rows) throws Exception {
    Schema schema = LandsatCatalog.schema();
    List<RowValues> year = new ArrayList<>(LandsatCatalog.totalSize());
    List<String> collections = new ArrayList<>(LandsatCatalog.totalSize());
    for (String c : LandsatCatalog.collections()) {
      LandsatCatalog.generate(c, r -> {
        year.add(r);
        collections.add(c);
      });
    }
    try (BufferedWriter w = Files.newBufferedWriter(f)) {
      for (int i = 0; i < rows; i++) {
        RowValues r = year.get(i % year.size());
        long t = r.timeMicros() + (i / year.size()) * YEAR_US;
        ObjectNode item = JSON.createObjectNode();
        item.put("type", "Feature").put("stac_version", "1.0.0").put("id", "LC08_" + i).put("collection", collections.get(i % year.size()));
        Object g = r.values()[0];
        Geometry geom = g instanceof Geometry gg ? gg : g instanceof byte[] wkb ? Geometries.fromWkb(wkb) : Geometries.fromWkt(g.toString());
        item.set("geometry", JSON.readTree(Geometries.toGeoJson(geom)));
        var env = geom.getEnvelopeInternal();
        item.putArray("bbox").add(env.getMinX()).add(env.getMinY()).add(env.getMaxX()).add(env.getMaxY());
        ObjectNode props = item.putObject("properties");
        props.put("datetime", Times.fromMicros(t).toString());
        for (int k = 1; k < schema.size(); k++) {
          Object v = r.values()[k];
          String name = schema.field(k).name();
          switch (v) {
            case null -> { }
            case Double d -> props.put(name, d);
            case Long l -> props.put(name, l);
            case Integer n -> props.put(name, n);
            case Boolean b -> props.put(name, b);
            case Instant in -> props.put(name, in.toString());
            default -> props.put(name, v.toString());
          }
        }
        item.putObject("assets");
        item.putArray("links");
        w.write(JSON.writeValueAsString(item));
        w.newLine();
      }
    }
  }
}
