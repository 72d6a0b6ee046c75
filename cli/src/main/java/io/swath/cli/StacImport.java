package io.swath.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swath.client.CollectionClient;
import io.swath.client.DatasetClient;
import io.swath.client.DatasetsClient;
import io.swath.client.IngestResult;
import io.swath.client.ProgressBar;
import io.swath.client.Query;
import io.swath.client.stac.StacClient;
import io.swath.client.stac.StacCollectionInfo;
import io.swath.client.stac.StacItem;
import io.swath.client.stac.StacPage;
import io.swath.client.stac.StacSearch;
import io.swath.core.schema.Field;
import io.swath.core.schema.Schema;
import io.swath.core.stac.StacItems;
import io.swath.core.stac.StacMapping;
import io.swath.core.stac.StacSchema;
import io.swath.core.stac.StacSchemas;
import io.swath.core.table.RowValues;
import io.swath.core.time.TimeInterval;
import io.swath.core.time.Times;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies the items of a remote STAC search into a Swath dataset: the search is split into time
 * shards that are paged and ingested concurrently; each page's items extend the dataset schema
 * when they bring new properties, then go to the collection named like their STAC collection (or
 * the one given). A state file records the shards done, so an interrupted import started again with
 * the same arguments skips them; ingest is idempotent, so the shard that was running is simply
 * read again. The state file is removed when the import completes.
 */
final class StacImport {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What to import. */
  record Spec(String url, String dataset, List<String> collections, String time, String bbox, String filter, String collection,
              long limit, int pageSize, int concurrency, int shards, Path state) {}

  /** What an import did. */
  record Result(long items, long created, long existing, int shards, int shardsSkipped) {}

  private final DatasetsClient client;
  private final Spec spec;
  /** The dataset as it stands, with collection clients that encode against its schema. */
  private volatile Target target;
  private final Object schemaLock = new Object();
  /** The source STAC API while {@link #run} runs. */
  private volatile StacClient source;
  /** Values that do not fit their fields, reported once per property. */
  private final StacIngest.Misfits misfits;

  private record Target(DatasetClient dataset, Schema schema, StacMapping mapping, Map<String, CollectionClient> collections) {}

  StacImport(DatasetsClient client, Spec spec) {
    this.client = client;
    this.spec = spec;
    this.misfits = new StacIngest.Misfits(spec.dataset);
  }

