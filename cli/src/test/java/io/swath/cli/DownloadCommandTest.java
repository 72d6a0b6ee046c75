package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swath.client.DatasetsClient;
import io.swath.imagery.asset.Checksum;
import io.swath.server.SwathServer;
import io.swath.testing.HttpFileServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code swath download} against a real server and a local HTTP file server. */
class DownloadCommandTest {
  @TempDir
  Path dir;

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void downloadsUrlsAndExitsWith5WhenSomeFail() throws Exception {
    Path src = Files.createDirectories(dir.resolve("src"));
    Files.write(src.resolve("a.bin"), random(300_000, 1));
    Files.write(src.resolve("b.bin"), random(200_000, 2));
    try (HttpFileServer http = HttpFileServer.start(src)) {
      http.inject("a.bin", HttpFileServer.Fault.resetAfter(100_000));
      Path out = dir.resolve("out");
      String[] r = CommandLineTest.capture("download", http.uri("a.bin").toString(), http.uri("b.bin").toString(),
          http.uri("nope.bin").toString(), "--out", out.toString(), "--retries", "2");
      assertThat(r[0]).as(r[2]).isEqualTo("5");
      assertThat(r[2]).contains("3 files: 2 downloaded, 0 already present, 1 failed").contains("FAILED " + http.uri("nope.bin"))
          .contains("HTTP 404").contains("retry a.bin");
      assertThat(out.resolve("a.bin")).hasSameBinaryContentAs(src.resolve("a.bin"));
      assertThat(out.resolve("nope.bin")).doesNotExist();
      r = CommandLineTest.capture("download", http.uri("a.bin").toString(), http.uri("b.bin").toString(), "--out", out.toString());
      assertThat(r[0]).isEqualTo("0");
      assertThat(r[2]).contains("2 files: 0 downloaded, 2 already present, 0 failed");
    }
  }

  @Test
  void downloadsTheAssetsOfRealStacItems() throws Exception {
    Path stac = DemoData.stacDir().orElseThrow().resolve("planetary-computer/sentinel-2-l2a.items.ndjson");
    Path src = Files.createDirectories(dir.resolve("src"));
    ObjectMapper json = new ObjectMapper();
    try (HttpFileServer http = HttpFileServer.start(src);
         SwathServer server = SwathServer.builder().dataDir(dir.resolve("db")).port(0).httpPort(0).build().start()) {
      List<String> lines = Files.readAllLines(stac).subList(0, 3);
      List<String> rewritten = new ArrayList<>();
      int n = 0;
      for (String line : lines) {
        ObjectNode item = (ObjectNode) json.readTree(line);
        String id = item.get("id").asText();
        Files.createDirectories(src.resolve(id));
        for (var e : item.get("assets").properties()) {
          ObjectNode a = (ObjectNode) e.getValue();
          a.put("href", http.uri(id + "/" + e.getKey() + ".tif").toString());
          if (e.getKey().equals("B04") || e.getKey().equals("B08")) {
            byte[] bytes = random(50_000 + n++, id.hashCode());
            Files.write(src.resolve(id + "/" + e.getKey() + ".tif"), bytes);
            a.put("file:size", bytes.length);
            a.put("file:checksum", Checksum.sha256Of(bytes).toMultihash());
          }
        }
        rewritten.add(item.toString());
      }
      Path items = dir.resolve("items.ndjson");
      Files.write(items, rewritten);
      try (DatasetsClient c = DatasetsClient.connect(server.target())) {
        StacIngest.ingest(c, "test.s2.l2a", null, List.of(items), false);
      }
      Path out = dir.resolve("out");
      String[] r = CommandLineTest.capture("download", "test.s2.l2a", "--assets", "B04,nir", "--out", out.toString(),
          "--url", server.target(), "--no-progress");
      assertThat(r[0]).as(r[2]).isEqualTo("0");
      assertThat(r[2]).contains("3 datapoints, 6 files").contains("6 files: 6 downloaded");
      for (String line : lines) {
        JsonNode item = json.readTree(line);
        String id = item.get("id").asText();
        assertThat(out.resolve(id).resolve("B04.tif")).hasSameBinaryContentAs(src.resolve(id + "/B04.tif"));
        assertThat(out.resolve(id).resolve("B08.tif")).hasSameBinaryContentAs(src.resolve(id + "/B08.tif"));
      }
    }
  }
}
