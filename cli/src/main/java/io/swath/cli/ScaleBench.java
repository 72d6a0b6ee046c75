package io.swath.cli;

import io.swath.client.CollectionClient;
import io.swath.client.DatasetClient;
import io.swath.client.DatasetSpec;
import io.swath.client.DatasetsClient;
import io.swath.client.Query;
import io.swath.client.stac.StacClient;
import io.swath.client.stac.StacPage;
import io.swath.client.stac.StacSearch;
import io.swath.core.demo.Sentinel2Catalog;
import io.swath.core.id.DatapointId;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import io.swath.core.table.DatapointTable;
import io.swath.core.table.RowValues;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.locationtech.jts.geom.Geometry;
import org.postgresql.PGConnection;

/**
 * {@code swath bench scale}: a seeded Sentinel-2-L2A-like catalog ingested through the SDK, then
 * seven place, time, field, id and count queries through the SDK, through STAC {@code /search}
 * and, on the same rows, through JDBC on a scratch PostgreSQL + PostGIS cluster (GiST on the
 * footprint, btree on time) that the benchmark starts and stops itself. Also the bytes each
 * datapoint takes in the server's database, with its indexes, against the peer's.
 */
final class ScaleBench {
  private static final String DATASET = "bench.scale.sentinel2_l2a";
  private static final String COLLECTION = "S2_L2A";
  private static final int BATCH = 50_000;
  /** Warm-up of each query: rounds until this much time has passed, at least one, at most {@link #MAX_WARM_UP_ROUNDS}. */
  private static final long WARM_UP_NANOS = 3_000_000_000L;
  private static final int MAX_WARM_UP_ROUNDS = 200;

  /** One query of the benchmark: the same question asked three ways. */
  private record Case(String name, Query swath, String sql, boolean count) {}

  private ScaleBench() {}

