package io.swath.workflows.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.server.SwathServer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkflowsGuideExampleTest {
  @TempDir
  Path dir;

  @Test
  void guideRunsAsDocumented() throws Exception {
    try (SwathServer server = SwathServer.builder().dataDir(dir.resolve("data")).port(0).httpPort(0).build().start()) {
      List<String> out = WorkflowsGuideExample.run(server.target(), dir.resolve("cache"));
      // 1 year + 12 months + 12 totals + 1 merge + sum over months of (month + 1) scenes = 90
      assertThat(out.get(0)).isEqualTo("COMPLETED 116 tasks, [scenes: 90/90]");
      // scene results month*100+s: sum over m of (m+1)*100*m + s(s-1)/2... computed independently below
      long expected = 0;
      for (int m = 1; m <= 12; m++) {
        for (int s = 0; s < m + 1; s++) {
          expected += m * 100L + s;
        }
      }
      assertThat(out.get(1)).isEqualTo("sum " + expected);
      assertThat(out.get(2)).isEqualTo("flowchart TD");
      assertThat(out.get(3)).startsWith("month ").endsWith(" scenes");
      assertThat(out.get(4)).startsWith("FAILED: task ").contains("guide.Scene").contains("NoSuchMonth: month 13 does not exist");
      // three more years submitted and awaited at once with the async client: scene results do not depend on the year
      assertThat(out.subList(6, out.size())).containsExactly("guide-2021 COMPLETED, sum " + expected,
          "guide-2022 COMPLETED, sum " + expected, "guide-2023 COMPLETED, sum " + expected);
      // submitting again with the same idempotency key returns the same, completed job
      assertThat(WorkflowsGuideExample.run(server.target(), dir.resolve("cache")).get(0)).startsWith("COMPLETED 116 tasks");
    }
  }
}
