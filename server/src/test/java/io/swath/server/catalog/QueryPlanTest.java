package io.swath.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.core.id.DatapointId;
import io.swath.core.schema.DatasetKind;
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
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQL of each query path, EXPLAINed on the real embedded PostgreSQL over enough datapoints
 * that a scan would be chosen without an index, takes the intended index; and its results equal
 * a brute-force answer over every stored row.
 */
class QueryPlanTest {
  private static final int ROWS = 120_000;
  private static final long COLLECTION = 7;
  private static final long START_US = 1_577_836_800_000_000L; // 2020-01-01
  private static final long SPAN_US = 6L * 365 * 86_400_000_000L;
  private static final long MONTH_US = 30L * 86_400_000_000L;

  @TempDir
  static Path dir;
  static Database db;
  static long[] times = new long[ROWS];
  static UUID[] ids = new UUID[ROWS];
  static double[][] boxes = new double[ROWS][];

  @BeforeAll
  static void load() throws Exception {
    db = Database.embedded(dir, 4);
    Random r = new Random(42);
    Double[] w = new Double[ROWS];
    Double[] s = new Double[ROWS];
    Double[] e = new Double[ROWS];
    Double[] n = new Double[ROWS];
    Long[] t = new Long[ROWS];
    for (int i = 0; i < ROWS; i++) {
      times[i] = START_US + (long) (r.nextDouble() * SPAN_US);
      ids[i] = DatapointId.of(times[i], r.nextLong()).toUuid();
      t[i] = times[i];
      if (i % 50 != 0) { // a few datapoints have no footprint
        double west = -180 + r.nextDouble() * 359;
        double south = -80 + r.nextDouble() * 159;
        boxes[i] = new double[] {west, south, Math.min(180, west + 1), Math.min(90, south + 1)};
        w[i] = boxes[i][0];
        s[i] = boxes[i][1];
        e[i] = boxes[i][2];
        n[i] = boxes[i][3];
      }
    }
    try (Connection c = db.connection();
         PreparedStatement ps = c.prepareStatement("INSERT INTO datapoints SELECT ?, i, t, t, w, s, e, n, ? "
             + "FROM unnest(?::uuid[], ?::int8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[]) AS u (i, t, w, s, e, n)")) {
      ByteSink empty = new ByteSink(16);
      RowCodec.encode(SCHEMA, new Object[0], empty);
      ps.setLong(1, COLLECTION);
      ps.setBytes(2, empty.toByteArray());
      ps.setArray(3, c.createArrayOf("uuid", ids));
      ps.setArray(4, c.createArrayOf("int8", t));
      ps.setArray(5, c.createArrayOf("float8", w));
      ps.setArray(6, c.createArrayOf("float8", s));
      ps.setArray(7, c.createArrayOf("float8", e));
      ps.setArray(8, c.createArrayOf("float8", n));
      ps.executeUpdate();
      try (Statement st = c.createStatement()) {
        // written around ingest, so the per-day counts ingest keeps are filled here
        st.execute("INSERT INTO datapoint_days SELECT collection_id, time_us / " + DatapointStore.DAY_US + ", count(*) "
            + "FROM datapoints GROUP BY 1, 2");
        st.execute("ANALYZE datapoints");
        st.execute("ANALYZE datapoint_days");
      }
    }
  }

  @AfterAll
  static void close() {
    db.close();
  }

  private static final Schema SCHEMA = Schema.of(List.of());

  private static QuerySpec spec(long loUs, long hiUs, double[] box, long limit, List<DatapointId> only) {
    return spec(loUs, hiUs, box, limit, only, null, false);
  }

  private static QuerySpec spec(long loUs, long hiUs, double[] box, long limit, List<DatapointId> only, RowPredicate exact,
                                boolean descending) {
    DatasetRecord d = new DatasetRecord(1, "plan.test.points", DatasetKind.SPATIOTEMPORAL, "", SCHEMA, 0, 0, null);
    return new QuerySpec(d, List.of(collection(d)), loUs, hiUs, box == null ? null : List.<double[]>of(box), exact, true, 1000, null, null, limit,
        descending, only);
  }

