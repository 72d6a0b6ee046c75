package io.swath.imagery.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.core.retry.RetryPolicy;
import io.swath.imagery.asset.Checksum;
import io.swath.testing.HttpFileServer;
import io.swath.testing.HttpFileServer.Fault;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The downloader against a real HTTP server on loopback that injects faults. */
class DownloaderFaultsTest {
  static final int SIZE = 3 << 20;
  static final RetryPolicy FAST = RetryPolicy.builder().maxAttempts(4).initialBackoff(Duration.ofMillis(10))
      .maxBackoff(Duration.ofMillis(50)).build();

  @TempDir
  Path dir;
  Path src;
  Path out;
  HttpFileServer server;
  Downloader downloader;

  @BeforeEach
  void start() throws IOException {
    src = Files.createDirectories(dir.resolve("src"));
    out = Files.createDirectories(dir.resolve("out"));
    server = HttpFileServer.start(src);
    downloader = Downloader.builder().retry(FAST).stallTimeout(Duration.ofMillis(400)).build();
  }

  @AfterEach
  void stop() {
    downloader.close();
    server.close();
  }

  byte[] file(String name, int size) throws IOException {
    byte[] b = new byte[size];
    new Random(name.hashCode()).nextBytes(b);
    Files.write(src.resolve(name), b);
    return b;
  }

  DownloadRequest request(String name, byte[] bytes) {
    return DownloadRequest.of(server.uri(name), out.resolve(name)).withChecksum(Checksum.sha256Of(bytes));
  }

  /** Every final file is complete and verified; no partial file sits at a final path. */
  void assertFinalFilesComplete(List<DownloadResult> results) throws IOException {
    for (DownloadResult r : results) {
      Path target = r.request().target();
      if (r.succeeded()) {
        byte[] expected = Files.readAllBytes(src.resolve(target.getFileName().toString()));
        assertThat(Files.readAllBytes(target)).as("content of %s", target).isEqualTo(expected);
      } else {
        assertThat(target).as("no file at the final path of a failed download").doesNotExist();
      }
    }
    try (Stream<Path> s = Files.list(out)) {
      for (Path p : s.toList()) {
        if (!p.toString().endsWith(".part")) {
          assertThat(results.stream().anyMatch(r -> r.succeeded() && r.request().target().equals(p)))
              .as("only verified downloads at final paths: %s", p).isTrue();
        }
      }
    }
  }

