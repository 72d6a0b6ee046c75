package io.swath.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/sdk.md shows the programs of examples/ (which bin/examples compiles against the installed
 * SDK and runs) and their build file, and every place that names the SDK's version agrees.
 */
class SdkGuideTest {
  private static final Path ROOT = Path.of("..");
  private static final Path GUIDE = ROOT.resolve("docs/sdk.md");

  @Test
  void everyProgramOfTheGuideIsAnExampleSource() throws Exception {
    assertThat(DocExamples.checkBlocksCompiled(GUIDE, ROOT.resolve("examples/src/main/java"))).isEqualTo(6);
  }

  @Test
  void theGuideShowsTheExamplesBuildLineForLine() throws Exception {
    assertThat(DocExamples.checkShown(ROOT.resolve("examples/pom.xml"), GUIDE)).isEqualTo(1);
  }

  @Test
  void theBomTheExamplesAndTheGuideNameTheProjectVersion() throws Exception {
    String version = first("<version>(.+?)</version>", ROOT.resolve("pom.xml"));
    assertThat(version).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    assertThat(first("<artifactId>swath-bom</artifactId>\\s*<version>(.+?)</version>", ROOT.resolve("bom/pom.xml"))).isEqualTo(version);
    assertThat(first("<swath.version>(.+?)</swath.version>", ROOT.resolve("examples/pom.xml"))).isEqualTo(version);
    assertThat(first("<swath.version>(.+?)</swath.version>", GUIDE)).isEqualTo(version);
    assertThat(first("platform\\(\"io.swath:swath-bom:(.+?)\"\\)", GUIDE)).isEqualTo(version);
  }

  private static String first(String regex, Path file) throws Exception {
    Matcher m = Pattern.compile(regex).matcher(Files.readString(file));
    assertThat(m.find()).as(regex + " in " + file).isTrue();
    return m.group(1);
  }
}
