package io.swath.cli;

import io.swath.client.CollectionClient;
import io.swath.client.DatasetClient;
import io.swath.client.DatasetSpec;
import io.swath.client.DatasetsClient;
import io.swath.client.IngestResult;
import io.swath.core.demo.LandsatCatalog;
import io.swath.core.table.RowValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** The demo's data: the generated Landsat 2020 catalog and the real STAC fixtures. */
final class DemoData {
  private DemoData() {}

  static List<String> landsatCollections() {
    return LandsatCatalog.collections();
  }

  /**
   * Creates {@code open_data.usgs.landsat8_oli_tirs} and ingests every collection that does not
   * hold its full count yet. Returns the number of datapoints sent.
   */
  static long ensureLandsat(DatasetsClient client, boolean verbose) {
    return ensureLandsat(client, DemoCommand.LANDSAT, verbose, new long[1]);
  }

  /**
   * As {@link #ensureLandsat(DatasetsClient, boolean)} into dataset {@code slug}; adds the
   * nanoseconds spent in ingest calls to {@code ingestNanos[0]}.
   */
  static long ensureLandsat(DatasetsClient client, String slug, boolean verbose, long[] ingestNanos) {
    DatasetClient ds = client.createOrUpdateDataset(DatasetSpec.builder(slug).spatioTemporal()
        .description("Landsat 8 OLI/TIRS scenes of 2020 (generated on the WRS-2 grid)")
        .fields(LandsatCatalog.schema().fields()).build());
    long sent = 0;
    Map<String, List<RowValues>> todo = new LinkedHashMap<>();
    for (String name : LandsatCatalog.collections()) {
      CollectionClient c = ds.createCollection(name);
      int expected = LandsatCatalog.size(name);
      if (c.info().count() == expected) {
        continue;
      }
      List<RowValues> rows = new ArrayList<>(expected);
      LandsatCatalog.generate(name, rows::add);
      todo.put(name, rows);
      sent += rows.size();
    }
    // all collections at once through the async face: ingest overlaps encoding, network and storage
    long t0 = System.nanoTime();
    Map<String, CompletableFuture<IngestResult>> running = new LinkedHashMap<>();
    todo.forEach((name, rows) -> running.put(name, ds.async().createCollection(name).thenCompose(c -> c.ingest(rows, false))));
    CompletableFuture.allOf(running.values().toArray(new CompletableFuture[0])).join();
    ingestNanos[0] += System.nanoTime() - t0;
    if (verbose) {
      running.forEach((name, f) -> System.out.printf(Locale.ROOT, "  %s: %,d created, %,d already there%n", name, f.join().created(),
          f.join().existing()));
    }
    return sent;
  }

  /** Ingests the real STAC items of the project's {@code data/stac} folder under {@code open_data}, when it can be found. */
  static void ensureStacFixtures(DatasetsClient client, boolean verbose) throws IOException {
    Optional<Path> dir = stacDir();
    if (dir.isEmpty()) {
      if (verbose) {
        System.out.println("(no data/stac folder found in the project: skipping the real STAC items;"
            + " set SWATH_STAC_DIR to point at one)");
      }
      return;
    }
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir.get())) {
      files = s.filter(p -> p.getFileName().toString().endsWith(".items.ndjson")).sorted().toList();
    }
    for (Path f : files) {
      String catalog = StacIngest.slugSegment(f.getParent().getFileName().toString());
      String name = StacIngest.slugSegment(f.getFileName().toString().replace(".items.ndjson", ""));
      String slug = "open_data." + catalog + "." + name;
      var r = StacIngest.ingest(client, slug, null, List.of(f), false);
      if (verbose) {
        System.out.printf(Locale.ROOT, "  %s: %,d STAC items (%,d new)%n", slug, r.created() + r.existing(), r.created());
      }
    }
  }

  /**
   * The real STAC items kept in the project: SWATH_STAC_DIR, else {@code data/stac} of the project the
   * command was started from ({@code swath.home}) or of the first folder at or above the working
   * directory that holds one.
   */
  static Optional<Path> stacDir() {
    String env = System.getenv("SWATH_STAC_DIR");
    if (env != null && !env.isBlank()) {
      return Optional.of(Path.of(env)).filter(Files::isDirectory);
    }
    List<Path> starts = new ArrayList<>();
    String home = System.getProperty("swath.home");
    if (home != null) {
      starts.add(Path.of(home));
    }
    starts.add(Path.of("").toAbsolutePath());
    for (Path start : starts) {
      for (Path p = start; p != null; p = p.getParent()) {
        Path cand = p.resolve("data").resolve("stac");
        if (Files.isDirectory(cand)) {
          return Optional.of(cand);
        }
      }
    }
    return Optional.empty();
  }
}
