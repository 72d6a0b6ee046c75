package io.swath.client.stac;

import io.swath.core.retry.RetryPolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a STAC client.
 *
 * <pre>{@code
 * AsyncStacClient stac = AsyncStacClient.builder("https://earth-search.aws.element84.com/v1")
 *     .concurrency(8).retry(RetryPolicy.defaults().toBuilder().maxAttempts(8).build()).header("User-Agent", "my-app").build();
 * }</pre>
 */
public final class StacClientBuilder {
  private final URI root;
  private Duration timeout = Duration.ofSeconds(60);
  private RetryPolicy retry = RetryPolicy.defaults();
  private int concurrency = 4;
  private long shardThreshold = 2_000;
  private final Map<String, String> headers = new LinkedHashMap<>();

  StacClientBuilder(String url) {
    Objects.requireNonNull(url, "url");
    String u = url.endsWith("/") ? url : url + "/";
    URI uri;
    try {
      uri = URI.create(u);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + url + "' is not a URL: " + e.getMessage(), e);
    }
    if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
      throw new IllegalArgumentException("a STAC API URL must be http:// or https://, got '" + url + "'");
    }
    this.root = uri;
  }

  /** Time one HTTP request may take (default 60 s). */
  public StacClientBuilder timeout(Duration d) {
    this.timeout = Objects.requireNonNull(d, "timeout");
    return this;
  }

  /**
   * How failed requests are retried: connection failures, timeouts, 429 and 5xx, honouring
   * {@code Retry-After} (default {@link RetryPolicy#defaults()}; {@link RetryPolicy#none()} disables retries).
   */
  public StacClientBuilder retry(RetryPolicy policy) {
    this.retry = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /** How many time shards of a large search are paged at once (default 4). */
  public StacClientBuilder concurrency(int n) {
    if (n < 1 || n > 256) {
      throw new IllegalArgumentException("concurrency must be between 1 and 256, got " + n);
    }
    this.concurrency = n;
    return this;
  }

  /** From how many matched items on a search is sharded when its shards are left to decide (default 2000). */
  public StacClientBuilder shardThreshold(long items) {
    this.shardThreshold = items;
    return this;
  }

  /** A header sent with every request (an API key, a User-Agent). */
  public StacClientBuilder header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  /** The async client. */
  public AsyncStacClient build() {
    // pages are megabytes: larger socket reads than the JDK's 16 KB default cut per-read overhead;
    // the JDK reads this once, when its first HTTP client starts, and only when nobody set it
    if (System.getProperty("jdk.httpclient.bufsize") == null) {
      System.setProperty("jdk.httpclient.bufsize", Integer.toString(256 << 10));
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    return new DefaultAsyncStacClient(root, new StacHttp(http, timeout, retry, headers), http, concurrency,
        shardThreshold);
  }

  /** The blocking client. */
  public StacClient buildBlocking() {
    return build().blocking();
  }
}
