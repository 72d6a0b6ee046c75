package io.swath.client;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.swath.api.internal.NettyDefaults;
import io.swath.core.retry.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of a datasets client. Defaults: target from {@code SWATH_URL} or
 * {@code localhost:7777}, 60 s timeout for single calls, no timeout for queries.
 */
public final class DatasetsClientBuilder {
  /** The address used when neither {@link #target} nor {@code SWATH_URL} is set. */
  public static final String DEFAULT_TARGET = "localhost:7777";
  private String target;
  private Duration callTimeout = Duration.ofSeconds(60);
  private int ingestBatchSize = 10_000;
  private RetryPolicy retry = RetryPolicy.defaults();
  private int flowControlWindow = DEFAULT_FLOW_CONTROL_WINDOW;
  private int connections = DEFAULT_CONNECTIONS;
  private String apiKey;

  /**
   * Default number of connections for query streams: 8. They open on first use, so a client
   * that runs one small query at a time keeps one.
   */
  public static final int DEFAULT_CONNECTIONS = 8;

  /**
   * Default receive window, 64 MiB: a connection moves at most one window per round trip, so
   * this keeps a 50 ms link at up to 1.3 GB/s (and a 200 ms one at 335 MB/s).
   */
  public static final int DEFAULT_FLOW_CONTROL_WINDOW = 64 << 20;

  DatasetsClientBuilder() {}

  /** Server address: {@code host:port}, or a {@code grpc://}, {@code http://} URL. */
  public DatasetsClientBuilder target(String target) {
    this.target = Objects.requireNonNull(target, "target");
    return this;
  }

  /**
   * The API key sent with every call ({@code authorization: Bearer <key>}); default
   * {@code SWATH_API_KEY}, none when unset (a server without keys needs none).
   */
  public DatasetsClientBuilder apiKey(String key) {
    this.apiKey = Objects.requireNonNull(key, "key");
    return this;
  }

  /** Timeout of single (non-streaming) calls. */
  public DatasetsClientBuilder callTimeout(Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException("call timeout must be positive, got " + d);
    }
    this.callTimeout = d;
    return this;
  }

  /** Datapoints per ingest request (each batch is stored atomically). */
  public DatasetsClientBuilder ingestBatchSize(int n) {
    if (n < 1 || n > 100_000) {
      throw new IllegalArgumentException("ingest batch size must be between 1 and 100000, got " + n);
    }
    this.ingestBatchSize = n;
    return this;
  }

  /** How transient failures are retried and broken streams resumed (default {@link RetryPolicy#defaults()}). */
  public DatasetsClientBuilder retry(RetryPolicy policy) {
    this.retry = java.util.Objects.requireNonNull(policy, "policy");
    return this;
  }

  /**
   * HTTP/2 receive window in bytes: how much query data may be on its way before the client
   * acknowledges it. One connection moves at most one window per round trip, so long, fast
   * links want a large window; it also bounds the memory a stalled consumer can hold in
   * buffers. Default {@link #DEFAULT_FLOW_CONTROL_WINDOW}.
   */
  public DatasetsClientBuilder flowControlWindow(int bytes) {
    if (bytes < (64 << 10) || bytes > (1 << 30)) {
      throw new IllegalArgumentException("flow control window must be between 64 KiB and 1 GiB, got " + bytes + " bytes");
    }
    this.flowControlWindow = bytes;
    return this;
  }

  /**
   * Connections (TCP) that query streams are spread over: each stream of concurrent queries and
   * of the shards of one query goes to the connection with the least expected traffic. Links that limit each connection (long distances, per-flow
   * shaping) then carry several times more; on a link without such a limit one would do. Each
   * connection opens on first use; single calls use the first. Default {@link #DEFAULT_CONNECTIONS}.
   */
  public DatasetsClientBuilder connections(int n) {
    if (n < 1 || n > 64) {
      throw new IllegalArgumentException("connections must be between 1 and 64, got " + n);
    }
    this.connections = n;
    return this;
  }

  /** The async client. */
  public AsyncDatasetsClient build() {
    String t = hostPort(target != null ? target : envOr(DEFAULT_TARGET));
    ManagedChannel[] channels = new ManagedChannel[connections];
    for (int i = 0; i < connections; i++) {
      channels[i] = channel(t, flowControlWindow, apiKey != null ? apiKey : envApiKey());
    }
    return new DefaultAsyncDatasetsClient(new ClientCore(channels, true, t, callTimeout, ingestBatchSize, retry));
  }

  /**
   * A gRPC channel (one connection, opened on first use) to {@code hostPort} with the settings
   * of the client's connections: plaintext, messages up to 256 MiB, the default receive window,
   * keep-alive pings every 30 s, the API key of {@code SWATH_API_KEY} if set. For the other
   * Swath clients, and for tools that talk to the server below the SDK.
   */
  public static ManagedChannel channel(String hostPort) {
    return channel(hostPort, DEFAULT_FLOW_CONTROL_WINDOW, envApiKey());
  }

  /** {@link #channel(String)} sending {@code apiKey} (null: none) with every call. */
  public static ManagedChannel channel(String hostPort, String apiKey) {
    return channel(hostPort, DEFAULT_FLOW_CONTROL_WINDOW, apiKey);
  }

  /** {@code SWATH_API_KEY} when set, else null. */
  public static String envApiKey() {
    String env = System.getenv("SWATH_API_KEY");
    return env == null || env.isBlank() ? null : env.trim();
  }

  static {
    NettyDefaults.apply();   // before Netty's first class initializes: no JVM warnings on JDK 24+
  }

  private static ManagedChannel channel(String hostPort, int flowControlWindow, String apiKey) {
    NettyChannelBuilder b = NettyChannelBuilder.forTarget(hostPort)
        .usePlaintext()
        .maxInboundMessageSize(256 << 20)
        .flowControlWindow(flowControlWindow)
        .keepAliveTime(30, java.util.concurrent.TimeUnit.SECONDS);
    if (apiKey != null) {
      io.grpc.Metadata header = new io.grpc.Metadata();
      header.put(io.grpc.Metadata.Key.of("authorization", io.grpc.Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
      b.intercept(io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(header));
    }
    return b.build();
  }

  /** The blocking client. */
  public DatasetsClient buildBlocking() {
    return build().blocking();
  }

  /** {@code SWATH_URL} when set, else {@code dflt}. */
  public static String envOr(String dflt) {
    String env = System.getenv("SWATH_URL");
    return env == null || env.isBlank() ? dflt : env.trim();
  }

  /**
   * {@code host:port} of a server address given as {@code host:port} or a {@code grpc://} /
   * {@code http://} URL; throws IllegalArgumentException that says what is wrong otherwise.
   */
  public static String hostPort(String target) {
    String t = target.trim();
    if (t.contains("://")) {
      URI u = URI.create(t);
      if (u.getHost() == null) {
        throw new IllegalArgumentException("server address '" + target + "' has no host; use host:port, e.g. localhost:7777");
      }
      int port = u.getPort() > 0 ? u.getPort() : 7777;
      return u.getHost() + ":" + port;
    }
    if (!t.matches("[A-Za-z0-9.\\-_\\[\\]:]+:\\d{1,5}")) {
      throw new IllegalArgumentException("server address '" + target + "' is not host:port, e.g. localhost:7777");
    }
    return t;
  }
}
