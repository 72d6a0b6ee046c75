package io.swath.cli;

import io.swath.client.AsyncDatasetsClient;
import io.swath.client.CollectionClient;
import io.swath.client.DatasetClient;
import io.swath.client.DatasetsClient;
import io.swath.client.Query;
import io.swath.core.table.DatapointTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code swath demo}: the seed scenario end to end on an embedded server. */
@Command(name = "demo", mixinStandardHelpOptions = true, header = "Load a generated Landsat 2020 catalog into an embedded server; time blocking and async loads.", subcommands = DemoWorkflowsCommand.class,
    description = {"Start an embedded server, create open_data.usgs.landsat8_oli_tirs with a generated Landsat 8 catalog",
        "for 2020 (L1GT 19,624 · L1T 1,281 · L1TP 65,313 · L2SP 25,375 datapoints), ingest the real STAC items",
        "kept in the project's data/stac folder under open_data, then load the four 2020 collections one after another",
        "with the blocking client and all at once with the async client, and print both times.",
        "", "A second run reuses the stored data. If a server already runs on --data-dir, the demo uses it.", "",
        "`swath demo workflows` runs the Landsat 2020 map-reduce as a job of distributed tasks."})
final class DemoCommand implements Callable<Integer> {
  static final String LANDSAT = "open_data.usgs.landsat8_oli_tirs";

  @Option(names = "--data-dir", paramLabel = "DIR", scope = picocli.CommandLine.ScopeType.INHERIT,
      description = "Data directory of the embedded server (default: ~/.swath).")
  Path dataDir = Path.of(System.getProperty("user.home"), ".swath");

  @Override
  public Integer call() throws Exception {
    try (DemoServer server = DemoServer.open(dataDir);
         AsyncDatasetsClient async = AsyncDatasetsClient.connect(server.target)) {
      DatasetsClient client = async.blocking();
      DemoData.ensureLandsat(client, true);
      DemoData.ensureStacFixtures(client, true);
      System.out.println();
      System.out.println(client.datasets());
      DatasetClient landsat = client.dataset(LANDSAT);
      for (CollectionClient c : landsat.collections().values()) {
        System.out.println("  " + c.info());
      }
      Query year = Query.time("2020-01-01", "2021-01-01");
      List<String> names = DemoData.landsatCollections();
      // warm up both paths once (JIT, connections), untimed
      loadSequential(client, names, year);
      loadConcurrent(async, names, year);

      System.out.println();
      System.out.println("loading the four 2020 collections one after another (blocking client) ...");
      long t0 = System.nanoTime();
      Map<String, Integer> seq = loadSequential(client, names, year);
      double seqSeconds = (System.nanoTime() - t0) / 1e9;
      seq.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-5s %,8d datapoints%n", k, v));
      System.out.printf(Locale.ROOT, "  sequential: %.3f s%n", seqSeconds);

      System.out.println("loading them all at once (async client) ...");
      t0 = System.nanoTime();
      Map<String, Integer> conc = loadConcurrent(async, names, year);
      double asyncSeconds = (System.nanoTime() - t0) / 1e9;
      conc.forEach((k, v) -> System.out.printf(Locale.ROOT, "  %-5s %,8d datapoints%n", k, v));
      System.out.printf(Locale.ROOT, "  concurrent: %.3f s%n", asyncSeconds);
      long total = conc.values().stream().mapToLong(Integer::longValue).sum();
      System.out.printf(Locale.ROOT, "%n%,d datapoints: sequential %.3f s, concurrent %.3f s, speedup %.2fx%n", total, seqSeconds,
          asyncSeconds, seqSeconds / asyncSeconds);
      System.out.println("On one machine both loads are bound by its CPU. Across a distant link the concurrent load also saves");
      System.out.println("round trips and per-connection limits: see `./swath bench async --rtt-ms 50`");
      System.out.println("and docs/loading-concurrently.md.");
      if (!seq.equals(conc)) {
        System.err.println("swath: the two loads returned different counts: " + seq + " vs " + conc);
        return Main.FAILED;
      }
    }
    System.out.println("\nThe data stays in " + dataDir + ". Next: `./swath server` and `./swath query " + LANDSAT
        + " --collection L1TP --time 2020-06-01/2020-06-02`.");
    return Main.OK;
  }

  static Map<String, Integer> loadSequential(DatasetsClient client, List<String> names, Query q) {
    Map<String, Integer> out = new LinkedHashMap<>();
    DatasetClient ds = client.dataset(LANDSAT);
    for (String n : names) {
      out.put(n, ds.collection(n).query(q).size());
    }
    return out;
  }

  static Map<String, Integer> loadConcurrent(AsyncDatasetsClient async, List<String> names, Query q) {
    var ds = async.dataset(LANDSAT).join();
    List<CompletableFuture<DatapointTable>> fs = new ArrayList<>();
    for (String n : names) {
      fs.add(ds.collection(n).thenCompose(c -> c.query(q)));
    }
    CompletableFuture.allOf(fs.toArray(new CompletableFuture[0])).join();
    Map<String, Integer> out = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      out.put(names.get(i), fs.get(i).join().size());
    }
    return out;
  }
}
