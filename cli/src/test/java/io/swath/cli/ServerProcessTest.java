package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.client.DatasetSpec;
import io.swath.client.DatasetsClient;
import io.swath.client.Query;
import io.swath.core.schema.FieldType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server as users run it: its own process, real signals, restarts on the same data directory. */
class ServerProcessTest {
  @TempDir
  Path dir;

  static List<Map<String, Object>> rows(int from, int n) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      out.add(Map.of("time", Instant.parse("2020-01-01T00:00:00Z").plusSeconds(i), "v", (long) i));
    }
    return out;
  }

  @Test
  void restartsKeepDataAfterSigtermAndKill9() throws Exception {
    Process p = BenchCommand.startServer(dir);
    String target = BenchCommand.awaitReady(p);
    try (DatasetsClient c = DatasetsClient.connect(target)) {
      var col = c.createDataset(DatasetSpec.builder("proc.test.data").field("v", FieldType.INT64).build()).createCollection("a");
      assertThat(col.ingest(rows(0, 5000)).created()).isEqualTo(5000);
    }
    // the health endpoint answers while running
    assertThat(Files.readString(dir.resolve("server.target")).trim()).isEqualTo(target);

    // SIGTERM: clean shutdown, exit code 0 (143 from the JVM is also a clean signal exit)
    p.destroy();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isIn(0, 143);

    p = BenchCommand.startServer(dir);
    target = BenchCommand.awaitReady(p);
    try (DatasetsClient c = DatasetsClient.connect(target)) {
      var col = c.dataset("proc.test.data").collection("a");
      assertThat(col.info().count()).isEqualTo(5000);
      // acknowledged writes right before a kill -9 must survive it
      assertThat(col.ingest(rows(5000, 3000)).created()).isEqualTo(3000);
    }
    p.destroyForcibly();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();

    // the embedded PostgreSQL of the killed server is still running; the restart must handle it
    p = BenchCommand.startServer(dir);
    target = BenchCommand.awaitReady(p);
    try (DatasetsClient c = DatasetsClient.connect(target)) {
      var col = c.dataset("proc.test.data").collection("a");
      assertThat(col.info().count()).isEqualTo(8000);
      assertThat(col.query(Query.all()).size()).isEqualTo(8000);
      // a second server on the same data directory is refused
      Process second = BenchCommand.startServer(dir);
      assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(new String(second.getInputStream().readAllBytes())).contains("another swath server is using the data directory");
      assertThat(second.exitValue()).isNotZero();
    } finally {
      p.destroy();
      p.waitFor(60, TimeUnit.SECONDS);
    }
  }

  @Test
  void healthEndpoint() throws Exception {
    Process p = BenchCommand.startServer(dir);
    try {
      BenchCommand.awaitReady(p);
      // the ready line names the HTTP port; read it from the process's target file's sibling: ask the OS
      HttpClient http = HttpClient.newHttpClient();
      String url = BenchCommand.lastHealthUrl;
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"ok\"");
    } finally {
      p.destroy();
      p.waitFor(60, TimeUnit.SECONDS);
    }
  }
}
