package io.swath.cli;

import io.swath.server.SwathServer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code swath server}: runs the server until SIGTERM / Ctrl-C. */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = {"Run the Swath server: gRPC API, and on the HTTP port /health, Prometheus /metrics and a STAC API",
        "(http://HOST:HTTP_PORT/: landing page, collections, items, /search; see docs/stac.md), storing data in PostgreSQL.", "",
        "By default an embedded PostgreSQL keeps its data under --data-dir (~/.swath); nothing to install.",
        "With --db-url the server uses an external PostgreSQL 15+ instead (several servers may share it).",
        "Stops cleanly on SIGTERM or Ctrl-C: running calls finish, the database shuts down."},
    footer = {"", "Examples:", "  swath server", "  swath server --data-dir /var/lib/swath --host 0.0.0.0",
        "  swath server --db-url jdbc:postgresql://db:5432/swath --db-user swath --db-password secret"})
final class ServerCommand implements Callable<Integer> {
  @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the embedded database lives (default: ~/.swath).")
  Path dataDir = Path.of(System.getProperty("user.home"), ".swath");

  @Option(names = "--db-url", paramLabel = "JDBC_URL", description = "Use this external PostgreSQL instead of the embedded one.")
  String dbUrl;

  @Option(names = "--db-user", description = "User for --db-url.")
  String dbUser;

  @Option(names = "--db-password", description = "Password for --db-url (or set PGPASSWORD).")
  String dbPassword = System.getenv("PGPASSWORD");

  @Option(names = "--host", description = "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for all).")
  String host = "127.0.0.1";

  @Option(names = "--port", description = "gRPC port (default: ${DEFAULT-VALUE}; 0 = any free port).")
  int port = SwathServer.DEFAULT_PORT;

  @Option(names = "--http-port", description = "HTTP port for /health, /metrics and the STAC API (default: ${DEFAULT-VALUE}; 0 = any free port).")
  int httpPort = SwathServer.DEFAULT_HTTP_PORT;

  @Option(names = "--db-pool-size", paramLabel = "N", defaultValue = "16",
      description = "Database connections the server opens at most (default: ${DEFAULT-VALUE}).")
  int dbPoolSize;

  @Option(names = "--query-slots", paramLabel = "N", defaultValue = "0",
      description = "Query streams and STAC searches reading the database at once; the others wait their turn "
          + "(default: 3/4 of --db-pool-size, leaving connections for everything else).")
  int querySlots;

  @Option(names = "--query-queue-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10s",
      description = "How long a query or search waits for a query slot before the server answers busy (UNAVAILABLE; HTTP 503) "
          + "(default: ${DEFAULT-VALUE}).")
  java.time.Duration queryQueueTimeout;

  @Option(names = "--query-send-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
      description = "How long a query stream waits for a client that does not read before closing it with RESOURCE_EXHAUSTED; "
          + "it holds no database connection meanwhile (default: ${DEFAULT-VALUE}).")
  java.time.Duration querySendTimeout;

  @Option(names = "--max-query-streams", paramLabel = "N", defaultValue = "1000",
      description = "Query streams open at once, over all clients; more are refused with RESOURCE_EXHAUSTED (default: ${DEFAULT-VALUE}).")
  int maxQueryStreams;

  @Override
  public Integer call() throws Exception {
    SwathServer.Builder builder = SwathServer.builder().dataDir(dataDir).dbUrl(dbUrl).dbCredentials(dbUser, dbPassword).host(host).port(port)
        .httpPort(httpPort).poolSize(dbPoolSize).queryQueueTimeout(queryQueueTimeout).querySendTimeout(querySendTimeout)
        .maxQueryStreams(maxQueryStreams);
    if (querySlots > 0) {
      builder.querySlots(querySlots);
    }
    SwathServer server = builder.build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("swath: shutting down ...");
      server.close();
      stopped.countDown();
    }, "swath-shutdown"));
    server.start();
    System.out.println("swath server ready: gRPC " + server.target() + ", HTTP http://" + host + ":" + server.httpPort() + "/health");
    System.out.println("STAC API: http://" + host + ":" + server.httpPort() + "/   metrics: http://" + host + ":" + server.httpPort() + "/metrics");
    System.out.println("storage: " + server.storageDescription());
    System.out.flush();
    stopped.await();
    return Main.OK;
  }
}
