package io.swath.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the real STAC items kept in the repository's {@code data/stac} folder (see data/README.md). */
public final class ProjectData {
  private ProjectData() {}

  /** The {@code data/stac} folder of the repository; fails the test when it is not found. */
  public static Path stacDir() {
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = start; d != null; d = d.getParent()) {
      Path candidate = d.resolve("data").resolve("stac");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return fail("the project's test data was not found: looked for data/stac in " + start + " and every folder above it");
  }

  /** Every {@code *.items.ndjson} under the STAC data folder, sorted. */
  public static List<Path> itemFiles() {
    try (Stream<Path> s = Files.walk(stacDir())) {
      List<Path> files = s.filter(p -> p.getFileName().toString().endsWith(".items.ndjson")).sorted().toList();
      if (files.isEmpty()) {
        fail("no *.items.ndjson files under " + stacDir());
      }
      return files;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
