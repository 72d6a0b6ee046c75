package io.swath.examples;

import io.swath.client.Query;
import io.swath.client.stac.StacClient;
import io.swath.client.stac.StacCollectionInfo;
import io.swath.client.stac.StacItem;
import io.swath.client.stac.StacSearch;
import java.util.List;

/** The STAC client, on any STAC API: a Swath server's, Earth Search, Planetary Computer. */
public class StacSearchExample {
  public static void main(String[] args) {
    String url = args.length > 0 ? args[0] : "https://earth-search.aws.element84.com/v1";
    try (StacClient stac = StacClient.open(url)) {
      for (StacCollectionInfo c : stac.collections()) {
        System.out.println("collection " + c.id());
      }
      Query q = Query.time("2024-01-01", "2024-08-01")
          .bbox(15.0061, 44.9851, 15.0262, 44.9951);
      System.out.println("search " + q);
      List<StacItem> items = stac.searchAll(StacSearch.of(q).sortBy("datetime"));
      for (StacItem item : items) {
        System.out.println(item.id() + " at " + item.time());
      }
    }
  }
}
