package io.swath.cli;

import io.swath.client.DatasetsClient;
import io.swath.core.retry.RetryPolicy;
import io.swath.core.table.DatapointTable;
import io.swath.imagery.asset.AssetAccess;
import io.swath.imagery.download.DownloadListener;
import io.swath.imagery.download.DownloadProgress;
import io.swath.imagery.download.DownloadRequest;
import io.swath.imagery.download.DownloadRequests;
import io.swath.imagery.download.DownloadSummary;
import io.swath.imagery.download.Downloader;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code swath download}: files by URL, or the assets of a dataset's datapoints. */
@Command(name = "download", mixinStandardHelpOptions = true, header = "Download the assets a query selects (or files by URL): concurrent, resumable, verified.", sortOptions = false,
    description = {"Download files concurrently, resumably and verified: the assets of the datapoints a query selects,",
        "or files given by URL (file:, http(s):, s3:).", "",
        "Each file is written to NAME.part and renamed to NAME only once its size and checksum verify (STAC",
        "file:checksum, or the MD5 of an S3 ETag). Broken transfers resume with Range requests; resets,",
        "timeouts, stalls and 429/5xx answers are retried with exponential backoff (Retry-After honoured).",
        "Files already present and verified are skipped, so running the same command again finishes the job."},
    footer = {"", "Examples:",
        "  swath download sentinel.s2.l2a --collection S2A --time 2024-01-01/2024-02-01 --bbox 11.2,47.9,11.8,48.3 \\",
        "      --assets B04,B08 --out scenes/",
        "  swath download https://example.com/a.tif s3://bucket/b.tif --out files/ --s3-endpoint http://127.0.0.1:9000", "",
        "Assets land in OUT/<item id>/<file name>; URLs in OUT/<file name>.",
        "Exit codes: 0 every file is in place and verified; 5 some downloads failed (the summary lists each with",
        "its reason; run again to resume); 2 bad arguments; 3 dataset not found; 4 server unavailable."})
final class DownloadCommand implements Callable<Integer> {
  @Parameters(paramLabel = "DATASET|URL", arity = "1..*",
      description = "A dataset slug (its datapoints' assets are downloaded) or one or more URLs.")
  List<String> sources;

  @Mixin
  SelectionOptions selection;

  @Option(names = {"-a", "--assets"}, paramLabel = "KEY", split = ",",
      description = "Asset keys or band names to download (default: every asset with role 'data').")
  List<String> assets = new ArrayList<>();

  @Option(names = {"-o", "--out"}, paramLabel = "DIR", required = true, description = "Where the files go.")
  Path out;

  @Option(names = {"-j", "--concurrency"}, paramLabel = "N", description = "Transfers at once (default: ${DEFAULT-VALUE}).")
  int concurrency = 16;

  @Option(names = "--per-host", paramLabel = "N", description = "Transfers at once to one host (default: ${DEFAULT-VALUE}).")
  int perHost = 8;

  @Option(names = "--retries", paramLabel = "N", description = "Failures in a row before a file is given up (default: ${DEFAULT-VALUE}).")
  int retries = 6;

  @Option(names = "--no-progress", description = "No progress bars (one line per file instead).")
  boolean noProgress;

  @Mixin
  S3Options s3;

  @Mixin
  ClientOptions client;

  @Override
  public Integer call() throws Exception {
    List<DownloadRequest> requests = new ArrayList<>();
    boolean urls = sources.stream().anyMatch(s -> s.contains("://") || s.startsWith("/"));
    if (urls) {
      for (String s : sources) {
        URI u = s.startsWith("/") ? Path.of(s).toUri() : URI.create(s);
        String path = u.getPath() == null ? "" : u.getPath();
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (name.isEmpty()) {
          throw new IllegalArgumentException("cannot name a file after " + s + ": the URL has no file name");
        }
        requests.add(DownloadRequest.of(u, out.resolve(name)));
      }
    } else {
      if (sources.size() != 1) {
        throw new IllegalArgumentException("give one dataset, or URLs (with a scheme such as https://)");
      }
      try (DatasetsClient c = client.connect()) {
        DatapointTable t = c.dataset(sources.get(0)).query(selection.query());
        requests.addAll(DownloadRequests.forAssets(t, assets, out));
        System.err.println(t.size() + " datapoints, " + requests.size() + " files");
      }
    }
    return run(requests);
  }

  int run(List<DownloadRequest> requests) {
    RetryPolicy retry = RetryPolicy.defaults().toBuilder().maxAttempts(retries).build();
    boolean bars = !noProgress && DownloadProgress.isTerminal();
    try (AssetAccess access = s3.access();
         Downloader d = Downloader.builder().maxConcurrent(concurrency).maxPerHost(perHost).retry(retry).access(access).build();
         DownloadProgress progress = new DownloadProgress(System.err, requests.size(), bars)) {
      DownloadListener listener = progress;
      Thread hook = new Thread(d::close); // Ctrl-C: stop cleanly, .part files stay for the next run
      Runtime.getRuntime().addShutdownHook(hook);
      DownloadSummary s;
      try {
        s = d.downloadAll(requests, listener);
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
          // shutting down
        }
      }
      progress.close();
      System.err.println(s.describe());
      return s.allSucceeded() ? Main.OK : Main.INCOMPLETE;
    }
  }
}
