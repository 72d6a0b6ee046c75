package io.swath.server;

import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.swath.api.internal.NettyDefaults;
import io.swath.server.catalog.CatalogStore;
import io.swath.server.catalog.DatapointStore;
import io.swath.server.db.Database;
import io.swath.server.catalog.QuerySlots;
import io.swath.server.grpc.BoundedStatusMessages;
import io.swath.server.grpc.GrpcServices;
import io.swath.server.grpc.StreamLimits;
import io.swath.server.grpc.UnreadableRequests;
import io.swath.server.console.ConsoleApi;
import io.swath.server.console.ConsoleRoute;
import io.swath.server.http.HttpApiServer;
import io.swath.server.metrics.ServerMetrics;
import io.swath.server.security.ApiKeys;
import io.swath.server.security.Authorization;
import io.swath.server.security.Grant;
import io.swath.server.security.KeyStreams;
import io.swath.server.security.RateLimits;
import io.swath.server.security.Scope;
import io.swath.server.security.ServerTls;
import io.swath.server.stac.StacApi;
import io.swath.server.workflows.WorkflowStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
  /** How long finished jobs are kept by default: 30 days (see docs/adr/0013-job-retention.md). */
  public static final Duration DEFAULT_JOB_RETENTION = Duration.ofDays(30);
  private static final Logger LOG = LoggerFactory.getLogger(SwathServer.class);
  /** The route template of an HTTP path, for metrics and access rules: the console's or the STAC API's. */
  static final java.util.function.Function<String, String> HTTP_ROUTES =
      path -> path.startsWith("/console") ? ConsoleRoute.templateOf(path) : StacApi.route(path);

  private final Builder cfg;
  private Database db;
  private WorkflowStore workflows;
  private Server grpc;
  private HttpApiServer http;
  private ExecutorService executor;
  private DataDirLock lock;
  private GrpcServices.Set services;
  private ServerMetrics metrics;
  private ApiKeys keys;
  private String initialAdminKey;
  private ServerTls tls;
  private AutoCloseable tlsWatch;
  private DatapointStore store;

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
    // bad certificate files fail the start before anything else is started
    tls = cfg.tlsCert == null ? null : ServerTls.load(cfg.tlsCert, cfg.tlsKey, cfg.tlsClientCa);
    if (cfg.dbUrl == null) {
      lock = DataDirLock.acquire(cfg.dataDir);
    }
    db = cfg.dbUrl != null ? Database.external(cfg.dbUrl, cfg.dbUser, cfg.dbPassword, cfg.poolSize)
        : Database.embedded(cfg.dataDir, cfg.poolSize);
    try {
      CatalogStore catalog = new CatalogStore(db);
      store = new DatapointStore(db, catalog, new QuerySlots(
          cfg.querySlots > 0 ? Math.min(cfg.querySlots, db.maxConnections()) : QuerySlots.forPool(db.maxConnections()), cfg.queryQueueTimeout));
      executor = Executors.newVirtualThreadPerTaskExecutor();
      InetSocketAddress grpcAddress = new InetSocketAddress(cfg.host, cfg.port);
      NettyServerBuilder sb = (tls == null ? NettyServerBuilder.forAddress(grpcAddress)
          : NettyServerBuilder.forAddress(grpcAddress, tls.grpcCredentials()))
          .executor(executor)
          .maxInboundMessageSize(cfg.maxMessageBytes)
          .maxInboundMetadataSize(cfg.maxHeaderBytes)
          .maxConcurrentCallsPerConnection(cfg.maxCallsPerConnection)
          .flowControlWindow(64 << 20)
          // a connection that never completes the HTTP/2 handshake is closed, one whose client
          // vanished is found by keepalive pings, one without calls is closed when idle too long
          .handshakeTimeout(cfg.handshakeTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .keepAliveTime(cfg.keepAliveTime.toMillis(), TimeUnit.MILLISECONDS)
          .keepAliveTimeout(20, TimeUnit.SECONDS)
          .maxConnectionIdle(cfg.connectionIdle.toMillis(), TimeUnit.MILLISECONDS)
          .permitKeepAliveTime(10, TimeUnit.SECONDS)
          .permitKeepAliveWithoutCalls(true);
      workflows = new WorkflowStore(db);
      try {
        keys = new ApiKeys(db);
        secureDefaults();
      } catch (java.sql.SQLException e) {
        throw new IOException("cannot read the API keys: " + e.getMessage(), e);
      }
      Authorization auth = new Authorization(keys, cfg.publicRead)
          .rateLimits(cfg.keyRate > 0 ? new RateLimits(cfg.keyRate, cfg.keyBurst) : null)
          .keyStreams(cfg.keyMaxStreams > 0 ? new KeyStreams(cfg.keyMaxStreams) : null);
      services = new GrpcServices.Set(catalog, store, workflows, new StreamLimits(cfg.querySendTimeout, cfg.queryPause, cfg.maxQueryStreams),
          keys);
      metrics = new ServerMetrics();
      metrics.gauge("swath_query_streams_active", "Query streams being served now.", services::activeQueryStreams);
      metrics.counter("swath_query_stream_pauses_total",
          "Times a query stream released its database connection to wait for a client that did not read.", services::queryStreamPauses);
      metrics.gauge("swath_query_slots_in_use", "Query streams and STAC searches reading the database now.", () -> store.slots().inUse());
      metrics.gauge("swath_query_slots_waiting", "Query streams and STAC searches waiting for a query slot.", () -> store.slots().waiting());
      metrics.gauge("swath_query_slots_max", "The most query streams and STAC searches that read the database at once.",
          () -> store.slots().capacity());
      metrics.gauge("swath_db_connections_active", "Database connections in use.", () -> db.poolStats().getActiveConnections());
      metrics.gauge("swath_db_connections_idle", "Database connections open and idle.", () -> db.poolStats().getIdleConnections());
      metrics.gauge("swath_db_connections_pending", "Requests waiting for a database connection.",
          () -> db.poolStats().getThreadsAwaitingConnection());
      metrics.gauge("swath_db_connections_max", "The most database connections the pool opens.", db::maxConnections);
      metrics.gauge("swath_db_up", "1 when the database answers, 0 while it is down (being restarted or reconnected).",
          () -> db.health().up() ? 1 : 0);
      metrics.gauges("swath_db_state", "The database's state: 1 for the current one (up, restarting, reconnecting, stopped).",
          () -> dbStates(db.health()));
      metrics.gauge("swath_db_restarts", "Times the embedded PostgreSQL was restarted after it died, since the server started.",
          () -> db.health().restarts());
      metrics.gauges("swath_workflow_tasks_queued", "Queued tasks by cluster: ready to claim, leased by a runner, delayed by a retry backoff.",
          workflows::queueCounts);
      metrics.gauges("swath_workflow_jobs", "Jobs by state.", workflows::jobCounts);
      metrics.gauge("swath_workflow_polls_waiting", "Runners' calls waiting on this server for work (long polls).", workflows::waitingPolls);
      metrics.counter("swath_workflow_jobs_pruned_total", "Finished jobs removed by job retention or `swath jobs prune`, by this server.",
          workflows::jobsPruned);
      metrics.counter("swath_workflow_tasks_pruned_total", "Tasks of pruned jobs removed, by this server.", workflows::tasksPruned);
      metrics.counter("swath_workflow_queue_rows_swept_total",
          "Queue rows of cancelled or failed jobs that no runner held any more, removed by this server's periodic sweep.",
          workflows::queueRowsSwept);
      workflows.startPruning(cfg.jobRetention, cfg.jobPruneInterval);
      services.services().forEach(svc -> sb.addService(ServerInterceptors.intercept(UnreadableRequests.guard(svc.bindService()),
          new BoundedStatusMessages(), auth, metrics.interceptor())));
      grpc = sb.build().start();
      http = HttpApiServer.start(cfg.host, cfg.httpPort, new HttpApiServer.Limits(cfg.httpReadTimeout, cfg.httpIdleTimeout,
          cfg.httpMaxConnections, cfg.maxHeaderBytes), tls == null ? null : tls.httpsConfigurator(), db, metrics, new StacApi(catalog, store, cfg.stacCountBudget), HTTP_ROUTES,
          Map.of("/console", new ConsoleApi(catalog, workflows, db)), auth.httpFilter(HTTP_ROUTES));
      if (lock != null) {
        lock.publish(target());
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    LOG.info("swath server listening: gRPC{} {}:{}, HTTP{} {}:{} (started in {} ms)", tls == null ? "" : " over TLS", cfg.host, port(),
        tls == null ? "" : "S", cfg.host, httpPort(), (System.nanoTime() - t0) / 1_000_000);
    if (tls != null) {
      tlsWatch = tls.watch(cfg.tlsReloadCheck);
      LOG.info("TLS certificate: {} (valid until {}){}", tls.certificate().getSubjectX500Principal(),
          tls.certificate().getNotAfter().toInstant(), tls.requiresClientCertificates() ? "; gRPC clients must present a certificate" : "");
    }
    return this;
  }

  /**
   * Without keys the server is open, which is safe on loopback only: on another address it
   * creates the first admin key (shown once by {@link #initialAdminKey}) unless told
   * {@code insecure}; {@code initAdminKey} creates it on any address.
   */
  private void secureDefaults() throws java.sql.SQLException {
    if (keys.enabled()) {
      return;
    }
    boolean loopback = isLoopback(cfg.host);
    if (cfg.initAdminKey || (!loopback && !cfg.insecure)) {
      initialAdminKey = keys.create("admin", "swath server", java.util.List.of(new Grant(Scope.ADMIN, java.util.List.of(), java.util.List.of())),
          null).secret();
      LOG.info("created the first admin key (shown once on the console; the server keeps only its hash)");
    } else if (!loopback) {
      LOG.warn("INSECURE: listening on {} without API keys: anyone who reaches the ports can read, write and delete every dataset"
          + " and run tasks; create keys (swath keys create) or listen on 127.0.0.1", cfg.host);
    }
  }

  static boolean isLoopback(String host) {
    try {
      return java.net.InetAddress.getByName(host).isLoopbackAddress();
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /**
   * The first admin key when this start created it (the secret, shown this once), else empty.
   */
  public java.util.Optional<String> initialAdminKey() {
    return java.util.Optional.ofNullable(initialAdminKey);
  }

  /** The server's API keys. */
  public ApiKeys apiKeys() {
    return keys;
  }

  private static java.util.Map<String, Double> dbStates(Database.Health h) {
    java.util.Map<String, Double> out = new java.util.LinkedHashMap<>();
    for (Database.State s : Database.State.values()) {
      out.put("state=" + ServerMetrics.label(s.label()), s == h.state() ? 1.0 : 0.0);
    }
    return out;
  }

  /** The database's state now: up, or down and being restarted or reconnected (for monitoring and tests). */
  public Database.Health databaseHealth() {
    return db.health();
  }

  /** The bound gRPC port. */
  public int port() {
    return grpc.getPort();
  }

  /** The gRPC services and methods the server answers, as registered. */
  public java.util.List<io.grpc.ServerServiceDefinition> grpcServices() {
    return grpc.getServices();
  }

  /** The bound HTTP port. */
  public int httpPort() {
    return http.port();
  }

  /**
   * The gRPC listener's address as clients take it: {@code host:port}, or {@code https://host:port}
   * when it serves TLS.
   */
  public String target() {
    return (cfg.tlsCert == null ? "" : "https://") + cfg.host + ":" + port();
  }

  /** The HTTP port's base URL: {@code http://host:port}, or {@code https://host:port} when it serves TLS. */
  public String httpUrl() {
    return (cfg.tlsCert == null ? "http://" : "https://") + cfg.host + ":" + httpPort();
  }

  /** Query streams being served right now (for monitoring and tests). */
  public int activeQueryStreams() {
    return services == null ? 0 : services.activeQueryStreams();
  }

  /** The query slots: how many are in use and waiting, in all and per caller (for monitoring and tests). */
  public QuerySlots querySlots() {
    return store.slots();
  }

  /**
   * Reads the TLS certificate and key files again if they changed (as the periodic check does),
   * e.g. on a signal; false without TLS or without a change.
   */
  public boolean reloadTls() {
    return tls != null && tls.reloadIfChanged();
  }

  /** Runners' calls waiting on this server for work now (for monitoring and tests). */
  public int waitingTaskPolls() {
    return workflows == null ? 0 : workflows.waitingPolls();
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
    if (tlsWatch != null) {
      try {
        tlsWatch.close();
      } catch (Exception e) {
        // a thread's interrupt does not fail
      }
      tlsWatch = null;
    }
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
    private Duration querySendTimeout = StreamLimits.DEFAULTS.sendTimeout();
    private Duration queryPause = StreamLimits.DEFAULTS.pauseAfter();
    private int maxQueryStreams = StreamLimits.DEFAULTS.maxStreams();
    private int querySlots;
    private Duration queryQueueTimeout = Duration.ofSeconds(10);
    private Duration stacCountBudget = StacApi.DEFAULT_COUNT_BUDGET;
    private int maxMessageBytes = 256 << 20;
    private int maxHeaderBytes = 16 << 10;
    private int maxCallsPerConnection = 1000;
    private Duration handshakeTimeout = Duration.ofSeconds(20);
    private Duration keepAliveTime = Duration.ofSeconds(60);
    private Duration connectionIdle = Duration.ofMinutes(15);
    private Duration httpReadTimeout = Duration.ofSeconds(30);
    private Duration httpIdleTimeout = Duration.ofSeconds(30);
    private int httpMaxConnections = 4096;
    private boolean insecure;
    private boolean initAdminKey;
    private java.util.List<String> publicRead = java.util.List.of();
    private double keyRate;
    private int keyBurst;
    private int keyMaxStreams = KeyStreams.DEFAULT_MAX;
    private Path tlsCert;
    private Path tlsKey;
    private Duration tlsReloadCheck = Duration.ofSeconds(30);
    private Path tlsClientCa;
    private Duration jobRetention = DEFAULT_JOB_RETENTION;
    private Duration jobPruneInterval = Duration.ofMinutes(1);

    private Builder() {}

    /**
     * How long completed, failed and cancelled jobs are kept after they finished (default 30
     * days); older ones are removed with their tasks, logs and progress. Zero keeps them forever.
     */
    public Builder jobRetention(Duration retention) {
      Objects.requireNonNull(retention, "retention");
      if (retention.isNegative()) {
        throw new IllegalArgumentException("job retention must not be negative (zero keeps jobs forever), got " + retention);
      }
      this.jobRetention = retention;
      return this;
    }

    /**
     * How often the server applies the job retention and removes queue rows that cancelled or
     * failed jobs left behind (default every minute).
     */
    public Builder jobPruneInterval(Duration interval) {
      Objects.requireNonNull(interval, "interval");
      if (interval.isNegative() || interval.isZero()) {
        throw new IllegalArgumentException("job pruning interval must be positive, got " + interval);
      }
      this.jobPruneInterval = interval;
      return this;
    }

    /** Largest gRPC message the server accepts (default 256 MiB; ingest batches are the large ones). */
    public Builder maxMessageSize(int bytes) {
      if (bytes < (1 << 20)) {
        throw new IllegalArgumentException("max message size must be at least 1 MiB, got " + bytes + " bytes");
      }
      this.maxMessageBytes = bytes;
      return this;
    }

    /** Largest request header block, gRPC metadata and HTTP headers alike (default 16 KiB). */
    public Builder maxHeaderSize(int bytes) {
      if (bytes < 1024) {
        throw new IllegalArgumentException("max header size must be at least 1 KiB, got " + bytes + " bytes");
      }
      this.maxHeaderBytes = bytes;
      return this;
    }

    /** Most concurrent calls on one gRPC connection (default 1,000); the client queues the others. */
    public Builder maxCallsPerConnection(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("max calls per connection must be at least 1, got " + n);
      }
      this.maxCallsPerConnection = n;
      return this;
    }

    /** A gRPC connection that has not completed its HTTP/2 handshake after this is closed (default 20 s). */
    public Builder handshakeTimeout(Duration d) {
      this.handshakeTimeout = positive(d, "handshake timeout");
      return this;
    }

    /** The server pings a gRPC connection silent for this long, and closes it without an answer in 20 s (default 60 s). */
    public Builder keepAliveTime(Duration d) {
      this.keepAliveTime = positive(d, "keepalive time");
      return this;
    }

    /** A gRPC connection without calls for this long is closed (default 15 min; clients reconnect when needed). */
    public Builder connectionIdleTimeout(Duration d) {
      this.connectionIdle = positive(d, "connection idle timeout");
      return this;
    }

    /**
     * An HTTP request whose headers and body have not all arrived after this is dropped and its
     * connection closed, as is a new connection that sends nothing (default 30 s; whole seconds).
     */
    public Builder httpReadTimeout(Duration d) {
      this.httpReadTimeout = positive(d, "HTTP read timeout");
      return this;
    }

    /** An HTTP keep-alive connection idle for this long is closed (default 30 s; whole seconds). */
    public Builder httpIdleTimeout(Duration d) {
      this.httpIdleTimeout = positive(d, "HTTP idle timeout");
      return this;
    }

    /** Most open HTTP connections; more are closed as they arrive (default 4,096). */
    public Builder httpMaxConnections(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("max HTTP connections must be at least 1, got " + n);
      }
      this.httpMaxConnections = n;
      return this;
    }

    /**
     * How long a query stream waits for a client that does not read before ending the stream
     * with RESOURCE_EXHAUSTED (default 30 s). While it waits it holds no database connection.
     */
    public Builder querySendTimeout(Duration d) {
      this.querySendTimeout = positive(d, "query send timeout");
      return this;
    }

    /**
     * How long a query stream keeps its database connection while the client does not read
     * (default 0.5 s); then it releases it and resumes after the last datapoint sent.
     */
    public Builder queryPause(Duration d) {
      this.queryPause = positive(d, "query pause");
      return this;
    }

    /** The most query streams open at once (default 1,000); more are refused with RESOURCE_EXHAUSTED. */
    public Builder maxQueryStreams(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("max query streams must be at least 1, got " + n);
      }
      this.maxQueryStreams = n;
      return this;
    }

    /**
     * The most query streams and STAC searches reading the database at once (default: three
     * quarters of the pool, leaving connections for everything else); the others wait their turn.
     */
    public Builder querySlots(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("query slots must be at least 1, got " + n);
      }
      this.querySlots = n;
      return this;
    }

    /** How long a query or search waits for a query slot before the server answers busy (UNAVAILABLE, HTTP 503); default 10 s. */
    public Builder queryQueueTimeout(Duration d) {
      this.queryQueueTimeout = positive(d, "query queue timeout");
      return this;
    }

    /**
     * How long a filtered STAC search may spend counting its matches for {@code numberMatched}
     * (left out when the count would take longer, or PostgreSQL estimates it reads more than
     * {@value io.swath.server.stac.StacApi#COUNT_ESTIMATE_LIMIT} rows); zero never counts. Default 200 ms.
     */
    public Builder stacCountBudget(Duration d) {
      Objects.requireNonNull(d, "STAC count budget");
      if (d.isNegative()) {
        throw new IllegalArgumentException("STAC count budget must not be negative, got " + d);
      }
      this.stacCountBudget = d;
      return this;
    }

    private static Duration positive(Duration d, String what) {
      Objects.requireNonNull(d, what);
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(what + " must be positive, got " + d);
      }
      return d;
    }

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

    /**
     * Allows listening on an address other than loopback without API keys, open to anyone who
     * reaches it (default false: such a server creates the first admin key instead).
     */
    public Builder insecure(boolean b) {
      this.insecure = b;
      return this;
    }

    /**
     * Datasets readable without a key (over gRPC and the STAC API) once the server has keys: patterns such as
     * {@code open_data.*} (a group and everything under it) or exact slugs.
     */
    public Builder publicRead(java.util.List<String> patterns) {
      this.publicRead = new Grant(Scope.READ, patterns, java.util.List.of()).datasets();
      return this;
    }

    /**
     * Requests per second each API key may make, with bursts of up to {@code burst}; more are
     * refused with RESOURCE_EXHAUSTED (HTTP 429) and the seconds to wait. 0 (default): no limit.
     */
    public Builder keyRateLimit(double perSecond, int burst) {
      if (perSecond > 0) {
        new RateLimits(perSecond, burst);   // checks the values
      }
      this.keyRate = perSecond;
      this.keyBurst = burst;
      return this;
    }

    /**
     * Query streams each API key may have open at once (default {@link KeyStreams#DEFAULT_MAX},
     * which lets one sharded SDK query run whole); more are refused with RESOURCE_EXHAUSTED and a
     * wait to retry after, so one key cannot fill the query slots the others need. 0: no limit.
     */
    public Builder keyMaxStreams(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("the query streams per key must be 0 (no limit) or more, got " + n);
      }
      this.keyMaxStreams = n;
      return this;
    }

    /**
     * Serves gRPC over TLS and the HTTP port over HTTPS with the certificate chain in
     * {@code certChainPem} (PEM: the server's certificate first, then its intermediates) and the
     * private key in {@code keyPem} (PEM, PKCS#8 {@code -----BEGIN PRIVATE KEY-----}, not encrypted).
     * The files are read and checked on {@link SwathServer#start()}, and read again when they
     * change (see {@link #tlsReloadCheck}).
     */
    public Builder tls(Path certChainPem, Path keyPem) {
      this.tlsCert = Objects.requireNonNull(certChainPem, "certChainPem");
      this.tlsKey = Objects.requireNonNull(keyPem, "keyPem");
      return this;
    }

    /**
     * Requires every gRPC client (SDK, CLI, runners) to present a certificate signed by one of the
     * CA certificates in {@code caPem} (PEM); needs {@link #tls}. The HTTP port does not ask for
     * client certificates: its routes keep to API keys.
     */
    public Builder tlsClientCa(Path caPem) {
      this.tlsClientCa = Objects.requireNonNull(caPem, "caPem");
      return this;
    }

    /**
     * How often the TLS certificate and key files are checked for a change (30 s by default): a
     * changed pair that checks out is used for every new connection on both ports, without a
     * restart; one that does not is logged and the certificate in use kept.
     */
    public Builder tlsReloadCheck(Duration every) {
      if (every == null || every.isNegative() || every.isZero()) {
        throw new IllegalArgumentException("the TLS reload check interval must be positive, got " + every);
      }
      this.tlsReloadCheck = every;
      return this;
    }

    /** Creates the first admin key on start when the server has none, whatever the address. */
    public Builder initAdminKey(boolean b) {
      this.initAdminKey = b;
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
      if (tlsClientCa != null && tlsCert == null) {
        throw new IllegalArgumentException("--tls-client-ca needs --tls-cert and --tls-key: client certificates are checked over TLS only");
      }
      return new SwathServer(this);
    }
  }
}
