package io.swath.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.core.id.DatapointId;
import io.swath.core.schema.DatasetKind;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import io.swath.core.table.ByteSink;
import io.swath.core.table.RowCodec;
import io.swath.server.db.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-day counts of {@code datapoint_days} stay exact under every write of datapoints (ingest
 * with duplicates, concurrent ingest, delete by id, delete of collections and datasets), and a
 * time-range count made from them equals a brute-force {@code count(*)} over {@code time_us} for
 * random bounds: inside days, on midnights, open, empty.
 */
class DayCountTest {
  private static final long DAY = DatapointStore.DAY_US;
  private static final long START_US = 1_704_067_200_000_000L; // 2024-01-01
  private static final int DAYS = 40;

  @TempDir
  static Path dir;
  static Database db;
  static CatalogStore catalog;
  static DatapointStore store;

  @BeforeAll
  static void open() {
    db = Database.embedded(dir, 6);
    catalog = new CatalogStore(db);
    store = new DatapointStore(db, catalog);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static final List<Field> FIELDS = List.of(Field.of("n", FieldType.INT64));

  /** A time near the start: often a midnight or a microsecond either side of one. */
  private static long time(Random r) {
    long day = START_US + r.nextInt(DAYS) * DAY;
    return switch (r.nextInt(6)) {
      case 0 -> day;
      case 1 -> day - 1;
      case 2 -> day + 1;
      default -> day + (long) (r.nextDouble() * DAY);
    };
  }

  /** A lower or upper bound: open, a midnight (± 1 µs), or any instant; sometimes far outside the data. */
  private static long bound(Random r, boolean lower) {
    return switch (r.nextInt(7)) {
      case 0 -> lower ? Long.MIN_VALUE : Long.MAX_VALUE;
      case 1 -> lower ? 0 : DatapointId.MAX_TIME_US + 1;
      case 2 -> START_US + (r.nextInt(DAYS + 4) - 2) * DAY;
      case 3 -> START_US + (r.nextInt(DAYS + 4) - 2) * DAY + (r.nextBoolean() ? 1 : -1);
      default -> START_US + (long) ((r.nextDouble() * (DAYS + 4) - 2) * DAY);
    };
  }

  /** Ingests {@code times[i]} with content {@code values[i]}; returns the new ids' count. */
  private static long ingest(DatasetRecord d, String collection, long[] times, long[] values) throws Exception {
    Schema schema = d.schema();
    ByteSink rows = new ByteSink(64);
    int[] lengths = new int[times.length];
    for (int i = 0; i < times.length; i++) {
      int before = rows.size();
      RowCodec.encode(schema, new Object[] {values[i]}, rows);
      lengths[i] = rows.size() - before;
    }
    return store.ingest(d, collection, true, times, rows.toByteArray(), lengths).created();
  }

  /** Every collection's days equal a brute-force grouping of its datapoints. */
  private static void assertDaysExact(String context) throws Exception {
    String sql = "SELECT coalesce(a.collection_id, b.collection_id), coalesce(a.day, b.day), a.count, b.count "
        + "FROM (SELECT collection_id, day, count FROM datapoint_days) a FULL JOIN "
        + "(SELECT collection_id, (time_us / " + DAY + ")::int AS day, count(*) AS count FROM datapoints GROUP BY 1, 2) b "
        + "ON a.collection_id = b.collection_id AND a.day = b.day "
        + "WHERE a.count IS DISTINCT FROM b.count";
    List<String> wrong = new ArrayList<>();
    try (Connection c = db.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        wrong.add("collection " + rs.getLong(1) + " day " + rs.getInt(2) + ": kept " + rs.getObject(3) + ", stored " + rs.getObject(4));
      }
    }
    assertThat(wrong).as(context).isEmpty();
  }

