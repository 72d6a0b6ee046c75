package io.swath.examples;

import io.swath.client.AsyncDatasetsClient;
import io.swath.client.Query;
import io.swath.core.table.DatapointTable;
import java.util.concurrent.CompletableFuture;

/** The async datasets client: two queries loading at once, no thread waiting while they stream. */
public class AsyncExample {
  public static void main(String[] args) {
    try (AsyncDatasetsClient client = AsyncDatasetsClient.connect()) { // SWATH_URL, or localhost:7777
      var hourly = client.dataset("examples.weather.readings").thenCompose(d -> d.collection("hourly"));
      CompletableFuture<DatapointTable> first = hourly.thenCompose(c -> c.query(Query.time("2024-01-01", "2024-01-16")));
      CompletableFuture<DatapointTable> second = hourly.thenCompose(c -> c.query(Query.time("2024-01-16", "2024-02-01")));
      CompletableFuture<String> both = first.thenCombine(second, (a, b) -> a.size() + " + " + b.size());
      System.out.println("two halves of January, loaded at once: " + both.join() + " readings");
    }
  }
}
