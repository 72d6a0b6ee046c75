package io.swath.server.catalog;

import io.swath.core.error.AlreadyExistsException;
import io.swath.core.error.FailedPreconditionException;
import io.swath.core.error.NotFoundException;
import io.swath.core.geo.BoundingBox;
import io.swath.core.rules.StorageRules;
import io.swath.core.schema.DatasetKind;
import io.swath.core.schema.DatasetSlug;
import io.swath.core.schema.Field;
import io.swath.core.schema.Schema;
import io.swath.core.stac.StacMapping;
import io.swath.core.stac.StacSchemas;
import io.swath.server.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Datasets and collections in PostgreSQL. Thread-safe. */
public final class CatalogStore {
  private static final String DATASET_COLS = datasetCols("");

  /** The dataset columns {@link #datasetAt} reads, of table alias {@code t} ("" or "ds."). */
  private static String datasetCols(String t) {
    return t + "id, " + t + "slug, " + t + "kind, " + t + "description, " + t + "fields::text, "
        + "(extract(epoch from " + t + "created_at) * 1000000)::bigint, (extract(epoch from " + t + "updated_at) * 1000000)::bigint, "
        + t + "stac_mapping::text";
  }
  private final Database db;
  /** Datasets by id as last read, so an unchanged schema is not parsed again on every query. */
  private final java.util.Map<Long, DatasetRecord> parsed = new java.util.concurrent.ConcurrentHashMap<>();

  public CatalogStore(Database db) {
    this.db = db;
  }

  /** Validates a collection name (see {@link StorageRules#checkCollectionName}). */
  public static String checkCollectionName(String name) {
    return StorageRules.checkCollectionName(name);
  }

  /** Creates a dataset. */
  public DatasetRecord createDataset(String slug, DatasetKind kind, String description, List<Field> fields) throws SQLException {
    return createDataset(slug, kind, description, fields, null);
  }

