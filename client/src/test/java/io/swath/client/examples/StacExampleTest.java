package io.swath.client.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.client.stac.RecordedStacApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StacExampleTest {
  @Test
  void stacGuideRunsAsDocumented() throws Exception {
    try (RecordedStacApi api = new RecordedStacApi(RecordedStacApi.Style.EARTH_SEARCH)) {
      List<String> out = StacExample.run(api.base);
      assertThat(out).contains("landsat-8-c2-l2", "naip", "sentinel-2-l2a");
      assertThat(out).anyMatch(l -> l.matches("\\d+ items, first LC08_\\w+ at 2016-.*"));
      assertThat(out).contains("5 pages of naip", "750 + 437 items, loaded concurrently");
    }
  }

  /** Every Java block of docs/stac.md is code of StacExample.java (up to indentation), so the guide cannot drift. */
  @Test
  void theGuideShowsTheCodeThatRuns() throws Exception {
    Path root = Path.of(System.getProperty("user.dir")).getParent();
    String doc = Files.readString(root.resolve("docs/stac.md"));
    String code = normalize(Files.readString(root.resolve("client/src/test/java/io/swath/client/examples/StacExample.java")));
    List<String> blocks = new ArrayList<>();
    int at = 0;
    while ((at = doc.indexOf("```java\n", at)) >= 0) {
      int end = doc.indexOf("```", at + 8);
      blocks.add(doc.substring(at + 8, end));
      at = end + 3;
    }
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(4);
    for (String b : blocks) {
      for (String line : b.split("\n")) {
        if (!line.isBlank()) {
          assertThat(code).as("docs/stac.md line not in StacExample.java").contains(normalize(line));
        }
      }
    }
  }

  static String normalize(String s) {
    return s.replaceAll("\\s+", " ").trim();
  }
}
