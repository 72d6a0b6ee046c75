package io.swath.testing;

import io.swath.server.SwathServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Real Swath servers for tests: embedded PostgreSQL, gRPC and HTTP on free loopback ports, the
 * data in a temporary directory that is deleted when the JVM exits.
 *
 * <pre>{@code
 * try (DatasetsClient client = DatasetsClient.connect(TestServers.shared().target())) {
 *   client.createDataset(DatasetSpec.builder(TestServers.slug("scenes")).build());
 * }
 * }</pre>
 */
public final class TestServers {
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static SwathServer shared;

  private TestServers() {}

  /** The one server the tests of this JVM share, started on first use. */
  public static synchronized SwathServer shared() {
    if (shared == null) {
      shared = start("shared");
    }
    return shared;
  }

  /** A server of its own on a fresh data directory; closed and deleted when the JVM exits (or closed earlier by the test). */
  public static SwathServer start(String name) {
    Path dir;
    SwathServer server;
    try {
      dir = Files.createTempDirectory("swath-test-" + name);
      // numberMatched within 10 s rather than the default 200 ms, so a loaded machine does not make
      // a search's count go missing (StacCountBudgetTest covers the budget on servers of its own)
      server = SwathServer.builder().dataDir(dir).port(0).httpPort(0).stacCountBudget(java.time.Duration.ofSeconds(10)).build().start();
    } catch (IOException e) {
      throw new UncheckedIOException("could not start a test server", e);
    }
    // one hook, in order: the database stops before its files go (the large-stream tests leave gigabytes)
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      deleteTree(dir);
    }));
    return server;
  }

  /** A fresh temporary directory, deleted when the JVM exits. */
  public static Path tempDir(String prefix) {
    Path dir;
    try {
      dir = Files.createTempDirectory(prefix);
    } catch (IOException e) {
      throw new UncheckedIOException("could not create a temporary directory", e);
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
    return dir;
  }

  /** A dataset slug no other test uses: {@code test.t<unique>.<name>}. */
  public static String slug(String name) {
    return "test.t" + Long.toHexString(System.nanoTime()) + NAMES.incrementAndGet() + "." + name;
  }

  /** A name no other test of this JVM uses (a runner cluster, a scratch folder), starting with {@code prefix}. */
  public static String uniqueName(String prefix) {
    return prefix + "-" + NAMES.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
  }

  /** Deletes a directory tree, best effort. */
  public static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // best effort
    }
  }
}