  private static long bruteForce(long collectionId, long lo, long hi) throws Exception {
    try (Connection c = db.connection();
         PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM datapoints WHERE collection_id = ? AND time_us >= ? AND time_us < ?")) {
      ps.setLong(1, collectionId);
      ps.setLong(2, lo);
      ps.setLong(3, hi);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static QuerySpec spec(DatasetRecord d, List<CollectionRecord> cols, long lo, long hi) {
    return new QuerySpec(d, cols, lo, hi, null, null, true, 1000, null, null, 0);
  }

  @Test
  void countsFromDaysEqualABruteForceCountUnderRandomWrites() throws Exception {
    long seed = System.nanoTime();
    System.out.println("DayCountTest seed " + seed);
    Random r = new Random(seed);
    String[] slugs = {"daycount.a", "daycount.b"};
    String[] names = {"c0", "c1", "c2"};
    Map<String, DatasetRecord> datasets = new HashMap<>();
    // what was ingested, per dataset/collection: times and values, so re-ingests repeat datapoints
    Map<String, List<long[]>> written = new HashMap<>();
    for (int step = 0; step < 120; step++) {
      String slug = slugs[r.nextInt(slugs.length)];
      String name = names[r.nextInt(names.length)];
      String key = slug + "/" + name;
      DatasetRecord d = datasets.get(slug);
      if (d == null) {
        d = catalog.createDataset(slug, DatasetKind.TEMPORAL, "", FIELDS);
        datasets.put(slug, d);
      }
      int op = r.nextInt(20);
      String what;
      if (op < 12) { // ingest: new datapoints, repeats within the batch and of earlier batches
        int n = 1 + r.nextInt(r.nextBoolean() ? 20 : 400);
        long[] times = new long[n];
        long[] values = new long[n];
        List<long[]> before = written.computeIfAbsent(key, k -> new ArrayList<>());
        for (int i = 0; i < n; i++) {
          int kind = r.nextInt(10);
          if (kind == 0 && i > 0) {
            int j = r.nextInt(i);
            times[i] = times[j];
            values[i] = values[j];
          } else if (kind < 3 && !before.isEmpty()) {
            long[] old = before.get(r.nextInt(before.size()));
            times[i] = old[0];
            values[i] = old[1];
          } else {
            times[i] = time(r);
            values[i] = r.nextInt(1000); // equal times and values are one datapoint
          }
        }
        for (int i = 0; i < n; i++) {
          before.add(new long[] {times[i], values[i]});
        }
        what = "ingest " + n + " into " + key + ": " + ingest(d, name, times, values) + " new";
      } else if (op < 17) { // delete by id: stored ids and ids never stored
        CollectionRecord col;
        try {
          col = catalog.collection(slug, name);
        } catch (io.swath.core.error.NotFoundException e) {
          continue;
        }
        List<DatapointId> ids = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT id FROM datapoints WHERE collection_id = ? ORDER BY random() LIMIT ?")) {
          ps.setLong(1, col.id());
          ps.setInt(2, r.nextInt(60));
          try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
              java.util.UUID u = rs.getObject(1, java.util.UUID.class);
              ids.add(new DatapointId(u.getMostSignificantBits(), u.getLeastSignificantBits()));
            }
          }
        }
        for (int i = r.nextInt(5); i > 0; i--) {
          ids.add(DatapointId.of(time(r), r.nextLong()));
        }
        if (!ids.isEmpty() && r.nextBoolean()) {
          ids.add(ids.get(0)); // named twice
        }
        what = "delete " + ids.size() + " ids from " + key + ": " + store.delete(d, name, ids) + " deleted";
      } else if (op < 19) {
        try {
          what = "delete collection " + key + ": " + catalog.deleteCollection(slug, name) + " deleted";
        } catch (io.swath.core.error.NotFoundException e) {
          continue;
        }
        written.remove(key);
      } else {
        what = "delete dataset " + slug + ": " + catalog.deleteDataset(slug) + " deleted";
        datasets.remove(slug);
        written.keySet().removeIf(k -> k.startsWith(slug + "/"));
      }
      String context = "seed " + seed + ", step " + step + " (" + what + ")";
      assertDaysExact(context);
      // counts of random ranges over one collection and over all of a dataset's collections
      for (Map.Entry<String, DatasetRecord> e : datasets.entrySet()) {
        List<CollectionRecord> cols = catalog.listCollections(e.getKey());
        if (cols.isEmpty()) {
          continue;
        }
        for (int k = 0; k < 4; k++) {
          long lo = bound(r, true);
          long hi = bound(r, false);
          if (r.nextInt(8) == 0) {
            hi = lo; // empty
          }
          List<CollectionRecord> some = k == 0 ? cols : List.of(cols.get(r.nextInt(cols.size())));
          long expected = 0;
          for (CollectionRecord col : some) {
            expected += bruteForce(col.id(), Math.max(lo, 0), hi);
          }
          QuerySpec q = spec(e.getValue(), some, lo, hi);
          assertThat(store.count(q, null)).as("%s: count [%d, %d) over %d collections, %s", context, lo, hi, some.size(),
              DatapointStore.daysCountSql(q) == null ? "scanned" : "from days").hasValue(expected);
        }
      }
    }
  }

  @Test
  void theMigrationBackFillsTheDaysOfDatapointsStoredBeforeIt(@TempDir Path own) throws Exception {
    try (Database before = Database.embedded(own, 2)) {
      CatalogStore cat = new CatalogStore(before);
      DatapointStore st = new DatapointStore(before, cat);
      DatasetRecord d = cat.createDataset("daycount.backfill", DatasetKind.TEMPORAL, "", FIELDS);
      Random r = new Random(11);
      for (String name : List.of("x", "y")) {
        long[] times = new long[500];
        long[] values = new long[500];
        for (int i = 0; i < times.length; i++) {
          times[i] = time(r);
          values[i] = r.nextInt(50);
        }
        ByteSink rows = new ByteSink(64);
        int[] lengths = new int[times.length];
        for (int i = 0; i < times.length; i++) {
          int at = rows.size();
          RowCodec.encode(d.schema(), new Object[] {values[i]}, rows);
          lengths[i] = rows.size() - at;
        }
        st.ingest(d, name, true, times, rows.toByteArray(), lengths);
      }
      try (Connection c = before.connection(); Statement s = c.createStatement()) { // as it was before V14 (and V15)
        s.execute("DROP TABLE datapoint_days");
        s.execute("ALTER TABLE datapoints DROP COLUMN field_nums, DROP COLUMN field_texts");
        s.execute("DELETE FROM flyway_schema_history WHERE version IN ('14', '15')");
      }
    }
    try (Database after = Database.embedded(own, 2); Connection c = after.connection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM datapoint_days), (SELECT sum(count) FROM datapoint_days), "
             + "(SELECT count(*) FROM (SELECT DISTINCT collection_id, time_us / " + DAY + " FROM datapoints) x), "
             + "(SELECT count(*) FROM datapoints), (SELECT count(*) FROM (SELECT collection_id, day, count FROM datapoint_days "
             + "EXCEPT SELECT collection_id, (time_us / " + DAY + ")::int, count(*) FROM datapoints GROUP BY 1, 2) w)")) {
      rs.next();
      assertThat(rs.getLong(4)).isGreaterThan(500);
      assertThat(rs.getLong(1)).as("day rows").isEqualTo(rs.getLong(3));
      assertThat(rs.getLong(2)).as("datapoints in days").isEqualTo(rs.getLong(4));
      assertThat(rs.getLong(5)).as("days that differ").isZero();
    }
  }

  @Test
  void concurrentIngestsOfOverlappingBatchesKeepExactDays() throws Exception {
    DatasetRecord d = catalog.createDataset("daycount.concurrent", DatasetKind.TEMPORAL, "", FIELDS);
    Random r = new Random(7);
    int n = 2000;
    long[] times = new long[n];
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      times[i] = time(r);
      values[i] = i;
    }
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try {
      for (int round = 0; round < 3; round++) {
        List<Future<Long>> done = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
          int from = (t * n / 8 + round * 97) % n; // each batch overlaps its neighbours
          done.add(pool.submit(() -> {
            int len = n / 3;
            long[] bt = new long[len];
            long[] bv = new long[len];
            for (int i = 0; i < len; i++) {
              bt[i] = times[(from + i) % n];
              bv[i] = values[(from + i) % n];
            }
            return ingest(d, "c", bt, bv);
          }));
        }
        for (Future<Long> f : done) {
          f.get();
        }
        assertDaysExact("round " + round);
      }
    } finally {
      pool.shutdownNow();
    }
    CollectionRecord col = catalog.collection(d.slug(), "c");
    assertThat(store.count(spec(d, List.of(col), Long.MIN_VALUE, Long.MAX_VALUE), null))
        .hasValue(bruteForce(col.id(), 0, Long.MAX_VALUE));
  }
}
