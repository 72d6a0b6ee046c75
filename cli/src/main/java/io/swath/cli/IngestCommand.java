package io.swath.cli;

import io.swath.client.DatasetsClient;
import io.swath.client.IngestResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code swath ingest}: STAC Items from NDJSON files or from a STAC API, or rows of GeoParquet files, into a dataset. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
    header = "Ingest STAC Items (NDJSON files or a STAC API) or GeoParquet files into a dataset.", sortOptions = false,
    description = {"Ingest STAC Items into a dataset: from NDJSON files (one GeoJSON Feature per line), or copied from",
        "any STAC API with --from-stac. Or ingest GeoParquet files (*.parquet, or any file that starts with PAR1).",
        "The dataset is created with a schema inferred from the items (properties become typed fields;",
        "assets, links and everything else are kept), or extended with fields it lacks; the server's STAC API",
        "then serves the very same items. Ingest is idempotent: items already stored are counted, not stored again.",
        "",
        "--from-stac splits the search into time shards (of the --time interval, else of the collections'",
        "temporal extent) and pages through them concurrently. A state file records finished shards: run the",
        "same command again after an interruption and it continues where it stopped.",
        "",
        "GeoParquet: the primary geometry becomes the footprint, the timestamp column 'time' or 'datetime' (or",
        "--time-column) the datapoint time, the 'collection' column (or --collection) the collection, and every",
        "other column a field; columns of types Swath does not store are skipped with a warning. Rows are read",
        "one row group at a time and sent in batches, --concurrency at once; ingesting a file again stores nothing new."},
    footer = {"", "Examples:", "  swath ingest open_data.pc.landsat landsat-8-c2-l2.items.ndjson",
        "  curl -s .../search | jq -c '.features[]' | swath ingest my.group.scenes - --collection S2",
        "  swath ingest my.group.scenes scenes-2024.parquet --collection S2 --time-column acquired",
        "  swath ingest open_data.es.sentinel2 --from-stac https://earth-search.aws.element84.com/v1 \\",
        "      --collections sentinel-2-l2a --time 2023-06-01/2023-07-01 --bbox 5.9,45.8,10.5,47.8 \\",
        "      --filter 'eo:cloud_cover < 20'"})
final class IngestCommand implements Callable<Integer> {
  @Mixin
  ClientOptions client;

  @Parameters(index = "0", paramLabel = "DATASET", description = "Dataset slug (created when missing).")
  String dataset;

  @Parameters(index = "1..*", arity = "0..*", paramLabel = "FILE", description = "NDJSON files of STAC Items (- reads standard input), or GeoParquet files.")
  List<Path> files;

  @Option(names = {"-c", "--collection"}, paramLabel = "NAME",
      description = "Target collection (default: each item's 'collection').")
  String collection;

  @Option(names = "--from-stac", paramLabel = "URL", description = "Copy the items of a search of the STAC API at URL (its landing page).")
  String fromStac;

  @Option(names = "--collections", paramLabel = "ID", split = ",", description = "With --from-stac: the STAC collections to search.")
  List<String> collections = List.of();

  @Option(names = "--time", paramLabel = "INTERVAL",
      description = "With --from-stac: a STAC interval a/b, a/.., ../b, an instant or a date (a whole day).")
  String time;

  @Option(names = "--bbox", paramLabel = "W,S,E,N", description = "With --from-stac: only items whose footprint intersects the box.")
  String bbox;

  @Option(names = "--filter", paramLabel = "CQL2", description = "With --from-stac: a CQL2 text filter, e.g. \"eo:cloud_cover < 20\".")
  String filter;

  @Option(names = "--limit", paramLabel = "N", description = "With --from-stac: at most N items (default: all).")
  long limit;

  @Option(names = "--page-size", paramLabel = "N", description = "With --from-stac: items per page (default: ${DEFAULT-VALUE}).")
  int pageSize = 250;

  @Option(names = "--time-column", paramLabel = "NAME",
      description = "GeoParquet: the timestamp column that holds the datapoint time (default: 'time', else 'datetime').")
  String timeColumn;

  @Option(names = "--concurrency", paramLabel = "N",
      description = "With --from-stac: shards paged at once; with GeoParquet files: batches sent at once (default: ${DEFAULT-VALUE}).")
  int concurrency = 4;

  @Option(names = "--shards", paramLabel = "N", description = "With --from-stac: time shards (default: 4 x concurrency).")
  Integer shards;

  @Option(names = "--state", paramLabel = "FILE",
      description = "With --from-stac: where to record finished shards (default: ~/.swath/stac-imports/<dataset>-<hash>.json).")
  Path state;

  @Option(names = "--no-progress", description = "Do not draw a progress bar.")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    boolean hasFiles = files != null && !files.isEmpty();
    if (hasFiles == (fromStac != null)) {
      throw new IllegalArgumentException(hasFiles ? "give NDJSON files or --from-stac URL, not both"
          : "nothing to ingest: give NDJSON files (or - for standard input) or --from-stac URL");
    }
    if (fromStac == null && (time != null || bbox != null || filter != null || !collections.isEmpty() || limit != 0)) {
      throw new IllegalArgumentException("--collections, --time, --bbox, --filter and --limit select items of a STAC search: use them with --from-stac");
    }
    if (concurrency < 1 || pageSize < 1) {
      throw new IllegalArgumentException("--concurrency and --page-size must be at least 1");
    }
    boolean progress = !noProgress && System.console() != null;
    try (DatasetsClient c = client.connect()) {
      long t0 = System.nanoTime();
      if (fromStac != null) {
        Path st = state != null ? state : StacImport.defaultState(fromStac, dataset, collections, time, bbox, filter);
        var spec = new StacImport.Spec(fromStac, dataset, collections, time, bbox, filter, collection, limit, pageSize, concurrency,
            shards != null ? shards : 4 * concurrency, st);
        StacImport.Result r = new StacImport(c, spec).run(progress);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "imported %d items from %s into %s in %.2f s: %d created, %d already there (%d shards%s)%n",
            r.items(), fromStac, dataset, s, r.created(), r.existing(), r.shards(),
            r.shardsSkipped() > 0 ? ", " + r.shardsSkipped() + " done before" : "");
        return Main.OK;
      }
      long parquet = files.stream().filter(ParquetIngest::isParquet).count();
      if (parquet > 0) {
        if (parquet < files.size()) {
          throw new IllegalArgumentException("give either GeoParquet files or NDJSON files of STAC Items, not both in one command");
        }
        ParquetIngest.Result r = ParquetIngest.ingest(c, dataset, collection, timeColumn, files, concurrency, progress);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "ingested %d rows from %d GeoParquet file%s into %s in %.2f s (%.0f rows/s): %d created, %d already there%n",
            r.rows(), r.files(), r.files() == 1 ? "" : "s", dataset, s, r.rows() / Math.max(s, 1e-9), r.created(), r.existing());
        return Main.OK;
      }
      if (timeColumn != null) {
        throw new IllegalArgumentException("--time-column is for GeoParquet files; STAC items take their time from 'datetime'");
      }
      IngestResult r = StacIngest.ingest(c, dataset, collection, files, progress);
      double s = (System.nanoTime() - t0) / 1e9;
      System.out.printf(Locale.ROOT, "ingested %d items into %s in %.2f s: %d created, %d already there%n",
          r.created() + r.existing(), dataset, s, r.created(), r.existing());
    }
    return Main.OK;
  }
}
