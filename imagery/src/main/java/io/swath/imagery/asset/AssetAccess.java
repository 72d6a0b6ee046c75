package io.swath.imagery.asset;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * Reads assets wherever they are: {@code file:} paths, {@code http(s):} URLs (with
 * {@link HttpClient}) and {@code s3://bucket/key} objects (with the AWS SDK v2, against AWS or an
 * S3-compatible endpoint). Whole files as streams that can start at an offset (to resume), and
 * byte ranges (to read parts of Cloud-Optimized GeoTIFFs).
 *
 * <pre>{@code
 * try (AssetAccess access = AssetAccess.builder().s3(S3Settings.builder().endpoint(minio).build()).build()) {
 *   AssetInfo info = access.stat(URI.create("s3://bucket/scene/B04.tif"));
 *   byte[] header = access.read(URI.create("s3://bucket/scene/B04.tif"), 0, 16384);
 * }
 * }</pre>
 *
 * <p>Thread-safe; share one. Errors are {@link AssetException} when the store answered (with a
 * status and whether retrying may help), other {@link IOException}s when the connection failed.
 */
public final class AssetAccess implements AutoCloseable {
  private final FileSource files = new FileSource();
  private final HttpSource http;
  private final S3Settings s3Settings;
  private final boolean ownsHttpClient;
  private final HttpClient httpClient;
  private volatile S3Source s3;

  private AssetAccess(Builder b) {
    this.ownsHttpClient = b.httpClient == null;
    this.httpClient = b.httpClient != null ? b.httpClient : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(b.connectTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    // whole-file reads over plain http use the lean client unless the caller brought an HttpClient of its own
    this.http = new HttpSource(httpClient, b.responseTimeout, b.httpClient == null ? new PlainHttp(b.connectTimeout, b.responseTimeout) : null);
    this.s3Settings = b.s3;
  }

  /** Access with default settings. */
  public static AssetAccess create() {
    return builder().build();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Size, ETag and modification time, without reading the bytes. */
  public AssetInfo stat(URI uri) throws IOException {
    return source(uri).stat(uri);
  }

  /**
   * The bytes from {@code offset} to the end. When the store cannot serve ranges the body starts
   * at 0 ({@link AssetBody#offset()}); {@code ifRange} (an ETag from an earlier read, or null)
   * makes the store send the whole file instead if it changed since.
   */
  public AssetBody open(URI uri, long offset, String ifRange) throws IOException {
    return source(uri).open(uri, offset, ifRange);
  }

  /** Exactly {@code length} bytes at {@code offset}. */
  public byte[] read(URI uri, long offset, int length) throws IOException {
    return source(uri).read(uri, offset, length);
  }

  /** Up to {@code length} bytes at {@code offset}; fewer when the file ends sooner. */
  public byte[] readAtMost(URI uri, long offset, int length) throws IOException {
    return source(uri).readAtMost(uri, offset, length);
  }

  /** The host (and port) requests for {@code uri} go to: the unit of per-host limits. */
  public static String hostOf(URI uri) {
    String scheme = scheme(uri);
    return switch (scheme) {
      case "file" -> "file";
      case "s3" -> "s3:" + uri.getHost();
      default -> uri.getHost() + ":" + uri.getPort();
    };
  }

  private static String scheme(URI uri) {
    return uri.getScheme() == null ? "file" : uri.getScheme().toLowerCase(Locale.ROOT);
  }

  private Source source(URI uri) {
    return switch (scheme(uri)) {
      case "file" -> files;
      case "http", "https" -> http;
      case "s3" -> s3();
      default -> throw new IllegalArgumentException("unsupported asset scheme '" + uri.getScheme() + "' in " + uri
          + " (supported: file, http, https, s3)");
    };
  }

  private S3Source s3() {
    S3Source s = s3;
    if (s == null) {
      synchronized (this) {
        s = s3;
        if (s == null) {
          s = new S3Source(s3Settings);
          s3 = s;
        }
      }
    }
    return s;
  }

  @Override
  public void close() {
    S3Source s = s3;
    if (s != null) {
      s.close();
    }
    http.close();
    if (ownsHttpClient) {
      httpClient.close();
    }
  }

  /** Builds {@link AssetAccess}. */
  public static final class Builder {
    private HttpClient httpClient;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration responseTimeout = Duration.ofSeconds(60);
    private S3Settings s3 = S3Settings.defaults();

    private Builder() {}

    /** The HTTP client to use (default: a new HTTP/1.1 client that follows redirects). */
    public Builder httpClient(HttpClient client) {
      this.httpClient = client;
      return this;
    }

    /** Connect timeout of the default HTTP client (default 10 s). */
    public Builder connectTimeout(Duration d) {
      this.connectTimeout = Objects.requireNonNull(d);
      return this;
    }

    /** How long to wait for response headers (default 60 s). */
    public Builder responseTimeout(Duration d) {
      this.responseTimeout = Objects.requireNonNull(d);
      return this;
    }

    /** How to reach S3 (default: {@link S3Settings#defaults()}). */
    public Builder s3(S3Settings settings) {
      this.s3 = Objects.requireNonNull(settings);
      return this;
    }

    /** The access. */
    public AssetAccess build() {
      return new AssetAccess(this);
    }
  }
}
