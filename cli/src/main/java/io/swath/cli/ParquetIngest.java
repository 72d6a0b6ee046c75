package io.swath.cli;

import io.swath.client.CollectionClient;
import io.swath.client.DatasetClient;
import io.swath.client.DatasetInfo;
import io.swath.client.DatasetSpec;
import io.swath.client.DatasetsClient;
import io.swath.client.IngestResult;
import io.swath.client.ProgressBar;
import io.swath.columnar.GeoParquetColumn;
import io.swath.columnar.GeoParquetReader;
import io.swath.core.error.AlreadyExistsException;
import io.swath.core.error.NotFoundException;
import io.swath.core.schema.DatasetKind;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.table.RowValues;
import io.swath.core.time.Times;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ingest of GeoParquet files into a dataset whose schema is inferred from the files: the primary
 * geometry becomes the footprint ({@code geometry}), a timestamp column the datapoint time, every
 * other column a field. Rows are read one row group at a time and sent in batches, several at
 * once; ids derive from time and content, so ingesting a file again stores nothing new.
 */
final class ParquetIngest {
  /** Rows per ingest call; each call is itself sent in the client's atomic batches. */
  static final int BATCH_ROWS = 20_000;
  private static final byte[] MAGIC = {'P', 'A', 'R', '1'};

  private ParquetIngest() {}

  /** What an ingest of Parquet files did. */
  record Result(long rows, long created, long existing, int files) {}