  Result run(boolean progress) throws Exception {
    try (StacClient stac = StacClient.builder(spec.url).concurrency(spec.concurrency).buildBlocking()) {
      source = stac;
      Query q = spec.time == null ? Query.all() : Query.time(spec.time);
      if (spec.bbox != null) {
        q = q.bbox(io.swath.core.geo.BoundingBox.parse(spec.bbox));
      }
      if (spec.filter != null) {
        q = q.filter(spec.filter);
      }
      if (!spec.collections.isEmpty()) {
        q = q.collections(spec.collections.toArray(String[]::new));
      }
      StacSearch search = StacSearch.of(q).pageSize(spec.pageSize).shards(1);
      ObjectNode state = loadState();
      ArrayNode shards = (ArrayNode) state.get("shards");
      if (shards.isEmpty()) {
        for (TimeInterval t : shardIntervals(stac, q)) {
          shards.addObject().put("datetime", t == null ? "" : t.toString()).put("done", false).put("items", 0);
        }
        saveState(state);
      }
      AtomicLong items = new AtomicLong();
      AtomicLong created = new AtomicLong();
      AtomicLong existing = new AtomicLong();
      AtomicLong budget = new AtomicLong(spec.limit > 0 ? spec.limit : Long.MAX_VALUE);
      int skipped = 0;
      long total = spec.limit > 0 ? spec.limit : 0;
      try (ProgressBar bar = progress ? new ProgressBar("import " + spec.dataset, total) : null;
           ExecutorService pool = Executors.newFixedThreadPool(spec.concurrency, Thread.ofVirtual().factory())) {
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < shards.size(); i++) {
          ObjectNode shard = (ObjectNode) shards.get(i);
          if (shard.path("done").asBoolean()) {
            skipped++;
            continue;
          }
          String dt = shard.path("datetime").asText();
          StacSearch s = dt.isEmpty() ? search : search.query(withTime(q, dt));
          running.add(pool.submit(() -> {
            long n = 0;
            for (StacPage page : stac.pages(s)) {
              List<StacItem> batch = page.items();
              long allowed = budget.getAndAdd(-batch.size());
              if (allowed <= 0) {
                break;
              }
              if (allowed < batch.size()) {
                batch = batch.subList(0, (int) allowed);
              }
              IngestResult r = ingest(batch);
              n += batch.size();
              items.addAndGet(batch.size());
              created.addAndGet(r.created());
              existing.addAndGet(r.existing());
              if (bar != null) {
                bar.add(batch.size());
              }
            }
            synchronized (state) {
              shard.put("done", true).put("items", n);
              saveState(state);
            }
            return null;
          }));
        }
        for (Future<?> f : running) {
          try {
            f.get();
          } catch (java.util.concurrent.ExecutionException e) {
            running.forEach(o -> o.cancel(true));
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
              throw re;
            }
            throw new IllegalStateException(c.getMessage(), c);
          }
        }
      }
      Files.deleteIfExists(spec.state);
      return new Result(items.get(), created.get(), existing.get(), shards.size(), skipped);
    }
  }

  /** {@code q} restricted to the shard interval {@code dt} (written by {@link TimeInterval#toString()}). */
  private static Query withTime(Query q, String dt) {
    TimeInterval shard = TimeInterval.parse(dt);
    Query out = Query.time(shard);
    if (q.geometry() != null) {
      out = q.isContains() ? out.within(q.geometry()) : out.intersects(q.geometry());
    }
    if (!q.filterText().isEmpty()) {
      out = out.filter(q.filterText());
    }
    if (!q.collectionNames().isEmpty()) {
      out = out.collections(q.collectionNames().toArray(String[]::new));
    }
    return out.pageSize(q.pageSizeValue());
  }

  /**
   * The time shards: the search's interval, or its collections' temporal extent, split evenly into
   * {@code shards} parts; one unbounded shard when neither is known.
   */
  private List<TimeInterval> shardIntervals(StacClient stac, Query q) {
    TimeInterval.MicrosRange r = q.interval().toHalfOpenMicros();
    long lo = r.lo();
    long hi = r.hi();
    if ((lo == Long.MIN_VALUE || hi == Long.MAX_VALUE) && !spec.collections.isEmpty()) {
      long clo = Long.MAX_VALUE;
      long chi = Long.MIN_VALUE;
      for (String c : spec.collections) {
        StacCollectionInfo info = stac.collection(c);
        if (info.start() == null || info.end() == null) {
          clo = Long.MIN_VALUE;
          chi = Long.MAX_VALUE;
          break;
        }
        clo = Math.min(clo, Times.micros(info.start()));
        chi = Math.max(chi, Times.micros(info.end()) + 1);
      }
      lo = Math.max(lo, clo);
      hi = Math.min(hi, chi);
    }
    if (lo == Long.MIN_VALUE || hi == Long.MAX_VALUE || lo >= hi || spec.shards <= 1) {
      return java.util.Collections.singletonList(lo < hi && lo != Long.MIN_VALUE && hi != Long.MAX_VALUE
          ? TimeInterval.ofMicros(lo, hi) : null);
    }
    List<TimeInterval> out = new ArrayList<>();
    int n = (int) Math.min(spec.shards, hi - lo);
    long prev = lo;
    for (int i = 1; i <= n; i++) {
      long next = i == n ? hi : lo + (long) ((double) (hi - lo) * i / n);
      out.add(TimeInterval.ofMicros(prev, next));
      prev = next;
    }
    return out;
  }

  /** Converts and stores one page of items, extending the dataset first when they bring new properties. */
  private IngestResult ingest(List<StacItem> items) {
    if (items.isEmpty()) {
      return new IngestResult(0, 0, List.of());
    }
    List<JsonNode> json = new ArrayList<>(items.size());
    items.forEach(i -> json.add(i.json()));
    Target t = targetFor(StacSchemas.infer(json));
    Map<String, List<RowValues>> byCollection = new LinkedHashMap<>();
    for (JsonNode item : json) {
      var dp = StacItems.toDatapoint(item, t.schema, t.mapping, misfits);
      String c = spec.collection != null ? spec.collection : item.path("collection").asText("");
      if (c.isEmpty()) {
        throw new IllegalArgumentException("item " + item.path("id").asText() + " has no 'collection'; pass --collection");
      }
      byCollection.computeIfAbsent(c, k -> new ArrayList<>()).add(dp);
    }
    IngestResult total = new IngestResult(0, 0, List.of());
    for (var e : byCollection.entrySet()) {
      total = total.plus(collection(t, e.getKey()).ingest(e.getValue()));
    }
    misfits.report();
    return total;
  }

  /** The dataset ready for items of schema {@code inferred}: extended (once, under a lock) when it lacks something. */
  private Target targetFor(StacSchema inferred) {
    Target t = target;
    if (t != null && covers(t, inferred)) {
      return t;
    }
    synchronized (schemaLock) {
      t = target;
      if (t != null && covers(t, inferred)) {
        return t;
      }
      DatasetClient ds = StacIngest.ensureDataset(client, spec.dataset, inferred, "STAC items from " + spec.url);
      t = new Target(ds, ds.info().schema(), ds.info().stacMapping(), new java.util.concurrent.ConcurrentHashMap<>());
      target = t;
      return t;
    }
  }

  private static boolean covers(Target t, StacSchema inferred) {
    for (Field f : inferred.schema().fields()) {
      int at = t.schema.indexOf(f.name());
      if (at < 0 || t.schema.field(at).type() == io.swath.core.schema.FieldType.INT64 && f.type() == io.swath.core.schema.FieldType.FLOAT64) {
        return false; // a new field, or one that must widen
      }
    }
    return t.mapping.extendedWith(inferred.mapping()).equals(t.mapping);
  }

  private CollectionClient collection(Target t, String name) {
    return t.collections.computeIfAbsent(name, n -> StacIngest.collection(t.dataset, n, remoteDocument(n)));
  }

  /**
   * The source's STAC Collection document for the local collection {@code name} (without its
   * links, which point at the source), or empty when there is none to copy: items go to one
   * {@code --collection} from several source collections, or the source has no such document.
   */
  private String remoteDocument(String name) {
    String id = spec.collection == null ? name : spec.collections.size() == 1 ? spec.collections.get(0) : null;
    if (id == null || source == null) {
      return "";
    }
    try {
      JsonNode doc = source.collection(id).json();
      if (doc == null || !doc.isObject() || !"Collection".equals(doc.path("type").asText())) {
        return "";
      }
      ObjectNode copy = ((ObjectNode) doc).deepCopy();
      copy.remove("links");
      return copy.toString();
    } catch (RuntimeException e) {
      System.err.println("swath ingest: no STAC collection document for '" + id + "' at " + spec.url + " (" + e.getMessage()
          + "); collection '" + name + "' is served with a generated one");
      return "";
    }
  }

  // ---- state

  private ObjectNode loadState() throws IOException {
    ObjectNode key = JSON.createObjectNode();
    key.put("url", spec.url).put("dataset", spec.dataset).put("time", Objects.toString(spec.time, ""))
        .put("bbox", Objects.toString(spec.bbox, "")).put("filter", Objects.toString(spec.filter, ""))
        .put("collection", Objects.toString(spec.collection, "")).put("limit", spec.limit);
    ArrayNode cols = key.putArray("collections");
    spec.collections.forEach(cols::add);
    if (Files.exists(spec.state)) {
      JsonNode old = JSON.readTree(spec.state.toFile());
      if (old.path("import").toString().equals(key.toString()) && old.path("shards").isArray()) {
        return (ObjectNode) old;
      }
      throw new IllegalArgumentException("the state file " + spec.state + " belongs to another import (" + old.path("import")
          + "); delete it or pass another --state");
    }
    ObjectNode s = JSON.createObjectNode();
    s.set("import", key);
    s.putArray("shards");
    return s;
  }

  private void saveState(ObjectNode state) throws IOException {
    Path dir = spec.state.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(spec.state.getFileName() + ".tmp");
    Files.writeString(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state));
    Files.move(tmp, spec.state, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The default state file of an import: under {@code ~/.swath/stac-imports}, named by the dataset and a hash of the arguments. */
  static Path defaultState(String url, String dataset, List<String> collections, String time, String bbox, String filter) {
    int h = Objects.hash(url, dataset, collections, time, bbox, filter);
    return Path.of(System.getProperty("user.home"), ".swath", "stac-imports", dataset + "-" + Integer.toHexString(h) + ".json");
  }
}