  /** The collection with the statistics the server keeps: count, first and last time, the box around its footprints. */
  private static CollectionRecord collection(DatasetRecord d) {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    double[] extent = {180, 90, -180, -90};
    for (int i = 0; i < ROWS; i++) {
      first = Math.min(first, times[i]);
      last = Math.max(last, times[i]);
      if (boxes[i] != null) {
        extent = new double[] {Math.min(extent[0], boxes[i][0]), Math.min(extent[1], boxes[i][1]), Math.max(extent[2], boxes[i][2]),
            Math.max(extent[3], boxes[i][3])};
      }
    }
    return new CollectionRecord(COLLECTION, d.slug(), "c", "", ROWS, first, last, "c",
        new io.swath.core.geo.BoundingBox(extent[0], extent[1], extent[2], extent[3]));
  }

  private static String explain(QuerySpec q) throws Exception {
    return explain(DatapointStore.buildSql(q, false));
  }

  private static String explain(String sql) throws Exception {
    StringBuilder plan = new StringBuilder();
    try (Connection c = db.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("EXPLAIN " + sql)) {
      while (rs.next()) {
        plan.append(rs.getString(1)).append('\n');
      }
    }
    return plan.toString();
  }

  private static final double[] PARIS = {1.7, 48.4, 3.0, 49.3};
  private static final double[] EUROPE = {-10, 35, 30, 70};

  @Test
  void aFieldFilterIsEvaluatedByTheDatabase() throws Exception {
    Schema schema = Schema.of(io.swath.core.schema.Field.of("cloud_cover", io.swath.core.schema.FieldType.FLOAT64),
        io.swath.core.schema.Field.of("platform", io.swath.core.schema.FieldType.STRING));
    DatasetRecord d = new DatasetRecord(2, "plan.test.fields", DatasetKind.TEMPORAL, "", schema, 0, 0, null);
    CollectionRecord col = new CollectionRecord(COLLECTION, d.slug(), "c", "", ROWS, null, null, "c", null);
    io.swath.core.filter.BoundFilter f = io.swath.core.filter.Cql2.parseText("cloud_cover < 1 AND NOT (platform = 'sentinel-2a')")
        .bind(schema);
    QuerySpec q = new QuerySpec(d, List.of(col), START_US, START_US + 12 * MONTH_US, null, f::test, false, 1000, null, null, 0,
        false, null, f.referencedFields(), null, FieldFilterSql.translate(f, schema));
    String plan = explain(DatapointStore.buildSql(q, true));
    // the year's rows come from the primary key, and the scan itself drops those the filter rejects
    assertThat(plan).contains("datapoints_pkey").doesNotContain("Seq Scan")
        .contains("field_nums[1] < '1'::double precision").contains("field_texts[2] <> 'sentinel-2a'::text");
    String count = explain(DatapointStore.candidatesSql(q, "", true));
    assertThat(count).contains("field_nums[1] < '1'::double precision");
  }

  @Test
  void placeOnlyUsesTheFootprintIndex() throws Exception {
    String plan = explain(spec(Long.MIN_VALUE, Long.MAX_VALUE, PARIS, 0, null));
    assertThat(plan).contains("datapoints_footprint_box").doesNotContain("Seq Scan");
  }

  @Test
  void placeAndTimeUseAnIndex() throws Exception {
    String plan = explain(spec(START_US + MONTH_US, START_US + 2 * MONTH_US, PARIS, 0, null));
    assertThat(plan).containsAnyOf("datapoints_footprint_box", "datapoints_pkey").doesNotContain("Seq Scan");
  }

