package io.swath.imagery.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DownloadProgressTest {
  @Test
  void overallBarCountsRunningFilesByTheirBytes() {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    DownloadRequest a = DownloadRequest.of(URI.create("http://h/a"), Path.of("a"));
    DownloadRequest b = DownloadRequest.of(URI.create("http://h/b"), Path.of("b"));
    try (DownloadProgress p = new DownloadProgress(new PrintStream(buf, true), 2, false)) {
      p.started(a, 1000, 0);
      p.progressed(a, 500);
      assertThat(p.overall()).contains(" 25%").contains("0/2 files");
      p.finished(new DownloadResult(a, DownloadResult.Status.DOWNLOADED, 1000, 1000, 1, Duration.ofSeconds(1), null));
      p.started(b, 1000, 0);
      p.retrying(b, 1, "HTTP 503", Duration.ofMillis(10), 0);
      p.finished(new DownloadResult(b, DownloadResult.Status.FAILED, 0, 0, 2, Duration.ofSeconds(1), "HTTP 404"));
      assertThat(p.overall()).contains("100%").contains("2/2 files (1 failed)");
    }
    assertThat(buf.toString()).contains("done a").contains("retry b (attempt 1 failed: HTTP 503").contains("FAILED http://h/b: HTTP 404");
  }
}