  /**
   * Runs the benchmark against the server at {@code target} (HTTP at {@code httpBase}) whose data
   * directory is {@code serverDir} (its embedded PostgreSQL is measured for the bytes a datapoint takes).
   */
  static int run(String target, String httpBase, java.nio.file.Path serverDir, long rows, long seed, int runs, boolean json)
      throws Exception {
    try (ScratchPostgis pg = ScratchPostgis.start();
         Connection db = pg.connect();
         DatasetsClient client = DatasetsClient.connect(target);
         StacClient stac = StacClient.open(httpBase)) {
      progress("scratch PostgreSQL 15 + PostGIS on 127.0.0.1:%d", pg.port());
      Schema schema = Sentinel2Catalog.schema();
      DatasetClient ds = client.createOrUpdateDataset(DatasetSpec.builder(DATASET).spatioTemporal()
          .description("Sentinel-2 L2A-like granules (generated, seed " + seed + ")").fields(schema.fields()).build());
      CollectionClient c = ds.createCollection(COLLECTION);
      createTable(db, schema);

      long[] nanos = new long[2];
      String[] someId = new String[1];
      DatapointId[] someDatapoint = new DatapointId[1];
      List<RowValues> batch = new ArrayList<>(BATCH);
      long[] done = {0};
      Sentinel2Catalog.generate(rows, seed, row -> {
        batch.add(row);
        if (batch.size() == BATCH) {
          load(batch, c, db, schema, nanos, someId, someDatapoint, rows, done);
        }
      });
      load(batch, c, db, schema, nanos, someId, someDatapoint, rows, done);
      double ingestRate = rows / (nanos[0] / 1e9);
      progress("ingested %,d datapoints through the SDK in %.1f s (%,.0f/s); PostGIS COPY %.1f s", rows, nanos[0] / 1e9, ingestRate,
          nanos[1] / 1e9);
      long t0 = System.nanoTime();
      try (Statement st = db.createStatement()) {
        st.execute("CREATE INDEX ON s2 USING gist (footprint)");
        st.execute("CREATE INDEX ON s2 (time)");
        st.execute("VACUUM ANALYZE s2");
      }
      double indexSeconds = (System.nanoTime() - t0) / 1e9;
      progress("PostGIS indexes and ANALYZE: %.1f s", indexSeconds);

      if (someDatapoint[0] == null) {
        throw new IllegalStateException("the ingest did not return one datapoint id per row: nothing to find by id");
      }
      String stacCollection = c.info().stacId();
      List<Case> cases = cases(someId[0]);
      Map<String, double[][]> times = new LinkedHashMap<>();
      Map<String, Long> counts = new LinkedHashMap<>();
      boolean[] stacCounted = {false, false}; // numberMatched used; numberMatched missing (paged instead)
      String mismatch = null;
      for (Case k : cases) {
        double[] swath = new double[runs];
        double[] stacT = new double[runs];
        double[] postgis = new double[runs];
        long[] n = new long[3];
        // warm-up: at least one round, more for quick queries (a find takes a millisecond, and its
        // first calls run the client's, the server's and the driver's code cold), the same for all
        // three sides
        long warmUntil = System.nanoTime() + WARM_UP_NANOS;
        int warmRounds = 0;
        for (int i = -1; i < runs; i++) { // i < 0: warm-up rounds
          if (i == 0 && warmRounds < MAX_WARM_UP_ROUNDS && System.nanoTime() < warmUntil) {
            i = -1; // another warm-up round
          }
          long s = System.nanoTime();
          n[0] = swath(c, k, someDatapoint[0], someId[0]);
          double a = (System.nanoTime() - s) / 1e9;
          s = System.nanoTime();
          n[1] = stac(stac, stacCollection, k, someDatapoint[0], stacCounted);
          double b = (System.nanoTime() - s) / 1e9;
          s = System.nanoTime();
          n[2] = postgis(db, k);
          double d = (System.nanoTime() - s) / 1e9;
          if (i < 0) {
            warmRounds++;
          } else {
            swath[i] = a;
            stacT[i] = b;
            postgis[i] = d;
          }
        }
        times.put(k.name, new double[][] {swath, stacT, postgis});
        counts.put(k.name, n[2]);
        progress("%-8s rows swath %,d, stac %,d, postgis %,d; median swath %.4f s, stac %.4f s, postgis %.4f s (after %d warm-up rounds)",
            k.name, n[0], n[1], n[2], median(swath), median(stacT), median(postgis), warmRounds);
        if ((n[0] != n[2] || n[1] != n[2]) && mismatch == null) {
          mismatch = k.name;
          System.err.printf(Locale.ROOT, "row counts differ on query '%s': swath %d, stac %d, postgis %d%n", k.name, n[0], n[1], n[2]);
        }
      }
      long[] swathBytes = swathBytes(serverDir);
      long postgisBytes;
      try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("SELECT pg_total_relation_size('s2')")) {
        rs.next();
        postgisBytes = rs.getLong(1);
      }
      progress("datapoints table %,d bytes with its indexes (%,d of them indexes) for %,d rows: %.0f bytes a datapoint; PostGIS %.0f",
          swathBytes[0] + swathBytes[1], swathBytes[1], swathBytes[2], (swathBytes[0] + swathBytes[1]) / (double) swathBytes[2],
          postgisBytes / (double) rows);
      StringBuilder out = new StringBuilder();
      out.append(String.format(Locale.ROOT, "{\"bench\":\"scale\",\"datapoints\":%d,\"seed\":%d,\"runs\":%d,\"ingest_datapoints_per_s\":%.0f,"
          + "\"postgis_copy_s\":%.3f,\"postgis_index_s\":%.3f,\"bytes_per_datapoint\":%.1f,\"table_bytes_per_datapoint\":%.1f,"
          + "\"index_bytes_per_datapoint\":%.1f,\"postgis_bytes_per_datapoint\":%.1f,\"stac_count_from_number_matched\":%s,\"queries\":{",
          rows, seed, runs, ingestRate, nanos[1] / 1e9, indexSeconds, (swathBytes[0] + swathBytes[1]) / (double) swathBytes[2],
          swathBytes[0] / (double) swathBytes[2], swathBytes[1] / (double) swathBytes[2], postgisBytes / (double) rows, stacCounted[0] && !stacCounted[1]));
      StringJoiner qs = new StringJoiner(",");
      double worst = 0;
      for (var e : times.entrySet()) {
        double[][] t = e.getValue();
        double ratio = median(t[0]) / median(t[2]);
        worst = Math.max(worst, ratio);
        qs.add(String.format(Locale.ROOT, "\"%s\":{\"swath_s\":%.6f,\"swath_best_s\":%.6f,\"stac_s\":%.6f,\"stac_best_s\":%.6f,"
            + "\"postgis_s\":%.6f,\"postgis_best_s\":%.6f,\"ratio\":%.3f,\"stac_ratio\":%.3f,\"rows\":%d}", e.getKey(), median(t[0]), best(t[0]),
            median(t[1]), best(t[1]), median(t[2]), best(t[2]), ratio, median(t[1]) / median(t[2]), counts.get(e.getKey())));
      }
      out.append(qs).append(String.format(Locale.ROOT, "},\"worst_ratio\":%.3f,\"counts_agree\":%s", worst, mismatch == null));
      if (mismatch != null) {
        out.append(",\"mismatch\":\"").append(mismatch).append('"');
      }
      out.append('}');
      if (json) {
        System.out.println(out);
      } else {
        System.out.printf(Locale.ROOT, "scale: %,d datapoints, ingest %,.0f/s, %.0f bytes a datapoint, worst swath/postgis ratio %.2f%s%n", rows,
            ingestRate, (swathBytes[0] + swathBytes[1]) / (double) swathBytes[2], worst,
            mismatch == null ? "" : "; row counts differ on '" + mismatch + "'");
      }
      return mismatch == null ? Main.OK : 1;
    }
  }

  /**
   * The seven queries. Paris box: 50 × 50 km around Notre-Dame; Europe: 10° W to 30° E, 35° N to
   * 60° N; {@code id} is the stac_id of one ingested row (the peer's primary key).
   */
  private static List<Case> cases(String id) {
    double[] paris = parisBox();
    String parisEnv = String.format(Locale.ROOT, "ST_MakeEnvelope(%f, %f, %f, %f, 4326)", paris[0], paris[1], paris[2], paris[3]);
    String cols = "id, time, ST_AsBinary(footprint) AS wkb, " + String.join(", ", fieldColumns());
    return List.of(
        new Case("day", Query.time("2022-06-15", "2022-06-16"),
            "SELECT " + cols + " FROM s2 WHERE time >= '2022-06-15Z' AND time < '2022-06-16Z' ORDER BY time", false),
        new Case("paris", Query.all().bbox(paris[0], paris[1], paris[2], paris[3]),
            "SELECT " + cols + " FROM s2 WHERE footprint && " + parisEnv + " AND ST_Intersects(footprint, " + parisEnv + ") ORDER BY time",
            false),
        new Case("paris_month", Query.time("2022-06-01", "2022-07-01").bbox(paris[0], paris[1], paris[2], paris[3]),
            "SELECT " + cols + " FROM s2 WHERE time >= '2022-06-01Z' AND time < '2022-07-01Z' AND footprint && " + parisEnv
                + " AND ST_Intersects(footprint, " + parisEnv + ") ORDER BY time", false),
        new Case("cloud", Query.time("2022-01-01", "2023-01-01").filter("cloud_cover < 1"),
            "SELECT " + cols + " FROM s2 WHERE time >= '2022-01-01Z' AND time < '2023-01-01Z' AND cloud_cover < 1 ORDER BY time", false),
        new Case("find", null, "SELECT " + cols + " FROM s2 WHERE id = '" + id.replace("'", "''") + "'", false),
        // the SDK's count; STAC's numberMatched
        new Case("count", Query.time("2022-01-01", "2023-01-01"),
            "SELECT count(*) FROM s2 WHERE time >= '2022-01-01Z' AND time < '2023-01-01Z'", true),
        new Case("europe", Query.all().bbox(-10, 35, 30, 60).limit(100),
            "SELECT " + cols + " FROM s2 WHERE footprint && ST_MakeEnvelope(-10, 35, 30, 60, 4326)"
                + " AND ST_Intersects(footprint, ST_MakeEnvelope(-10, 35, 30, 60, 4326)) ORDER BY time LIMIT 100", false));
  }

  /** West, south, east, north of a 50 km box centred on Paris (48.853° N, 2.349° E). */
  static double[] parisBox() {
    double lat = 48.853;
    double lon = 2.349;
    double dLat = 25.0 / 111.195;
    double dLon = dLat / Math.cos(Math.toRadians(lat));
    return new double[] {lon - dLon, lat - dLat, lon + dLon, lat + dLat};
  }

  private static long swath(CollectionClient c, Case k, DatapointId id, String stacId) {
    if (k.swath == null) {
      return stacId.equals(c.find(id).getString("stac_id")) ? 1 : 0;
    }
    if (k.count) {
      return c.count(k.swath);
    }
    DatapointTable t = c.query(k.swath);
    return t.size();
  }

  /**
   * The bytes of the server's datapoints table (heap, TOAST and maps; then its indexes) and its
   * rows, from the embedded PostgreSQL under {@code serverDir}. The table holds the benchmark's
   * collection only, so these are its datapoints' bytes.
   */
  private static long[] swathBytes(java.nio.file.Path serverDir) throws Exception {
    io.swath.server.db.Database.Login login = io.swath.server.db.Database.embeddedLogin(serverDir);
    try (Connection c = java.sql.DriverManager.getConnection(login.jdbcUrl(), login.user(), login.password());
         Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT pg_table_size('datapoints'), pg_indexes_size('datapoints'), "
             + "(SELECT count(*) FROM datapoints)")) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2), Math.max(1, rs.getLong(3))};
    }
  }

  private static long stac(StacClient stac, String collection, Case k, DatapointId id, boolean[] counted) {
    StacSearch search;
    if (k.swath == null) {
      search = StacSearch.of(Query.all().collections(collection)).ids(id.toUuid().toString());
    } else {
      Query q = k.swath.collections(collection).skipData(false);
      search = StacSearch.of(q).pageSize(1000).shards(1);
      if (k.swath.limitValue() > 0) {
        search = search.maxItems(k.swath.limitValue()).pageSize((int) Math.min(1000, k.swath.limitValue()));
      }
    }
    if (k.count) {
      // one item is enough to learn numberMatched, as STAC clients ask for it; else page through below
      StacPage first = stac.pages(search.pageSize(1)).iterator().next();
      if (first.numberMatched().isPresent()) {
        counted[0] = true;
        return first.numberMatched().getAsLong();
      }
      counted[1] = true;
    }
    long n = 0;
    for (StacPage p : stac.pages(search)) {   // stops at the search's maxItems
      n += p.items().size();
    }
    return n;
  }

  private static long postgis(Connection db, Case k) throws Exception {
    try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(k.sql)) {
      if (k.count) {
        rs.next();
        return rs.getLong(1);
      }
      long n = 0;
      int cols = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= cols; i++) {
          rs.getObject(i); // read every value, as a service would
        }
        n++;
      }
      return n;
    }
  }

  private static List<String> fieldColumns() {
    List<String> out = new ArrayList<>();
    for (Field f : Sentinel2Catalog.schema().fields()) {
      if (f.type() != FieldType.GEOMETRY && !f.name().equals("stac_id") && !f.name().equals("time")) {
        out.add(column(f.name()));
      }
    }
    return out;
  }

  private static String column(String field) {
    return field.equals("time") ? "time" : field.replace(':', '_');
  }

  private static void createTable(Connection db, Schema schema) throws Exception {
    StringJoiner cols = new StringJoiner(", ");
    cols.add("id text PRIMARY KEY").add("time timestamptz NOT NULL").add("footprint geometry(Geometry, 4326) NOT NULL");
    for (Field f : schema.fields()) {
      if (f.type() == FieldType.GEOMETRY || f.name().equals("stac_id") || f.name().equals("time")) {
        continue;
      }
      String type = switch (f.type()) {
        case INT64 -> "bigint";
        case FLOAT64 -> "double precision";
        case TIMESTAMP -> "timestamptz";
        default -> "text";
      };
      cols.add(column(f.name()) + " " + type);
    }
    try (Statement st = db.createStatement()) {
      st.execute("DROP TABLE IF EXISTS s2");
      st.execute("CREATE TABLE s2 (" + cols + ")");
    }
  }

  /** Ingests a batch through the SDK, then copies it into PostGIS; nanos[0] and nanos[1] add up each side's time. */
  private static void load(List<RowValues> batch, CollectionClient c, Connection db, Schema schema, long[] nanos, String[] someId,
                           DatapointId[] someDatapoint, long rows, long[] done) {
    if (batch.isEmpty()) {
      return;
    }
    try {
      long t0 = System.nanoTime();
      var result = c.ingest(batch, false);
      nanos[0] += System.nanoTime() - t0;
      if (someDatapoint[0] == null && !result.ids().isEmpty()) {
        int pick = batch.size() / 2;
        someDatapoint[0] = result.ids().size() == batch.size() ? result.ids().get(pick) : null;
        someId[0] = (String) batch.get(pick).values()[Sentinel2Catalog.STAC_ID];
      }
      t0 = System.nanoTime();
      StringBuilder copy = new StringBuilder(batch.size() * 600);
      List<Field> fields = schema.fields();
      for (RowValues r : batch) {
        Object[] v = r.values();
        copy.append(v[Sentinel2Catalog.STAC_ID]).append('\t').append(Instant.ofEpochSecond(0, r.timeMicros() * 1000)).append('\t')
            .append("SRID=4326;").append(((Geometry) v[Sentinel2Catalog.GEOMETRY]).toText());
        for (int i = 0; i < fields.size(); i++) {
          Field f = fields.get(i);
          if (f.type() == FieldType.GEOMETRY || f.name().equals("stac_id") || f.name().equals("time")) {
            continue;
          }
          copy.append('\t').append(v[i] == null ? "\\N" : v[i].toString());
        }
        copy.append('\n');
      }
      ((PGConnection) db.unwrap(PGConnection.class)).getCopyAPI().copyIn("COPY s2 FROM STDIN", new StringReader(copy.toString()));
      nanos[1] += System.nanoTime() - t0;
      done[0] += batch.size();
      progress("  %,d / %,d datapoints", done[0], rows);
      batch.clear();
    } catch (Exception e) {
      throw new IllegalStateException("loading the benchmark rows failed: " + e.getMessage(), e);
    }
  }

  private static double median(double[] xs) {
    double[] s = xs.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }

  private static double best(double[] xs) {
    return Arrays.stream(xs).min().orElseThrow();
  }

  private static void progress(String format, Object... args) {
    System.err.println(String.format(Locale.ROOT, format, args));
  }
}
