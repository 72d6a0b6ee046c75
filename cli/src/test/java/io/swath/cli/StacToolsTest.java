package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Independent clients read the STAC API unchanged: GDAL's OGC API Features driver ({@code ogrinfo OAPIF:}),
 * GDAL's STAC item mosaic driver ({@code gdalinfo STACIT:}) and {@code stac-node-validator} against
 * the STAC 1.0.0 JSON Schemas, offline. bin/test installs the tools; without them these tests fail.
 */
class StacToolsTest {
  static StacTestServer s;

  @TempDir
  Path tmp;

  @BeforeAll
  static void start() throws Exception {
    s = StacTestServer.get();
  }

  /** Runs a command, returns stdout + stderr; fails on a non-zero exit. */
  static String run(List<String> cmd) throws Exception {
    Process p;
    try {
      p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new AssertionError(cmd.get(0) + " is not installed (bin/test installs gdal-bin and stac-node-validator): " + e.getMessage());
    }
    byte[] out = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    String text = new String(out, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("%s:%n%s", cmd, text).isZero();
    return text;
  }

  @Test
  void ogrinfoListsCollectionsWithFeatureCountsAndFields() throws Exception {
    String layers = run(List.of("ogrinfo", "-ro", "-so", "OAPIF:" + s.base + "/"));
    assertThat(layers).contains("landsat-8-c2-l2", "naip", StacTestServer.GENERIC + ".S1");

    String landsat = run(List.of("ogrinfo", "-ro", "-so", "OAPIF:" + s.base + "/", "landsat-8-c2-l2"));
    assertThat(landsat).contains("Feature Count: 750", "Geometry: Polygon", "eo:cloud_cover: Real", "landsat:wrs_path: String",
        "datetime: DateTime", "instruments: StringList", "proj:epsg: Integer");
    String generic = run(List.of("ogrinfo", "-ro", "-so", "OAPIF:" + s.base + "/", StacTestServer.GENERIC + ".S1"));
    assertThat(generic).contains("Feature Count: 30", "cloud_cover: Real", "platform: String", "acquired: DateTime", "bands: StringList");

    // reading every feature follows the next links
    String all = run(List.of("ogrinfo", "-ro", "-al", "-q", "OAPIF:" + s.base + "/", "naip"));
    assertThat(all.lines().filter(l -> l.startsWith("OGRFeature(naip)")).count()).isEqualTo(437);
    String filtered = run(List.of("ogrinfo", "-ro", "-al", "-q", "-spat", "4", "10", "7", "11", "OAPIF:" + s.base + "/",
        StacTestServer.GENERIC + ".S1"));
    assertThat(filtered.lines().filter(l -> l.startsWith("OGRFeature(")).count()).isEqualTo(5); // squares 3..7 touch or overlap
  }

  @Test
  void gdalinfoOpensAStacitSearchOfItemsWithProjectionMetadata() throws Exception {
    run(List.of("gdal_create", "-of", "GTiff", "-outsize", "64", "64", "-bands", "4", "-ot", "Byte", "-a_srs", "EPSG:26918",
        "-a_ullr", "0", "64", "64", "0", s.localTiff.toString()));
    String search = s.base + "/search?collections=" + s.localNaipCollection + "&limit=2";
    String info = run(List.of("gdalinfo", "STACIT:\"" + search + "\":asset=image"));
    assertThat(info).contains("Driver: VRT/Virtual Raster", "NAD83 / UTM zone 18N", "Band 4 Block");
    // the mosaic spans every item of the search (paged through next links, 2 per page)
    double minX = Double.MAX_VALUE;
    double maxX = -Double.MAX_VALUE;
    for (JsonNode item : s.items.entrySet().stream().filter(e -> s.slugs.get(e.getKey()).equals(StacTestServer.LOCAL_NAIP))
        .findFirst().orElseThrow().getValue()) {
      JsonNode t = item.path("properties").path("proj:transform");
      minX = Math.min(minX, t.get(2).asDouble());
      maxX = Math.max(maxX, t.get(2).asDouble() + t.get(0).asDouble() * item.path("properties").path("proj:shape").get(1).asInt());
    }
    assertThat(info).contains("Size is " + Math.round(maxX - minX) + ",");
  }

  @Test
  void documentsValidateAgainstTheStac100Schemas() throws Exception {
    Path root = Path.of(System.getProperty("user.dir")).getParent();
    Path tools = root.resolve(".tools/node_modules");
    Path validator = tools.resolve(".bin/stac-node-validator");
    Path schemas = DemoData.stacDir().orElseThrow().getParent().resolve("stac-schemas/v1.0.0");
    List<String> docs = new ArrayList<>(List.of("/", "/collections", "/collections/landsat-8-c2-l2",
        "/collections/" + StacTestServer.GENERIC + ".S1", "/collections/" + StacTestServer.TEMPORAL + ".station_1",
        "/collections/landsat-8-c2-l2/items?limit=50", "/collections/naip/items?limit=50", "/collections/sentinel-2-l2a/items?limit=50",
        "/collections/" + StacTestServer.GENERIC + ".S1/items?limit=30", "/collections/" + StacTestServer.TEMPORAL + ".station_1/items",
        "/search?limit=200", "/search?limit=200&sortby=-datetime"));
    List<String> files = new ArrayList<>();
    Set<String> extensions = new LinkedHashSet<>();
    for (int i = 0; i < docs.size(); i++) {
      JsonNode doc = s.get(docs.get(i)).body();
      if (i == docs.size() - 1) {
        // one item alone, as /collections/{id}/items/{itemId} returns it
        doc = s.get(StacApiTest.rel(doc.path("features").get(0), "self")).body();
      }
      doc.findValues("stac_extensions").forEach(a -> a.forEach(e -> extensions.add(e.asText())));
      Path f = tmp.resolve("doc" + i + ".json");
      Files.writeString(f, doc.toString());
      files.add(f.toString());
    }
    // the extension schemas (eo, projection, ...) are not on this machine: the validator checks the
    // documents against the core STAC schemas and gets an empty schema for each extension
    StringBuilder map = new StringBuilder("https://geojson.org/schema/Feature.json=" + tools.resolve("geojson-schema/Feature.json")
        + ";https://geojson.org/schema/Geometry.json=" + tools.resolve("geojson-schema/Geometry.json"));
    int n = 0;
    for (String ext : extensions) {
      Path stub = tmp.resolve("extension" + (n++) + ".json");
      ObjectNode schema = StacTestServer.JSON.createObjectNode();
      schema.put("$id", ext);
      schema.put("type", "object");
      Files.writeString(stub, schema.toString());
      map.append(';').append(ext).append('=').append(stub);
    }
    List<String> cmd = new ArrayList<>(List.of(validator.toString()));
    cmd.addAll(files);
    cmd.addAll(List.of("--schemas", schemas.toString(), "--schemaMap", map.toString()));
    String out = run(cmd);
    assertThat(out).contains("Files: " + files.size(), "Valid: " + files.size(), "Invalid: 0").doesNotContain("not found");
  }
}
