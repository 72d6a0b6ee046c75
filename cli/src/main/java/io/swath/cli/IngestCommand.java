package io.swath.cli;

import io.swath.client.DatasetsClient;
import io.swath.client.IngestResult;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code swath ingest}: STAC Item NDJSON into a dataset. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    description = {"Ingest STAC Items (one GeoJSON Feature per line) into a dataset.",
        "The dataset is created with a schema inferred from the items (properties become typed fields;",
        "assets, links and everything else are kept), or extended with fields it lacks.",
        "Ingest is idempotent: items already stored are counted, not stored again."},
    footer = {"", "Examples:", "  swath ingest open_data.pc.landsat landsat-8-c2-l2.items.ndjson",
        "  curl -s .../search | jq -c '.features[]' | swath ingest my.group.scenes - --collection S2"})
final class IngestCommand implements Callable<Integer> {
  @Mixin
  ClientOptions client;

  @Parameters(index = "0", paramLabel = "DATASET", description = "Dataset slug (created when missing).")
  String dataset;

  @Parameters(index = "1..*", paramLabel = "FILE", description = "NDJSON files of STAC Items; - reads standard input.")
  List<Path> files;

  @Option(names = {"-c", "--collection"}, paramLabel = "NAME", description = "Target collection (default: each item's 'collection').")
  String collection;

  @Option(names = "--no-progress", description = "Do not draw a progress bar.")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    try (DatasetsClient c = client.connect()) {
      long t0 = System.nanoTime();
      IngestResult r = StacIngest.ingest(c, dataset, collection, files, !noProgress && System.console() != null);
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(java.util.Locale.ROOT, "ingested %d items into %s in %.2f s: %d created, %d already there%n",
          r.created() + r.existing(), dataset, s, r.created(), r.existing());
    }
    return Main.OK;
  }
}
