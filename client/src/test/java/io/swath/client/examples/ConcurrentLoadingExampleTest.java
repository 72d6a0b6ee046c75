package io.swath.client.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.client.DatasetSpec;
import io.swath.client.DatasetsClient;
import io.swath.core.schema.FieldType;
import io.swath.server.SwathServer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentLoadingExampleTest {
  @TempDir
  Path dir;

  @Test
  void blockingAndAsyncLoadTheSame() throws Exception {
    try (SwathServer server = SwathServer.builder().dataDir(dir).port(0).httpPort(0).build().start();
         DatasetsClient client = DatasetsClient.connect(server.target())) {
      var ds = client.createDataset(DatasetSpec.builder("docs.demo.readings").field("v", FieldType.FLOAT64).build());
      List<String> names = List.of("a", "b", "c", "d");
      for (int k = 0; k < names.size(); k++) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 5000 * (k + 1); i++) {
          rows.add(Map.of("time", Instant.parse("2020-01-01T00:00:00Z").plusSeconds(600L * i), "v", (double) i));
        }
        ds.createCollection(names.get(k)).ingest(rows);
      }
      var blocking = ConcurrentLoadingExample.loadBlocking(server.target(), "docs.demo.readings", names);
      var async = ConcurrentLoadingExample.loadAsync(server.target(), "docs.demo.readings", names);
      assertThat(async).isEqualTo(blocking);
      assertThat(blocking.get("d")).isEqualTo(20_000);
      assertThat(ConcurrentLoadingExample.sumPages(ds.collection("c"))).isEqualTo(15_000);
      // one datapoint every 10 minutes: January to March 2020 hold (31 + 29 + 31) days x 144
      assertThat(ConcurrentLoadingExample.loadThreeMonths(ds.collection("d").async())).isEqualTo(91 * 144);
      CompletableFuture<Long> n = new CompletableFuture<>();
      ConcurrentLoadingExample.publisher(ds.collection("b").async()).subscribe(new Flow.Subscriber<>() {
        long seen;

        @Override
        public void onSubscribe(Flow.Subscription s) {
          s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(io.swath.core.table.DatapointTable page) {
          seen += page.size();
        }

        @Override
        public void onError(Throwable t) {
          n.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
          n.complete(seen);
        }
      });
      assertThat(n.get()).isEqualTo(10_000);
    }
  }
}
