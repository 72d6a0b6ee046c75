package io.swath.server.catalog;

import com.google.common.hash.Hasher;
import com.google.common.hash.HashFunction;
import com.google.common.hash.Hashing;
import com.google.protobuf.UnsafeByteOperations;
import io.swath.api.v1.DatapointPage;
import io.swath.core.error.AbortedException;
import io.swath.core.error.NotFoundException;
import io.swath.core.id.DatapointId;
import io.swath.core.retry.Retrier;
import io.swath.core.retry.RetryPolicy;
import io.swath.core.rules.StorageRules;
import io.swath.core.schema.Schema;
import io.swath.core.table.ByteSink;
import io.swath.core.table.RowCodec;
import io.swath.server.db.Database;
import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import org.postgresql.PGConnection;

/** Datapoints in PostgreSQL: atomic, idempotent batch ingest; streaming queries; find; delete. Thread-safe. */
public final class DatapointStore {
  /** Deadlocks and serialization failures (SQLState 40P01, 40001) rolled the batch back: it runs again, up to 8 times. */
  private static final Retrier CONFLICTS = Retrier.of(RetryPolicy.builder().maxAttempts(8)
      .initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(160)).build(),
      t -> t instanceof SQLException e && ("40P01".equals(e.getSQLState()) || "40001".equals(e.getSQLState()))
          ? new AbortedException("conflict with a concurrent write: " + e.getMessage(), e) : null);

  /** Most datapoints one ingest request may carry. */
  public static final int MAX_INGEST_BATCH = 100_000;
  /** Most bytes of encoded rows one result page carries. */
  public static final int MAX_PAGE_BYTES = 4 << 20;
  private static final HashFunction HASH = Hashing.murmur3_128(0x5a17);
  private final Database db;
  private final CatalogStore catalog;
  private final QuerySlots slots;

  /** A store whose long reads share {@link QuerySlots#forPool} slots of the pool, waiting at most 10 s for one. */
  public DatapointStore(Database db, CatalogStore catalog) {
    this(db, catalog, new QuerySlots(QuerySlots.forPool(db.maxConnections()), java.time.Duration.ofSeconds(10)));
  }

  /** A store whose query streams and searches take turns through {@code slots}. */
  public DatapointStore(Database db, CatalogStore catalog, QuerySlots slots) {
    this.db = db;
    this.catalog = catalog;
    this.slots = slots;
  }

  /** The admission every caller of {@link #query} takes a slot from first. */
  public QuerySlots slots() {
    return slots;
  }

  /** What an ingest did. */
  public record IngestResult(long created, long existing, byte[] ids) {}

  /**
   * Validates and stores a batch atomically. Datapoints already stored (same time and same
   * content, hence the same id) are counted as existing and left untouched.
   */
  public IngestResult ingest(DatasetRecord d, String collection, boolean createCollection, long[] timeUs, byte[] rows,
                             int[] lengths) throws SQLException {
    int n = timeUs.length;
    if (n == 0) {
      return new IngestResult(0, 0, new byte[0]);
    }
    if (n > MAX_INGEST_BATCH) {
      throw new IllegalArgumentException("an ingest request may carry at most " + MAX_INGEST_BATCH + " datapoints, got " + n
          + "; split it into batches");
    }
    if (lengths.length != n) {
      throw new IllegalArgumentException("page has " + n + " times but " + lengths.length + " row lengths");
    }
    Batch batch = Batch.validate(d.schema(), timeUs, rows, lengths);
    CollectionRecord col = createCollection ? catalog.createCollection(d.slug(), collection, "", true)
        : catalog.collection(d.slug(), collection);
    // Concurrent batches that share datapoints can deadlock on the unique index; the batch is
    // idempotent, so PostgreSQL aborting one of them is answered by running it again (CONFLICTS).
    return CONFLICTS.call(attempt -> ingestOnce(d, col, batch, n, attempt > 1));
  }

  private IngestResult ingestOnce(DatasetRecord d, CollectionRecord col, Batch batch, int n, boolean merge) throws SQLException {
    try (Connection c = db.connection()) {
      c.setAutoCommit(false);
      try {
        java.util.TreeMap<Integer, Long> days = new java.util.TreeMap<>();
        long created;
        if (merge) {
          created = insertMerging(c, col.id(), batch, days);
        } else {
          try {
            created = insertNew(c, col.id(), batch, days);
          } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) {
              throw e;
            }
            // a concurrent ingest stored some of the same datapoints first: merge instead
            c.rollback();
            days.clear();
            created = insertMerging(c, col.id(), batch, days);
          }
        }
        if (created > 0) {
          // count and footprint extent (least/greatest skip nulls: a batch without footprints keeps the extent),
          // and how far STAC time ranges reach from their times (unknown stays unknown, unless the collection was empty)
          double[] box = batch.extent();
          long[] spread = timeRangeSpread(d, batch);
          try (PreparedStatement ps = c.prepareStatement("UPDATE collections SET count = count + ?, west = least(west, ?), "
              + "south = least(south, ?), east = greatest(east, ?), north = greatest(north, ?), "
              + "range_before_us = CASE WHEN count = 0 THEN ? WHEN range_before_us IS NULL THEN NULL ELSE greatest(range_before_us, ?) END, "
              + "range_after_us = CASE WHEN count = 0 THEN ? WHEN range_after_us IS NULL THEN NULL ELSE greatest(range_after_us, ?) END "
              + "WHERE id = ?")) {
            ps.setLong(1, created);
            for (int k = 0; k < 4; k++) {
              if (box == null) {
                ps.setNull(2 + k, java.sql.Types.DOUBLE);
              } else {
                ps.setDouble(2 + k, box[k]);
              }
            }
            ps.setLong(6, spread[0]);
            ps.setLong(7, spread[0]);
            ps.setLong(8, spread[1]);
            ps.setLong(9, spread[1]);
            ps.setLong(10, col.id());
            ps.executeUpdate();
          }
          // after the collection's row: its lock orders concurrent writes of the collection's days
          addDays(c, col.id(), days, 1);
        }
        if (d.fromStac()) {
          indexStacIds(c, d, col.id(), batch);
        }
        c.commit();
        return new IngestResult(created, n - created, batch.ids);
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /**
   * Skips ids already stored, then COPYs the rest straight into the table. Existing ids come
   * from one index range scan over the batch's id range (empty for new data); when that range
   * holds many other datapoints, from one index probe per id instead.
   */
  private long insertNew(Connection c, long collectionId, Batch b, java.util.Map<Integer, Long> days) throws SQLException {
    java.util.Set<UUID> existing = new java.util.HashSet<>();
    UUID lo = b.uuid(0);
    UUID hi = lo;
    for (int i = 1; i < b.size(); i++) {
      UUID u = b.uuid(i);
      if (compareUnsigned(u, lo) < 0) {
        lo = u;
      }
      if (compareUnsigned(u, hi) > 0) {
        hi = u;
      }
    }
    int cap = 4 * b.size() + 1000;
    boolean tooMany = false;
    try (PreparedStatement ps = c.prepareStatement(
        "SELECT id FROM datapoints WHERE collection_id = ? AND id >= ? AND id <= ? ORDER BY id LIMIT ?")) {
      ps.setLong(1, collectionId);
      ps.setObject(2, lo);
      ps.setObject(3, hi);
      ps.setInt(4, cap + 1);
      try (ResultSet rs = ps.executeQuery()) {
        int rows = 0;
        while (rs.next()) {
          existing.add(rs.getObject(1, UUID.class));
          rows++;
        }
        tooMany = rows > cap;
      }
    }
    if (tooMany) {
      existing.clear();
      try (PreparedStatement ps = c.prepareStatement("SELECT id FROM datapoints WHERE collection_id = ? AND id = ANY (?)")) {
        ps.setLong(1, collectionId);
        ps.setArray(2, c.createArrayOf("uuid", b.uuids()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            existing.add(rs.getObject(1, UUID.class));
          }
        }
      }
    }
    java.util.Set<UUID> batchIds = new java.util.HashSet<>(b.size() * 2);
    for (int i = 0; i < b.size(); i++) {
      batchIds.add(b.uuid(i));
    }
    existing.retainAll(batchIds);
    java.util.Set<UUID> seen = new java.util.HashSet<>(existing);
    boolean[] keep = new boolean[b.size()];
    int count = 0;
    for (int i = 0; i < keep.length; i++) {
      keep[i] = seen.add(b.uuid(i));
      if (keep[i]) {
        count++;
      }
    }
    if (count == 0) {
      return 0;
    }
    copyIn(c, "COPY datapoints FROM STDIN (FORMAT binary)", b.copyStream(collectionId, keep));
    for (int i = 0; i < keep.length; i++) {
      if (keep[i]) {
        days.merge(day(b.time[i]), 1L, Long::sum);
      }
    }
    return count;
  }

  /**
   * How far the {@code start_datetime} of the batch's STAC items lies before their times and their
   * {@code end_datetime} after (microseconds, at least 0; see {@link io.swath.core.stac.StacTimeRanges});
   * {0, 0} for datasets whose items have no ranges.
   */
  static long[] timeRangeSpread(DatasetRecord d, Batch b) {
    long[] out = {0, 0};
    int[] f = d.fromStac() ? io.swath.core.stac.StacTimeRanges.fields(d.schema(), d.stacMapping()) : null;
    if (f == null) {
      return out;
    }
    for (int i = 0; i < b.size(); i++) {
      Long start = io.swath.core.stac.StacTimeRanges.micros(RowCodec.decodeField(d.schema(), b.rows, b.offsets[i], b.lengths[i], f[0]));
      Long end = io.swath.core.stac.StacTimeRanges.micros(RowCodec.decodeField(d.schema(), b.rows, b.offsets[i], b.lengths[i], f[1]));
      if (start != null && end != null) {
        out[0] = Math.max(out[0], saturatedSub(b.time[i], start));
        out[1] = Math.max(out[1], saturatedSub(end, b.time[i]));
      }
    }
    return out;
  }

  private static long saturatedSub(long a, long b) {
    long r = a - b;
    return ((a ^ b) & (a ^ r)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
  }

  /**
   * How far STAC time ranges reach from their times in these collections, now: {before, after}
   * in microseconds (the largest of any of them), or null when some collection does not know
   * (it holds items written before this was recorded).
   */
  public long[] timeRangeSpread(List<Long> collectionIds) throws SQLException {
    try (Connection c = db.connection();
         PreparedStatement ps = c.prepareStatement("SELECT coalesce(max(range_before_us), 0), coalesce(max(range_after_us), 0), "
             + "bool_or(range_before_us IS NULL OR range_after_us IS NULL) FROM collections WHERE id = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("bigint", collectionIds.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(3) ? null : new long[] {rs.getLong(1), rs.getLong(2)};
      }
    }
  }

  /** Records the STAC item id of every datapoint of the batch (the latest ingest of an item id wins). */
  private static void indexStacIds(Connection c, DatasetRecord d, long collectionId, Batch b) throws SQLException {
    int field = d.schema().indexOf(io.swath.core.stac.StacSchemas.STAC_ID);
    if (field < 0) {
      return;
    }
    // sorted, so concurrent batches that share item ids lock them in the same order
    java.util.Map<String, UUID> byItem = new java.util.TreeMap<>();
    for (int i = 0; i < b.size(); i++) {
      if (RowCodec.decodeField(d.schema(), b.rows, b.offsets[i], b.lengths[i], field) instanceof String id) {
        byItem.put(id, b.uuid(i));
      }
    }
    if (byItem.isEmpty()) {
      return;
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO stac_items (collection_id, stac_id, id) "
        + "SELECT ?, s, i FROM unnest(?::text[], ?::uuid[]) AS u (s, i) "
        + "ON CONFLICT (collection_id, stac_id) DO UPDATE SET id = excluded.id")) {
      ps.setLong(1, collectionId);
      ps.setArray(2, c.createArrayOf("text", byItem.keySet().toArray()));
      ps.setArray(3, c.createArrayOf("uuid", byItem.values().toArray()));
      ps.executeUpdate();
    }
  }

  /**
   * The datapoint ids of STAC items by item id, in the given collections: collection id to
   * (item id to datapoint id). Item ids not found are left out.
   */
  public java.util.Map<Long, java.util.Map<String, DatapointId>> stacItemIds(List<Long> collectionIds, List<String> itemIds)
      throws SQLException {
    java.util.Map<Long, java.util.Map<String, DatapointId>> out = new java.util.HashMap<>();
    try (Connection c = db.connection();
         PreparedStatement ps = c.prepareStatement("SELECT collection_id, stac_id, id FROM stac_items "
             + "WHERE collection_id = ANY (?) AND stac_id = ANY (?)")) {
      ps.setArray(1, c.createArrayOf("bigint", collectionIds.toArray()));
      ps.setArray(2, c.createArrayOf("text", itemIds.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          UUID u = rs.getObject(3, UUID.class);
          out.computeIfAbsent(rs.getLong(1), k -> new java.util.HashMap<>())
              .put(rs.getString(2), new DatapointId(u.getMostSignificantBits(), u.getLeastSignificantBits()));
        }
      }
    }
    return out;
  }

  /**
   * The slow, race-proof path: stage the batch and insert with ON CONFLICT DO NOTHING. Adds the
   * datapoints inserted per day to {@code days}.
   */
  private long insertMerging(Connection c, long collectionId, Batch b, java.util.Map<Integer, Long> days) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TEMP TABLE IF NOT EXISTS ingest_stage (LIKE datapoints) ON COMMIT DELETE ROWS");
    }
    boolean[] all = new boolean[b.size()];
    java.util.Arrays.fill(all, true);
    copyIn(c, "COPY ingest_stage FROM STDIN (FORMAT binary)", b.copyStream(collectionId, all));
    long created = 0;
    try (Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("WITH ins AS (INSERT INTO datapoints SELECT * FROM ingest_stage ORDER BY id "
             + "ON CONFLICT DO NOTHING RETURNING time_us) SELECT time_us / " + DAY_US + ", count(*) FROM ins GROUP BY 1")) {
      while (rs.next()) {
        days.merge(rs.getInt(1), rs.getLong(2), Long::sum);
        created += rs.getLong(2);
      }
    }
    return created;
  }

  /** Microseconds in a UTC day: {@code datapoint_days} counts datapoints per {@code time_us / DAY_US}. */
  static final long DAY_US = 86_400_000_000L;

  /** The day of {@code datapoint_days} a datapoint at {@code timeUs} (at least 0) is counted in. */
  static int day(long timeUs) {
    return (int) (timeUs / DAY_US);
  }

  /**
   * Adds {@code sign} times each day's count to the collection's rows of {@code datapoint_days}, in
   * ascending day order (concurrent writers of one collection lock its days in the same order).
   * Days whose count drops to 0 are removed.
   */
  static void addDays(Connection c, long collectionId, java.util.SortedMap<Integer, Long> days, int sign) throws SQLException {
    if (days.isEmpty()) {
      return;
    }
    Integer[] d = days.keySet().toArray(new Integer[0]);
    Long[] n = new Long[d.length];
    int i = 0;
    for (long v : days.values()) {
      n[i++] = sign * v;
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO datapoint_days AS t (collection_id, day, count) "
        + "SELECT ?, d, n FROM unnest(?::int4[], ?::int8[]) AS u (d, n) ORDER BY d "
        + "ON CONFLICT (collection_id, day) DO UPDATE SET count = t.count + excluded.count")) {
      ps.setLong(1, collectionId);
      ps.setArray(2, c.createArrayOf("int4", d));
      ps.setArray(3, c.createArrayOf("int8", n));
      ps.executeUpdate();
    }
    if (sign < 0) {
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM datapoint_days WHERE collection_id = ? AND day = ANY (?) AND count <= 0")) {
        ps.setLong(1, collectionId);
        ps.setArray(2, c.createArrayOf("int4", d));
        ps.executeUpdate();
      }
    }
  }

  private static void copyIn(Connection c, String sql, java.io.InputStream stream) throws SQLException {
    try {
      c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql, stream, 1 << 16);
    } catch (IOException e) {
      throw new SQLException("COPY failed: " + e.getMessage(), e);
    }
  }

  /** A validated ingest batch: ids, footprint boxes and row slices. */
  static final class Batch {
    final long[] time;
    final byte[] rows;
    final int[] offsets;
    final int[] lengths;
    final byte[] ids;
    final double[] boxes; // 4 per row, NaN when no footprint
    final long ingestionUs;
    final Schema schema;

    private Batch(Schema schema, long[] time, byte[] rows, int[] offsets, int[] lengths, byte[] ids, double[] boxes,
                  long ingestionUs) {
      this.schema = schema;
      this.time = time;
      this.rows = rows;
      this.offsets = offsets;
      this.lengths = lengths;
      this.ids = ids;
      this.boxes = boxes;
      this.ingestionUs = ingestionUs;
    }

    static Batch validate(Schema schema, long[] timeUs, byte[] rows, int[] lengths) {
      int n = timeUs.length;
      int[] offsets = new int[n];
      byte[] ids = new byte[n * 16];
      double[] boxes = new double[n * 4];
      double[] env = new double[4];
      int off = 0;
      for (int i = 0; i < n; i++) {
        int len = lengths[i];
        if (len < 0 || off + len > rows.length) {
          throw new IllegalArgumentException("datapoint " + i + ": row length " + len + " runs past the end of the page");
        }
        boolean hasFootprint;
        try {
          StorageRules.checkDatapointTime(timeUs[i]);
          hasFootprint = StorageRules.checkRow(schema, rows, off, len, env);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("datapoint " + i + ": " + e.getMessage(), e);
        }
        DatapointId id = DatapointId.of(timeUs[i], HASH.newHasher().putLong(timeUs[i]).putBytes(rows, off, len).hash().asLong());
        writeLong(ids, i * 16, id.hi());
        writeLong(ids, i * 16 + 8, id.lo());
        for (int k = 0; k < 4; k++) {
          boxes[i * 4 + k] = hasFootprint ? env[k] : Double.NaN;
        }
        offsets[i] = off;
        off += len;
      }
      if (off != rows.length) {
        throw new IllegalArgumentException("page has " + (rows.length - off) + " bytes after its last row");
      }
      return new Batch(schema, timeUs, rows, offsets, lengths, ids, boxes, io.swath.core.time.Times.micros(java.time.Instant.now()));
    }

    int size() {
      return time.length;
    }

    /** Row positions sorted by id (unsigned, as PostgreSQL orders uuids). */
    int[] idOrder() {
      Integer[] order = new Integer[size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      java.util.Arrays.sort(order, (a, b) -> {
        int c = Long.compareUnsigned(readLong(ids, a * 16), readLong(ids, b * 16));
        return c != 0 ? c : Long.compareUnsigned(readLong(ids, a * 16 + 8), readLong(ids, b * 16 + 8));
      });
      int[] out = new int[order.length];
      for (int i = 0; i < out.length; i++) {
        out[i] = order[i];
      }
      return out;
    }

    /** The box around every footprint of the batch (west, south, east, north), or null when none has one. */
    double[] extent() {
      double[] e = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
      boolean any = false;
      for (int i = 0; i < size(); i++) {
        if (Double.isNaN(boxes[i * 4])) {
          continue;
        }
        any = true;
        e[0] = Math.min(e[0], boxes[i * 4]);
        e[1] = Math.min(e[1], boxes[i * 4 + 1]);
        e[2] = Math.max(e[2], boxes[i * 4 + 2]);
        e[3] = Math.max(e[3], boxes[i * 4 + 3]);
      }
      return any ? e : null;
    }

    UUID uuid(int i) {
      return new UUID(readLong(ids, i * 16), readLong(ids, i * 16 + 8));
    }

    UUID[] uuids() {
      UUID[] out = new UUID[size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = uuid(i);
      }
      return out;
    }

    java.io.InputStream copyStream(long collectionId, boolean[] keep) {
      CopyBinary.Writer copy = new CopyBinary.Writer(rows.length + size() * 200 + 64);
      FieldValues fields = new FieldValues(schema);
      // rows go in id order, so concurrent batches sharing datapoints take index locks in the
      // same order and wait for each other instead of deadlocking
      for (int i : idOrder()) {
        if (!keep[i]) {
          continue;
        }
        copy.tuple(11);
        copy.int8(collectionId);
        copy.uuid(readLong(ids, i * 16), readLong(ids, i * 16 + 8));
        copy.int8(time[i]);
        copy.int8(ingestionUs);
        for (int k = 0; k < 4; k++) {
          copy.float8(boxes[i * 4 + k]);
        }
        copy.bytea(rows, offsets[i], lengths[i]);
        fields.write(copy, rows, offsets[i], lengths[i]);
      }
      return copy.finishAsStream();
    }
  }

  /** Orders UUIDs as PostgreSQL does: unsigned, byte by byte. */
  static int compareUnsigned(UUID a, UUID b) {
    int c = Long.compareUnsigned(a.getMostSignificantBits(), b.getMostSignificantBits());
    return c != 0 ? c : Long.compareUnsigned(a.getLeastSignificantBits(), b.getLeastSignificantBits());
  }

  private static long readLong(byte[] b, int o) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[o + i] & 0xFFL);
    }
    return v;
  }

  private static void writeLong(byte[] b, int o, long v) {
    for (int i = 7; i >= 0; i--) {
      b[o + 7 - i] = (byte) (v >>> (8 * i));
    }
  }

  /** Receives result pages; may block to apply backpressure. */
  @FunctionalInterface
  public interface PageSink {
    /** Takes one page. */
    void accept(DatapointPage page) throws InterruptedException;
  }

  /**
   * Streams the datapoints matching {@code q}, in id (= time) order, as pages. The caller holds a
   * slot of {@link #slots()}. When {@code sink} throws, the stream stops and the connection is
   * released at once (dropped from the pool when much of the result was left unread).
   */
  public void query(QuerySpec q, PageSink sink) throws SQLException, InterruptedException {
    List<String> names = q.collections().stream().map(CollectionRecord::name).toList();
    boolean needPayload = !q.skipData() || exactReadsPayload(q);
    // A limit with an exact test cannot go into SQL as it is (the test drops rows), and reading
    // the whole match set sorts all of it: read bounded chunks in id order instead, each resuming
    // after the last row read, until the limit is met. Across collections the same id may occur
    // twice, so resuming by id is safe for one collection only.
    boolean chunked = q.limit() > 0 && q.exact() != null && q.collections().size() == 1;
    long chunk = chunked ? Math.max(256, Math.min(q.limit() * 2, MAX_CHUNK)) : 0;
    Connection c = db.connection();
    boolean evicted = false;
    try {
      c.setAutoCommit(false);
      if (chunked) {
        // one snapshot across the chunks' statements
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      }
      PageBuilder page = new PageBuilder(names, q.pageSize(), !q.skipData());
      PayloadRow row = new PayloadRow(q.dataset().schema());
      long emitted = 0;
      byte[] payload = new byte[256];
      QuerySpec part = q;
      boolean more = true;
      while (more) {
        String sql = chunked ? buildSql(part, needPayload, chunk) : buildSql(q, needPayload);
        CopyBinary.Reader r = null;
        long read = 0;
        long lastHi = 0;
        long lastLo = 0;
        try {
          r = new CopyBinary.Reader(c.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY (" + sql + ") TO STDOUT (FORMAT binary)"));
          while (r.next() >= 0) {
            int ci = r.int4();
            r.expect(16);
            long hi = r.rawLong();
            long lo = r.rawLong();
            long time = r.int8();
            long ingest = r.int8();
            int plen = needPayload ? r.fieldLength() : 0;
            read++;
            lastHi = hi;
            lastLo = lo;
            if (q.exact() == null) {
              // no test to run: the payload goes straight from the COPY message into the page
              page.add(ci, hi, lo, time, ingest, r, plen);
            } else {
              if (plen > payload.length) {
                payload = new byte[Math.max(plen, payload.length * 2)];
              }
              r.readFully(payload, 0, plen);
              if (!q.exact().test(row.reset(needPayload ? payload : null, plen, hi, lo, time, ingest, names.get(ci)))) {
                continue;
              }
              page.add(ci, hi, lo, time, ingest, payload, plen);
            }
            emitted++;
            if (page.full()) {
              sink.accept(page.build());
            }
            if (q.limit() > 0 && emitted >= q.limit()) {
              break;
            }
          }
        } catch (IOException e) {
          throw new SQLException("reading query results failed: " + e.getMessage(), e);
        } finally {
          if (r != null && !r.finish(1024)) {
            // stopped early with much left: the pool drops the connection and closes it (cancelling
            // a COPY OUT leaves the protocol out of step); quietly, as stopping early is normal
            evicted = true;
            db.evict(c);
          }
        }
        more = chunked && read == chunk && emitted < q.limit();
        if (more) {
          DatapointId last = new DatapointId(lastHi, lastLo);
          part = new QuerySpec(q.dataset(), q.collections(), q.loUs(), q.hiUs(), q.boxes(), q.exact(), q.skipData(), q.pageSize(),
              q.descending() ? q.after() : last, q.descending() ? last : q.before(), q.limit(), q.descending(), q.ids(),
              q.exactFields(), q.sureBoxes(), q.fieldFilter());
          chunk = Math.min(chunk * 4, MAX_CHUNK);
        }
      }
      if (page.count() > 0) {
        sink.accept(page.build());
      }
      if (!evicted) {
        c.rollback();
      }
    } finally {
      if (!evicted) {
        c.close();
      }
    }
  }

  /**
   * How many datapoints {@code q} selects: the rows {@link #query} would stream, whatever its limit,
   * page size and order. The count is made from the same conditions as the query's SQL; without an
   * exact test it is one {@code SELECT count(*)} (an index-only scan of the primary key for a time
   * range). With one, the footprints whose box lies within one of {@link QuerySpec#sureBoxes()}
   * are counted in SQL too, and so are the rows with field values when the field filter's
   * prefilter decides the test, and only the other candidates are read, each with just what the test
   * needs (no payload when it reads no fields, else only the fields it reads are decoded). The
   * statements share one snapshot. The caller holds a slot of {@link #slots()}.
   *
   * @param budget how long the count may take, or null for no limit
   * @return the count, or empty when {@code budget} ran out first (the work stops then)
   */
  public OptionalLong count(QuerySpec q, Duration budget) throws SQLException {
    long deadline = budget == null ? Long.MAX_VALUE : System.nanoTime() + Math.max(1, budget.toNanos());
    String sure = q.exact() != null && q.boxes() != null && q.sureBoxes() != null && !q.sureBoxes().isEmpty()
        ? within(q.sureBoxes()) : null;
    if (sure == null && q.exact() != null && q.fieldFilter() != null && q.fieldFilter().sql() != null
        && q.fieldFilter().decides()) {
      sure = FieldFilterSql.DECIDED_ROWS; // SQL decides the filter on rows with field values
    }
    Connection c = db.connection();
    boolean[] dropped = {false};
    try {
      c.setAutoCommit(false);
      if (sure != null) {
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ); // one snapshot for both statements
      }
      long n = 0;
      try (Statement st = c.createStatement()) {
        if (budget != null) {
          st.execute("SET LOCAL statement_timeout = " + Math.max(1, budget.toMillis()));
        }
        if (q.exact() == null || sure != null) {
          String days = daysCountSql(q); // null with an exact test
          try (ResultSet rs = st.executeQuery(days != null ? days : countSql(q, sure == null ? "" : " AND " + sure))) {
            rs.next();
            n = rs.getLong(1);
          }
        }
      }
      if (q.exact() != null) {
        long tested = countExact(c, q, sure == null ? "" : " AND NOT " + sure, deadline, dropped);
        if (tested < 0) {
          return OptionalLong.empty();
        }
        n += tested;
      }
      return OptionalLong.of(n);
    } catch (SQLException e) {
      if ("57014".equals(e.getSQLState()) && budget != null) {
        return OptionalLong.empty(); // statement_timeout: the budget ran out inside PostgreSQL
      }
      throw e;
    } finally {
      if (!dropped[0]) {
        try {
          c.rollback();
        } finally {
          c.close();
        }
      }
    }
  }

  /**
   * Counts the rows of {@code q} meeting {@code extra} that pass its exact test; -1 when
   * {@code deadline} (System.nanoTime) passed first. A stream left unfinished drops the
   * connection (then {@code dropped[0]} is set and the caller must not use it again).
   */
  private long countExact(Connection c, QuerySpec q, String extra, long deadline, boolean[] dropped) throws SQLException {
    boolean payload = exactReadsPayload(q);
    List<String> names = q.collections().stream().map(CollectionRecord::name).toList();
    PayloadRow row = new PayloadRow(q.dataset().schema());
    byte[] buf = new byte[256];
    long n = 0;
    long read = 0;
    CopyBinary.Reader r = null;
    boolean complete = false;
    try {
      r = new CopyBinary.Reader(c.unwrap(PGConnection.class).getCopyAPI()
          .copyOut("COPY (" + candidatesSql(q, extra, payload) + ") TO STDOUT (FORMAT binary)"));
      while (r.next() >= 0) {
        int ci = r.int4();
        r.expect(16);
        long hi = r.rawLong();
        long lo = r.rawLong();
        long time = r.int8();
        long ingest = r.int8();
        int plen = 0;
        if (payload) {
          plen = r.fieldLength();
          if (plen > buf.length) {
            buf = new byte[Math.max(plen, buf.length * 2)];
          }
          r.readFully(buf, 0, plen);
        }
        if (q.exact().test(row.reset(payload ? buf : null, plen, hi, lo, time, ingest, names.get(ci)))) {
          n++;
        }
        if ((++read & 1023) == 0 && System.nanoTime() - deadline > 0) {
          return -1;
        }
      }
      complete = true;
      return n;
    } catch (IOException e) {
      throw new SQLException("reading count candidates failed: " + e.getMessage(), e);
    } finally {
      if (r != null && !complete && !r.finish(1024)) {
        // stopped inside the COPY: the connection is out of step, the pool replaces it
        dropped[0] = true;
        db.evict(c);
      }
    }
  }

  /**
   * How many rows PostgreSQL estimates a {@link #count} of {@code q} reads: the planner's row
   * estimate of each scan of the count's SQL, added up. One planning round trip, no execution.
   */
  public long estimateCountRows(QuerySpec q) throws SQLException {
    String days = daysCountSql(q);
    try (Connection c = db.connection(); Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("EXPLAIN (FORMAT JSON) " + (days != null ? days : countSql(q, "")))) {
      rs.next();
      com.fasterxml.jackson.databind.JsonNode plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(rs.getString(1));
      return (long) Math.ceil(scanRows(plan.path(0).path("Plan")));
    } catch (IOException e) {
      throw new SQLException("unreadable EXPLAIN output: " + e.getMessage(), e);
    }
  }

  /**
   * The estimated rows of the scans in a plan tree (a scan's own children, such as a bitmap's index
   * scan, not counted again). A parallel scan's estimate is per process: under a {@code Gather} it
   * is multiplied by the workers planned plus the leader, an upper bound of what all read.
   */
  static double scanRows(com.fasterxml.jackson.databind.JsonNode node) {
    return scanRows(node, 1);
  }

  private static double scanRows(com.fasterxml.jackson.databind.JsonNode node, int processes) {
    if (node.path("Node Type").asText().endsWith("Scan")) {
      return node.path("Plan Rows").asDouble() * (node.path("Parallel Aware").asBoolean() ? processes : 1);
    }
    if (node.path("Node Type").asText().startsWith("Gather")) {
      processes = node.path("Workers Planned").asInt(0) + 1;
    }
    double sum = 0;
    for (com.fasterxml.jackson.databind.JsonNode child : node.path("Plans")) {
      sum += scanRows(child, processes);
    }
    return sum;
  }


  /** {@code SELECT count(*)} over the rows of {@code q}'s SQL that also meet {@code extra} ({@code " AND ..."} or empty). */
  static String countSql(QuerySpec q, String extra) {
    String where = where(q) + extra;
    if (q.collections().size() == 1) {
      return "SELECT count(*) FROM datapoints WHERE collection_id = " + q.collections().get(0).id() + where;
    }
    // one count per collection, each on its own index range
    StringBuilder sb = new StringBuilder("SELECT ");
    for (int i = 0; i < q.collections().size(); i++) {
      if (i > 0) {
        sb.append(" + ");
      }
      sb.append("(SELECT count(*) FROM datapoints WHERE collection_id = ").append(q.collections().get(i).id()).append(where)
          .append(')');
    }
    return sb.toString();
  }

  /**
   * The count of a time range with no other condition from {@code datapoint_days}: the whole UTC
   * days inside the range added up from there, the partial days at its ends counted from the
   * primary key (so the count is exact for any bounds), in one statement (one snapshot). Null when
   * {@code q} has another condition or the range holds no whole day ({@link #countSql} then).
   */
  static String daysCountSql(QuerySpec q) {
    if (q.exact() != null || q.boxes() != null || q.ids() != null || q.after() != null || q.before() != null
        || (q.fieldFilter() != null && q.fieldFilter().sql() != null)) {
      return null;
    }
    long lo = Math.max(q.loUs(), DatapointId.MIN_TIME_US);
    long hi = q.hiUs() > DatapointId.MAX_TIME_US ? DatapointId.MAX_TIME_US + 1 : q.hiUs(); // exclusive
    long firstDay = Math.ceilDiv(lo, DAY_US);
    long endDay = Math.floorDiv(hi, DAY_US); // exclusive
    if (firstDay >= endDay) {
      return null;
    }
    StringBuilder sb = new StringBuilder("SELECT ");
    for (int i = 0; i < q.collections().size(); i++) {
      long id = q.collections().get(i).id();
      if (i > 0) {
        sb.append(" + ");
      }
      sb.append("(SELECT coalesce(sum(count), 0)::bigint FROM datapoint_days WHERE collection_id = ").append(id)
          .append(" AND day >= ").append(firstDay).append(" AND day < ").append(endDay).append(')');
      if (lo < firstDay * DAY_US) {
        sb.append(" + (").append(countSql(timeSlice(q, i, q.loUs(), firstDay * DAY_US), "")).append(')');
      }
      if (endDay * DAY_US < hi) {
        sb.append(" + (").append(countSql(timeSlice(q, i, endDay * DAY_US, q.hiUs()), "")).append(')');
      }
    }
    return sb.toString();
  }

  /** {@code q} restricted to its collection {@code i} and the times {@code [loUs, hiUs)}. */
  private static QuerySpec timeSlice(QuerySpec q, int i, long loUs, long hiUs) {
    return new QuerySpec(q.dataset(), List.of(q.collections().get(i)), loUs, hiUs, null, null, true, q.pageSize(), null, null, 0);
  }

  /**
   * The rows of {@code q}'s SQL that also meet {@code extra}, in no particular order: collection
   * index, id, time, ingestion time and, when {@code payload}, the payload.
   */
  static String candidatesSql(QuerySpec q, String extra, boolean payload) {
    String where = where(q) + extra;
    String cols = "id, time_us, ingestion_us" + (payload ? ", payload" : "");
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < q.collections().size(); i++) {
      if (i > 0) {
        sb.append(" UNION ALL ");
      }
      sb.append("SELECT ").append(i).append("::int4 AS ci, ").append(cols).append(" FROM datapoints WHERE collection_id = ")
          .append(q.collections().get(i).id()).append(where);
    }
    return sb.toString();
  }

  /**
   * Footprint boxes that lie within one of {@code boxes} (closed: a box on the edge is within) and
   * span at most 180° of longitude (see {@link Footprints#sure}), as SQL.
   */
  static String within(List<double[]> boxes) {
    StringBuilder sb = new StringBuilder("(east - west <= 180 AND (");
    for (int i = 0; i < boxes.size(); i++) {
      double[] b = boxes.get(i);
      if (i > 0) {
        sb.append(" OR ");
      }
      sb.append(FOOTPRINT_BOX).append(" <@ ").append(box(b));
    }
    return sb.append("))").toString();
  }

  private static String box(double[] b) {
    return "box(point(" + b[0] + ", " + b[1] + "), point(" + b[2] + ", " + b[3] + "))";
  }

  /** Most rows one chunk of a limited query with an exact test reads. */
  private static final long MAX_CHUNK = 100_000;

  /** The footprint's bounding box as the expression the spatial index is built on. */
  static final String FOOTPRINT_BOX = "box(point(west, south), point(east, north))";

  static String buildSql(QuerySpec q, boolean payload) {
    return buildSql(q, payload, q.limit() > 0 && q.exact() == null ? q.limit() : 0);
  }

  /** Whether the exact test of {@code q} reads fields of the payload (or may: when not known). */
  private static boolean exactReadsPayload(QuerySpec q) {
    return q.exact() != null && (q.exactFields() == null || q.exactFields().length > 0);
  }

  /** The query's SQL returning at most {@code sqlLimit} rows (0 = no limit). */
  static String buildSql(QuerySpec q, boolean payload, long sqlLimit) {
    String where = where(q);
    String cols = "id, time_us, ingestion_us" + (payload ? ", payload" : "");
    String limit = sqlLimit > 0 ? " LIMIT " + sqlLimit : "";
    String order = q.descending() ? " ORDER BY id DESC" : " ORDER BY id";
    if (q.collections().size() == 1) {
      return "SELECT 0::int4 AS ci, " + cols + " FROM datapoints WHERE collection_id = " + q.collections().get(0).id() + where
          + order + limit;
    }
    // one ordered index scan per collection, merged (Merge Append) instead of sorted
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < q.collections().size(); i++) {
      if (i > 0) {
        sb.append(" UNION ALL ");
      }
      sb.append("(SELECT ").append(i).append("::int4 AS ci, ").append(cols).append(" FROM datapoints WHERE collection_id = ")
          .append(q.collections().get(i).id()).append(where).append(order).append(limit).append(')');
    }
    return sb.append(order).append(limit).toString();
  }

  /**
   * How many times fewer datapoints the place must select than the time range for a query to read
   * the footprint index first: its candidates are read in no order and sorted, the time range's in
   * id order.
   */
  static final double PLACE_FIRST_FACTOR = 8;

  /**
   * Whether a query with a place and a time range should read the footprint index first rather
   * than the time range of the primary key. PostgreSQL cannot tell: it has no statistics for boxes
   * and guesses that any box test keeps 0.5 % of the rows, so a small place over a long time range
   * was read as every datapoint of the range. The shares come from each collection's statistics,
   * kept on every write: the time range's share of its first-to-last span, and the query boxes'
   * share of the area of its extent (the box around its footprints), both as if uniform. A
   * collection without those statistics keeps the time range first.
   */
  static boolean placeFirst(QuerySpec q) {
    if (q.boxes() == null || q.ids() != null || (q.loUs() == Long.MIN_VALUE && q.hiUs() == Long.MAX_VALUE)) {
      return false;
    }
    double inTime = 0;
    double inPlace = 0;
    for (CollectionRecord c : q.collections()) {
      if (c.count() == 0) {
        continue;
      }
      if (c.firstTimeUs() == null || c.lastTimeUs() == null || c.extent() == null) {
        return false;
      }
      inTime += c.count() * share((double) q.loUs(), (double) q.hiUs(), c.firstTimeUs(), c.lastTimeUs() + 1.0);
      double area = 0;
      double covered = 0;
      for (io.swath.core.geo.BoundingBox e : c.extent().parts()) {
        double w = Math.max(e.east() - e.west(), 1e-9);
        double h = Math.max(e.north() - e.south(), 1e-9);
        area += w * h;
        for (double[] b : q.boxes()) {
          covered += w * h * share(b[0], b[2], e.west(), e.east()) * share(b[1], b[3], e.south(), e.north());
        }
      }
      inPlace += c.count() * Math.min(1, covered / area);
    }
    return inPlace * PLACE_FIRST_FACTOR < inTime;
  }

  /** The share of {@code [from, to)} that {@code [lo, hi]} covers; a span of no width is covered whole when touched. */
  private static double share(double lo, double hi, double from, double to) {
    if (to <= from) {
      return lo <= to && hi >= from ? 1 : 0;
    }
    return Math.max(0, Math.min(hi, to) - Math.max(lo, from)) / (to - from);
  }

  /**
   * The conditions every query path puts after {@code collection_id = ?}: the time range and the
   * resume bounds as an id range (ids begin with the time), the place prefilter on the footprint
   * index's expression, the ids asked for, and the field filter's prefilter. Each starts with {@code " AND "}.
   */
  static String where(QuerySpec q) {
    StringBuilder where = new StringBuilder();
    long lo = q.loUs();
    long hi = q.hiUs();
    DatapointId loId = lo <= DatapointId.MIN_TIME_US ? null : DatapointId.lowerBound(lo);
    DatapointId hiId = hi > DatapointId.MAX_TIME_US ? null : DatapointId.lowerBound(Math.max(hi, 0));
    if (placeFirst(q)) {
      // the same time range on time_us, which has no index: the planner reads the footprint index
      // and tests the time on its candidates instead of testing the place on every datapoint of
      // the time range (ids begin with the time, so both forms select the same rows)
      if (loId != null) {
        where.append(" AND time_us >= ").append(lo);
      }
      if (hiId != null) {
        where.append(" AND time_us < ").append(hi);
      }
      loId = null;
      hiId = null;
    }
    if (q.after() != null && (loId == null || q.after().compareTo(loId) >= 0)) {
      where.append(" AND id > '").append(q.after()).append("'::uuid");
    } else if (loId != null) {
      where.append(" AND id >= '").append(loId).append("'::uuid");
    }
    if (hiId != null) {
      where.append(" AND id < '").append(hiId).append("'::uuid");
    }
    if (q.before() != null) {
      where.append(" AND id < '").append(q.before()).append("'::uuid");
    }
    if (q.boxes() != null) {
      where.append(" AND west IS NOT NULL AND (");
      for (int i = 0; i < q.boxes().size(); i++) {
        double[] b = q.boxes().get(i);
        if (i > 0) {
          where.append(" OR ");
        }
        // the same expression as the GiST index of V6, so the planner can use it; && on boxes is
        // closed overlap (touching counts), as the exact test's prefilter needs
        where.append(FOOTPRINT_BOX).append(" && box(point(").append(b[0]).append(", ").append(b[1]).append("), point(")
            .append(b[2]).append(", ").append(b[3]).append("))");
      }
      where.append(')');
    }
    if (q.ids() != null) {
      where.append(" AND id IN (");
      for (int i = 0; i < q.ids().size(); i++) {
        where.append(i == 0 ? "'" : ", '").append(q.ids().get(i)).append("'::uuid");
      }
      where.append(q.ids().isEmpty() ? "NULL)" : ")");
    }
    if (q.fieldFilter() != null && q.fieldFilter().sql() != null) {
      where.append(" AND ").append(q.fieldFilter().sql());
    }
    return where.toString();
  }

  /** Accumulates one result page. */
  static final class PageBuilder {
    private final List<String> names;
    private final int maxRows;
    private final boolean withRows;
    private ByteSink ids;
    private ByteSink rows;
    private long[] time;
    private long[] ingest;
    private int[] lengths;
    private int[] coll;
    private int n;
    private boolean multi;

    PageBuilder(List<String> names, int maxRows, boolean withRows) {
      this.names = names;
      this.maxRows = maxRows;
      this.withRows = withRows;
      reset();
    }

    private void reset() {
      int cap = Math.min(maxRows, 16_384);
      ids = new ByteSink(cap * 16);
      // sized for the page (it grows when rows are larger than 1 KB): small pages stay cheap
      rows = withRows ? new ByteSink((int) Math.min(MAX_PAGE_BYTES, (long) maxRows * 1024) + (64 << 10)) : null;
      time = new long[cap];
      ingest = new long[cap];
      lengths = new int[cap];
      coll = new int[cap];
      n = 0;
      multi = false;
    }

    /** Adds a datapoint whose payload is the next {@code plen} bytes of the COPY stream. */
    void add(int ci, long hi, long lo, long t, long ing, CopyBinary.Reader r, int plen) throws SQLException, IOException {
      if (withRows) {
        int at = rows.reserve(plen);
        r.readFully(rows.array(), at, plen);
      }
      addKeys(ci, hi, lo, t, ing, plen);
    }

    void add(int ci, long hi, long lo, long t, long ing, byte[] payload, int plen) {
      if (withRows) {
        rows.write(payload, 0, plen);
      }
      addKeys(ci, hi, lo, t, ing, plen);
    }

    private void addKeys(int ci, long hi, long lo, long t, long ing, int plen) {
      if (n == time.length) {
        int cap = time.length * 2;
        time = java.util.Arrays.copyOf(time, cap);
        ingest = java.util.Arrays.copyOf(ingest, cap);
        lengths = java.util.Arrays.copyOf(lengths, cap);
        coll = java.util.Arrays.copyOf(coll, cap);
      }
      ids.writeLongBE(hi);
      ids.writeLongBE(lo);
      time[n] = t;
      ingest[n] = ing;
      coll[n] = ci;
      multi |= ci != 0;
      lengths[n] = plen;
      n++;
    }

    int count() {
      return n;
    }

    boolean full() {
      return n >= maxRows || (withRows && rows.size() >= MAX_PAGE_BYTES);
    }

    DatapointPage build() {
      DatapointPage.Builder b = DatapointPage.newBuilder()
          .setIds(UnsafeByteOperations.unsafeWrap(ids.array(), 0, ids.size()))
          .addAllCollections(names);
      for (int i = 0; i < n; i++) {
        b.addTimeUs(time[i]);
        b.addIngestionTimeUs(ingest[i]);
      }
      if (withRows) {
        // the sink is replaced by reset() below and never written again, so wrapping is safe
        b.setRows(UnsafeByteOperations.unsafeWrap(rows.array(), 0, rows.size()));
        for (int i = 0; i < n; i++) {
          b.addRowLengths(lengths[i]);
        }
      }
      if (multi) {
        for (int i = 0; i < n; i++) {
          b.addCollectionIndex(coll[i]);
        }
      }
      DatapointPage p = b.build();
      reset();
      return p;
    }
  }

  /** One datapoint by id, or NotFound. */
  public DatapointPage find(DatasetRecord d, String collection, DatapointId id) throws SQLException {
    try (Connection c = db.connection()) {
      CollectionRecord col = catalog.collection(c, d, collection);
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT time_us, ingestion_us, payload FROM datapoints WHERE collection_id = ? AND id = ?")) {
        ps.setLong(1, col.id());
        ps.setObject(2, id.toUuid());
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new NotFoundException("no datapoint " + id + " in collection '" + collection + "' of dataset '" + d.slug() + "'");
          }
          PageBuilder p = new PageBuilder(List.of(collection), 1, true);
          byte[] payload = rs.getBytes(3);
          p.add(0, id.hi(), id.lo(), rs.getLong(1), rs.getLong(2), payload, payload.length);
          return p.build();
        }
      }
    }
  }

  /** Deletes datapoints by id; ids not present are ignored. Returns how many were deleted. */
  public long delete(DatasetRecord d, String collection, List<DatapointId> ids) throws SQLException {
    if (ids.size() > MAX_INGEST_BATCH) {
      throw new IllegalArgumentException("a delete request may name at most " + MAX_INGEST_BATCH + " ids, got " + ids.size());
    }
    return db.inTransaction(c -> {
      CollectionRecord col = catalog.collection(c, d, collection);
      long deleted = 0;
      java.util.TreeMap<Integer, Long> days = new java.util.TreeMap<>();
      try (PreparedStatement ps = c.prepareStatement("WITH del AS (DELETE FROM datapoints WHERE collection_id = ? AND id = ANY (?) "
          + "RETURNING time_us) SELECT time_us / " + DAY_US + ", count(*) FROM del GROUP BY 1")) {
        ps.setLong(1, col.id());
        List<UUID> u = new ArrayList<>(ids.size());
        for (DatapointId id : ids) {
          u.add(id.toUuid());
        }
        ps.setArray(2, c.createArrayOf("uuid", u.toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            days.merge(rs.getInt(1), rs.getLong(2), Long::sum);
            deleted += rs.getLong(2);
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE collections SET count = count - ? WHERE id = ?")) {
        ps.setLong(1, deleted);
        ps.setLong(2, col.id());
        ps.executeUpdate();
      }
      addDays(c, col.id(), days, -1); // after the collection's row, as ingest
      return deleted;
    });
  }
}
