package io.swath.cli;

import io.swath.server.SwathServer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/** The server a demo talks to: the one already running on the data directory, or an embedded one started (and closed) here. */
final class DemoServer implements AutoCloseable {
  final String target;
  private final SwathServer started;

  private DemoServer(String target, SwathServer started) {
    this.target = target;
    this.started = started;
  }

  /** Finds or starts the server of {@code dataDir}, saying which on standard output. */
  static DemoServer open(Path dataDir) throws IOException {
    Optional<String> running = SwathServer.runningOn(dataDir);
    if (running.isPresent()) {
      System.out.println("using the swath server already running on " + dataDir + " at " + running.get());
      return new DemoServer(running.get(), null);
    }
    System.out.println("starting an embedded swath server (data in " + dataDir + ") ...");
    SwathServer server = SwathServer.builder().dataDir(dataDir).port(0).httpPort(0).build().start();
    return new DemoServer(server.target(), server);
  }

  @Override
  public void close() {
    if (started != null) {
      started.close();
    }
  }
}