  /**
   * Creates a dataset; {@code stacMapping} is set for a dataset made from STAC items (null
   * otherwise) and checked against the schema.
   */
  public DatasetRecord createDataset(String slug, DatasetKind kind, String description, List<Field> fields, StacMapping stacMapping)
      throws SQLException {
    DatasetSlug.of(slug);
    StorageRules.checkDescription("dataset '" + slug + "'", description);
    Schema schema = Schema.forKind(kind, fields);
    checkStacMapping(schema, stacMapping);
    try (Connection c = db.connection();
         PreparedStatement ps = c.prepareStatement("INSERT INTO datasets (slug, kind, description, fields, stac_mapping) "
             + "VALUES (?, ?, ?, ?::jsonb, ?::jsonb) ON CONFLICT (slug) DO NOTHING RETURNING " + DATASET_COLS)) {
      ps.setString(1, slug);
      ps.setShort(2, (short) kind.ordinal());
      ps.setString(3, description == null ? "" : description);
      ps.setString(4, SchemaJson.write(schema));
      ps.setString(5, stacMapping == null ? null : stacMapping.toJson());
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new AlreadyExistsException("dataset '" + slug + "' already exists");
        }
        return dataset(rs);
      }
    }
  }

  /**
   * Updates description and schema. Fields may be appended; anything that would make stored
   * datapoints unreadable is refused.
   */
  public DatasetRecord updateDataset(String slug, DatasetKind kind, String description, List<Field> fields) throws SQLException {
    return updateDataset(slug, kind, description, fields, null);
  }

  /**
   * As {@link #updateDataset(String, DatasetKind, String, List)}, and replaces the STAC mapping
   * when {@code stacMapping} is not null (null keeps the stored one).
   */
  public DatasetRecord updateDataset(String slug, DatasetKind kind, String description, List<Field> fields, StacMapping stacMapping)
      throws SQLException {
    DatasetSlug.of(slug);
    StorageRules.checkDescription("dataset '" + slug + "'", description);
    return db.inTransaction(c -> {
      DatasetRecord old = dataset(c, slug, true);
      DatasetKind newKind = kind == null ? old.kind() : kind;
      Schema schema = Schema.forKind(newKind, fields);
      boolean hasData = hasDatapoints(c, old.id());
      if (newKind != old.kind() && hasData) {
        throw new FailedPreconditionException("dataset '" + slug + "' cannot change kind from " + old.kind().name().toLowerCase()
            + " to " + newKind.name().toLowerCase() + ": it holds datapoints");
      }
      String why = old.schema().incompatibility(schema);
      if (why != null && hasData) {
        throw new FailedPreconditionException("schema change for dataset '" + slug + "' refused: " + why
            + ". Fields can be appended and descriptions changed; create a new dataset for other changes.");
      }
      StacMapping mapping = stacMapping != null ? stacMapping : old.stacMapping();
      checkStacMapping(schema, mapping);
      List<Integer> widened = old.schema().widenings(schema);
      if (!widened.isEmpty() && hasData) {
        rewriteWidened(c, slug, old, schema, mapping, widened);
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE datasets SET kind = ?, description = ?, fields = ?::jsonb, "
          + "stac_mapping = ?::jsonb, updated_at = now() WHERE id = ? RETURNING " + DATASET_COLS)) {
        ps.setShort(1, (short) newKind.ordinal());
        ps.setString(2, description == null ? old.description() : description);
        ps.setString(3, SchemaJson.write(schema));
        ps.setString(4, mapping == null ? null : mapping.toJson());
        ps.setLong(5, old.id());
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return dataset(rs);
        }
      }
    });
  }

  /**
   * Rewrites the stored datapoints of a dataset whose int64 fields at {@code widened} become
   * float64: every value is re-encoded with the new schema (integers as doubles, and kept verbatim
   * for STAC items, see {@link io.swath.core.stac.StacItems#widened}), in the caller's transaction.
   *
   * @throws FailedPreconditionException when a stored integer cannot become a double exactly
   */
  private static void rewriteWidened(Connection c, String slug, DatasetRecord old, Schema next, StacMapping mapping,
      List<Integer> widened) throws SQLException {
    try (PreparedStatement read = c.prepareStatement("SELECT d.collection_id, d.id, d.payload FROM datapoints d "
        + "JOIN collections c ON c.id = d.collection_id WHERE c.dataset_id = ?");
         PreparedStatement write = c.prepareStatement("UPDATE datapoints SET payload = ?, field_nums = NULL, field_texts = NULL "
             + "WHERE collection_id = ? AND id = ?")) {
      read.setLong(1, old.id());
      read.setFetchSize(1000);
      io.swath.core.table.ByteSink sink = new io.swath.core.table.ByteSink(1024);
      int batched = 0;
      try (ResultSet rs = read.executeQuery()) {
        while (rs.next()) {
          byte[] payload = rs.getBytes(3);
          Object[] values = io.swath.core.table.RowCodec.decode(old.schema(), payload, 0, payload.length);
          Object[] rewritten;
          try {
            rewritten = io.swath.core.stac.StacItems.widened(values, next, mapping, widened);
          } catch (IllegalArgumentException e) {
            throw new FailedPreconditionException("schema change for dataset '" + slug + "' refused: " + e.getMessage());
          }
          sink.reset();
          io.swath.core.table.RowCodec.encode(next, rewritten, sink);
          write.setBytes(1, java.util.Arrays.copyOf(sink.array(), sink.size()));
          write.setLong(2, rs.getLong(1));
          write.setObject(3, rs.getObject(2));
          write.addBatch();
          if (++batched == 1000) {
            write.executeBatch();
            batched = 0;
          }
        }
      }
      if (batched > 0) {
        write.executeBatch();
      }
    }
  }

  /** A STAC mapping must fit the schema: items need a field for their id, and properties map to distinct names. */
  private static void checkStacMapping(Schema schema, StacMapping mapping) {
    if (mapping == null) {
      return;
    }
    if (schema.indexOf(StacSchemas.STAC_ID) < 0) {
      throw new IllegalArgumentException("a dataset with a STAC mapping holds STAC items and needs a field '" + StacSchemas.STAC_ID
          + "' for their ids; create the schema with StacSchemas.infer");
    }
  }

  private static boolean hasDatapoints(Connection c, long datasetId) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT coalesce(sum(count), 0) FROM collections WHERE dataset_id = ?")) {
      ps.setLong(1, datasetId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1) > 0;
      }
    }
  }

  /** The dataset with that slug, or NotFound. */
  public DatasetRecord dataset(String slug) throws SQLException {
    try (Connection c = db.connection()) {
      return dataset(c, slug, false);
    }
  }

  DatasetRecord dataset(Connection c, String slug, boolean forUpdate) throws SQLException {
    DatasetSlug.of(slug);
    try (PreparedStatement ps = c.prepareStatement("SELECT " + DATASET_COLS + " FROM datasets WHERE slug = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
      ps.setString(1, slug);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new NotFoundException("no dataset '" + slug + "'" + suggestion(c, slug));
        }
        return dataset(rs);
      }
    }
  }

  private static String suggestion(Connection c, String slug) throws SQLException {
    String name = slug.substring(slug.lastIndexOf('.') + 1);
    try (PreparedStatement ps = c.prepareStatement("SELECT slug FROM datasets WHERE slug LIKE ? ORDER BY slug LIMIT 3")) {
      ps.setString(1, "%" + name.replace("%", "").replace("_", "\\_") + "%");
      try (ResultSet rs = ps.executeQuery()) {
        List<String> s = new ArrayList<>();
        while (rs.next()) {
          s.add(rs.getString(1));
        }
        return s.isEmpty() ? " (list datasets with `swath datasets`)" : "; did you mean " + String.join(" or ", s) + "?";
      }
    }
  }

  private DatasetRecord dataset(ResultSet rs) throws SQLException {
    return datasetAt(rs, 1);
  }

  /** The dataset whose {@link #DATASET_COLS} start at column {@code at}; parsed once per version. */
  private DatasetRecord datasetAt(ResultSet rs, int at) throws SQLException {
    long id = rs.getLong(at);
    long updated = rs.getLong(at + 6);
    DatasetRecord cached = parsed.get(id);
    String slug = rs.getString(at + 1);
    if (cached != null && cached.updatedUs() == updated && cached.slug().equals(slug)) {
      return cached;
    }
    String mapping = rs.getString(at + 7);
    DatasetRecord d = new DatasetRecord(id, slug, DatasetKind.values()[rs.getShort(at + 2)], rs.getString(at + 3),
        SchemaJson.read(rs.getString(at + 4)), rs.getLong(at + 5), updated, mapping == null ? null : StacMapping.fromJson(mapping));
    parsed.put(id, d);
    return d;
  }

  /** All datasets whose slug starts with {@code prefix} (empty = all), by slug. */
  public List<DatasetRecord> listDatasets(String prefix) throws SQLException {
    try (Connection c = db.connection();
         PreparedStatement ps = c.prepareStatement("SELECT " + DATASET_COLS + " FROM datasets WHERE starts_with(slug, ?) ORDER BY slug")) {
      ps.setString(1, prefix == null ? "" : prefix);
      List<DatasetRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(dataset(rs));
        }
      }
      return out;
    }
  }

  /** Deletes a dataset, its collections and datapoints. Returns the number of datapoints deleted. */
  public long deleteDataset(String slug) throws SQLException {
    return db.inTransaction(c -> {
      DatasetRecord d = dataset(c, slug, true);
      long deleted;
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM datapoints WHERE collection_id IN (SELECT id FROM collections WHERE dataset_id = ?)")) {
        ps.setLong(1, d.id());
        deleted = ps.executeUpdate();
      }
      List<Long> collections = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM collections WHERE dataset_id = ? RETURNING id")) {
        ps.setLong(1, d.id());
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            collections.add(rs.getLong(1));
          }
        }
      }
      // after the collections' rows, in the order ingest locks them (the collection, then its days)
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM datapoint_days WHERE collection_id = ANY (?)")) {
        ps.setArray(1, c.createArrayOf("bigint", collections.toArray()));
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM datasets WHERE id = ?")) {
        ps.setLong(1, d.id());
        ps.executeUpdate();
      }
      return deleted;
    });
  }

  /** Creates a collection; with {@code ifNotExists} an existing one is returned instead of an error. */
  public CollectionRecord createCollection(String slug, String name, String description, boolean ifNotExists) throws SQLException {
    return createCollection(slug, name, description, ifNotExists, null);
  }

  /** The most bytes of a STAC Collection document stored with a collection. */
  public static final int MAX_STAC_DOCUMENT = 1 << 20;

  /**
   * As {@link #createCollection(String, String, String, boolean)}, storing {@code stacDocument}
   * (a STAC Collection as a JSON object, see {@link #stacDocuments}) with the collection when it
   * is not null or blank: a new collection gets it, an existing one (with {@code ifNotExists})
   * has its stored document replaced.
   *
   * @throws IllegalArgumentException when the document is no JSON object, is not of type
   *     {@code Collection}, or is larger than {@link #MAX_STAC_DOCUMENT} bytes
   */
  public CollectionRecord createCollection(String slug, String name, String description, boolean ifNotExists, String stacDocument)
      throws SQLException {
    checkCollectionName(name);
    String doc = stacDocument == null || stacDocument.isBlank() ? null : checkStacDocument(name, stacDocument);
    StorageRules.checkDescription("collection '" + name + "'", description);
    try (Connection c = db.connection()) {
      DatasetRecord d = dataset(c, slug, false);
      for (int attempt = 0; ; attempt++) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO collections (dataset_id, name, description, stac_id) "
            + "VALUES (?, ?, ?, ?) ON CONFLICT (dataset_id, name) DO NOTHING")) {
          ps.setLong(1, d.id());
          ps.setString(2, name);
          ps.setString(3, description == null ? "" : description);
          ps.setString(4, freeStacId(c, d, name));
          if (ps.executeUpdate() == 0 && !ifNotExists) {
            throw new AlreadyExistsException("collection '" + name + "' already exists in dataset '" + slug + "'");
          }
          break;
        } catch (SQLException e) {
          // another collection took the same STAC id meanwhile: pick again
          if (!"23505".equals(e.getSQLState()) || attempt >= 5) {
            throw e;
          }
        }
      }
      if (doc != null) {
        try (PreparedStatement ps = c.prepareStatement("UPDATE collections SET stac_document = ?::jsonb WHERE dataset_id = ? AND name = ?")) {
          ps.setString(1, doc);
          ps.setLong(2, d.id());
          ps.setString(3, name);
          ps.executeUpdate();
        }
      }
      return collection(c, d, name);
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

  /** The document as compact JSON, or an IllegalArgumentException saying what is wrong with it. */
  private static String checkStacDocument(String name, String doc) {
    if (doc.length() > MAX_STAC_DOCUMENT) {
      throw new IllegalArgumentException("the STAC document of collection '" + name + "' has " + doc.length()
          + " characters; at most " + MAX_STAC_DOCUMENT + " are kept");
    }
    com.fasterxml.jackson.databind.JsonNode n;
    try {
      n = JSON.readTree(doc);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("the STAC document of collection '" + name + "' is not valid JSON: " + e.getOriginalMessage());
    }
    if (n == null || !n.isObject() || !"Collection".equals(n.path("type").asText())) {
      throw new IllegalArgumentException("the STAC document of collection '" + name
          + "' must be a JSON object with \"type\": \"Collection\"");
    }
    String compact = n.toString();
    if (compact.contains("\\u0000")) {
      throw new IllegalArgumentException("the STAC document of collection '" + name + "' holds a NUL character (\\u0000), "
          + "which the catalog cannot store");
    }
    return compact;
  }

  /**
   * The STAC Collection documents stored with these collections (by collection id; collections
   * without one are absent), as JSON text.
   */
  public java.util.Map<Long, String> stacDocuments(List<Long> collectionIds) throws SQLException {
    java.util.Map<Long, String> out = new java.util.HashMap<>();
    if (collectionIds.isEmpty()) {
      return out;
    }
    try (Connection c = db.connection();
         PreparedStatement ps = c.prepareStatement("SELECT id, stac_document::text FROM collections WHERE id = ANY (?) AND stac_document IS NOT NULL")) {
      ps.setArray(1, c.createArrayOf("bigint", collectionIds.toArray()));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getLong(1), rs.getString(2));
        }
      }
    }
    return out;
  }

  /**
   * The STAC collection id a new collection gets: for a dataset made from STAC items its own name
   * (the original STAC collection id), else, or when another collection has that id already,
   * {@code <slug>.<name>}; then with {@code -2}, {@code -3}... appended.
   */
  private static String freeStacId(Connection c, DatasetRecord d, String name) throws SQLException {
    String base = d.slug() + "." + name;
    List<String> taken = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement("SELECT stac_id FROM collections WHERE stac_id = ? OR stac_id = ? OR stac_id LIKE ?")) {
      ps.setString(1, name);
      ps.setString(2, base);
      ps.setString(3, base.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "-%");
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          taken.add(rs.getString(1));
        }
      }
    }
    if (d.fromStac() && !taken.contains(name)) {
      return name;
    }
    String id = base;
    for (int k = 2; taken.contains(id); k++) {
      id = base + "-" + k;
    }
    return id;
  }

  /** The collection, with count and availability. */
  public CollectionRecord collection(String slug, String name) throws SQLException {
    DatasetSlug.of(slug);
    checkCollectionName(name);
    try (Connection c = db.connection()) {
      // one round trip to PostgreSQL when both exist; the two lookups only to say which is missing
      try (PreparedStatement ps = c.prepareStatement("SELECT " + COLLECTION_COLS
          + " FROM collections c JOIN datasets ds ON ds.id = c.dataset_id WHERE ds.slug = ? AND c.name = ?")) {
        ps.setString(1, slug);
        ps.setString(2, name);
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next()) {
            return collection(rs, slug);
          }
        }
      }
      return collection(c, dataset(c, slug, false), name);
    }
  }

  CollectionRecord collection(Connection c, DatasetRecord d, String name) throws SQLException {
    checkCollectionName(name);
    try (PreparedStatement ps = c.prepareStatement(collectionSql("AND name = ?"))) {
      ps.setLong(1, d.id());
      ps.setString(2, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new NotFoundException("no collection '" + name + "' in dataset '" + d.slug() + "'" + collectionNames(c, d));
        }
        return collection(rs, d.slug());
      }
    }
  }

  /** Looks up collection ids by name for a dataset; NotFound names the missing one. */
  public List<CollectionRecord> collections(DatasetRecord d, List<String> names) throws SQLException {
    try (Connection c = db.connection()) {
      if (names.isEmpty()) {
        return listCollections(c, d);
      }
      List<CollectionRecord> out = new ArrayList<>();
      for (String n : names) {
        out.add(collection(c, d, n));
      }
      return out;
    }
  }

  private static String collectionNames(Connection c, DatasetRecord d) throws SQLException {
    List<CollectionRecord> all = listCollections(c, d);
    if (all.isEmpty()) {
      return " (the dataset has no collections)";
    }
    return "; collections are " + all.stream().map(CollectionRecord::name).toList();
  }

  private static String collectionSql(String where) {
    // availability from the first and last id: two index probes, no scan
    return "SELECT " + COLLECTION_COLS + " FROM collections c WHERE c.dataset_id = ? " + where + " ORDER BY c.name";
  }

  private static final String COLLECTION_COLS = "c.id, c.name, c.description, c.count, "
      + "(SELECT d.time_us FROM datapoints d WHERE d.collection_id = c.id ORDER BY d.id ASC LIMIT 1), "
      + "(SELECT d.time_us FROM datapoints d WHERE d.collection_id = c.id ORDER BY d.id DESC LIMIT 1), "
      + "c.stac_id, c.west, c.south, c.east, c.north, c.range_before_us, c.range_after_us";

  private static final String COLLECTION_COLS_LEAN = "c.id, c.name, c.description, c.count, NULL::bigint, NULL::bigint, "
      + "c.stac_id, c.west, c.south, c.east, c.north, c.range_before_us, c.range_after_us";

  private static CollectionRecord collection(ResultSet rs, String slug) throws SQLException {
    long first = rs.getLong(5);
    boolean empty = rs.wasNull();
    long last = rs.getLong(6);
    double west = rs.getDouble(8);
    // clamped: an extent stored before the rules were checked (or written in SQL) must not make the collection unreadable
    BoundingBox extent = rs.wasNull() ? null : BoundingBox.clamped(west, rs.getDouble(9), rs.getDouble(10), rs.getDouble(11));
    long before = rs.getLong(12);
    Long rangeBefore = rs.wasNull() ? null : before;
    long after = rs.getLong(13);
    Long rangeAfter = rs.wasNull() ? null : after;
    return new CollectionRecord(rs.getLong(1), slug, rs.getString(2), rs.getString(3), rs.getLong(4),
        empty ? null : first, empty ? null : last, rs.getString(7), extent, rangeBefore, rangeAfter);
  }

  /** A collection with its dataset, as the STAC API serves it. */
  public record StacCollectionRecord(DatasetRecord dataset, CollectionRecord collection) {}

  /** Every collection of every dataset, ordered by STAC id. */
  public List<StacCollectionRecord> stacCollections() throws SQLException {
    return stacCollections(null);
  }

  /**
   * The collections with these STAC ids, ordered by STAC id (all collections when {@code stacIds}
   * is null); ids that name no collection are left out.
   */
  public List<StacCollectionRecord> stacCollections(List<String> stacIds) throws SQLException {
    return stacCollections(stacIds, true);
  }

  /**
   * As {@link #stacCollections(List)}; without {@code availability} the first and last datapoint
   * times are left out (null), which saves two index probes per collection.
   */
  public List<StacCollectionRecord> stacCollections(List<String> stacIds, boolean availability) throws SQLException {
    String cols = availability ? COLLECTION_COLS : COLLECTION_COLS_LEAN;
    String sql = "SELECT " + cols + ", " + datasetCols("ds.") + " FROM collections c JOIN datasets ds ON ds.id = c.dataset_id"
        + (stacIds == null ? "" : " WHERE c.stac_id = ANY (?)") + " ORDER BY c.stac_id";
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
      if (stacIds != null) {
        ps.setArray(1, c.createArrayOf("text", stacIds.toArray()));
      }
      List<StacCollectionRecord> out = new ArrayList<>();
      java.util.Map<Long, DatasetRecord> datasets = new java.util.HashMap<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          DatasetRecord d = datasets.get(rs.getLong(14));
          if (d == null) {
            d = datasetAt(rs, 14);
            datasets.put(d.id(), d);
          }
          out.add(new StacCollectionRecord(d, collection(rs, d.slug())));
        }
      }
      return out;
    }
  }

  /** The collections of a dataset, by name. */
  public List<CollectionRecord> listCollections(String slug) throws SQLException {
    try (Connection c = db.connection()) {
      return listCollections(c, dataset(c, slug, false));
    }
  }

  static List<CollectionRecord> listCollections(Connection c, DatasetRecord d) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(collectionSql(""))) {
      ps.setLong(1, d.id());
      List<CollectionRecord> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(collection(rs, d.slug()));
        }
      }
      return out;
    }
  }

  /** Deletes a collection and its datapoints; returns the number of datapoints deleted. */
  public long deleteCollection(String slug, String name) throws SQLException {
    return db.inTransaction(c -> {
      CollectionRecord col = collection(c, dataset(c, slug, false), name);
      long deleted;
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM datapoints WHERE collection_id = ?")) {
        ps.setLong(1, col.id());
        deleted = ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM collections WHERE id = ?")) {
        ps.setLong(1, col.id());
        ps.executeUpdate();
      }
      // after the collection's row, in the order ingest locks them (the collection, then its days)
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM datapoint_days WHERE collection_id = ?")) {
        ps.setLong(1, col.id());
        ps.executeUpdate();
      }
      return deleted;
    });
  }
}
