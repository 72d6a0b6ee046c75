package io.swath.imagery.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.imagery.Gdal;
import io.swath.imagery.S2Fixtures;
import io.swath.imagery.asset.Asset;
import io.swath.imagery.asset.AssetAccess;
import io.swath.imagery.cog.CogReader;
import io.swath.imagery.cog.PixelWindow;
import io.swath.imagery.cog.Raster;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snippets resampled to other pixel sizes (against GDAL), outline options, and reruns that skip finished scenes. */
class SnippetOptionsTest {
  @TempDir
  static Path dir;

  static S2Fixtures s2;

  @BeforeAll
  static void cogs() throws Exception {
    s2 = S2Fixtures.create(dir.resolve("cogs"));
  }

  static Map<String, Map<String, Asset>> scenes(int n) {
    Map<String, Map<String, Asset>> items = new LinkedHashMap<>();
    for (String id : S2Fixtures.SELECTED.subList(0, n)) {
      Map<String, Asset> assets = new LinkedHashMap<>();
      for (String band : S2Fixtures.BANDS) {
        assets.put(band, Asset.of(band, s2.dir.resolve(id).resolve(band + ".tif").toUri()));
      }
      items.put(id, assets);
    }
    return items;
  }

  static Snippets.Builder job(AssetAccess access, Path out) {
    return Snippets.builder().access(access).region(S2Fixtures.REGION.toGeometry()).bands("B08", "B04", "B03").outputDir(out).concurrency(2);
  }

  @Test
  void resampledSnippetsEqualGdalNearestNeighbourOnTheSameGrid() throws Exception {
    String id = S2Fixtures.SELECTED.get(0);
    try (AssetAccess access = AssetAccess.create()) {
      // 5 m: finer than the 10 m pixels; 15 m: coarser, from full resolution; 40 m: an overview of its own
      for (double size : new double[] {5, 15, 40}) {
        Path out = dir.resolve("px" + (int) size);
        SnippetSummary s = job(access, out).pixelSize(size).build().run(scenes(1));
        assertThat(s.allSucceeded()).as(s.describe()).isTrue();
        SnippetResult r = s.results().get(0);
        Path tif = r.files().get(0);
        CogReader reader = CogReader.open(access, tif.toUri());
        Raster got = reader.read(0, new PixelWindow(0, 0, reader.width(), reader.height()));
        assertThat(Math.abs(got.transform().pixelWidth())).isEqualTo(size);
        double ulx = got.transform().originX();
        double uly = got.transform().originY();
        // the grid is aligned with the image's: whole pixels of the new size from its corner
        assertThat(Math.abs(Math.IEEEremainder(ulx - S2Fixtures.ULX, size))).isLessThan(1e-6);
        Path warped = dir.resolve("warped" + (int) size + ".tif");
        Gdal.run("gdalwarp", "-q", "-overwrite", "-r", "near", "-tr", f(size), f(size), "-te", f(ulx), f(uly - got.height() * size),
            f(ulx + got.width() * size), f(uly), s2.dir.resolve(id + "/B08.tif").toString(), warped.toString());
        byte[] expected = Gdal.pixels(warped, dir);
        byte[] actual = Gdal.pixels(tif, dir, "-b", "1");
        assertThat(actual.length).isEqualTo(expected.length);
        List<String> differ = new ArrayList<>();
        for (int i = 0; i < actual.length; i += 2) {
          if (actual[i] != expected[i] || actual[i + 1] != expected[i + 1]) {
            differ.add((i / 2) % got.width() + "," + (i / 2) / got.width());
          }
        }
        assertThat(differ).as("pixels (col,row) unlike GDAL's at %s m, %d x %d", size, got.width(), got.height()).isEmpty();
      }
      // a scale is a pixel size relative to the image's own
      Path half = job(access, dir.resolve("scale2")).scale(2).build().run(scenes(1)).results().get(0).files().get(0);
      assertThat(half).hasSameBinaryContentAs(dir.resolve("px5").resolve(id + ".tif"));
      assertThatThrownBy(() -> job(access, dir).pixelSize(5).scale(2).build()).hasMessageContaining("not both");
      assertThatThrownBy(() -> job(access, dir).pixelSize(-1)).hasMessageContaining("positive");
      SnippetResult huge = job(access, dir.resolve("huge")).pixelSize(0.001).build().run(scenes(1)).results().get(0);
      assertThat(huge.failure()).contains("too large");
    }
  }

