package io.swath.imagery.download;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.core.retry.RetryPolicy;
import io.swath.imagery.S3TestServer;
import io.swath.imagery.asset.AssetAccess;
import io.swath.imagery.asset.AssetInfo;
import io.swath.imagery.asset.S3Settings;
import io.swath.testing.LatencyProxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads and range reads from a real S3-compatible server (s3proxy) on loopback. */
class S3DownloadTest {
  static S3TestServer s3;
  static final RetryPolicy FAST = RetryPolicy.builder().maxAttempts(5).initialBackoff(Duration.ofMillis(10)).maxBackoff(Duration.ofMillis(50))
      .build();

  @TempDir
  Path dir;

  @BeforeAll
  static void start() throws Exception {
    s3 = new S3TestServer();
    s3.createBucket("scenes");
  }

  @AfterAll
  static void stop() throws Exception {
    s3.close();
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void downloadsVerifiedByTheEtagMd5AndSkipsThemAfterwards() throws Exception {
    List<DownloadRequest> reqs = new ArrayList<>();
    List<byte[]> contents = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      byte[] b = random(400_000 + i, i);
      contents.add(b);
      reqs.add(DownloadRequest.of(s3.put("scenes", "t1/B0" + i + ".tif", b), dir.resolve("B0" + i + ".tif")));
    }
    try (AssetAccess access = AssetAccess.builder().s3(s3.settings()).build();
         Downloader d = Downloader.builder().access(access).retry(FAST).build()) {
      AssetInfo info = access.stat(reqs.get(0).source());
      assertThat(info.size()).isEqualTo(400_000);
      assertThat(info.md5()).as("a single-part upload's ETag is its MD5").isNotNull();
      assertThat(access.read(reqs.get(1).source(), 1000, 10)).isEqualTo(java.util.Arrays.copyOfRange(contents.get(1), 1000, 1010));
      DownloadSummary s = d.downloadAll(reqs, DownloadListener.NONE);
      assertThat(s.allSucceeded()).as(s.describe()).isTrue();
      for (int i = 0; i < 5; i++) {
        assertThat(reqs.get(i).target()).hasBinaryContent(contents.get(i));
      }
      DownloadSummary again = d.downloadAll(reqs, DownloadListener.NONE);
      assertThat(again.alreadyPresent()).isEqualTo(5);
      // a local file that differs (same size) is fetched again: the ETag MD5 tells
      Files.write(reqs.get(0).target(), random(400_000, 99));
      DownloadSummary third = d.downloadAll(reqs.subList(0, 1), DownloadListener.NONE);
      assertThat(third.downloaded()).isEqualTo(1);
      assertThat(reqs.get(0).target()).hasBinaryContent(contents.get(0));
    }
  }

  @Test
  void resumesWithRangeWhenConnectionsAreCut() throws Exception {
    byte[] big = random(6 << 20, 7);
    URI uri = s3.put("scenes", "t2/big.tif", big);
    try (LatencyProxy proxy = LatencyProxy.builder("127.0.0.1", s3.endpoint().getPort()).start();
         AssetAccess access = AssetAccess.builder()
             .s3(S3Settings.builder().endpoint(URI.create("http://" + proxy.target())).credentials(S3TestServer.ACCESS, S3TestServer.SECRET)
                 .build()).build();
         Downloader d = Downloader.builder().access(access).retry(FAST).build()) {
      List<String> reasons = new ArrayList<>();
      proxy.cutAfterServerBytes(2 << 20);
      DownloadResult r = d.downloadAsync(DownloadRequest.of(uri, dir.resolve("big.tif")), new DownloadListener() {
        @Override
        public void retrying(DownloadRequest request, int attempt, String reason, Duration delay, long discarded) {
          reasons.add(reason);
          if (reasons.size() == 2) {
            proxy.cutAfterServerBytes(-1);
          }
        }
      }).get();
      assertThat(r.status()).as(String.valueOf(r)).isEqualTo(DownloadResult.Status.DOWNLOADED);
      assertThat(reasons).hasSizeGreaterThanOrEqualTo(1);
      assertThat(r.transferred()).as("resumed with ranges, never restarted").isEqualTo(big.length);
      assertThat(dir.resolve("big.tif")).hasBinaryContent(big);
    }
  }

  @Test
  void wrongCredentialsFailWithoutRetryAndLeaveNothing() throws Exception {
    URI uri = s3.put("scenes", "t3/a.tif", random(1000, 3));
    try (AssetAccess access = AssetAccess.builder().s3(S3Settings.builder().endpoint(s3.endpoint()).credentials("nobody", "wrong").build())
        .build(); Downloader d = Downloader.builder().access(access).retry(FAST).build()) {
      DownloadSummary s = d.downloadAll(List.of(DownloadRequest.of(uri, dir.resolve("a.tif")),
          DownloadRequest.of(URI.create("s3://scenes/t3/missing.tif"), dir.resolve("m.tif"))), DownloadListener.NONE);
      assertThat(s.results().get(0).failure()).contains("403");
      assertThat(s.results().get(0).attempts()).isEqualTo(1);
      assertThat(dir.resolve("a.tif")).doesNotExist();
    }
    try (AssetAccess access = AssetAccess.builder().s3(s3.settings()).build(); Downloader d = Downloader.builder().access(access).build()) {
      DownloadResult r = d.downloadAsync(DownloadRequest.of(URI.create("s3://scenes/t3/missing.tif"), dir.resolve("m.tif")),
          DownloadListener.NONE).get();
      assertThat(r.failure()).contains("404");
    }
  }
}
