package io.swath.cli;

import io.swath.client.AsyncDatasetsClient;
import io.swath.client.Query;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code swath bench}: end-to-end benchmarks with the server in its own process. */
@Command(name = "bench", mixinStandardHelpOptions = true, header = "Run an end-to-end benchmark and print its figures.",
    description = {"Run an end-to-end benchmark. The server runs in its own process on a fresh data directory;",
        "the client talks to it over loopback TCP.", "", "Benchmarks:",
        "  catalog  ingest the Landsat 2020 catalog (111,593 datapoints; once on cold JVMs into a scratch",
        "           dataset, then --runs times warm, best reported), then load the four collections",
        "           concurrently through the async client (warm, best of --runs).",
        "  async    through a latency proxy (--rtt-ms), load the four collections one after another with a",
        "           single-stream blocking client and all at once with the async client, and L1TP alone as",
        "           one stream and sharded. Each proxied connection carries at most --bandwidth-mbps (100 Mbit/s",
        "           with a round-trip time, as one TCP flow across the internet typically does; 0 = no cap);",
        "           the client spreads streams over --connections connections.",
        "  download 200 files of 20 MB from a local HTTP server behind a 50 ms RTT latency proxy: Swath's downloader",
        "           (16 at once) against aria2c -j 16 -x 4 on the same files in the same run; ratio = aria2c/swath",
        "           time (above 1: Swath is faster); best of min(--runs, 3) rounds, alternating who goes first.",
        "           Then the cog benchmark.",
        "  cog      one ~1.6 x 1.1 km snippet of a 4096 x 4096 Sentinel-2-like COG (gdal_translate, Deflate, 512 px",
        "           tiles) behind the proxy: bytes fetched against the compressed size of the tiles the window needs.",
        "  workflows  a task runner in a third process; submit->start latency of single-task jobs, no-op",
        "           task throughput, a 100,000-task fan-out (submit and drain), then db-scheduler (lock-and-fetch)",
        "           on the same PostgreSQL.",
        "  stac     ingest the Landsat catalog, then page through a STAC API /search of its four collections",
        "           (111,593 items, limit=1000 per page, next links over HTTP on loopback) with the SDK's STAC",
        "           client, which parses every item (warm, best of --runs).",
        "  scale    a seeded Sentinel-2-L2A-like catalog of --datapoints datapoints (default 10,000,000; 110 km granules",
        "           on land worldwide, 2019-2025, 18 fields) ingested through the SDK, then seven queries (one day; a 50 km box over",
        "           Paris, all time and one month; cloud_cover < 1 in 2022; find by id; count of 2022; a Europe box",
        "           with limit 100) through the SDK, STAC /search and, on the same rows, a scratch PostgreSQL 15 +",
        "           PostGIS cluster (GiST on the footprint, btree on time); median and best of --runs warm runs.",
        "           The count is the SDK's count and STAC numberMatched; bytes_per_datapoint is the datapoints table",
        "           with its indexes over its rows.",
        "           Exit code 1 when the three disagree on a row count. Needs postgresql-15-postgis-3.",
        "  export   the Landsat catalog repeated year after year up to --datapoints datapoints (default 1,000,000; pages of 10,000) written",
        "           to GeoParquet with each compression (zstd, snappy, none) and to NDJSON, no server: rows/s",
        "           and bytes of each, NDJSON bytes over Parquet bytes.",
        "  import   the Landsat catalog repeated year after year up to --datapoints datapoints (default 200,000) as STAC items",
        "           in NDJSON, ingested into a new dataset each run; then the GeoParquet export of those datapoints ingested",
        "           into a new dataset, and again into the same one (all already there): rows/s of each, best of --runs.",
        "", "download needs aria2c (Debian aria2) and gdal_translate (Debian gdal-bin); bin/test installs both."},
    footer = {"", "Examples:", "  swath bench catalog --json", "  swath bench catalog --json --tls", "  swath bench async --json --rtt-ms 50",
        "  swath bench async --json --rtt-ms 50 --bandwidth-mbps 0    (round trips only, no cap)", "  swath bench stac --json --runs 5",
        "  swath bench scale --json --datapoints 1000000 --seed 7", "  swath bench export --json --datapoints 1000000",
        "  swath bench import --json --datapoints 200000 --runs 3"})
