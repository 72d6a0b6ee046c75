package io.swath.server.catalog;

import io.swath.core.error.AlreadyExistsException;
import io.swath.core.error.FailedPreconditionException;
import io.swath.core.error.NotFoundException;
import io.swath.core.schema.DatasetKind;
import io.swath.core.schema.DatasetSlug;
import io.swath.core.schema.Field;
import io.swath.core.schema.Schema;
import io.swath.server.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Datasets and collections in PostgreSQL. Thread-safe. */
public final class CatalogStore {
  private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");
  private static final String DATASET_COLS = "id, slug, kind, description, fields::text, "
      + "(extract(epoch from created_at) * 1000000)::bigint, (extract(epoch from updated_at) * 1000000)::bigint";
  private final Database db;

  public CatalogStore(Database db) {
    this.db = db;
  }

  /** Validates a collection name. */
  public static String checkCollectionName(String name) {
    if (name == null || !COLLECTION.matcher(name).matches()) {
      throw new IllegalArgumentException("collection name '" + name
          + "' is not valid: use letters, digits, '_', '-' or '.', starting with a letter or digit, at most 128 characters");
    }
    return name;
  }

  /** Creates a dataset. */
  public DatasetRecord createDataset(String slug, DatasetKind kind, String description, List<Field> fields) throws SQLException {
    DatasetSlug.of(slug);
    Schema schema = Schema.forKind(kind, fields);
    try (Connection c = db.connection();
         PreparedStatement ps = c.prepareStatement("INSERT INTO datasets (slug, kind, description, fields) VALUES (?, ?, ?, ?::jsonb) "
             + "ON CONFLICT (slug) DO NOTHING RETURNING " + DATASET_COLS)) {
      ps.setString(1, slug);
      ps.setShort(2, (short) kind.ordinal());
      ps.setString(3, description == null ? "" : description);
      ps.setString(4, SchemaJson.write(schema));
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
        try (PreparedStatement ps = c.prepareStatement("UPDATE datasets SET kind = ?, description = ?, fields = ?::jsonb, "
            + "updated_at = now() WHERE id = ? RETURNING " + DATASET_COLS)) {
          ps.setShort(1, (short) newKind.ordinal());
          ps.setString(2, description == null ? old.description() : description);
          ps.setString(3, SchemaJson.write(schema));
          ps.setLong(4, old.id());
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return dataset(rs);
          }
        }
    });
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

  private static DatasetRecord dataset(ResultSet rs) throws SQLException {
    return new DatasetRecord(rs.getLong(1), rs.getString(2), DatasetKind.values()[rs.getShort(3)], rs.getString(4),
        SchemaJson.read(rs.getString(5)), rs.getLong(6), rs.getLong(7));
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
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM datasets WHERE id = ?")) {
          ps.setLong(1, d.id());
          ps.executeUpdate();
        }
        return deleted;
    });
  }

  /** Creates a collection; with {@code ifNotExists} an existing one is returned instead of an error. */
  public CollectionRecord createCollection(String slug, String name, String description, boolean ifNotExists) throws SQLException {
    checkCollectionName(name);
    try (Connection c = db.connection()) {
      DatasetRecord d = dataset(c, slug, false);
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO collections (dataset_id, name, description) VALUES (?, ?, ?) ON CONFLICT (dataset_id, name) DO NOTHING")) {
        ps.setLong(1, d.id());
        ps.setString(2, name);
        ps.setString(3, description == null ? "" : description);
        if (ps.executeUpdate() == 0 && !ifNotExists) {
          throw new AlreadyExistsException("collection '" + name + "' already exists in dataset '" + slug + "'");
        }
      }
      return collection(c, d, name);
    }
  }

  /** The collection, with count and availability. */
  public CollectionRecord collection(String slug, String name) throws SQLException {
    try (Connection c = db.connection()) {
      return collection(c, dataset(c, slug, false), name);
    }
  }

  CollectionRecord collection(Connection c, DatasetRecord d, String name) throws SQLException {
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
    return "SELECT c.id, c.name, c.description, c.count, "
        + "(SELECT d.time_us FROM datapoints d WHERE d.collection_id = c.id ORDER BY d.id ASC LIMIT 1), "
        + "(SELECT d.time_us FROM datapoints d WHERE d.collection_id = c.id ORDER BY d.id DESC LIMIT 1) "
        + "FROM collections c WHERE c.dataset_id = ? " + where + " ORDER BY c.name";
  }

  private static CollectionRecord collection(ResultSet rs, String slug) throws SQLException {
    long first = rs.getLong(5);
    boolean empty = rs.wasNull();
    long last = rs.getLong(6);
    return new CollectionRecord(rs.getLong(1), slug, rs.getString(2), rs.getString(3), rs.getLong(4),
        empty ? null : first, empty ? null : last);
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
        return deleted;
    });
  }
}