  @Test
  void downloadsManyFilesConcurrentlyAndSkipsThemTheSecondTime() throws Exception {
    List<DownloadRequest> reqs = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      reqs.add(request("f" + i + ".bin", file("f" + i + ".bin", 200_000 + i * 1000)));
    }
    DownloadSummary s = downloader.downloadAll(reqs, DownloadListener.NONE);
    assertThat(s.allSucceeded()).as(s.describe()).isTrue();
    assertThat(s.downloaded()).isEqualTo(12);
    assertFinalFilesComplete(s.results());
    long requests = server.requests();
    DownloadSummary again = downloader.downloadAll(reqs, DownloadListener.NONE);
    assertThat(again.alreadyPresent()).isEqualTo(12);
    assertThat(again.bytesTransferred()).isZero();
    assertThat(server.requests()).as("verified by checksum, nothing asked of the server").isEqualTo(requests);
  }

  @Test
  void resumesWithRangeAfterResetsAndTruncation() throws Exception {
    byte[] a = file("a.bin", SIZE);
    server.inject("a.bin", Fault.resetAfter(1 << 20), Fault.truncateAfter(1 << 20));
    List<Long> discarded = new ArrayList<>();
    DownloadResult r = downloader.downloadAsync(request("a.bin", a), new DownloadListener() {
      @Override
      public void retrying(DownloadRequest request, int attempt, String reason, Duration delay, long d) {
        discarded.add(d);
      }
    }).get(30, TimeUnit.SECONDS);
    assertThat(r.status()).isEqualTo(DownloadResult.Status.DOWNLOADED);
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(r.transferred()).as("resumed, not restarted").isEqualTo(SIZE);
    assertThat(discarded).containsOnly(0L);
    List<String> ranges = server.requestLog().stream().map(HttpFileServer.Request::range).toList();
    assertThat(ranges.get(0)).isNull();
    assertThat(ranges.get(1)).startsWith("bytes=").isNotEqualTo("bytes=0-");
    assertThat(ranges.get(2)).startsWith("bytes=");
    assertFinalFilesComplete(List.of(r));
  }

  @Test
  void resumesThroughAGivenHttpClientToo() throws Exception {
    byte[] a = file("a.bin", SIZE);
    server.inject("a.bin", Fault.resetAfter(1 << 20), Fault.status(503), Fault.truncateAfter(1 << 20));
    java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    try (io.swath.imagery.asset.AssetAccess access = io.swath.imagery.asset.AssetAccess.builder().httpClient(client).build();
         Downloader d = Downloader.builder().access(access).retry(FAST).build()) {
      DownloadResult r = d.downloadAsync(request("a.bin", a), DownloadListener.NONE).get(30, TimeUnit.SECONDS);
      assertThat(r.status()).isEqualTo(DownloadResult.Status.DOWNLOADED);
      assertThat(r.transferred()).isEqualTo(SIZE);
      assertFinalFilesComplete(List.of(r));
    }
  }

  @Test
  void retriesErrorStatusesHonouringRetryAfter() throws Exception {
    byte[] a = file("a.bin", 100_000);
    server.inject("a.bin", Fault.status(503, Duration.ofSeconds(1)), Fault.status(500), Fault.status(429));
    long t0 = System.nanoTime();
    Path p = downloader.download(request("a.bin", a), DownloadListener.NONE);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(p).hasBinaryContent(a);
    assertThat(ms).as("waited the Retry-After of the 503").isGreaterThanOrEqualTo(1000);
    assertThat(server.requests()).isEqualTo(4);
  }

  @Test
  void slowStartAndStallsAreRetried() throws Exception {
    try (Downloader d = Downloader.builder().retry(FAST).stallTimeout(Duration.ofMillis(300))
        .access(io.swath.imagery.asset.AssetAccess.builder().responseTimeout(Duration.ofMillis(300)).build()).build()) {
      byte[] a = file("a.bin", SIZE);
      server.inject("a.bin", Fault.slowStart(Duration.ofMillis(1500)), Fault.stallAfter(1 << 20, Duration.ofSeconds(3)));
      List<String> reasons = new ArrayList<>();
      DownloadResult r = d.downloadAsync(request("a.bin", a), new DownloadListener() {
        @Override
        public void retrying(DownloadRequest request, int attempt, String reason, Duration delay, long discarded) {
          reasons.add(reason);
        }
      }).get(30, TimeUnit.SECONDS);
      assertThat(r.succeeded()).as(String.valueOf(r)).isTrue();
      assertThat(reasons).hasSize(2);
      assertThat(reasons.get(0)).containsIgnoringCase("timed out");
      assertThat(reasons.get(1)).contains("stalled");
      assertFinalFilesComplete(List.of(r));
    }
  }

  @Test
  void wrongChecksumNeverReachesTheFinalPath() throws Exception {
    byte[] a = file("a.bin", 500_000);
    byte[] b = file("b.bin", 500_000);
    server.inject("a.bin", Fault.corrupt()); // once: the retry gets good bytes
    server.injectAlways("b.bin", Fault.corrupt());
    DownloadSummary s = downloader.downloadAll(List.of(request("a.bin", a), request("b.bin", b)), DownloadListener.NONE);
    assertThat(s.results().get(0).status()).isEqualTo(DownloadResult.Status.DOWNLOADED);
    DownloadResult failed = s.results().get(1);
    assertThat(failed.status()).isEqualTo(DownloadResult.Status.FAILED);
    assertThat(failed.failure()).contains("checksum mismatch").contains("gave up after 4 attempts");
    assertThat(s.allSucceeded()).isFalse();
    assertThat(s.describe()).contains("FAILED " + server.uri("b.bin"));
    assertFinalFilesComplete(s.results());
    assertThat(out.resolve("b.bin.part")).doesNotExist();
  }

  @Test
  void restartsWhenTheServerIgnoresTheRange() throws Exception {
    byte[] a = file("a.bin", SIZE);
    server.inject("a.bin", Fault.resetAfter(1 << 20), Fault.ignoreRange());
    List<Long> discarded = new ArrayList<>();
    DownloadResult r = downloader.downloadAsync(request("a.bin", a), new DownloadListener() {
      @Override
      public void retrying(DownloadRequest request, int attempt, String reason, Duration delay, long d) {
        discarded.add(d);
      }
    }).get(30, TimeUnit.SECONDS);
    assertThat(r.succeeded()).isTrue();
    assertThat(discarded.stream().mapToLong(Long::longValue).sum()).as("the partial bytes were thrown away").isPositive();
    assertFinalFilesComplete(List.of(r));
  }

  @Test
  void resumesAPartialFileLeftByAnEarlierRun() throws Exception {
    byte[] a = file("a.bin", SIZE);
    Files.write(out.resolve("a.bin.part"), java.util.Arrays.copyOf(a, 1 << 20));
    DownloadResult r = downloader.downloadAsync(request("a.bin", a), DownloadListener.NONE).get(30, TimeUnit.SECONDS);
    assertThat(r.succeeded()).isTrue();
    assertThat(r.transferred()).isEqualTo(SIZE - (1 << 20));
    assertThat(server.requestLog().get(0).range()).isEqualTo("bytes=" + (1 << 20) + "-");
    assertFinalFilesComplete(List.of(r));
    assertThat(out.resolve("a.bin.part")).doesNotExist();
  }

  @Test
  void permanentErrorsAndSizeMismatchFailAtOnce() throws Exception {
    byte[] a = file("a.bin", 1000);
    DownloadSummary s = downloader.downloadAll(List.of(
        DownloadRequest.of(server.uri("missing.bin"), out.resolve("missing.bin")),
        request("a.bin", a).withExpectedSize(999)), DownloadListener.NONE);
    assertThat(s.results().get(0).failure()).contains("HTTP 404");
    assertThat(s.results().get(0).attempts()).isEqualTo(1);
    assertThat(s.results().get(1).failure()).contains("the store has 1000 bytes").contains("says 999");
    assertThatThrownBy(() -> downloader.download(server.uri("missing.bin"), out.resolve("m2.bin")))
        .isInstanceOf(DownloadException.class).hasMessageContaining("404");
    assertFinalFilesComplete(s.results());
  }

  @Test
  void cancellingStopsTheTransferAndLeavesNoFinalFile() throws Exception {
    byte[] a = file("a.bin", SIZE);
    server.injectAlways("a.bin", Fault.stallAfter(1 << 20, Duration.ofSeconds(5)));
    try (Downloader d = Downloader.builder().stallTimeout(Duration.ofSeconds(20)).build()) {
      AtomicInteger progressed = new AtomicInteger();
      CompletableFuture<DownloadResult> f = d.downloadAsync(request("a.bin", a), new DownloadListener() {
        @Override
        public void progressed(DownloadRequest request, long bytes) {
          progressed.incrementAndGet();
        }
      });
      while (progressed.get() == 0) {
        Thread.sleep(10);
      }
      long t0 = System.nanoTime();
      f.cancel(true);
      d.close();
      assertThat((System.nanoTime() - t0) / 1_000_000).as("stopped promptly").isLessThan(3000);
    }
    assertThat(out.resolve("a.bin")).doesNotExist();
  }

  @Test
  void keepsToThePerHostLimit() throws Exception {
    List<DownloadRequest> reqs = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String name = "s" + i + ".bin";
      reqs.add(request(name, file(name, 50_000)));
      server.inject(name, Fault.slowStart(Duration.ofMillis(100)));
    }
    AtomicInteger now = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    try (Downloader d = Downloader.builder().maxConcurrent(8).maxPerHost(2).build()) {
      DownloadSummary s = d.downloadAll(reqs, new DownloadListener() {
        @Override
        public void started(DownloadRequest request, long total, long from) {
          max.accumulateAndGet(now.incrementAndGet(), Math::max);
        }

        @Override
        public void finished(DownloadResult result) {
          now.decrementAndGet();
        }
      });
      assertThat(s.allSucceeded()).isTrue();
    }
    assertThat(max.get()).isBetween(1, 2);
  }

  @Test
  void copiesLocalFiles() throws Exception {
    byte[] a = file("a.bin", 70_000);
    Path p = downloader.download(src.resolve("a.bin").toUri(), out.resolve("sub/a.bin"));
    assertThat(p).hasBinaryContent(a);
  }
}
