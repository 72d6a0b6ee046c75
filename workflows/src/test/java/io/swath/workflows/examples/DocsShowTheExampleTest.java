package io.swath.workflows.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/workflows.md shows the code of {@link WorkflowsGuideExample} as it is compiled and run, line for line. */
class DocsShowTheExampleTest {
  @Test
  void everyMarkedLineOfTheExampleIsInTheGuide() throws Exception {
    String example = Files.readString(Path.of("src/test/java/io/swath/workflows/examples/WorkflowsGuideExample.java"));
    String doc = Files.readString(Path.of("../docs/workflows.md"));
    Matcher m = Pattern.compile("// --8<-- \\[start:(\\w+)]\\n(.*?)// --8<-- \\[end:\\1]", Pattern.DOTALL).matcher(example);
    int regions = 0;
    while (m.find()) {
      regions++;
      for (String line : m.group(2).split("\n")) {
        String code = line.strip();
        if (!code.isEmpty()) {
          assertThat(doc).as("docs/workflows.md shows region '%s'", m.group(1)).contains(code);
        }
      }
    }
    assertThat(regions).isEqualTo(5);
  }
}
