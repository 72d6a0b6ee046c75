package io.swath.client.examples;

import io.swath.client.AsyncDatasetsClient;
import io.swath.client.CollectionClient;
import io.swath.client.DatasetSpec;
import io.swath.client.DatasetsClient;
import io.swath.client.IngestResult;
import io.swath.client.Query;
import io.swath.core.retry.RetryPolicy;
import io.swath.core.schema.FieldType;
import io.swath.core.table.DatapointTable;
import io.swath.core.table.TableWriters;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/** The code of docs/guide.md, compiled and run by QuickstartExampleTest against a real server. */
public final class QuickstartExample {
  private QuickstartExample() {}

  /** A datapoint as a Java record: {@code time} plus components named like the fields. */
  // --8<-- [start:records]
  public record Scene(Instant time, String sceneId, double cloudCover, long wrsPath) {}
  // --8<-- [end:records]

  /** The client options of the guide, against {@code target}; returns the number of datasets the server lists. */
  public static int withOptions(String target) {
    // --8<-- [start:options]
    DatasetsClient client = DatasetsClient.builder()
        .target(target)                               // e.g. "catalog.example.org:7777"
        .callTimeout(Duration.ofSeconds(30))          // single calls; queries have none unless Query.timeout
        .ingestBatchSize(5_000)                       // datapoints per atomic ingest request
        .retry(RetryPolicy.builder().maxAttempts(8).build())   // transient failures, broken streams
        .flowControlWindow(128 << 20)                 // receive window for long, fast links (default 64 MiB)
        .connections(4)                               // TCP connections query streams spread over (default 8)
        .buildBlocking();
    // --8<-- [end:options]
    try (client) {
      return client.listDatasets().size();
    }
  }

  /** Runs the guide against the server at {@code target}; returns what it printed, line by line. */
  public static List<String> run(String target) throws Exception {
    List<String> out = new ArrayList<>();
    // --8<-- [start:create]
    try (DatasetsClient client = DatasetsClient.connect(target)) {
      var dataset = client.createOrUpdateDataset(DatasetSpec.builder("guide.demo.scenes")
          .description("scenes for the guide")
          .field("scene_id", FieldType.STRING)
          .field("cloud_cover", FieldType.FLOAT64)
          .field("wrs_path", FieldType.INT64)
          .build());
      CollectionClient scenes = dataset.createCollection("S1");
      // --8<-- [end:create]

      // --8<-- [start:ingest]
      List<Scene> batch = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        batch.add(new Scene(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(3600L * i), "S" + i, i % 100, 1 + i % 233));
      }
      IngestResult r = scenes.ingest(batch);          // idempotent: run it twice, the second creates nothing
      // --8<-- [end:ingest]
      out.add("created " + r.created() + ", existing " + r.existing());

      StringBuilder writer = new StringBuilder();
      // --8<-- [start:query]
      DatapointTable january = scenes.query(Query.time("2024-01-01", "2024-02-01").filter("cloud_cover < 20"));
      double mean = january.doubles("cloud_cover").stream().average().orElse(Double.NaN);
      List<Scene> typed = january.as(Scene.class);   // rows as records
      var one = scenes.find(january.id(0));          // one datapoint by id
      TableWriters.write(january, TableWriters.Format.CSV, writer);   // or NDJSON, GEOJSON
      // --8<-- [end:query]
      out.add(january.size() + " clear scenes in January, mean cloud cover " + mean);
      out.add("first: " + typed.get(0).sceneId() + " at " + january.time(0));
      out.add("found " + one.getString("scene_id"));
      out.add(writer.toString().lines().findFirst().orElse(""));

      StringBuilder file = new StringBuilder();
      // --8<-- [start:export]
      try (Stream<DatapointTable> pages = scenes.queryPages(Query.time("2024-01-01", "2025-01-01"))) {
        TableWriters.PageWriter csv = TableWriters.pages(TableWriters.Format.CSV, scenes.dataset().schema(), file);
        pages.forEach(csv::write);                   // one page in memory at a time, whatever the size
        csv.finish();
      }
      // --8<-- [end:export]
      out.add("exported " + (file.toString().lines().count() - 1) + " rows");
    }

    // --8<-- [start:async]
    try (AsyncDatasetsClient async = AsyncDatasetsClient.connect(target)) {
      var dataset = async.dataset("guide.demo.scenes").join();
      CompletableFuture<DatapointTable> h1 = dataset.collection("S1")
          .thenCompose(c -> c.query(Query.time("2024-01-01", "2024-01-15")));
      CompletableFuture<DatapointTable> h2 = dataset.collection("S1")
          .thenCompose(c -> c.query(Query.time("2024-01-15", "2024-02-01")));
      CompletableFuture.allOf(h1, h2).join();        // both halves load at once
      // --8<-- [end:async]
      out.add("halves: " + h1.join().size() + " + " + h2.join().size());
    }
    return out;
  }
}
