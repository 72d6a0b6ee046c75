package io.swath.imagery;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/** GDAL command-line tools as the independent reference: makes fixtures and checks outputs. */
public final class Gdal {
  private Gdal() {}

  /** Fails the test with a clear message when GDAL is not installed. */
  public static void require() {
    try {
      Process p = new ProcessBuilder("gdalinfo", "--version").redirectErrorStream(true).start();
      if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
        return;
      }
    } catch (IOException | InterruptedException e) {
      // fall through
    }
    fail("GDAL is required for this test: install Debian's gdal-bin (apt-get install gdal-bin); bin/test installs it");
  }

  /** Runs a GDAL tool; returns its standard output; fails on a non-zero exit. */
  public static String run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      fail(String.join(" ", cmd) + " failed:\n" + out);
    }
    return out;
  }

  /**
   * A raw ENVI dataset (BSQ, little-endian) of {@code bands} Sentinel-2-like bands: smooth
   * gradients, field-like blocks and noise, values 1..~9000 (0 stays free for nodata).
   */
  public static Path enviUint16(Path dir, String name, int width, int height, int bands, long seed) throws IOException {
    Random rnd = new Random(seed);
    ByteBuffer b = ByteBuffer.allocate(width * height * bands * 2).order(ByteOrder.LITTLE_ENDIAN);
    for (int band = 0; band < bands; band++) {
      for (int y = 0; y < height; y++) {
        for (int x = 0; x < width; x++) {
          int field = ((x / 37) * 7919 + (y / 29) * 104729 + band * 31) % 4000;
          int v = 1 + (x * 3 + y * 2) % 3000 + field + rnd.nextInt(300) + band * 500;
          b.putShort((short) v);
        }
      }
    }
    Path bin = dir.resolve(name + ".bin");
    Files.write(bin, b.array());
    Files.writeString(dir.resolve(name + ".hdr"), "ENVI\nsamples = " + width + "\nlines = " + height + "\nbands = " + bands
        + "\nheader offset = 0\nfile type = ENVI Standard\ndata type = 12\ninterleave = bsq\nbyte order = 0\n");
    return bin;
  }

  /**
   * A georeferenced GeoTIFF made by {@code gdal_translate} from a raw source: {@code of} is the
   * driver (COG or GTiff), {@code options} extra arguments such as {@code -co COMPRESS=LZW}.
   */
  public static Path translate(Path src, Path out, int epsg, double ulx, double uly, double res, int width, int height, String of,
                               String... options) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("gdal_translate", "-q", "-of", of, "-a_srs", "EPSG:" + epsg, "-a_ullr",
        Double.toString(ulx), Double.toString(uly), Double.toString(ulx + width * res), Double.toString(uly - height * res),
        "-a_nodata", "0"));
    cmd.addAll(List.of(options));
    cmd.add(src.toString());
    cmd.add(out.toString());
    run(cmd.toArray(new String[0]));
    return out;
  }

  /** The bytes of {@code tif} as GDAL decodes them (raw ENVI, band-sequential), optionally for a -projwin and open options. */
  public static byte[] pixels(Path tif, Path scratch, String... options) throws IOException, InterruptedException {
    Path out = Files.createTempFile(scratch, "ref", ".bin");
    List<String> cmd = new ArrayList<>(List.of("gdal_translate", "-q", "-of", "ENVI", "-co", "INTERLEAVE=BSQ"));
    cmd.addAll(List.of(options));
    cmd.add(tif.toString());
    cmd.add(out.toString());
    run(cmd.toArray(new String[0]));
    return Files.readAllBytes(out);
  }
}