  @Test
  void aSmallPlaceOverALongTimeRangeReadsTheFootprintIndexFirst() throws Exception {
    // PostgreSQL alone would guess the box keeps 0.5 % of the rows and read two years of the
    // primary key; the collection's statistics say the place is far more selective
    QuerySpec q = spec(START_US, START_US + 24 * MONTH_US, PARIS, 0, null);
    assertThat(DatapointStore.placeFirst(q)).isTrue();
    assertThat(explain(q)).contains("datapoints_footprint_box").doesNotContain("datapoints_pkey").doesNotContain("Seq Scan");
    assertThat(explain(DatapointStore.countSql(q, ""))).contains("datapoints_footprint_box").doesNotContain("Seq Scan");
  }

  @Test
  void aLargePlaceOverOneDayReadsTheTimeRangeFirst() throws Exception {
    QuerySpec q = spec(START_US + MONTH_US, START_US + MONTH_US + MONTH_US / 30, EUROPE, 0, null);
    assertThat(DatapointStore.placeFirst(q)).isFalse();
    assertThat(explain(q)).contains("datapoints_pkey").doesNotContain("Seq Scan");
  }

  @Test
  void timeOnlyUsesThePrimaryKey() throws Exception {
    String plan = explain(spec(START_US + MONTH_US, START_US + 2 * MONTH_US, null, 0, null));
    assertThat(plan).contains("datapoints_pkey").doesNotContain("Seq Scan");
  }

  @Test
  void idsUseThePrimaryKey() throws Exception {
    DatapointId id = new DatapointId(ids[5].getMostSignificantBits(), ids[5].getLeastSignificantBits());
    String plan = explain(spec(Long.MIN_VALUE, Long.MAX_VALUE, null, 0, List.of(id)));
    assertThat(plan).contains("datapoints_pkey").doesNotContain("Seq Scan");
  }

  @Test
  void placeWithALimitReadsInIdOrderWithoutSortingTheMatches() throws Exception {
    String plan = explain(spec(Long.MIN_VALUE, Long.MAX_VALUE, EUROPE, 100, null));
    assertThat(plan).contains("Limit").doesNotContain("Seq Scan");
  }

  @Test
  void aLimitWithAnExactTestReadsBoundedChunksAndEqualsABruteForceScan() throws Exception {
    long seed = System.nanoTime();
    System.out.println("QueryPlanTest chunked seed " + seed);
    Random r = new Random(seed);
    String plan = explain(DatapointStore.buildSql(spec(Long.MIN_VALUE, Long.MAX_VALUE, EUROPE, 100, null, row -> true, false),
        true, 256));
    assertThat(plan).contains("Limit").doesNotContain("Seq Scan");
    DatapointStore store = new DatapointStore(db, null, new QuerySlots(2, java.time.Duration.ofSeconds(10)));
    for (int k = 0; k < 12; k++) {
      int modulo = 1 + r.nextInt(k < 6 ? 4 : 400); // from most rows to rare ones: one chunk to many
      boolean descending = r.nextBoolean();
      long limit = 1 + r.nextInt(k % 2 == 0 ? 50 : 3000);
      double[] box = r.nextBoolean() ? EUROPE : null;
      RowPredicate exact = row -> Math.floorMod(row.id().getLeastSignificantBits(), modulo) == 0;
      List<UUID> expected = new ArrayList<>();
      for (int i = 0; i < ROWS; i++) {
        boolean inPlace = box == null || (boxes[i] != null && boxes[i][0] <= box[2] && boxes[i][2] >= box[0]
            && boxes[i][1] <= box[3] && boxes[i][3] >= box[1]);
        if (inPlace && Math.floorMod(ids[i].getLeastSignificantBits(), modulo) == 0) {
          expected.add(ids[i]);
        }
      }
      expected.sort(descending ? (a, b) -> DatapointStore.compareUnsigned(b, a) : DatapointStore::compareUnsigned);
      if (expected.size() > limit) {
        expected = expected.subList(0, (int) limit);
      }
      List<UUID> actual = new ArrayList<>();
      store.query(spec(Long.MIN_VALUE, Long.MAX_VALUE, box, limit, null, exact, descending), page -> {
        byte[] b = page.getIds().toByteArray();
        for (int i = 0; i < b.length; i += 16) {
          DatapointId id = DatapointId.fromBytes(b, i);
          actual.add(new UUID(id.hi(), id.lo()));
        }
      });
      assertThat(actual).as("seed %d, query %d (1 in %d, limit %d, descending %s)", seed, k, modulo, limit, descending)
          .isEqualTo(expected);
    }
  }

