package io.swath.imagery.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/imagery.md shows the code of {@link SnippetsExample} as it is compiled and run, line for line. */
class DocsShowTheExampleTest {
  @Test
  void everyMarkedLineOfTheExampleIsInTheGuide() throws Exception {
    String example = Files.readString(Path.of("src/test/java/io/swath/imagery/examples/SnippetsExample.java"));
    String doc = Files.readString(Path.of("../docs/imagery.md"));
    Matcher m = Pattern.compile("// --8<-- \\[start:(\\w+)]\\n(.*?)// --8<-- \\[end:\\1]", Pattern.DOTALL).matcher(example);
    int regions = 0;
    while (m.find()) {
      regions++;
      for (String line : m.group(2).split("\n")) {
        String code = line.strip();
        if (!code.isEmpty()) {
          assertThat(doc).as("docs/imagery.md shows region '%s'", m.group(1)).contains(code);
        }
      }
    }
    assertThat(regions).isEqualTo(2);
  }
}
