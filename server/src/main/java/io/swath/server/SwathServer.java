package io.swath.server;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.swath.api.internal.NettyDefaults;
import io.swath.server.catalog.CatalogStore;
import io.swath.server.catalog.DatapointStore;
import io.swath.server.db.Database;
import io.swath.server.grpc.GrpcServices;
import io.swath.server.http.HttpApiServer;
import io.swath.server.metrics.ServerMetrics;
import io.swath.server.stac.StacApi;
import io.swath.server.workflows.WorkflowStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Swath server: gRPC services for datasets, collections, ingest, queries, jobs and task
 * runners, plus an HTTP port with a health endpoint and the STAC API, over PostgreSQL (embedded
 * under a data directory by default, or external).
 *
 * <pre>{@code
 * try (SwathServer server = SwathServer.builder().dataDir(Path.of("/var/lib/swath")).build().start()) {
 *   server.awaitTermination();
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops accepting calls, lets running calls finish for a grace period, then
 * stops the database. Data survives restarts; after a crash the embedded database is recovered.
 */
public final class SwathServer implements AutoCloseable {
  static {
    NettyDefaults.apply();   // before Netty's first class initializes: no JVM warnings on JDK 24+
  }

  /** Default gRPC port. */
  public static final int DEFAULT_PORT = 7777;
  /** Default HTTP port (health and the STAC API). */
  public static final int DEFAULT_HTTP_PORT = 7778;
  private static final Logger LOG = LoggerFactory.getLogger(SwathServer.class);

  private final Builder cfg;
  private Database db;
  private WorkflowStore workflows;
  private Server grpc;
  private HttpApiServer http;
  private ExecutorService executor;
  private DataDirLock lock;
  private GrpcServices.Set services;
  private ServerMetrics metrics;

  private SwathServer(Builder cfg) {
    this.cfg = cfg;
  }

  /** A builder with defaults: data dir {@code ~/.swath}, embedded PostgreSQL, ports 7777 and 7778 on 127.0.0.1. */
  public static Builder builder() {
    return new Builder();
  }

  /** Starts the database and both listeners. */
  public synchronized SwathServer start() throws IOException {
    long t0 = System.nanoTime();
    if (cfg.dbUrl == null) {
      lock = DataDirLock.acquire(cfg.dataDir);
    }
    db = cfg.dbUrl != null ? Database.external(cfg.dbUrl, cfg.dbUser, cfg.dbPassword, cfg.poolSize)
        : Database.embedded(cfg.dataDir, cfg.poolSize);
    try {
      CatalogStore catalog = new CatalogStore(db);
      DatapointStore store = new DatapointStore(db, catalog);
      executor = Executors.newVirtualThreadPerTaskExecutor();
      NettyServerBuilder sb = NettyServerBuilder.forAddress(new InetSocketAddress(cfg.host, cfg.port))
          .executor(executor)
          .maxInboundMessageSize(256 << 20)
          .flowControlWindow(64 << 20)
          .permitKeepAliveTime(10, TimeUnit.SECONDS)
          .permitKeepAliveWithoutCalls(true);
      workflows = new WorkflowStore(db);
      services = new GrpcServices.Set(catalog, store, workflows);
      metrics = new ServerMetrics();
      metrics.gauge("swath_query_streams_active", "Query streams being served now.", services::activeQueryStreams);
      metrics.gauge("swath_db_connections_active", "Database connections in use.", () -> db.poolStats().getActiveConnections());
      metrics.gauge("swath_db_connections_idle", "Database connections open and idle.", () -> db.poolStats().getIdleConnections());
      metrics.gauge("swath_db_connections_pending", "Requests waiting for a database connection.",
          () -> db.poolStats().getThreadsAwaitingConnection());
      metrics.gauge("swath_db_connections_max", "The most database connections the pool opens.", db::maxConnections);
      metrics.gauges("swath_workflow_tasks_queued", "Queued tasks by cluster: ready to claim, leased by a runner, delayed by a retry backoff.",
          workflows::queueCounts);
      metrics.gauges("swath_workflow_jobs", "Jobs by state.", workflows::jobCounts);
      services.services().forEach(svc -> sb.addService(ServerInterceptors.intercept(svc, metrics.interceptor())));
      grpc = sb.build().start();
      http = HttpApiServer.start(cfg.host, cfg.httpPort, db, metrics, new StacApi(catalog, store), StacApi::route);
      if (lock != null) {
        lock.publish(target());
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    LOG.info("swath server listening: gRPC {}:{}, HTTP {}:{} (started in {} ms)", cfg.host, port(), cfg.host, httpPort(),
        (System.nanoTime() - t0) / 1_000_000);
    return this;
  }

  /** The bound gRPC port. */
  public int port() {
    return grpc.getPort();
  }

  /** The bound HTTP port. */
  public int httpPort() {
    return http.port();
  }

  /** {@code host:port} of the gRPC listener, as clients take it. */
  public String target() {
    return cfg.host + ":" + port();
  }

  /** Query streams being served right now (for monitoring and tests). */
  public int activeQueryStreams() {
    return services == null ? 0 : services.activeQueryStreams();
  }

  /** Where the data lives. */
  public String storageDescription() {
    return db.description();
  }

  /** Blocks until the server stops. */
  public void awaitTermination() throws InterruptedException {
    grpc.awaitTermination();
  }

  @Override
  public synchronized void close() {
    if (workflows != null) {
      // runners waiting for work answer at once, so shutdown does not wait out their long polls
      workflows.stopWaiting();
    }
    if (grpc != null) {
      grpc.shutdown();
      try {
        if (!grpc.awaitTermination(cfg.grace.toMillis(), TimeUnit.MILLISECONDS)) {
          grpc.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        grpc.shutdownNow();
        Thread.currentThread().interrupt();
      }
      grpc = null;
    }
    if (http != null) {
      http.close();
      http = null;
    }
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
    if (workflows != null) {
      workflows.close();
      workflows = null;
    }
    if (db != null) {
      db.close();
      db = null;
    }
    if (lock != null) {
      lock.close();
      lock = null;
    }
  }

  /**
   * The gRPC target of a server running on {@code dataDir} in another process, if any.
   */
  public static java.util.Optional<String> runningOn(Path dataDir) {
    return DataDirLock.runningServer(dataDir);
  }

  /** Server settings. */
  public static final class Builder {
    private Path dataDir = Path.of(System.getProperty("user.home"), ".swath");
    private String dbUrl;
    private String dbUser;
    private String dbPassword;
    private String host = "127.0.0.1";
    private int port = DEFAULT_PORT;
    private int httpPort = DEFAULT_HTTP_PORT;
    private int poolSize = 16;
    private Duration grace = Duration.ofSeconds(10);

    private Builder() {}

    /** Directory of the embedded database (ignored with {@link #dbUrl}). */
    public Builder dataDir(Path dir) {
      this.dataDir = Objects.requireNonNull(dir, "dataDir");
      return this;
    }

    /** Use an external PostgreSQL 15+ at this JDBC URL instead of the embedded one. */
    public Builder dbUrl(String jdbcUrl) {
      if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("--db-url must be a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db), got " + jdbcUrl);
      }
      this.dbUrl = jdbcUrl;
      return this;
    }

    /** Credentials for the external database. */
    public Builder dbCredentials(String user, String password) {
      this.dbUser = user;
      this.dbPassword = password;
      return this;
    }

    /** Address to listen on; 127.0.0.1 by default, 0.0.0.0 for all interfaces. */
    public Builder host(String host) {
      this.host = Objects.requireNonNull(host, "host");
      return this;
    }

    /** gRPC port; 0 picks a free one. */
    public Builder port(int port) {
      this.port = checkPort(port);
      return this;
    }

    /** HTTP port; 0 picks a free one. */
    public Builder httpPort(int port) {
      this.httpPort = checkPort(port);
      return this;
    }

    /** Database connections. */
    public Builder poolSize(int n) {
      if (n < 2 || n > 500) {
        throw new IllegalArgumentException("pool size must be between 2 and 500, got " + n);
      }
      this.poolSize = n;
      return this;
    }

    /** How long running calls may finish after shutdown starts. */
    public Builder gracePeriod(Duration d) {
      this.grace = Objects.requireNonNull(d, "grace");
      return this;
    }

    private static int checkPort(int p) {
      if (p < 0 || p > 65535) {
        throw new IllegalArgumentException("port must be between 0 and 65535, got " + p);
      }
      return p;
    }

    /** The server, not yet started. */
    public SwathServer build() {
      return new SwathServer(this);
    }
  }
}