  @Test
  void countOfATimeRangeReadsOnlyThePrimaryKey() throws Exception {
    QuerySpec q = spec(START_US + MONTH_US, START_US + 13 * MONTH_US, null, 0, null);
    assertThat(explain(DatapointStore.countSql(q, ""))).contains("datapoints_pkey").doesNotContain("Seq Scan");
    try (Connection c = db.connection(); Statement st = c.createStatement()) {
      st.execute("VACUUM datapoints"); // sets the visibility map, as autovacuum does after inserts
    }
    assertThat(explain(DatapointStore.countSql(q, ""))).contains("Index Only Scan using datapoints_pkey");
  }

  @Test
  void countOfAYearReadsOnlyItsPartialDaysFromTheDatapoints() throws Exception {
    long day = DatapointStore.DAY_US;
    long lo = START_US + 400 * day + 12_345_678_901L; // inside a day
    long hi = lo + 365 * day + 3_600_000_000L;
    QuerySpec q = spec(lo, hi, null, 0, null);
    String sql = DatapointStore.daysCountSql(q);
    assertThat(sql).isNotNull();
    long firstWhole = Math.ceilDiv(lo, day) * day;
    long endWhole = Math.floorDiv(hi, day) * day;
    long inRange = 0;
    long inPartialDays = 0;
    for (long t : times) {
      if (t >= lo && t < hi) {
        inRange++;
        if (t < firstWhole || t >= endWhole) {
          inPartialDays++;
        }
      }
    }
    com.fasterxml.jackson.databind.JsonNode plan;
    try (Connection c = db.connection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)) {
      rs.next();
      plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(rs.getString(1)).path(0).path("Plan");
    }
    long[] read = new long[2]; // rows read from datapoints, from datapoint_days
    scanned(plan, read);
    assertThat(read[0]).as("datapoints rows read for a count of %d", inRange).isEqualTo(inPartialDays);
    assertThat(read[0]).isLessThan(inRange / 100);
    assertThat(read[1]).as("days read").isBetween(360L, 366L);
    assertThat(plan.toString()).doesNotContain("Seq Scan");
    assertThat(new DatapointStore(db, null, new QuerySlots(2, java.time.Duration.ofSeconds(10))).count(q, null)).hasValue(inRange);
  }

  /** Adds the rows each scan of a plan returned to {@code read[0]} (datapoints) or {@code read[1]} (datapoint_days). */
  private static void scanned(com.fasterxml.jackson.databind.JsonNode node, long[] read) {
    String relation = node.path("Relation Name").asText();
    if (node.path("Node Type").asText().endsWith("Scan") && !relation.isEmpty()) {
      long rows = node.path("Actual Rows").asLong() * Math.max(1, node.path("Actual Loops").asLong());
      read[relation.equals("datapoints") ? 0 : 1] += rows;
    }
    for (com.fasterxml.jackson.databind.JsonNode child : node.path("Plans")) {
      scanned(child, read);
    }
  }

  @Test
  void countOfAPlaceUsesTheFootprintIndex() throws Exception {
    for (QuerySpec q : List.of(spec(Long.MIN_VALUE, Long.MAX_VALUE, PARIS, 0, null),
        spec(START_US + MONTH_US, START_US + 2 * MONTH_US, PARIS, 0, null))) {
      assertThat(explain(DatapointStore.countSql(q, ""))).containsAnyOf("datapoints_footprint_box", "datapoints_pkey")
          .doesNotContain("Seq Scan");
    }
    // with an exact test: the footprints the boxes settle are counted in SQL, the rest read; both from the index
    QuerySpec europe = spec(Long.MIN_VALUE, Long.MAX_VALUE, EUROPE, 0, null);
    String within = DatapointStore.within(List.of(EUROPE));
    assertThat(explain(DatapointStore.countSql(europe, " AND " + within))).contains("datapoints_footprint_box")
        .doesNotContain("Seq Scan");
    assertThat(explain(DatapointStore.candidatesSql(europe, " AND NOT " + within, false))).contains("datapoints_footprint_box")
        .doesNotContain("Seq Scan");
  }

  @Test
  void theEstimateOfAParallelCountCoversEveryProcess() throws Exception {
    QuerySpec all = spec(Long.MIN_VALUE, Long.MAX_VALUE, null, 0, null);
    try (Connection c = db.connection(); Statement st = c.createStatement()) {
      c.setAutoCommit(false);
      // a parallel plan, as PostgreSQL picks for a large range: each scan's estimate is per process
      st.execute("SET LOCAL parallel_setup_cost = 0");
      st.execute("SET LOCAL parallel_tuple_cost = 0");
      st.execute("SET LOCAL min_parallel_index_scan_size = 0");
      st.execute("SET LOCAL min_parallel_table_scan_size = 0");
      st.execute("SET LOCAL max_parallel_workers_per_gather = 2");
      try (ResultSet rs = st.executeQuery("EXPLAIN (FORMAT JSON) " + DatapointStore.countSql(all, ""))) {
        rs.next();
        String json = rs.getString(1);
        assertThat(json).contains("Gather").contains("\"Parallel Aware\": true");
        double rows = DatapointStore.scanRows(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path(0).path("Plan"));
        assertThat(rows).isBetween(0.8 * ROWS, 4.0 * ROWS);
      }
      c.rollback();
    }
  }

  @Test
  void countEqualsABruteForceScan() throws Exception {
    long seed = System.nanoTime();
    System.out.println("QueryPlanTest count seed " + seed);
    Random r = new Random(seed);
    DatapointStore store = new DatapointStore(db, null, new QuerySlots(2, java.time.Duration.ofSeconds(10)));
    DatasetRecord d = new DatasetRecord(1, "plan.test.points", DatasetKind.SPATIOTEMPORAL, "", SCHEMA, 0, 0, null);
    CollectionRecord col = collection(d);
    for (int k = 0; k < 30; k++) {
      double west = -180 + r.nextDouble() * 340;
      double south = -85 + r.nextDouble() * 150;
      double[] box = r.nextInt(4) == 0 ? null
          : new double[] {west, south, Math.min(180, west + r.nextDouble() * 60), Math.min(90, south + r.nextDouble() * 40)};
      long lo = r.nextBoolean() ? Long.MIN_VALUE : START_US + (long) (r.nextDouble() * SPAN_US);
      long hi = r.nextBoolean() ? Long.MAX_VALUE : (lo == Long.MIN_VALUE ? START_US : lo) + (long) (r.nextDouble() * SPAN_US / 4);
      int modulo = 1 + r.nextInt(5);
      int kind = r.nextInt(3); // no exact test; a test on the id; a test on the id with the query box as sure box
      RowPredicate exact = kind == 0 ? null : row -> Math.floorMod(row.id().getLeastSignificantBits(), modulo) == 0;
      List<double[]> sure = kind == 2 && box != null ? List.<double[]>of(box) : null;
      QuerySpec q = new QuerySpec(d, List.of(col), lo, hi, box == null ? null : List.<double[]>of(box), exact, true, 1000, null, null, 0,
          false, null, exact == null ? null : new int[0], sure, null);
      long expected = 0;
      for (int i = 0; i < ROWS; i++) {
        boolean inTime = (lo == Long.MIN_VALUE || times[i] >= lo) && (hi == Long.MAX_VALUE || times[i] < hi);
        boolean inPlace = box == null || (boxes[i] != null && boxes[i][0] <= box[2] && boxes[i][2] >= box[0]
            && boxes[i][1] <= box[3] && boxes[i][3] >= box[1]);
        boolean settled = sure != null && boxes[i] != null && boxes[i][0] >= box[0] && boxes[i][2] <= box[2]
            && boxes[i][1] >= box[1] && boxes[i][3] <= box[3];
        if (inTime && inPlace && (exact == null || settled || Math.floorMod(ids[i].getLeastSignificantBits(), modulo) == 0)) {
          expected++;
        }
      }
      assertThat(store.count(q, null)).as("seed %d, count %d (kind %d, 1 in %d)", seed, k, kind, modulo).hasValue(expected);
    }
  }

  @Test
  void aCountOverItsBudgetStopsAndLeavesThePoolUsable() throws Exception {
    DatapointStore store = new DatapointStore(db, null, new QuerySlots(2, java.time.Duration.ofSeconds(10)));
    QuerySpec all = spec(Long.MIN_VALUE, Long.MAX_VALUE, null, 0, null);
    // a time-only count adds up per-day counts, too quick to overrun even this budget: the world box scans
    QuerySpec world = spec(Long.MIN_VALUE, Long.MAX_VALUE, new double[] {-180, -90, 180, 90}, 0, null);
    QuerySpec tested = spec(Long.MIN_VALUE, Long.MAX_VALUE, null, 0, null, row -> true, false);
    for (int i = 0; i < 6; i++) { // more than the pool's 4 connections: none may leak
      assertThat(store.count(i % 2 == 0 ? world : tested, java.time.Duration.ofNanos(1))).as("count %d", i).isEmpty();
    }
    assertThat(store.count(all, java.time.Duration.ofSeconds(30))).hasValue(ROWS);
    assertThat(store.count(tested, null)).hasValue(ROWS);
  }

  @Test
  void resultsEqualABruteForceScan() throws Exception {
    long seed = System.nanoTime();
    System.out.println("QueryPlanTest seed " + seed);
    Random r = new Random(seed);
    for (int k = 0; k < 40; k++) {
      double west = -180 + r.nextDouble() * 340;
      double south = -85 + r.nextDouble() * 150;
      double[] box = r.nextInt(4) == 0 ? null
          : new double[] {west, south, Math.min(180, west + r.nextDouble() * 30), Math.min(90, south + r.nextDouble() * 20)};
      long lo = r.nextBoolean() ? Long.MIN_VALUE : START_US + (long) (r.nextDouble() * SPAN_US);
      long hi = r.nextBoolean() ? Long.MAX_VALUE : (lo == Long.MIN_VALUE ? START_US : lo) + (long) (r.nextDouble() * SPAN_US / 4);
      long limit = r.nextInt(3) == 0 ? 1 + r.nextInt(200) : 0;
      QuerySpec q = spec(lo, hi, box, limit, null);
      List<UUID> expected = new ArrayList<>();
      for (int i = 0; i < ROWS; i++) {
        // the store bounds time through the id's millisecond prefix
        boolean inTime = (lo == Long.MIN_VALUE || DatapointStore.compareUnsigned(ids[i], DatapointId.lowerBound(lo).toUuid()) >= 0)
            && (hi == Long.MAX_VALUE || DatapointStore.compareUnsigned(ids[i], DatapointId.lowerBound(hi).toUuid()) < 0);
        boolean inPlace = box == null || (boxes[i] != null && boxes[i][0] <= box[2] && boxes[i][2] >= box[0]
            && boxes[i][1] <= box[3] && boxes[i][3] >= box[1]);
        if (inTime && inPlace) {
          expected.add(ids[i]);
        }
      }
      expected.sort(DatapointStore::compareUnsigned);
      if (limit > 0 && expected.size() > limit) {
        expected = expected.subList(0, (int) limit);
      }
      List<UUID> actual = new ArrayList<>();
      try (Connection c = db.connection(); Statement st = c.createStatement();
           ResultSet rs = st.executeQuery(DatapointStore.buildSql(q, false))) {
        while (rs.next()) {
          actual.add(rs.getObject(2, UUID.class));
        }
      }
      assertThat(actual).as("seed %d, query %d", seed, k).isEqualTo(expected);
    }
  }
}
