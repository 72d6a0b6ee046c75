package io.swath.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps guides honest: the regions of a compiled example marked {@code // --8<-- [start:NAME]}
 * ... {@code // --8<-- [end:NAME]} (in XML, where a comment cannot hold two dashes,
 * {@code <!-- 8< [start:NAME] -->}) must appear in the guide line for line (leading spaces aside); and the other way round, the Java code blocks of
 * a guide must each be a piece of one example source.
 */
public final class DocExamples {
  private static final Pattern REGION = Pattern.compile("(?:// --8<--|<!-- 8<) \\[start:(\\w+)](?: -->)?\\n(.*?)(?:// --8<--|<!-- 8<) \\[end:\\1]", Pattern.DOTALL);
  private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

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

  /**
   * Checks that every {@code ```java} block of {@code guide} is, line for line (leading spaces
   * aside), a run of consecutive lines of one of the {@code .java} files under {@code sources}.
   *
   * @return the number of blocks checked
   * @throws AssertionError naming the first block no source contains
   */
  public static int checkBlocksCompiled(Path guide, Path sources) throws IOException {
    List<String> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(sources)) {
      for (Path p : walk.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
        files.add(stripped(Files.readString(p)));
      }
    }
    Matcher m = JAVA_BLOCK.matcher(Files.readString(guide));
    int blocks = 0;
    while (m.find()) {
      blocks++;
      String block = stripped(m.group(1));
      if (files.stream().noneMatch(f -> f.contains(block))) {
        throw new AssertionError(guide + ": java block " + blocks + " is in no source under " + sources + ":\n" + m.group(1));
      }
    }
    return blocks;
  }

  /** The lines of {@code text} without leading and trailing spaces, each ended by a newline. */
  private static String stripped(String text) {
    StringBuilder sb = new StringBuilder("\n");
    for (String line : text.split("\n")) {
      sb.append(line.strip()).append('\n');
    }
    return sb.toString();
  }
}
