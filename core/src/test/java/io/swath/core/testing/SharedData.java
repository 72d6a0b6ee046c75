package io.swath.core.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Finds the real STAC items kept beside the repository (at {@code <X>/shared/data/stac} for a repo at {@code <X>/main}). */
public final class SharedData {
  private SharedData() {}

  /** The {@code shared/data/stac} folder; fails the test when it is not found. */
  public static Path stacDir() {
    Path start = Path.of(System.getProperty("user.dir")).toAbsolutePath();
    for (Path d = start; d != null; d = d.getParent()) {
      Path candidate = d.resolve("shared").resolve("data").resolve("stac");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    return fail("the shared test data was not found: looked for shared/data/stac in " + start
        + " and every folder above it (the repository lives at <X>/main, the data at <X>/shared/data)");
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
