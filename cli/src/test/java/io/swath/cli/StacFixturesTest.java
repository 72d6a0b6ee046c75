package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.swath.client.DatasetsClient;
import io.swath.client.Query;
import io.swath.core.stac.StacItems;
import io.swath.core.stac.StacSchemas;
import io.swath.core.table.DatapointTable;
import io.swath.server.SwathServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every real STAC item in data/stac goes through a real server and comes back unchanged. */
class StacFixturesTest {
  @TempDir
  Path dir;

  /** Equal JSON; numbers by value, and an integer literal only equals an integer literal (0 is not 0.0). */
  static boolean sameJson(JsonNode a, JsonNode b) {
    return a.equals((x, y) -> x.isNumber() && y.isNumber()
        ? (x.isIntegralNumber() == y.isIntegralNumber() ? Double.compare(x.asDouble(), y.asDouble()) : 1)
        : x.equals(y) ? 0 : 1, b);
  }

  @Test
  void realItemsRoundTripThroughTheServer() throws Exception {
    Path stac = DemoData.stacDir().orElseThrow(() -> new AssertionError(
        "data/stac not found in the project (or set SWATH_STAC_DIR)"));
    List<Path> files;
    try (Stream<Path> s = Files.walk(stac)) {
      files = s.filter(p -> p.toString().endsWith(".items.ndjson")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThanOrEqualTo(7);
    int checked = 0;
    try (SwathServer server = SwathServer.builder().dataDir(dir).port(0).httpPort(0).build().start();
         DatasetsClient client = DatasetsClient.connect(server.target())) {
      for (Path f : files) {
        String slug = "fixtures." + StacIngest.slugSegment(f.getParent().getFileName().toString()) + "."
            + StacIngest.slugSegment(f.getFileName().toString().replace(".items.ndjson", ""));
        List<JsonNode> items = StacIngest.read(List.of(f));
        var r = StacIngest.ingest(client, slug, null, List.of(f), false);
        assertThat(r.created()).as(slug).isEqualTo(items.size());
        // idempotent: a second ingest stores nothing new
        assertThat(StacIngest.ingest(client, slug, null, List.of(f), false).created()).isZero();
        var mapping = StacSchemas.infer(items).mapping();
        var ds = client.dataset(slug);
        DatapointTable t = ds.query(Query.all());
        assertThat(t.size()).isEqualTo(items.size());
        Map<String, JsonNode> byId = new HashMap<>();
        for (int i = 0; i < t.size(); i++) {
          Object[] values = new Object[t.schema().size()];
          for (int c = 0; c < values.length; c++) {
            values[c] = t.column(t.schema().field(c).name()).get(i);
          }
          JsonNode back = StacItems.toItem(t.timeMicros(i), values, t.schema(), mapping);
          byId.put(back.path("id").asText() + "/" + back.path("collection").asText(), back);
        }
        for (JsonNode original : items) {
          JsonNode back = byId.get(original.path("id").asText() + "/" + original.path("collection").asText());
          assertThat(back).as("item %s of %s", original.path("id"), f).isNotNull();
          assertThat(sameJson(original, back)).as("item %s of %s:%n%s%nvs%n%s", original.path("id"), f, original, back).isTrue();
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(1200);
  }
}
