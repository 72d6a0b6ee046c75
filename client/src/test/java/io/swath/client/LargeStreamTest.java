package io.swath.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.core.schema.FieldType;
import io.swath.core.table.RowValues;
import io.swath.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Five million datapoints stream through a client whose heap is capped at 256 MB. */
class LargeStreamTest {
  static final int N = 5_000_000;

  @Test
  void fiveMillionDatapointsInA256MbHeap() throws Exception {
    String slug = TestServers.slug("large");
    try (DatasetsClient client = DatasetsClient.connect(TestServers.shared().target())) {
      DatasetClient ds = client.createDataset(DatasetSpec.builder(slug).field("n", FieldType.INT64).field("tag", FieldType.STRING).build());
      AsyncCollectionClient col = ds.createCollection("c").async();
      long t0 = 1_600_000_000_000_000L;
      // generated lazily in chunks, so the test JVM does not hold 5M rows either
      int chunk = 500_000;
      List<CompletableFuture<IngestResult>> fs = new ArrayList<>();
      for (int from = 0; from < N; from += chunk) {
        int base = from;
        fs.add(col.ingest(new AbstractList<RowValues>() {
          @Override
          public RowValues get(int i) {
            long n = base + i;
            return new RowValues(t0 + n * 1000, new Object[] {n, "tag-" + (n % 1000)});
          }

          @Override
          public int size() {
            return Math.min(chunk, N - base);
          }
        }));
        if (fs.size() >= 2) {
          assertThat(fs.remove(0).get(10, TimeUnit.MINUTES).created()).isEqualTo(chunk);
        }
      }
      for (var f : fs) {
        f.get(10, TimeUnit.MINUTES);
      }
      assertThat(ds.collection("c").info().count()).isEqualTo(N);
    }
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m"));
    if (Runtime.version().feature() >= 24) {
      cmd.addAll(List.of("--sun-misc-unsafe-memory-access=allow", "--enable-native-access=ALL-UNNAMED"));
    }
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), StreamCounterProgram.class.getName(), TestServers.shared().target(), slug, "c"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("COUNT " + N).contains("XMX ");
    out.lines().filter(l -> l.startsWith("COUNT")).forEach(System.out::println);
  }
}
