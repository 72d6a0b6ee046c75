package io.swath.imagery.download;

import io.swath.core.retry.RetryPolicy;
import io.swath.imagery.asset.AssetAccess;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Downloads files from {@code file:}, {@code http(s):} and {@code s3:} stores, concurrently,
 * reliably and verified.
 *
 * <ul>
 *   <li>At most {@link Builder#maxConcurrent} transfers run at once, and at most
 *       {@link Builder#maxPerHost} to one host; blocking and async calls share the limits.</li>
 *   <li>Transient failures (connection resets, timeouts, stalls, 408/429/5xx, truncated bodies,
 *       checksum mismatches) are retried with exponential backoff and jitter, honouring
 *       {@code Retry-After} ({@link RetryPolicy}); a broken transfer resumes with a {@code Range}
 *       request from where it stopped.</li>
 *   <li>Bytes go to {@code <target>.part}; the file is renamed to its final path atomically once
 *       its size and checksum verify (STAC {@code file:checksum}, or the MD5 of an S3 ETag). No
 *       partial file ever sits at a final path.</li>
 *   <li>A target that already exists and verifies is skipped.</li>
 *   <li>Cancelling a future, interrupting a blocking call or closing the downloader stops the
 *       transfers; their {@code .part} files stay, so a later run resumes.</li>
 * </ul>
 *
 * <pre>{@code
 * try (Downloader downloader = Downloader.builder().maxConcurrent(16).maxPerHost(8).build()) {
 *   Path p = downloader.download(URI.create("https://example.com/B04.tif"), Path.of("out/B04.tif"));
 *   DownloadSummary all = downloader.downloadAll(requests, new DownloadProgress(System.err));
 *   System.out.println(all.describe());
 * }
 * }</pre>
 *
 * <p>The blocking {@link #download(DownloadRequest, DownloadListener)} is the core; the async
 * methods run it on the downloader's own executor (virtual threads).
 */
public interface Downloader extends AutoCloseable {
  /** A downloader with the defaults (16 at once, 6 per host, {@link RetryPolicy#defaults()}). */
  static Downloader create() {
    return builder().build();
  }

  /** A builder. */
  static Builder builder() {
    return new Builder();
  }

  /**
   * Downloads one file and returns its final path, blocking until it is in place and verified.
   *
   * @throws DownloadException when it failed for good (the message says why) or was cancelled
   * @throws java.io.InterruptedIOException when the calling thread was interrupted (the flag is set again)
   */
  Path download(DownloadRequest request, DownloadListener listener) throws IOException;

  /** {@link #download(DownloadRequest, DownloadListener)} without expectations or listener. */
  default Path download(URI source, Path target) throws IOException {
    return download(DownloadRequest.of(source, target), DownloadListener.NONE);
  }

  /**
   * Starts one download on the downloader's executor. The future completes with the result,
   * whatever the status ({@link DownloadResult#succeeded()}); cancelling it stops the transfer.
   */
  CompletableFuture<DownloadResult> downloadAsync(DownloadRequest request, DownloadListener listener);

  /** {@link #downloadAsync(DownloadRequest, DownloadListener)} that fails with {@link DownloadException} instead. */
  default CompletableFuture<Path> downloadAsync(URI source, Path target) {
    return downloadAsync(DownloadRequest.of(source, target), DownloadListener.NONE).thenCompose(r -> r.succeeded()
        ? CompletableFuture.completedFuture(r.request().target())
        : CompletableFuture.failedFuture(new DownloadException(r)));
  }

  /**
   * Downloads all files concurrently (within the limits) and waits for all of them. One failure
   * does not stop the others. If the calling thread is interrupted, every transfer is cancelled
   * and the summary reports them as cancelled.
   */
  DownloadSummary downloadAll(List<DownloadRequest> requests, DownloadListener listener);

  /** Cancels running transfers and releases threads and connections. */
  @Override
  void close();

  /** Settings of a {@link Downloader}. */
  final class Builder {
    int maxConcurrent = 16;
    int maxPerHost = 6;
    RetryPolicy retry = RetryPolicy.defaults();
    Duration stallTimeout = Duration.ofSeconds(30);
    AssetAccess access;
    int bufferSize = 1 << 18;

    Builder() {}

    /** Transfers at once, in total (default 16). */
    public Builder maxConcurrent(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxConcurrent must be at least 1, got " + n);
      }
      this.maxConcurrent = n;
      return this;
    }

    /** Transfers at once to one host (default 6). */
    public Builder maxPerHost(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("maxPerHost must be at least 1, got " + n);
      }
      this.maxPerHost = n;
      return this;
    }

    /** When and how often to retry (default {@link RetryPolicy#defaults()}). */
    public Builder retry(RetryPolicy policy) {
      this.retry = Objects.requireNonNull(policy);
      return this;
    }

    /** A transfer that receives nothing for this long is broken off and resumed (default 30 s). */
    public Builder stallTimeout(Duration d) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("stallTimeout must be positive");
      }
      this.stallTimeout = d;
      return this;
    }

    /** The stores to read from (default: {@link AssetAccess#create()}, owned and closed by the downloader). */
    public Builder access(AssetAccess access) {
      this.access = Objects.requireNonNull(access);
      return this;
    }

    /** The downloader. */
    public Downloader build() {
      return new DefaultDownloader(this);
    }
  }
}
