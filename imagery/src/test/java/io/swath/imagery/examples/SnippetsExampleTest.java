package io.swath.imagery.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swath.client.DatasetsClient;
import io.swath.imagery.Gdal;
import io.swath.imagery.S2Fixtures;
import io.swath.server.SwathServer;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnippetsExampleTest {
  @TempDir
  Path dir;

  @Test
  void guideRunsAsDocumented() throws Exception {
    try (S2Fixtures s2 = S2Fixtures.create(dir.resolve("cogs"));
         SwathServer server = SwathServer.builder().dataDir(dir.resolve("db")).port(0).httpPort(0).build().start()) {
      try (DatasetsClient c = DatasetsClient.connect(server.target())) {
        s2.ingest(c, "examples.s2.l2a");
      }
      Path out = dir.resolve("out");
      List<String> printed = SnippetsExample.run(server.target(), "examples.s2.l2a", out);
      assertThat(printed.get(0)).startsWith("5 scenes: 5 snippets written, 0 failed");
      assertThat(printed.get(1)).startsWith("5 files: 5 downloaded");
      assertThat(printed.get(2)).isEqualTo("all verified");
      ObjectMapper json = new ObjectMapper();
      for (String id : S2Fixtures.SELECTED) {
        Path tif = out.resolve("snippets/" + id + ".tif");
        JsonNode info = json.readTree(Gdal.run("gdalinfo", "-json", tif.toString()));
        assertThat(info.at("/bands").size()).isEqualTo(3);
        assertThat(info.at("/bands/0/type").asText()).isEqualTo("UInt16");
        assertThat(info.at("/coordinateSystem/wkt").asText()).contains("32633");
        // band 1 of the snippet is B08 clipped exactly as gdal_translate -projwin clips it
        double ulx = info.at("/geoTransform/0").asDouble();
        double uly = info.at("/geoTransform/3").asDouble();
        int w = info.at("/size/0").asInt();
        int h = info.at("/size/1").asInt();
        byte[] expected = Gdal.pixels(s2.dir.resolve(id + "/B08.tif"), dir, "-projwin", f(ulx), f(uly), f(ulx + w * 10), f(uly - h * 10));
        byte[] actual = Gdal.pixels(tif, dir, "-b", "1");
        assertThat(actual).isEqualTo(expected);
        BufferedImage png = ImageIO.read(out.resolve("snippets/" + id + ".png").toFile());
        assertThat(png.getWidth()).isEqualTo(w);
        int yellow = 0;
        for (int y = 0; y < png.getHeight(); y++) {
          for (int x = 0; x < png.getWidth(); x++) {
            if ((png.getRGB(x, y) & 0xffffff) == 0xffff00) {
              yellow++;
            }
          }
        }
        assertThat(yellow).as("the region is outlined").isGreaterThan(w);
        JsonNode rgb = json.readTree(Gdal.run("gdalinfo", "-json", out.resolve("snippets/" + id + "-rgb.tif").toString()));
        assertThat(rgb.at("/bands/0/type").asText()).isEqualTo("Byte");
        assertThat(rgb.at("/bands/0/colorInterpretation").asText()).isEqualTo("Red");
        assertThat(out.resolve("products/" + id + "/B04.tif")).hasSameBinaryContentAs(s2.dir.resolve("B04.tif"));
      }
      try (var s = Files.list(out.resolve("snippets"))) {
        assertThat(s.count()).isEqualTo(15);
      }
    }
  }

  static String f(double d) {
    return String.format(Locale.ROOT, "%.6f", d);
  }
}
