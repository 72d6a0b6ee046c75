package io.swath.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.core.schema.FieldType;
import io.swath.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressBarTest {
  @Test
  void rendersCountRateAndEta() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ProgressBar bar = new ProgressBar("L1TP", 1000, new PrintStream(out, true));
    bar.add(250);
    String line = bar.render(System.nanoTime());
    assertThat(line).startsWith("L1TP [######------------------]  25% 250/1,000 | ").contains("/s | ETA ");
    bar.close();
    assertThat(out.toString()).endsWith(System.lineSeparator()).contains("250/1,000");
  }

  @Test
  void aTotalThatWasTooSmallGrowsWithTheCount() {
    ProgressBar bar = new ProgressBar("L1TP", 1000, new PrintStream(new ByteArrayOutputStream(), true));
    bar.add(1200);
    assertThat(bar.render(System.nanoTime())).contains("100% 1,200/1,200 |");
  }

  @Test
  void unknownTotalShowsProgressThroughTime() {
    ProgressBar bar = new ProgressBar("scan", 0, new PrintStream(new ByteArrayOutputStream(), true));
    bar.fraction(0.5);
    bar.add(42);
    assertThat(bar.render(System.nanoTime())).contains(" 50% 42 |").doesNotContain("/0");
  }

  @Test
  void queriesAndIngestDrawBarsOnStderr() {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true));
    try (DatasetsClient client = DatasetsClient.connect(TestServers.shared().target())) {
      String slug = TestServers.slug("progress");
      CollectionClient c = client.createDataset(DatasetSpec.builder(slug).field("v", FieldType.INT64).build()).createCollection("bars");
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        rows.add(Map.of("time", Instant.parse("2020-01-01T00:00:00Z").plusSeconds(i), "v", (long) i));
      }
      c.ingest(rows, true);
      c.query(Query.all().showProgress(true));
      c.query(Query.time("2020-01-01T00:10:00Z", "2020-01-01T00:20:00Z").showProgress(true));
    } finally {
      System.setErr(err);
    }
    String s = captured.toString();
    // the tests' stderr is a pipe or a file, not a terminal: no cursor movement, no line erasing
    assertThat(s).doesNotContain("\033[");
    assertThat(s).contains("ingest bars [########################] 100% 3,000/3,000");
    assertThat(s).contains("bars [########################] 100% 3,000/3,000");
    assertThat(s).contains("bars [########################] 100% 600 |");
  }
}
