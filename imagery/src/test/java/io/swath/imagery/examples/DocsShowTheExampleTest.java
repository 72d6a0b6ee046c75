package io.swath.imagery.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.testing.DocExamples;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/imagery.md shows the code of {@link SnippetsExample} as it is compiled and run, line for line. */
class DocsShowTheExampleTest {
  @Test
  void everyMarkedLineOfTheExampleIsInTheGuide() throws Exception {
    Path example = Path.of("src/test/java/io/swath/imagery/examples/SnippetsExample.java");
    Path guide = Path.of("../docs/imagery.md");
    assertThat(DocExamples.checkShown(example, guide)).isEqualTo(2);
  }
}