  /** Whether {@code f} is a Parquet file: by its extension, else by its first four bytes. */
  static boolean isParquet(Path f) {
    String name = f.getFileName() == null ? "" : f.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".parquet") || name.endsWith(".geoparquet") || name.endsWith(".pq")) {
      return true;
    }
    if (name.equals("-") || !Files.isRegularFile(f)) {
      return false;
    }
    try (InputStream in = Files.newInputStream(f)) {
      return Arrays.equals(in.readNBytes(4), MAGIC);
    } catch (IOException e) {
      return false;
    }
  }

  /** How one column of the files becomes a field (or the time, or the collection). */
  private record Target(String column, String field, FieldType type, boolean array) {}

  /** The plan of an ingest: the time column, the collection column, and the field of each column. */
  static final class Plan {
    final String timeColumn;
    final String collectionColumn;
    final Map<String, Target> fields = new LinkedHashMap<>(); // by column name, primary geometry first
    final List<String> renamed = new ArrayList<>();
    final List<String> dropped = new ArrayList<>();

    Plan(List<GeoParquetReader> readers, String timeOption, boolean collectionGiven) {
      Map<String, GeoParquetColumn> columns = new LinkedHashMap<>();
      String primary = readers.get(0).primaryGeometry();
      for (GeoParquetReader r : readers) {
        if (!r.primaryGeometry().equals(primary)) {
          throw new IllegalArgumentException(r.file() + ": the primary geometry is '" + r.primaryGeometry() + "', in "
              + readers.get(0).file() + " it is '" + primary + "'; ingest them separately");
        }
        for (GeoParquetColumn c : r.columns()) {
          GeoParquetColumn before = columns.putIfAbsent(c.name(), c);
          if (before != null && (before.type() != c.type() || before.array() != c.array())) {
            throw new IllegalArgumentException("column '" + c.name() + "' is " + c.parquetType() + " in " + r.file() + " but "
                + before.parquetType() + " in an earlier file; ingest them separately");
          }
        }
      }
      this.timeColumn = timeColumn(columns, timeOption, readers.get(0).file());
      GeoParquetColumn coll = columns.get("collection");
      this.collectionColumn = coll != null && coll.type() == FieldType.STRING && !coll.array() ? "collection" : null;
      if (collectionColumn == null && !collectionGiven) {
        throw new IllegalArgumentException(readers.get(0).file() + " has no 'collection' column: pass --collection NAME");
      }
      GeoParquetColumn id = columns.get("id");
      boolean swathExport = id != null && id.type() == FieldType.BYTES && id.parquetType().equals("FIXED_LEN_BYTE_ARRAY(16)");
      Map<String, String> taken = new HashMap<>();
      add(columns.get(primary), "geometry", taken);
      for (GeoParquetColumn c : columns.values()) {
        String name = c.name();
        if (name.equals(primary) || name.equals(timeColumn) || name.equals(collectionColumn)) {
          continue;
        }
        if (swathExport && (name.equals("id") || name.equals("ingestion_time"))) {
          dropped.add(name);
          continue;
        }
        String field = fieldName(name);
        if (Field.RESERVED.contains(field) || field.equals("geometry")) {
          field = "source_" + field;
        }
        add(c, field, taken);
      }
    }

    private void add(GeoParquetColumn c, String field, Map<String, String> taken) {
      String other = taken.putIfAbsent(field, c.name());
      if (other != null) {
        throw new IllegalArgumentException("columns '" + other + "' and '" + c.name() + "' would both become field '" + field
            + "' (field names are lower-case letters, digits and '_'); rename one");
      }
      if (!field.equals(c.name())) {
        renamed.add(c.name() + " -> " + field);
      }
      fields.put(c.name(), new Target(c.name(), field, c.type(), c.array()));
    }

    private static String timeColumn(Map<String, GeoParquetColumn> columns, String option, Path file) {
      List<String> timestamps = columns.values().stream().filter(c -> c.type() == FieldType.TIMESTAMP && !c.array())
          .map(GeoParquetColumn::name).toList();
      if (option != null) {
        GeoParquetColumn c = columns.get(option);
        if (c == null || c.type() != FieldType.TIMESTAMP || c.array()) {
          throw new IllegalArgumentException("--time-column '" + option + "' is not a timestamp or date column of " + file
              + "; its timestamp columns are " + timestamps);
        }
        return option;
      }
      for (String name : List.of("time", "datetime")) {
        if (timestamps.contains(name)) {
          return name;
        }
      }
      throw new IllegalArgumentException(file + " has no timestamp column named 'time' or 'datetime': pass --time-column NAME"
          + (timestamps.isEmpty() ? " (it has no timestamp or date column)" : ", one of " + timestamps));
    }

    /** The fields of the dataset, the footprint first. */
    List<Field> datasetFields() {
      List<Field> out = new ArrayList<>();
      for (Target t : fields.values()) {
        out.add(t.array() ? Field.arrayOf(t.field(), t.type()) : Field.of(t.field(), t.type()));
      }
      return out;
    }
  }

  /** A column name as a field name: lower case, letters, digits, '_' and ':' only, at most 63 characters. */
  static String fieldName(String column) {
    String s = column.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_:]", "_");
    if (s.isEmpty() || !(Character.isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
      s = "_" + s;
    }
    return s.length() > 63 ? s.substring(0, 63) : s;
  }

  /**
   * Ingests {@code files} into {@code slug}, creating the dataset with the inferred schema or
   * appending the fields it lacks; each row goes to {@code collection}, else to the collection its
   * {@code collection} column names.
   */
  static Result ingest(DatasetsClient client, String slug, String collection, String timeOption, List<Path> files, int concurrency,
                       boolean progress) throws IOException {
    List<GeoParquetReader> readers = new ArrayList<>();
    try {
      for (Path f : files) {
        readers.add(GeoParquetReader.open(f));
      }
      Plan plan = new Plan(readers, timeOption, collection != null);
      for (GeoParquetReader r : readers) {
        if (!r.skipped().isEmpty()) {
          System.err.println("swath ingest: " + r.file() + ": skipped column(s) of types Swath does not store: "
              + String.join(", ", r.skipped()));
        }
      }
      if (!plan.renamed.isEmpty()) {
        System.err.println("swath ingest: column(s) stored under another field name: " + String.join(", ", plan.renamed));
      }
      DatasetClient ds = ensureDataset(client, slug, plan.datasetFields(), "GeoParquet from " + files.get(0).getFileName());
      return send(ds, plan, readers, collection, concurrency, progress);
    } finally {
      for (GeoParquetReader r : readers) {
        r.close();
      }
    }
  }

  private static DatasetClient ensureDataset(DatasetsClient client, String slug, List<Field> fields, String description) {
    DatasetClient ds;
    try {
      ds = client.dataset(slug);
    } catch (NotFoundException e) {
      try {
        return client.createDataset(DatasetSpec.builder(slug).kind(DatasetKind.SPATIOTEMPORAL).description(description)
            .fields(fields).build());
      } catch (AlreadyExistsException raced) {
        ds = client.dataset(slug);
      }
    }
    DatasetInfo info = ds.info();
    if (info.kind() != DatasetKind.SPATIOTEMPORAL) {
      throw new IllegalArgumentException("dataset '" + slug + "' is temporal (no footprint); GeoParquet rows have one: "
          + "ingest into a spatio-temporal dataset");
    }
    List<Field> merged = new ArrayList<>(info.schema().fields());
    for (Field f : fields) {
      int at = info.schema().indexOf(f.name());
      if (at < 0) {
        merged.add(f);
      } else if (info.schema().field(at).type() != f.type() || info.schema().field(at).array() != f.array()) {
        throw new IllegalArgumentException("field '" + f.name() + "' of dataset '" + slug + "' is " + info.schema().field(at).typeLabel()
            + " but the file holds " + f.typeLabel());
      }
    }
    if (merged.size() > info.schema().size()) {
      ds = client.createOrUpdateDataset(DatasetSpec.builder(slug).kind(info.kind()).description(info.description())
          .stacMapping(info.stacMapping()).fields(merged).build());
    }
    return ds;
  }

  /** Rows bound for one collection, from one file, with the row number of each in that file. */
  private static final class Batch {
    final Path file;
    final String collection;
    final List<RowValues> rows = new ArrayList<>(BATCH_ROWS);
    final long[] fileRows = new long[BATCH_ROWS];

    Batch(Path file, String collection) {
      this.file = file;
      this.collection = collection;
    }

    void add(RowValues r, long fileRow) {
      fileRows[rows.size()] = fileRow;
      rows.add(r);
    }

    /** A failure of this batch, with "datapoint N" (its index in the batch) told as the row of the file. */
    Throwable locate(Throwable t) {
      java.util.regex.Matcher m = DATAPOINT.matcher(String.valueOf(t.getMessage()));
      if (m.matches()) {
        int i = Integer.parseInt(m.group(1));
        if (i >= 0 && i < rows.size()) {
          return new IllegalArgumentException(file + " row " + fileRows[i] + ": " + m.group(2), t);
        }
      }
      return t;
    }
  }

  private static final java.util.regex.Pattern DATAPOINT = java.util.regex.Pattern.compile("datapoint (\\d+): (.*)", java.util.regex.Pattern.DOTALL);

  private static Result send(DatasetClient ds, Plan plan, List<GeoParquetReader> readers, String collection, int concurrency,
                             boolean progress) throws IOException {
    var schema = ds.info().schema();
    long total = readers.stream().mapToLong(GeoParquetReader::rowCount).sum();
    Semaphore slots = new Semaphore(concurrency);
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<CompletableFuture<IngestResult>> sent = new ArrayList<>();
    Map<String, CollectionClient> collections = new HashMap<>();
    long rows = 0;
    try (ProgressBar bar = progress ? new ProgressBar("ingest " + ds.info().slug(), total) : null) {
      for (GeoParquetReader r : readers) {
        Map<String, Batch> pending = new LinkedHashMap<>();
        List<GeoParquetColumn> cols = r.columns();
        int timeAt = -1;
        int collAt = -1;
        int[] slot = new int[cols.size()];
        for (int i = 0; i < cols.size(); i++) {
          String name = cols.get(i).name();
          timeAt = name.equals(plan.timeColumn) ? i : timeAt;
          collAt = name.equals(plan.collectionColumn) ? i : collAt;
          Target t = plan.fields.get(name);
          slot[i] = t == null ? -1 : schema.indexOf(t.field());
        }
        if (timeAt < 0) {
          throw new IllegalArgumentException(r.file() + " has no column '" + plan.timeColumn + "' (the time column of the other files)");
        }
        Object[] row = new Object[cols.size()];
        long fileRow = 0;
        while (failure.get() == null && r.next(row)) {
          fileRow++;
          if (!(row[timeAt] instanceof Instant t)) {
            throw new IllegalArgumentException(r.file() + " row " + fileRow + ": the time column '" + plan.timeColumn + "' is null");
          }
          String c = collection != null ? collection : collAt < 0 ? null : (String) row[collAt];
          if (c == null || c.isEmpty()) {
            throw new IllegalArgumentException(r.file() + " row " + fileRow + ": the 'collection' column is empty; pass --collection NAME");
          }
          Object[] values = new Object[schema.size()];
          for (int i = 0; i < slot.length; i++) {
            if (slot[i] >= 0) {
              values[slot[i]] = row[i];
            }
          }
          Batch batch = pending.computeIfAbsent(c, k -> new Batch(r.file(), k));
          batch.add(new RowValues(Times.micros(t), values), fileRow);
          rows++;
          if (batch.rows.size() >= BATCH_ROWS) {
            pending.remove(c);
            submit(ds, batch, collections, slots, failure, sent, bar);
          }
        }
        for (Batch b : pending.values()) {
          submit(ds, b, collections, slots, failure, sent, bar);
        }
      }
      CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).exceptionally(x -> null).join();
    }
    Throwable t = failure.get();
    if (t != null) {
      if (t instanceof RuntimeException re) {
        throw re;
      }
      throw new IOException(t.getMessage(), t);
    }
    long created = 0;
    long existing = 0;
    for (CompletableFuture<IngestResult> f : sent) {
      created += f.join().created();
      existing += f.join().existing();
    }
    return new Result(rows, created, existing, readers.size());
  }

  private static void submit(DatasetClient ds, Batch batch, Map<String, CollectionClient> collections, Semaphore slots,
                             AtomicReference<Throwable> failure, List<CompletableFuture<IngestResult>> sent, ProgressBar bar) {
    if (failure.get() != null) {
      return;
    }
    CollectionClient c = collections.computeIfAbsent(batch.collection, name -> StacIngest.collection(ds, name));
    slots.acquireUninterruptibly();
    CompletableFuture<IngestResult> f;
    try {
      f = c.async().ingest(batch.rows);
    } catch (RuntimeException e) {
      slots.release();
      throw e;
    }
    sent.add(f.whenComplete((r, e) -> {
      slots.release();
      if (e != null) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        failure.compareAndSet(null, batch.locate(cause));
      } else if (bar != null) {
        bar.add(batch.rows.size());
      }
    }));
  }
}
