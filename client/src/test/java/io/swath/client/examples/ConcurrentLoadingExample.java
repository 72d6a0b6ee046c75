package io.swath.client.examples;

import io.swath.client.AsyncCollectionClient;
import io.swath.client.AsyncDatasetsClient;
import io.swath.client.CollectionClient;
import io.swath.client.DatasetsClient;
import io.swath.client.Query;
import io.swath.core.table.DatapointTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

/** The code of docs/loading-concurrently.md, compiled and run by ConcurrentLoadingExampleTest. */
public final class ConcurrentLoadingExample {
  private ConcurrentLoadingExample() {}

  /** One collection after another: simple, and each query is still sharded automatically. */
  public static Map<String, Integer> loadBlocking(String target, String dataset, List<String> collections) {
    Map<String, Integer> sizes = new LinkedHashMap<>();
    // --8<-- [start:blocking]
    try (DatasetsClient client = DatasetsClient.connect(target)) {
      var ds = client.dataset(dataset);
      for (String name : collections) {
        DatapointTable t = ds.collection(name).query(Query.time("2020-01-01", "2021-01-01"));
        sizes.put(name, t.size());
      }
    }
    // --8<-- [end:blocking]
    return sizes;
  }

  /** All collections at once: every query is in flight together, no thread waits for the network. */
  public static Map<String, Integer> loadAsync(String target, String dataset, List<String> collections) {
    Map<String, CompletableFuture<DatapointTable>> running = new LinkedHashMap<>();
    // --8<-- [start:async]
    try (AsyncDatasetsClient client = AsyncDatasetsClient.connect(target)) {
      var ds = client.dataset(dataset).join();
      for (String name : collections) {
        running.put(name, ds.collection(name).thenCompose(c -> c.query(Query.time("2020-01-01", "2021-01-01"))));
      }
      CompletableFuture.allOf(running.values().toArray(new CompletableFuture[0])).join();
    }
    // --8<-- [end:async]
    Map<String, Integer> sizes = new LinkedHashMap<>();
    running.forEach((name, f) -> sizes.put(name, f.join().size()));
    return sizes;
  }

  /** Any size in bounded memory: pages arrive in time order as they are consumed. */
  public static long sumPages(CollectionClient collection) {
    long n = 0;
    // --8<-- [start:pages]
    try (Stream<DatapointTable> pages = collection.queryPages(Query.all().parallelism(4))) {
      for (DatapointTable page : (Iterable<DatapointTable>) pages::iterator) {
        n += page.size();
      }
    }
    // --8<-- [end:pages]
    return n;
  }

  /** The same with reactive-streams backpressure. */
  public static Flow.Publisher<DatapointTable> publisher(AsyncCollectionClient collection) {
    return collection.queryPages(Query.all());
  }

  /** Inside a task, JShell or a server: plain futures, join() where convenient. */
  public static int loadThreeMonths(AsyncCollectionClient collection) {
    // --8<-- [start:task]
    var months = Stream.of("2020-01", "2020-02", "2020-03")
        .map(java.time.YearMonth::parse)
        .map(m -> collection.query(Query.time(m.atDay(1), m.plusMonths(1).atDay(1))))   // [first day, next month)
        .toList();
    CompletableFuture.allOf(months.toArray(new CompletableFuture[0])).join();
    // --8<-- [end:task]
    return months.stream().mapToInt(f -> f.join().size()).sum();
  }
}
