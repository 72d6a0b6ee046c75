package io.swath.workflows.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.testing.DocExamples;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/workflows.md shows the code of {@link WorkflowsGuideExample} as it is compiled and run, line for line. */
class DocsShowTheExampleTest {
  @Test
  void everyMarkedLineOfTheExampleIsInTheGuide() throws Exception {
    Path example = Path.of("src/test/java/io/swath/workflows/examples/WorkflowsGuideExample.java");
    Path guide = Path.of("../docs/workflows.md");
    assertThat(DocExamples.checkShown(example, guide)).isEqualTo(6);
  }
}