final class BenchCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "NAME", description = "Benchmark: catalog, async, download, cog, workflows, stac, scale, export or import.")
  String name;

  @Option(names = "--json", description = "Print one JSON line with the figures.")
  boolean json;

  @Option(names = "--runs", description = "Timed runs; the best is reported (default: ${DEFAULT-VALUE}).")
  int runs = 5;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Server data directory (default: a fresh temporary one).")
  Path dataDir;

  @Option(names = "--noop-tasks", description = "workflows: no-op tasks of the throughput run (default: ${DEFAULT-VALUE}).")
  int noopTasks = 50_000;

  @Option(names = "--fanout", description = "workflows: subtasks of the fan-out run (default: ${DEFAULT-VALUE}).")
  int fanout = 100_000;

  @Option(names = "--slots", description = "workflows: concurrent tasks of the runner (default: ${DEFAULT-VALUE}).")
  int slots = 2000;

  @Option(names = "--db-scheduler-tasks", description = "workflows: no-op tasks for db-scheduler (default: ${DEFAULT-VALUE}).")
  int dbSchedulerTasks = 30_000;

  @Option(names = "--files", description = "download: number of files (default: ${DEFAULT-VALUE}).")
  int files = 200;

  @Option(names = "--size-mb", description = "download: size of each file in MB (default: ${DEFAULT-VALUE}).")
  int sizeMb = 20;

  @Option(names = "--rtt-ms", description = "async, download, cog: round-trip time the latency proxy adds (default: ${DEFAULT-VALUE}).")
  int rttMs = 50;

  /** What one TCP connection typically carries across an internet path of tens of milliseconds. */
  static final int INTERNET_CONNECTION_MBPS = 100;

  @Option(names = "--bandwidth-mbps", description = "async: bandwidth cap of each proxied connection in each direction, in Mbit/s, as "
      + "long-distance links and per-flow shaping impose; 0 = none (default: " + INTERNET_CONNECTION_MBPS
      + " with a round-trip time, none at --rtt-ms 0).")
  Integer bandwidthMbps;

  @Option(names = "--connections", description = "async: connections the client spreads query streams over (default: ${DEFAULT-VALUE}, "
      + "the client's default).")
  int connections = io.swath.client.DatasetsClientBuilder.DEFAULT_CONNECTIONS;

  @Option(names = "--concurrency", description = "download: Swath's transfers at once (default: ${DEFAULT-VALUE}).")
  int concurrency = 16;

  @Option(names = {"--datapoints", "--rows"}, paramLabel = "N",
      description = "scale: datapoints to generate (default: 10000000); export: datapoints exported (default: 1000000). "
          + "--rows is the older name.")
  Long datapoints;

  @Option(names = "--seed", description = "scale: seed of the generated catalog (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--tls", description = "catalog: serve and connect over TLS, with certificates of a CA made for the run (keytool).")
  boolean tls;

  @Override
  public Integer call() throws Exception {
    if (connections < 1 || connections > 64) {
      throw new IllegalArgumentException("--connections must be between 1 and 64, got " + connections);
    }
    if (bandwidthMbps == null) {
      bandwidthMbps = rttMs > 0 ? INTERNET_CONNECTION_MBPS : 0;
    }
    if (bandwidthMbps < 0) {
      throw new IllegalArgumentException("--bandwidth-mbps must not be negative, got " + bandwidthMbps);
    }
    if (rttMs < 0 || rttMs > 10_000) {
      throw new IllegalArgumentException("--rtt-ms must be between 0 and 10000, got " + rttMs);
    }
    if (name.equals("download") || name.equals("cog")) {
      return imagery();
    }
    if (name.equals("export")) {
      long rows = datapoints != null ? datapoints : 1_000_000;
      if (rows > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("--datapoints must be at most " + Integer.MAX_VALUE + " for export, got " + rows);
      }
      return ExportBench.run((int) rows, json);
    }
    if (!name.equals("catalog") && !name.equals("async") && !name.equals("workflows") && !name.equals("stac")
        && !name.equals("scale") && !name.equals("import")) {
      throw new IllegalArgumentException("unknown benchmark '" + name
          + "'; available: catalog, async, download, cog, workflows, stac, scale, export, import");
    }
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be at least 1");
    }
    long rows = datapoints != null ? datapoints : name.equals("import") ? 200_000 : 10_000_000;
    if (rows < 1 || rows > 1_000_000_000L) {
      throw new IllegalArgumentException("--datapoints must be between 1 and 1000000000, got " + rows);
    }
    if (tls && !name.equals("catalog")) {
      throw new IllegalArgumentException("--tls is for the catalog benchmark only");
    }
    Path dir = dataDir != null ? dataDir : Files.createTempDirectory("swath-bench");
    Path certDir = tls ? Files.createTempDirectory("swath-bench-tls") : null;
    io.swath.testing.TestCertificates certs = tls ? io.swath.testing.TestCertificates.create(certDir) : null;
    Process server = tls ? startCli("server", "--data-dir", dir.toString(), "--port", "0", "--http-port", "0",
        "--tls-cert", certs.serverCert().toString(), "--tls-key", certs.serverKey().toString()) : startServer(dir);
    try {
      String target = awaitReady(server);
      if (name.equals("workflows")) {
        if (noopTasks < 1 || fanout < 1 || slots < 1 || dbSchedulerTasks < 1) {
          throw new IllegalArgumentException("--noop-tasks, --fanout, --slots and --db-scheduler-tasks must be positive");
        }
        return new WorkflowsBench(target, dir, json, noopTasks, fanout, slots, dbSchedulerTasks).run();
      }
      if (name.equals("scale")) {
        return ScaleBench.run(target, lastHealthUrl.replaceFirst("/health$", ""), dir, rows, seed, runs, json);
      }
      if (name.equals("import")) {
        return ImportBench.run(target, rows, runs, 4, json);
      }
      if (name.equals("stac")) {
        return StacBench.run(target, lastHealthUrl.replaceFirst("/health$", ""), runs, json);
      }
      return name.equals("async") ? AsyncBench.run(target, rttMs, bandwidthMbps, connections, runs, json)
          : catalog(target, certs == null ? null : certs.caCert());
    } finally {
      server.destroy();
      if (!server.waitFor(30, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
      if (certDir != null) {
        deleteTree(certDir);
      }
      if (dataDir == null) {
        deleteTree(dir);
      }
    }
  }

  /** A client of {@code target}, trusting {@code ca} (null: plaintext). */
  private static AsyncDatasetsClient client(String target, Path ca) {
    var b = AsyncDatasetsClient.builder().target(target);
    if (ca != null) {
      b.trustedCertificates(ca);
    }
    return b.build();
  }

  /**
   * Median milliseconds from a new client to the answer of its first call (one listing of datasets):
   * the TCP connection, the TLS handshake if any, HTTP/2 set-up and one round trip.
   */
  private static double firstCallMillis(String target, Path ca, int clients) {
    double[] ms = new double[clients];
    for (int i = -3; i < clients; i++) {   // three to warm up
      long t0 = System.nanoTime();
      try (AsyncDatasetsClient c = client(target, ca)) {
        c.blocking().listDatasets();
        if (i >= 0) {
          ms[i] = (System.nanoTime() - t0) / 1e6;
        }
      }
    }
    Arrays.sort(ms);
    return ms[clients / 2];
  }

  private int catalog(String target, Path ca) throws Exception {
    double firstCall = firstCallMillis(target, ca, 21);
    try (AsyncDatasetsClient async = client(target, ca)) {
      var client = async.blocking();
      // a first ingest into a scratch dataset runs on cold JVMs (client and server); then warm
      // ingests, the last into the real dataset: best of --runs, the way the load is measured
      long[] coldNanos = {0};
      long coldCount = DemoData.ensureLandsat(client, "bench.scratch.landsat8_cold", false, coldNanos);
      double coldRate = coldCount / (coldNanos[0] / 1e9);
      client.deleteDataset("bench.scratch.landsat8_cold");
      List<Double> ingestRates = new ArrayList<>();
      long ingested = 0;
      for (int i = 1; i <= runs; i++) {
        String slug = i == runs ? DemoCommand.LANDSAT : "bench.scratch.landsat8_warm" + i;
        long[] ingestNanos = {0};
        ingested = DemoData.ensureLandsat(client, slug, !json && i == runs, ingestNanos);
        ingestRates.add(ingested / (ingestNanos[0] / 1e9));
        if (i < runs) {
          client.deleteDataset(slug);
        }
      }
      double ingestRate = ingestRates.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
      Query year = Query.time("2020-01-01", "2021-01-01");
      List<String> names = DemoData.landsatCollections();
      DemoCommand.loadConcurrent(async, names, year); // warm-up
      DemoCommand.loadConcurrent(async, names, year);
      double best = Double.MAX_VALUE;
      long datapoints = 0;
      List<Double> all = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        long s = System.nanoTime();
        var counts = DemoCommand.loadConcurrent(async, names, year);
        double secs = (System.nanoTime() - s) / 1e9;
        all.add(secs);
        best = Math.min(best, secs);
        datapoints = counts.values().stream().mapToLong(Integer::longValue).sum();
      }
      if (json) {
        System.out.printf(Locale.ROOT, "{\"bench\":\"catalog.load\",\"datapoints\":%d,\"collections\":%d,\"seconds\":%.4f,"
            + "\"ingest_datapoints_per_s\":%.0f,\"ingest_cold_datapoints_per_s\":%.0f,\"tls\":%b,\"first_call_ms\":%.2f}%n", datapoints,
            names.size(), best, ingestRate, coldRate, ca != null, firstCall);
      } else {
        System.out.printf(Locale.ROOT, "ingest: %,d datapoints, best %,.0f datapoints/s warm of %s; %,.0f/s on cold JVMs%n", ingested,
            ingestRate, Arrays.toString(ingestRates.stream().map(d -> String.format(Locale.ROOT, "%,.0f", d)).toArray()), coldRate);
        System.out.printf(Locale.ROOT, "load:   %,d datapoints from %d collections, best %.3f s of %s%n", datapoints, names.size(), best,
            Arrays.toString(all.stream().map(d -> String.format(Locale.ROOT, "%.3f", d)).toArray()));
        System.out.printf(Locale.ROOT, "first call of a new client%s: %.2f ms (median of 21)%n", ca != null ? " over TLS" : "", firstCall);
      }
    }
    return Main.OK;
  }

  private int imagery() throws Exception {
    if (files < 1 || sizeMb < 1 || rttMs < 0 || concurrency < 1) {
      throw new IllegalArgumentException("--files, --size-mb and --concurrency must be at least 1, --rtt-ms at least 0");
    }
    if (name.equals("download")) {
      DownloadBench.Figures f = DownloadBench.download(files, sizeMb, rttMs, concurrency, Math.min(runs, 3), json);
      if (json) {
        System.out.printf(Locale.ROOT, "{\"bench\":\"download\",\"files\":%d,\"bytes\":%d,\"rtt_ms\":%d,\"swath_seconds\":%.3f,"
            + "\"aria2c_seconds\":%.3f,\"ratio\":%.3f}%n", f.files(), f.bytes(), f.rttMs(), f.swathSeconds(), f.aria2cSeconds(),
            f.aria2cSeconds() / f.swathSeconds());
      } else {
        System.out.printf(Locale.ROOT, "download: %d files, %.2f GB, RTT %d ms: swath %.2f s (%.0f MB/s), aria2c %.2f s (%.0f MB/s), "
            + "ratio aria2c/swath %.2f%n", f.files(), f.bytes() / 1e9, f.rttMs(), f.swathSeconds(), f.bytes() / 1e6 / f.swathSeconds(),
            f.aria2cSeconds(), f.bytes() / 1e6 / f.aria2cSeconds(), f.aria2cSeconds() / f.swathSeconds());
      }
    }
    DownloadBench.CogFigures c = DownloadBench.cog(rttMs);
    if (json) {
      System.out.printf(Locale.ROOT, "{\"bench\":\"cog.snippet\",\"bytes_fetched\":%d,\"bytes_of_needed_tiles\":%d,\"requests\":%d,"
          + "\"width\":%d,\"height\":%d,\"file_bytes\":%d}%n", c.bytesFetched(), c.tileBytes(), c.requests(), c.width(), c.height(),
          c.fileBytes());
    } else {
      System.out.printf(Locale.ROOT, "cog snippet %dx%d: fetched %,d bytes in %d requests; the tiles it needs are %,d bytes (%.2fx); "
          + "the file is %,d bytes%n", c.width(), c.height(), c.bytesFetched(), c.requests(), c.tileBytes(),
          (double) c.bytesFetched() / c.tileBytes(), c.fileBytes());
    }
    return Main.OK;
  }

  static Process startServer(Path dir) throws Exception {
    return startServer(dir, 0);
  }

  /** A server process on {@code dir} listening on gRPC {@code port} (0: any free one). */
  static Process startServer(Path dir, int port) throws Exception {
    return startCli("server", "--data-dir", dir.toString(), "--port", Integer.toString(port), "--http-port", "0");
  }

  /** This CLI in a JVM of its own, with this JVM's class path and flags. */
  static Process startCli(String... args) throws Exception {
    return cli(args).start();
  }

  /** The process of this CLI with {@code args}, this JVM's class path and flags, standard error merged into its output. */
  static ProcessBuilder cli(String... args) {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java));
    cmd.addAll(ProcessHandle.current().info().arguments().map(a -> jvmFlags(a)).orElse(List.of()));
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
    cmd.addAll(List.of(args));
    return new ProcessBuilder(cmd).redirectErrorStream(true);
  }

  private static List<String> jvmFlags(String[] args) {
    List<String> out = new ArrayList<>();
    for (String a : args) {
      if (a.startsWith("--sun-misc") || a.startsWith("--enable-native") || a.startsWith("-XX:") || a.startsWith("-Xmx")) {
        out.add(a);
      }
    }
    return out;
  }

  /** The health URL named by the last server that reported ready (for tests). */
  static volatile String lastHealthUrl;

  static String awaitReady(Process p) throws Exception {
    BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    List<String> seen = new ArrayList<>();
    String line;
    while ((line = r.readLine()) != null) {
      seen.add(line);
      if (line.startsWith("swath server ready: gRPC ")) {
        String target = line.substring("swath server ready: gRPC ".length()).split(",")[0].trim();
        int http = line.indexOf("HTTP ");
        lastHealthUrl = http < 0 ? null : line.substring(http + 5).trim();
        Thread drain = new Thread(() -> {
          try {
            while (r.readLine() != null) {
              // keep the pipe empty
            }
          } catch (java.io.IOException ignored) {
            // process ended
          }
        }, "bench-server-output");
        drain.setDaemon(true);
        drain.start();
        return target;
      }
    }
    throw new IllegalStateException("the benchmark server did not start:\n" + String.join("\n", seen));
  }

  static void deleteTree(Path dir) {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception ignored) {
      // best effort
    }
  }
}
