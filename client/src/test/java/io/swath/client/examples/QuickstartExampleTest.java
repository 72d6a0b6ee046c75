package io.swath.client.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.server.SwathServer;
import io.swath.testing.DocExamples;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartExampleTest {
  @TempDir
  Path dir;

  @Test
  void guideRunsAsDocumented() throws Exception {
    try (SwathServer server = SwathServer.builder().dataDir(dir).port(0).httpPort(0).build().start()) {
      List<String> out = QuickstartExample.run(server.target());
      assertThat(out.get(0)).isEqualTo("created 1000, existing 0");
      // hours 0..743 are January 2024; cloud cover i % 100 < 20 holds for 7 x 20 in 0..699 and 20 in 700..743
      assertThat(out.get(1)).isEqualTo("160 clear scenes in January, mean cloud cover 9.5");
      assertThat(out.get(2)).startsWith("first: S0 at 2024-01-01T00:00:00Z");
      assertThat(out.get(3)).isEqualTo("found S0");
      assertThat(out.get(4)).isEqualTo("time,id,ingestion_time,collection,scene_id,cloud_cover,wrs_path");
      assertThat(out.get(5)).isEqualTo("exported 1000 rows");
      assertThat(out.get(6)).isEqualTo("halves: 336 + 408");
      // a second run is idempotent
      assertThat(QuickstartExample.run(server.target()).get(0)).isEqualTo("created 0, existing 1000");
      assertThat(QuickstartExample.withOptions(server.target())).isEqualTo(1);
    }
  }

  /** The client guides show the code of the examples as it is compiled and run, line for line. */
  @Test
  void guidesShowTheExamplesLineForLine() throws Exception {
    Path examples = Path.of("src/test/java/io/swath/client/examples");
    assertThat(DocExamples.checkShown(examples.resolve("QuickstartExample.java"), Path.of("../docs/guide.md"))).isEqualTo(7);
    assertThat(DocExamples.checkShown(examples.resolve("ConcurrentLoadingExample.java"), Path.of("../docs/loading-concurrently.md")))
        .isEqualTo(4);
    assertThat(DocExamples.checkShown(examples.resolve("StacExample.java"), Path.of("../docs/stac.md"))).isEqualTo(4);
  }
}
