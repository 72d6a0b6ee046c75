package io.swath.workflows;

import io.swath.server.SwathServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** One real server (embedded PostgreSQL, gRPC on loopback) shared by the tests of this JVM. */
final class TestServer {
  private static SwathServer server;
  private static final AtomicInteger CLUSTERS = new AtomicInteger();

  private TestServer() {}

  static synchronized SwathServer get() {
    if (server == null) {
      Path dir;
      try {
        dir = Files.createTempDirectory("swath-wf-test");
        server = SwathServer.builder().dataDir(dir).port(0).httpPort(0).build().start();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        try (var paths = Files.walk(dir)) {
          paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
          // best effort at exit
        }
      }));
    }
    return server;
  }

  static String target() {
    return get().target();
  }

  /** A cluster name no other test uses, so runners of one test never take another's tasks. */
  static String cluster() {
    return "test-" + CLUSTERS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime());
  }
}
