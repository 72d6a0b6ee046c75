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
        "  swath server --db-url jdbc:postgresql://db:5432/swath --db-user swath --db-password secret",
        "  swath server --host 0.0.0.0 --tls-cert server.pem --tls-key server.key", "",
        "Fixed limits: " + io.swath.server.catalog.DatapointStore.MAX_INGEST_BATCH + " datapoints per ingest request (the SDK sends "
            + "batches of 10000), 1 MiB per datapoint, query pages of at most 100000 datapoints and 4 MiB, STAC pages of at most "
            + "10000 items, STAC request bodies of 16 MiB. Every limit, and what a client sees when it hits one: docs/security.md."})
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
      description = "Query streams, counts and STAC searches reading the database at once; the others wait their turn, "
          + "callers (API keys; without a key, IP addresses) taking turns, so one caller's queue does not hold up another's "
          + "(default: 3/4 of --db-pool-size, leaving connections for everything else).")
  int querySlots;

  @Option(names = "--query-queue-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "10s",
      description = "How long a query or search waits for a query slot before the server answers busy (UNAVAILABLE; HTTP 503) "
          + "(default: ${DEFAULT-VALUE}).")
  java.time.Duration queryQueueTimeout;

  @Option(names = "--stac-count-budget", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "200ms",
      description = "How long a filtered STAC search may spend counting its matches for numberMatched, which it leaves out when "
          + "the count would take longer or PostgreSQL estimates it reads more than 2,000,000 rows; 0s never counts "
          + "(default: ${DEFAULT-VALUE}).")
  java.time.Duration stacCountBudget;

  @Option(names = "--query-send-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
      description = "How long a query stream waits for a client that does not read before closing it with RESOURCE_EXHAUSTED; "
          + "it holds no database connection meanwhile (default: ${DEFAULT-VALUE}).")
  java.time.Duration querySendTimeout;

  @Option(names = "--max-query-streams", paramLabel = "N", defaultValue = "1000",
      description = "Query streams open at once, over all clients; more are refused with RESOURCE_EXHAUSTED (default: ${DEFAULT-VALUE}).")
  int maxQueryStreams;

  @Option(names = "--max-heap", paramLabel = "SIZE", defaultValue = "1g",
      description = "Heap limit of the server's JVM, e.g. 512m or 4g (default: ${DEFAULT-VALUE}); ./swath passes it to the JVM as -Xmx.")
  String maxHeap;

  @Option(names = "--max-message-size", paramLabel = "SIZE", converter = SizeConverter.class, defaultValue = "256m",
      description = "Largest gRPC message the server accepts (default: ${DEFAULT-VALUE}).")
  int maxMessageSize;

  @Option(names = "--max-header-size", paramLabel = "SIZE", converter = SizeConverter.class, defaultValue = "16k",
      description = "Largest request header block, gRPC metadata and HTTP headers (default: ${DEFAULT-VALUE}).")
  int maxHeaderSize;

  @Option(names = "--max-calls-per-connection", paramLabel = "N", defaultValue = "1000",
      description = "Concurrent calls on one gRPC connection; clients queue the others (default: ${DEFAULT-VALUE}).")
  int maxCallsPerConnection;

  @Option(names = "--grpc-handshake-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "20s",
      description = "Close a gRPC connection that has not completed its HTTP/2 handshake by then (default: ${DEFAULT-VALUE}).")
  java.time.Duration handshakeTimeout;

  @Option(names = "--grpc-keepalive", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "60s",
      description = "Ping a gRPC connection silent for this long; close it when the ping is not answered in 20 s (default: ${DEFAULT-VALUE}).")
  java.time.Duration keepAlive;

  @Option(names = "--grpc-idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "15m",
      description = "Close a gRPC connection without calls for this long (default: ${DEFAULT-VALUE}).")
  java.time.Duration grpcIdleTimeout;

  @Option(names = "--http-read-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
      description = "Close an HTTP connection whose request (headers and body) has not fully arrived by then, or that sends "
          + "nothing (default: ${DEFAULT-VALUE}; whole seconds).")
  java.time.Duration httpReadTimeout;

  @Option(names = "--http-idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
      description = "Close an idle HTTP keep-alive connection after this (default: ${DEFAULT-VALUE}; whole seconds).")
  java.time.Duration httpIdleTimeout;

  @Option(names = "--http-max-connections", paramLabel = "N", defaultValue = "4096",
      description = "Open HTTP connections at most; more are closed as they arrive (default: ${DEFAULT-VALUE}).")
  int httpMaxConnections;

  @Option(names = "--insecure", description = "Listen on an address other than loopback without API keys, open to anyone who reaches it.")
  boolean insecure;

  @Option(names = "--public-read", paramLabel = "PATTERN", split = ",",
      description = "Datasets readable without a key, over gRPC and the STAC API: a group followed by .* (open_data.*) or a slug; repeatable.")
  java.util.List<String> publicRead = new java.util.ArrayList<>();

  @Option(names = "--key-rate-limit", paramLabel = "PER_SECOND", defaultValue = "0",
      description = "Requests per second each API key may make; more get RESOURCE_EXHAUSTED / HTTP 429 with Retry-After (default: no limit).")
  double keyRateLimit;

  @Option(names = "--key-burst", paramLabel = "N", defaultValue = "100", description = "Requests a key may make at once above its rate (default: ${DEFAULT-VALUE}).")
  int keyBurst;

  @Option(names = "--key-max-streams", paramLabel = "N", defaultValue = "" + io.swath.server.security.KeyStreams.DEFAULT_MAX,
      description = "Query streams, counts and STAC searches (and item pages) each API key may have open at once; more get "
          + "RESOURCE_EXHAUSTED / HTTP 429 with a 1 s wait to retry after, which the SDK honours "
          + "(default: ${DEFAULT-VALUE}, one sharded SDK query; 0: no limit).")
  int keyMaxStreams;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "Serve gRPC over TLS and the HTTP port over HTTPS with this PEM certificate chain (server certificate first); needs --tls-key.")
  Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "The PEM private key of --tls-cert (PKCS#8: -----BEGIN PRIVATE KEY-----, not encrypted).")
  Path tlsKey;

  @Option(names = "--tls-reload-check", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s",
      description = "How often to check --tls-cert and --tls-key for a change: a renewed certificate is used for new connections "
          + "on both ports without a restart; files that do not check out are logged and the certificate in use kept "
          + "(default: ${DEFAULT-VALUE}).")
  java.time.Duration tlsReloadCheck;

  @Option(names = "--tls-client-ca", paramLabel = "FILE",
      description = "Require gRPC clients (SDK, CLI, runners) to present a certificate signed by a CA of this PEM file; the HTTP port keeps to API keys.")
  Path tlsClientCa;

  @Option(names = "--init-admin-key", description = "Create the first admin key when the server has none, and print it once.")
  boolean initAdminKey;

  @Option(names = "--job-retention", paramLabel = "DURATION", converter = RetentionConverter.class, defaultValue = "30d",
      description = "Remove completed, failed and cancelled jobs (their tasks, logs and progress) this long after they finished; "
          + "0 or off keeps them forever (default: ${DEFAULT-VALUE}).")
  java.time.Duration jobRetention;

  @Override
  public Integer call() throws Exception {
    long heap = heapBytes(maxHeap);
    if (Runtime.getRuntime().maxMemory() > heap + heap / 10) {
      // the heap limit is the JVM's, fixed when it started: ./swath passes --max-heap as -Xmx
      System.err.println("swath: warning: this JVM may use a heap of " + (Runtime.getRuntime().maxMemory() >> 20)
          + " MiB, more than --max-heap " + maxHeap + "; start the server with ./swath, or give the JVM -Xmx" + maxHeap);
    }
    SwathServer.Builder builder = SwathServer.builder().dataDir(dataDir).dbUrl(dbUrl).dbCredentials(dbUser, dbPassword).host(host).port(port)
        .httpPort(httpPort).poolSize(dbPoolSize).queryQueueTimeout(queryQueueTimeout).stacCountBudget(stacCountBudget).querySendTimeout(querySendTimeout)
        .maxQueryStreams(maxQueryStreams).maxMessageSize(maxMessageSize).maxHeaderSize(maxHeaderSize)
        .maxCallsPerConnection(maxCallsPerConnection).handshakeTimeout(handshakeTimeout).keepAliveTime(keepAlive)
        .connectionIdleTimeout(grpcIdleTimeout).httpReadTimeout(httpReadTimeout).httpIdleTimeout(httpIdleTimeout)
        .httpMaxConnections(httpMaxConnections).insecure(insecure).initAdminKey(initAdminKey)
        .publicRead(publicRead).keyRateLimit(keyRateLimit, keyBurst).keyMaxStreams(keyMaxStreams)
        .jobRetention(jobRetention);
    if (querySlots > 0) {
      builder.querySlots(querySlots);
    }
    if ((tlsCert == null) != (tlsKey == null)) {
      throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both, or neither for plaintext");
    }
    if (tlsCert != null) {
      builder.tls(tlsCert, tlsKey).tlsReloadCheck(tlsReloadCheck);
    }
    if (tlsClientCa != null) {
      builder.tlsClientCa(tlsClientCa);
    }
    SwathServer server = builder.build();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.err.println("swath: shutting down ...");
      server.close();
      stopped.countDown();
    }, "swath-shutdown"));
    server.start();
    String web = server.httpUrl();
    System.out.println("swath server ready: gRPC " + server.target() + ", HTTP " + web + "/health");
    System.out.println("STAC API: " + web + "/   metrics: " + web + "/metrics");
    System.out.println("storage: " + server.storageDescription());
    System.out.println("heap limit: " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
    System.out.println("job retention: " + (jobRetention.isZero() ? "off (finished jobs are kept forever)"
        : "finished jobs are removed " + DurationConverter.text(jobRetention) + " after they finished"));
    server.initialAdminKey().ifPresent(k -> System.out.println("first admin key (shown only now; the server keeps a hash): " + k));
    System.out.flush();
    stopped.await();
    return Main.OK;
  }

  /** {@code --max-heap} in bytes: digits with an optional k, m or g (as {@code -Xmx} takes them). */
  static long heapBytes(String size) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+)([kmg]?)").matcher(size.trim().toLowerCase(java.util.Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("--max-heap: '" + size + "' is not a size; write e.g. 512m or 4g");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "k" -> n << 10;
      case "m" -> n << 20;
      case "g" -> n << 30;
      default -> n;
    };
  }
}
