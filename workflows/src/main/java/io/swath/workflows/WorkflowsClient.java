package io.swath.workflows;

import io.grpc.ManagedChannel;
import io.swath.api.v1.JobServiceGrpc;
import io.swath.api.v1.TaskServiceGrpc;
import io.swath.client.AsyncDatasetsClient;
import io.swath.client.DatasetsClientBuilder;
import io.swath.client.TransportSecurity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The connection of the workflows SDK to a Swath server: {@link #jobs()} submits and inspects
 * jobs; {@link TaskRunner} runs tasks over it. Thread-safe; share one per process and close it
 * when done.
 *
 * <pre>{@code
 * try (WorkflowsClient client = WorkflowsClient.connect("localhost:7777")) {
 *   Job job = client.jobs().submit("landsat-2020", new FetchYear(2020), "default-cluster");
 *   TaskRunner.connect(client, "default-cluster", FetchYear.class, FetchMonth.class).runAll();
 * }
 * }</pre>
 */
public final class WorkflowsClient implements AutoCloseable {
  final ManagedChannel channel;
  final String target;
  final Duration callTimeout;
  private final String apiKey;
  private final TransportSecurity security;
  final TaskServiceGrpc.TaskServiceBlockingStub taskStub;
  private final AsyncJobClient asyncJobs;

  private WorkflowsClient(String target, Duration callTimeout, String apiKey, TransportSecurity security) {
    this.target = target;
    this.callTimeout = callTimeout;
    this.apiKey = apiKey;
    this.security = security;
    this.channel = DatasetsClientBuilder.channel(target, apiKey, security);
    this.taskStub = TaskServiceGrpc.newBlockingStub(channel);
    this.asyncJobs = new AsyncJobClient(this, JobServiceGrpc.newFutureStub(channel));
  }

  /** Connects to {@code SWATH_URL}, or {@code localhost:7777} when unset. */
  public static WorkflowsClient connect() {
    return builder().build();
  }

  /** Connects to {@code target}: {@code host:port}, a {@code grpc://} / {@code http://} URL, or an {@code https://} URL (TLS). */
  public static WorkflowsClient connect(String target) {
    return builder().target(target).build();
  }

  /** Address and options. */
  public static Builder builder() {
    return new Builder();
  }

  /** Jobs: submit, find, list, cancel, retry, visualize. */
  public JobClient jobs() {
    return asyncJobs.blocking();
  }

  /**
   * Jobs, without blocking: the same operations as {@link #jobs()}, each returning a
   * {@code CompletableFuture}, over the same connection.
   */
  public AsyncJobClient asyncJobs() {
    return asyncJobs;
  }

  /** The server address: {@code host:port}, or {@code https://host:port} over TLS. */
  public String target() {
    return target;
  }

  /** A datasets client to the same server with the same API key and TLS settings (for runners' tasks). */
  AsyncDatasetsClient newDatasetsClient() {
    DatasetsClientBuilder b = AsyncDatasetsClient.builder().target(target);
    if (apiKey != null) {
      b.apiKey(apiKey);
    }
    if (security.isTls() && security.trustedCertificates() != null) {
      b.trustedCertificates(security.trustedCertificates());
    }
    if (security.clientCertificate() != null) {
      b.clientCertificate(security.clientCertificate(), security.clientKey());
    }
    return b.build();
  }

  @Override
  public void close() {
    channel.shutdown();
    try {
      if (!channel.awaitTermination(5, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** Options of a {@link WorkflowsClient}. */
  public static final class Builder {
    private String target;
    private Duration callTimeout = Duration.ofSeconds(60);
    private String apiKey;
    private Path trustedCertificates;
    private Path clientCertificate;
    private Path clientKey;

    private Builder() {}

    /**
     * Server address: {@code host:port}, or a {@code grpc://} / {@code http://} URL, or an
     * {@code https://} URL to connect over TLS (verified against the JDK's trust store, or
     * {@link #trustedCertificates}).
     */
    public Builder target(String target) {
      this.target = Objects.requireNonNull(target, "target");
      return this;
    }

    /** Timeout of single calls (job submission, listing, ...). */
    public Builder callTimeout(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("call timeout must be positive, got " + d);
      }
      this.callTimeout = d;
      return this;
    }

    /** The API key sent with every call (default {@code SWATH_API_KEY}, none when unset). */
    public Builder apiKey(String key) {
      this.apiKey = java.util.Objects.requireNonNull(key, "key");
      return this;
    }

    /**
     * Trust the CA certificates of the PEM file {@code caPem} instead of the JDK's trust store over
     * TLS (default {@code SWATH_CA_CERT} when set); the target must be an {@code https://} address.
     */
    public Builder trustedCertificates(Path caPem) {
      this.trustedCertificates = Objects.requireNonNull(caPem, "caPem");
      return this;
    }

    /**
     * Present this certificate chain and PKCS#8 key (PEM) over TLS, for servers that require client
     * certificates (default {@code SWATH_CLIENT_CERT} and {@code SWATH_CLIENT_KEY} when set).
     */
    public Builder clientCertificate(Path certChainPem, Path keyPem) {
      this.clientCertificate = Objects.requireNonNull(certChainPem, "certChainPem");
      this.clientKey = Objects.requireNonNull(keyPem, "keyPem");
      return this;
    }

    /** The client. */
    public WorkflowsClient build() {
      String raw = target != null ? target : DatasetsClientBuilder.envOr(DatasetsClientBuilder.DEFAULT_TARGET);
      TransportSecurity security = TransportSecurity.forTarget(raw, trustedCertificates, clientCertificate, clientKey);
      String hostPort = DatasetsClientBuilder.hostPort(raw);
      return new WorkflowsClient(security.isTls() ? "https://" + hostPort : hostPort, callTimeout,
          apiKey != null ? apiKey : DatasetsClientBuilder.envApiKey(), security);
    }
  }
}
