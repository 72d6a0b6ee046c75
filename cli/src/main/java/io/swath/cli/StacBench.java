package io.swath.cli;

import io.swath.client.DatasetsClient;
import io.swath.client.Query;
import io.swath.client.stac.StacClient;
import io.swath.client.stac.StacPage;
import io.swath.client.stac.StacSearch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code swath bench stac}: pages through a STAC search of the whole Landsat catalog, 1,000 items
 * a page, following next links with the SDK's STAC client (which parses every item).
 */
final class StacBench {
  private StacBench() {}

  static int run(String target, String httpBase, int runs, boolean json) throws Exception {
    List<String> stacIds = new ArrayList<>();
    try (DatasetsClient client = DatasetsClient.connect(target)) {
      DemoData.ensureLandsat(client, DemoCommand.LANDSAT, false, new long[1]);
      for (String c : DemoData.landsatCollections()) {
        stacIds.add(client.dataset(DemoCommand.LANDSAT).collection(c).info().stacId());
      }
    }
    StacSearch search = StacSearch.of(Query.all().collections(stacIds.toArray(String[]::new))).pageSize(1000).shards(1)
        .method(StacSearch.Method.GET);
    try (StacClient stac = StacClient.open(httpBase)) {
      long[] warm = pageThrough(stac, search);
      if (!json) {
        System.out.printf(Locale.ROOT, "warm-up: %,d items in %d pages, %.3f s%n", warm[0], warm[1], warm[2] / 1e9);
      }
      double best = Double.MAX_VALUE;
      long items = 0;
      long pages = 0;
      List<Double> all = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        long[] r = pageThrough(stac, search);
        double secs = r[2] / 1e9;
        all.add(secs);
        if (secs < best) {
          best = secs;
          items = r[0];
          pages = r[1];
        }
      }
      if (json) {
        System.out.printf(Locale.ROOT, "{\"bench\":\"stac.search\",\"items\":%d,\"pages\":%d,\"seconds\":%.4f,\"items_per_s\":%.0f}%n",
            items, pages, best, items / best);
      } else {
        System.out.printf(Locale.ROOT, "stac search: %,d items in %d pages of 1,000, best %.3f s (%,.0f items/s, %.1f ms a page) of %s%n",
            items, pages, best, items / best, best * 1000 / pages,
            Arrays.toString(all.stream().map(d -> String.format(Locale.ROOT, "%.3f", d)).toArray()));
      }
    }
    return Main.OK;
  }

  /** Items, pages and nanoseconds of one pass through the search. */
  private static long[] pageThrough(StacClient stac, StacSearch search) {
    long t0 = System.nanoTime();
    long items = 0;
    long pages = 0;
    for (StacPage p : stac.pages(search)) {
      items += p.items().size();
      pages++;
    }
    return new long[] {items, pages, System.nanoTime() - t0};
  }
}
