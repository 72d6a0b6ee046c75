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
 *
 * <p>An {@code https://host:port} target connects over TLS, verifying the server's certificate
 * against the JDK's trust store, or against {@link #trustedCertificates} for a private CA (see
 * {@link TransportSecurity}).
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
  private java.nio.file.Path trustedCertificates;
  private java.nio.file.Path clientCertificate;
  private java.nio.file.Path clientKey;

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

  /**
   * Server address: {@code host:port}, or a {@code grpc://}, {@code http://} URL (plaintext), or an
   * {@code https://} / {@code grpcs://} URL (TLS).
   */
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

  /**
   * Trust the CA certificates of the PEM file {@code caPem} (a private CA) instead of the JDK's trust
   * store when verifying the server's certificate over TLS; default {@code SWATH_CA_CERT} when set.
   * The target must be an {@code https://} address.
   */
  public DatasetsClientBuilder trustedCertificates(java.nio.file.Path caPem) {
    this.trustedCertificates = Objects.requireNonNull(caPem, "caPem");
    return this;
  }

  /**
   * Present the certificate chain {@code certChainPem} with its private key {@code keyPem} (PEM,
   * PKCS#8) over TLS, for servers that require client certificates; default
   * {@code SWATH_CLIENT_CERT} and {@code SWATH_CLIENT_KEY} when set.
   */
  public DatasetsClientBuilder clientCertificate(java.nio.file.Path certChainPem, java.nio.file.Path keyPem) {
    this.clientCertificate = Objects.requireNonNull(certChainPem, "certChainPem");
    this.clientKey = Objects.requireNonNull(keyPem, "keyPem");
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
    String raw = target != null ? target : envOr(DEFAULT_TARGET);
    String t = hostPort(raw);
    TransportSecurity security = TransportSecurity.forTarget(raw, trustedCertificates, clientCertificate, clientKey);
    ManagedChannel[] channels = new ManagedChannel[connections];
    for (int i = 0; i < connections; i++) {
      channels[i] = channel(t, flowControlWindow, apiKey != null ? apiKey : envApiKey(), security);
    }
    return new DefaultAsyncDatasetsClient(new ClientCore(channels, true, security.isTls() ? "https://" + t : t, callTimeout,
        ingestBatchSize, retry));
  }

  /**
   * A gRPC channel (one connection, opened on first use) to {@code target} with the settings
   * of the client's connections: TLS for an {@code https://} address as {@link TransportSecurity#forTarget}
   * says (else plaintext), messages up to 256 MiB, the default receive window, keep-alive pings
   * every 30 s, the API key of {@code SWATH_API_KEY} if set. For the other Swath clients, and for
   * tools that talk to the server below the SDK.
   */
  public static ManagedChannel channel(String target) {
    return channel(target, envApiKey());
  }

  /** {@link #channel(String)} sending {@code apiKey} (null: none) with every call. */
  public static ManagedChannel channel(String target, String apiKey) {
    return channel(target, apiKey, TransportSecurity.forTarget(target, null, null, null));
  }

  /** {@link #channel(String)} sending {@code apiKey} (null: none) with every call, secured as {@code security} says. */
  public static ManagedChannel channel(String target, String apiKey, TransportSecurity security) {
    return channel(hostPort(target), DEFAULT_FLOW_CONTROL_WINDOW, apiKey, Objects.requireNonNull(security, "security"));
  }

  /** {@code SWATH_API_KEY} when set, else null. */
  public static String envApiKey() {
    String env = System.getenv("SWATH_API_KEY");
    return env == null || env.isBlank() ? null : env.trim();
  }

  static {
    NettyDefaults.apply();   // before Netty's first class initializes: no JVM warnings on JDK 24+
  }

  private static ManagedChannel channel(String hostPort, int flowControlWindow, String apiKey, TransportSecurity security) {
    NettyChannelBuilder b = NettyChannelBuilder.forTarget(hostPort, security.credentials())
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
   * {@code host:port} of a server address given as {@code host:port} or a {@code grpc://},
   * {@code http://}, {@code https://} or {@code grpcs://} URL (port 7777 when the URL has none);
   * throws IllegalArgumentException that says what is wrong otherwise.
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
