package io.swath.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swath.client.CollectionClient;
import io.swath.client.DatasetClient;
import io.swath.client.DatasetInfo;
import io.swath.client.DatasetSpec;
import io.swath.client.DatasetsClient;
import io.swath.client.IngestResult;
import io.swath.core.error.NotFoundException;
import io.swath.core.schema.DatasetKind;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import io.swath.core.stac.StacItems;
import io.swath.core.stac.StacMapping;
import io.swath.core.stac.StacSchema;
import io.swath.core.stac.StacSchemas;
import io.swath.core.table.RowValues;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Ingest of STAC Item NDJSON files into a dataset whose schema is inferred from the items. */
final class StacIngest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StacIngest() {}

  static String slugSegment(String s) {
    String out = s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]+", "_").replaceAll("^_+|_+$", "");
    return out.isEmpty() || !Character.isLetter(out.charAt(0)) ? "d_" + out : out;
  }

  static List<JsonNode> read(List<Path> files) throws IOException {
    List<JsonNode> items = new ArrayList<>();
    for (Path f : files) {
      try (BufferedReader r = f.toString().equals("-") ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
          : Files.newBufferedReader(f)) {
        String line;
        int n = 0;
        while ((line = r.readLine()) != null) {
          n++;
          if (line.isBlank()) {
            continue;
          }
          try {
            JsonNode item = JSON.readTree(line);
            if (!item.isObject() || !"Feature".equals(item.path("type").asText())) {
              throw new IllegalArgumentException(f + " line " + n + ": not a STAC Item (a GeoJSON Feature)");
            }
            items.add(item);
          } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(f + " line " + n + ": not valid JSON: " + e.getOriginalMessage());
          }
        }
      }
    }
    return items;
  }

  /**
   * The dataset {@code slug} ready to hold items of the {@code inferred} schema: created with that
   * schema and its STAC mapping, or, when it exists, extended with the fields it lacks and the
   * mapping of those fields (what the stored mapping records stays, so stored items read back the
   * same).
   */
  static DatasetClient ensureDataset(DatasetsClient client, String slug, StacSchema inferred, String description) {
    Schema schema = inferred.schema();
    DatasetClient ds;
    try {
      ds = client.dataset(slug);
    } catch (NotFoundException e) {
      try {
        return client.createDataset(DatasetSpec.builder(slug).kind(DatasetKind.SPATIOTEMPORAL).description(description)
            .fields(schema.fields()).stacMapping(inferred.mapping()).build());
      } catch (io.swath.core.error.AlreadyExistsException raced) {
        ds = client.dataset(slug); // created concurrently: extend it below
      }
    }
    DatasetInfo info = ds.info();
    if (info.stacMapping() == null && info.schema().indexOf(StacSchemas.STAC_ID) < 0) {
      throw new IllegalArgumentException("dataset '" + slug + "' exists and does not hold STAC items; ingest into a new dataset");
    }
    List<Field> merged = new ArrayList<>(info.schema().fields());
    boolean widened = false;
    for (Field f : schema.fields()) {
      int at = info.schema().indexOf(f.name());
      if (at < 0) {
        merged.add(f);
      } else if (merged.get(at).type() == FieldType.INT64 && f.type() == FieldType.FLOAT64 && merged.get(at).array() == f.array()) {
        // new items hold fractions where the stored ones held integers: the field widens, stored values are kept
        Field old = merged.get(at);
        merged.set(at, new Field(old.name(), FieldType.FLOAT64, old.array(), old.description()));
        widened = true;
        System.err.println("swath ingest: field '" + old.name() + "' of " + slug + " widens from " + old.typeLabel() + " to "
            + merged.get(at).typeLabel() + " (new items hold fractions); stored items keep their values");
      }
    }
    StacMapping stored = info.stacMapping() == null ? inferred.mapping() : info.stacMapping();
    StacMapping mapping = stored.extendedWith(inferred.mapping());
    if (widened || merged.size() > info.schema().size() || !mapping.equals(info.stacMapping())) {
      ds = client.createOrUpdateDataset(DatasetSpec.builder(slug).kind(info.kind()).description(info.description())
          .fields(merged).stacMapping(mapping).build());
    }
    return ds;
  }

  /**
   * The collection {@code name} of {@code ds}, created if it does not exist. The STAC API serves
   * it under the STAC collection id {@code name} unless another dataset took that id first; then
   * a line on stderr says which id it gets instead, so that no collection is renamed silently.
   */
  static CollectionClient collection(DatasetClient ds, String name) {
    return collection(ds, name, "");
  }

  /**
   * As {@link #collection(DatasetClient, String)}, storing {@code stacDocument} (a STAC Collection
   * as JSON, or empty for none) with the collection for the STAC API to serve.
   */
  static CollectionClient collection(DatasetClient ds, String name, String stacDocument) {
    CollectionClient c = ds.createCollection(name, stacDocument);
    String stacId = c.info().stacId();
    if (stacId != null && !stacId.isEmpty() && !stacId.equals(name)) {
      System.err.println("swath ingest: STAC collection id '" + name + "' is already used on this server by another dataset; "
          + "the items of collection '" + name + "' of " + ds.info().slug() + " are served by the STAC API as collection '"
          + stacId + "'");
    }
    return c;
  }

  /**
   * Ingests STAC items into {@code slug}: creates the dataset from the inferred schema, or
   * appends fields the existing schema lacks. Items go to {@code collection}, or to the
   * collection named by each item's {@code collection} member.
   */
  static IngestResult ingest(DatasetsClient client, String slug, String collection, List<Path> files, boolean progress)
      throws IOException {
    List<Path> itemFiles = new ArrayList<>();
    Map<String, JsonNode> documents = new LinkedHashMap<>();
    for (Path f : files) {
      if (f.getFileName() != null && f.getFileName().toString().endsWith(COLLECTION_SUFFIX)) {
        JsonNode doc = readCollection(f);
        String name = collection != null ? collection : doc.path("id").asText();
        if (documents.put(name, doc) != null) {
          throw new IllegalArgumentException("two STAC collection documents for collection '" + name + "' (" + f + ")");
        }
      } else {
        itemFiles.add(f);
      }
    }
    if (itemFiles.isEmpty()) {
      if (documents.isEmpty()) {
        throw new IllegalArgumentException("no STAC items in " + files);
      }
      // collection documents alone: for collections of a dataset that exists
      DatasetClient ds = client.dataset(slug);
      for (var e : documents.entrySet()) {
        collection(ds, e.getKey(), e.getValue().toString());
      }
      return new IngestResult(0, 0, List.of());
    }
    List<JsonNode> items = read(itemFiles);
    if (items.isEmpty()) {
      throw new IllegalArgumentException("no STAC items in " + itemFiles);
    }
    StacSchema inferred = StacSchemas.infer(items);
    DatasetClient ds = ensureDataset(client, slug, inferred, "STAC items from " + files.get(0).getFileName());
    Schema schema = ds.info().schema();
    StacMapping mapping = ds.info().stacMapping();
    Map<String, List<RowValues>> byCollection = new LinkedHashMap<>();
    Misfits misfits = new Misfits(slug);
    for (JsonNode item : items) {
      var dp = StacItems.toDatapoint(item, schema, mapping, misfits);
      String c = collection != null ? collection : item.path("collection").asText("");
      if (c.isEmpty()) {
        throw new IllegalArgumentException("item " + item.path("id").asText() + " has no 'collection'; pass --collection");
      }
      byCollection.computeIfAbsent(c, k -> new ArrayList<>()).add(dp);
    }
    IngestResult total = new IngestResult(0, 0, List.of());
    for (var e : byCollection.entrySet()) {
      JsonNode doc = documents.remove(e.getKey());
      CollectionClient c = collection(ds, e.getKey(), doc == null ? "" : doc.toString());
      total = total.plus(c.ingest(e.getValue(), progress));
    }
    for (var e : documents.entrySet()) { // documents of collections without items here
      collection(ds, e.getKey(), e.getValue().toString());
    }
    misfits.report();
    return total;
  }

  /** How the name of a STAC Collection document ends, as catalogs publish them. */
  static final String COLLECTION_SUFFIX = ".collection.json";

  /** A STAC Collection document: a JSON object with {@code "type": "Collection"} and an id. */
  static JsonNode readCollection(Path f) throws IOException {
    JsonNode doc;
    try {
      doc = JSON.readTree(f.toFile());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(f + ": not valid JSON: " + e.getOriginalMessage());
    }
    if (doc == null || !doc.isObject() || !"Collection".equals(doc.path("type").asText())) {
      throw new IllegalArgumentException(f + ": not a STAC Collection (a JSON object with \"type\": \"Collection\")");
    }
    if (!doc.path("id").isTextual() || doc.path("id").asText().isEmpty()) {
      throw new IllegalArgumentException(f + ": the STAC Collection has no 'id'");
    }
    return doc;
  }

  /**
   * Values that do not fit the type of their property's field (a string where the field holds
   * int64): the items are stored anyway, such a value verbatim beside the typed fields (it is
   * written back unchanged; a filter sees null there). Each property is reported once on stderr,
   * with how many items had such a value. Thread-safe.
   */
  static final class Misfits implements java.util.function.BiConsumer<String, String> {
    private final String slug;
    private final Map<String, long[]> counts = new java.util.TreeMap<>();
    private final Map<String, String> reasons = new java.util.HashMap<>();
    private final java.util.Set<String> reported = new java.util.HashSet<>();

    Misfits(String slug) {
      this.slug = slug;
    }

    @Override
    public synchronized void accept(String property, String why) {
      counts.computeIfAbsent(property, k -> new long[1])[0]++;
      reasons.putIfAbsent(property, why);
    }

    /** Writes one line per property not reported yet. */
    synchronized void report() {
      for (var e : counts.entrySet()) {
        if (reported.add(e.getKey())) {
          System.err.println("swath ingest: '" + e.getKey() + "' of " + e.getValue()[0] + " item(s) of " + slug
              + " does not fit its field (it " + reasons.get(e.getKey()) + "); kept as it came: written back unchanged, "
              + "null to filters and sorts");
        }
      }
    }
  }
}
