package io.swath.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps guides honest: the regions of a compiled example marked {@code // --8<-- [start:NAME]}
 * ... {@code // --8<-- [end:NAME]} must appear in the guide line for line (leading spaces aside).
 */
public final class DocExamples {
  private static final Pattern REGION = Pattern.compile("// --8<-- \\[start:(\\w+)]\\n(.*?)// --8<-- \\[end:\\1]", Pattern.DOTALL);

  private DocExamples() {}

  /**
   * Checks that every non-blank line of every marked region of {@code example} is in {@code guide}.
   *
   * @return the number of regions checked
   * @throws AssertionError naming the first line the guide lacks
   */
  public static int checkShown(Path example, Path guide) throws IOException {
    String code = Files.readString(example);
    String doc = Files.readString(guide);
    Matcher m = REGION.matcher(code);
    int regions = 0;
    while (m.find()) {
      regions++;
      for (String line : m.group(2).split("\n")) {
        String stripped = line.strip();
        if (!stripped.isEmpty() && !doc.contains(stripped)) {
          throw new AssertionError(guide + " does not show this line of region '" + m.group(1) + "' of " + example + ": " + stripped);
        }
      }
    }
    return regions;
  }
}
