package io.swath.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Runs three queries at once with progress bars; started inside a real terminal by ConcurrentBarsTerminalTest. */
public final class ConcurrentBarsProgram {
  private ConcurrentBarsProgram() {}

  public static void main(String[] args) throws Exception {
    String target = args[0];
    String slug = args[1];
    try (AsyncDatasetsClient client = AsyncDatasetsClient.connect(target)) {
      var ds = client.dataset(slug).join();
      List<CompletableFuture<?>> all = new ArrayList<>();
      for (String c : new String[] {"alpha", "beta", "gamma"}) {
        all.add(ds.collection(c).thenCompose(col -> col.query(Query.all().showProgress(true).pageSize(500).parallelism(1))));
      }
      CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).join();
    }
    System.err.println("ALL DONE");
  }
}
