package io.swath.client;

import io.swath.server.SwathServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One real server (embedded PostgreSQL, gRPC on loopback) shared by the tests of this JVM. */
final class TestServer {
  private static SwathServer server;
  private static Path dir;

  private TestServer() {}

  static synchronized SwathServer get() {
    if (server == null) {
      try {
        dir = Files.createTempDirectory("swath-test");
        server = SwathServer.builder().dataDir(dir).port(0).httpPort(0).build().start();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        server.close();
        // the data directory holds gigabytes after the large-stream test: leave nothing behind
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

  static DatasetsClient client() {
    return DatasetsClient.connect(target());
  }

  /** A unique dataset slug per test. */
  static String slug(String name) {
    return "test.t" + Long.toHexString(System.nanoTime()) + "." + name;
  }
}