  @Test
  void outlineColourAndWidth() throws Exception {
    try (AssetAccess access = AssetAccess.create()) {
      Map<Integer, Integer> counts = new LinkedHashMap<>();
      for (float width : new float[] {1, 5}) {
        Path out = dir.resolve("outline" + (int) width);
        Visualization v = Visualization.builder().stretch(0, 5000).outline(new Color(0x12, 0x34, 0xfe), width).build();
        SnippetResult r = job(access, out).visualization(v).build().run(scenes(1)).results().get(0);
        BufferedImage png = ImageIO.read(r.files().get(2).toFile());
        int painted = 0;
        for (int y = 0; y < png.getHeight(); y++) {
          for (int x = 0; x < png.getWidth(); x++) {
            if ((png.getRGB(x, y) & 0xffffff) == 0x1234fe) {
              painted++;
            }
          }
        }
        counts.put((int) width, painted);
      }
      assertThat(counts.get(1)).as("a 1 px outline in the chosen colour").isGreaterThan(0);
      assertThat(counts.get(5)).as("a 5 px outline is wider").isGreaterThan(3 * counts.get(1));
      assertThatThrownBy(() -> Visualization.builder().outline(Color.RED, 0)).hasMessageContaining("outline width");
    }
  }

  @Test
  void aRerunSkipsFinishedScenesAndRedoesMissingOnesOrChangedOptions() throws Exception {
    Path out = dir.resolve("rerun");
    Visualization v = Visualization.builder().stretch(0, 5000).build();
    try (AssetAccess access = AssetAccess.create()) {
      SnippetSummary first = job(access, out).visualization(v).skipExisting(true).build().run(scenes(3));
      assertThat(first.describe()).startsWith("3 scenes: 3 snippets written, 0 failed");
      String a = S2Fixtures.SELECTED.get(0);
      String b = S2Fixtures.SELECTED.get(1);
      FileTime before = Files.getLastModifiedTime(out.resolve(a + ".tif"));
      // a scene whose files are incomplete (an interrupted run) is made again; the others are skipped
      Files.delete(out.resolve(b + ".png"));
      SnippetSummary second = job(access, out).visualization(v).skipExisting(true).build().run(scenes(3));
      assertThat(second.describe()).startsWith("3 scenes: 1 snippet written, 2 already there, 0 failed");
      assertThat(second.results().get(0).skipped()).isTrue();
      assertThat(second.results().get(0).files()).containsExactlyElementsOf(first.results().get(0).files());
      assertThat(second.results().get(1).skipped()).isFalse();
      assertThat(out.resolve(b + ".png")).exists();
      assertThat(Files.getLastModifiedTime(out.resolve(a + ".tif"))).isEqualTo(before);
      assertThat(second.allSucceeded()).isTrue();
      // other options make every snippet again
      Visualization brighter = Visualization.builder().stretch(0, 3000).build();
      SnippetSummary third = job(access, out).visualization(brighter).skipExisting(true).build().run(scenes(3));
      assertThat(third.describe()).startsWith("3 scenes: 3 snippets written, 0 failed");
      // without skipping, everything is made again
      SnippetSummary fourth = job(access, out).visualization(brighter).build().run(scenes(1));
      assertThat(fourth.describe()).startsWith("1 scene: 1 snippet written, 0 failed");
    }
  }

  static String f(double d) {
    return String.format(Locale.ROOT, "%.6f", d);
  }
}
