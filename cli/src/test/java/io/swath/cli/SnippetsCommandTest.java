package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.client.DatasetsClient;
import io.swath.imagery.S2Fixtures;
import io.swath.server.SwathServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code swath snippets} on Sentinel-2-like COGs served over HTTP, with a real server. */
class SnippetsCommandTest {
  @TempDir
  Path dir;

  @Test
  void theScenarioInOneCommandWithCompare() throws Exception {
    try (S2Fixtures s2 = S2Fixtures.create(dir.resolve("cogs"));
         SwathServer server = SwathServer.builder().dataDir(dir.resolve("db")).port(0).httpPort(0).build().start()) {
      try (DatasetsClient c = DatasetsClient.connect(server.target())) {
        s2.ingest(c, "test.s2.l2a");
      }
      Path out = dir.resolve("out");
      var b = S2Fixtures.REGION;
      String[] r = CommandLineTest.capture("snippets", "test.s2.l2a", "--collection", "S2",
          "--bbox", b.west() + "," + b.south() + "," + b.east() + "," + b.north(), "--time", "2024-01-01/2024-08-01",
          "--filter", "cloud_cover < 85", "--bands", "B08,B04,B03", "--stretch", "0,5000", "--gamma", "1.35",
          "--out", out.toString(), "--concurrency", "4", "--compare", "--url", server.target());
      assertThat(r[0]).as(r[2]).isEqualTo("0");
      assertThat(r[2]).contains("5 scenes").contains("5 snippets written, 0 failed");
      assertThat(r[1]).contains("concurrent (4 at once):").contains("one at a time:").contains("speedup:");
      for (String id : S2Fixtures.SELECTED) {
        assertThat(out.resolve(id + ".tif")).exists();
        assertThat(out.resolve(id + ".png")).exists();
        assertThat(r[1]).contains(out.resolve(id + ".tif").toString());
      }
      // a rerun with the same options skips the finished scenes; --overwrite makes them again
      String[] args = {"snippets", "test.s2.l2a", "--collection", "S2",
          "--bbox", b.west() + "," + b.south() + "," + b.east() + "," + b.north(), "--time", "2024-01-01/2024-08-01",
          "--filter", "cloud_cover < 85", "--bands", "B08,B04,B03", "--stretch", "0,5000", "--gamma", "1.35",
          "--out", out.toString(), "--concurrency", "4", "--url", server.target()};
      String[] again = CommandLineTest.capture(args);
      assertThat(again[0]).as(again[2]).isEqualTo("0");
      assertThat(again[2]).contains("5 scenes: 0 snippets written, 5 already there, 0 failed");
      String[] over = CommandLineTest.capture(concat(args, "--overwrite"));
      assertThat(over[2]).contains("5 scenes: 5 snippets written, 0 failed");
      // outline colour and width, resampled to 5 m pixels, one scene
      Path fine = dir.resolve("fine");
      String[] one = CommandLineTest.capture("snippets", "test.s2.l2a", "--collection", "S2",
          "--bbox", b.west() + "," + b.south() + "," + b.east() + "," + b.north(), "--time", "2024-01-01/2024-02-01",
          "--bands", "B08,B04,B03", "--outline", "#ff00ff", "--outline-width", "3", "--pixel-size", "5", "--out", fine.toString(),
          "--url", server.target());
      assertThat(one[0]).as(one[2]).isEqualTo("0");
      assertThat(one[2]).contains("1 scene\n").contains("1 scene: 1 snippet written, 0 failed");
      java.awt.image.BufferedImage png = javax.imageio.ImageIO.read(fine.resolve(S2Fixtures.SELECTED.get(0) + ".png").toFile());
      java.awt.image.BufferedImage coarse = javax.imageio.ImageIO.read(out.resolve(S2Fixtures.SELECTED.get(0) + ".png").toFile());
      assertThat(png.getWidth()).as("5 m pixels: twice as wide as 10 m").isBetween(2 * coarse.getWidth() - 2, 2 * coarse.getWidth() + 2);
      int magenta = 0;
      for (int y = 0; y < png.getHeight(); y++) {
        for (int x = 0; x < png.getWidth(); x++) {
          magenta += (png.getRGB(x, y) & 0xffffff) == 0xff00ff ? 1 : 0;
        }
      }
      assertThat(magenta).as("outlined in the colour asked for").isGreaterThan(png.getWidth());
      String[] badColour = CommandLineTest.capture("snippets", "test.s2.l2a", "--bbox", "1,2,3,4", "--bands", "B04", "--outline", "mauve",
          "--out", fine.toString(), "--url", server.target());
      assertThat(badColour[0]).isEqualTo("2");
      assertThat(badColour[2]).contains("'mauve' is not a colour");
      String[] bad = CommandLineTest.capture("snippets", "test.s2.l2a", "--bbox", "1,2,3,4", "--bands", "B99", "--out",
          out.resolve("x").toString(), "--url", server.target(), "--time", "2024-01-01/2024-08-01");
      assertThat(bad[0]).isEqualTo("0"); // no scene over that box: nothing to do
      String[] missing = CommandLineTest.capture("snippets", "test.s2.l2a", "--bbox",
          b.west() + "," + b.south() + "," + b.east() + "," + b.north(), "--bands", "B99", "--out", out.resolve("y").toString(),
          "--url", server.target());
      assertThat(missing[0]).isEqualTo("5");
      assertThat(missing[2]).contains("no asset for band B99");
    }
  }

  static String[] concat(String[] a, String... more) {
    String[] all = java.util.Arrays.copyOf(a, a.length + more.length);
    System.arraycopy(more, 0, all, a.length, more.length);
    return all;
  }
}
