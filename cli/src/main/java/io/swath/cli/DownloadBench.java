package io.swath.cli;

import io.swath.imagery.asset.AssetAccess;
import io.swath.imagery.cog.CogReader;
import io.swath.imagery.cog.PixelWindow;
import io.swath.imagery.download.DownloadListener;
import io.swath.imagery.download.DownloadRequest;
import io.swath.imagery.download.DownloadSummary;
import io.swath.imagery.download.Downloader;
import io.swath.testing.HttpFileServer;
import io.swath.testing.LatencyProxy;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The download benchmarks: many files from a local HTTP server behind a latency proxy, Swath's
 * downloader against aria2c on the same files in the same run; and the bytes a COG snippet fetches
 * against the compressed size of the tiles it needs.
 */
final class DownloadBench {
  private DownloadBench() {}

  record Figures(int files, long bytes, int rttMs, double swathSeconds, double aria2cSeconds) {}

  static Figures download(int files, int sizeMb, int rttMs, int concurrency, int pairs, boolean quiet) throws Exception {
    Path root = Files.createTempDirectory("swath-bench-download");
    try {
      Path src = Files.createDirectories(root.resolve("src"));
      byte[] block = new byte[sizeMb << 20];
      new Random(1).nextBytes(block);
      for (int i = 0; i < files; i++) {
        ByteBuffer.wrap(block).putInt(0, i); // every file differs
        Files.write(src.resolve(String.format(Locale.ROOT, "f%03d.bin", i)), block);
      }
      long bytes = (long) files * block.length;
      sync(); // the sources' write-back must not run during the first timed transfer
      try (HttpFileServer http = HttpFileServer.start(src);
           LatencyProxy proxy = LatencyProxy.builder("127.0.0.1", http.port()).rtt(Duration.ofMillis(rttMs)).start()) {
        List<URI> uris = new ArrayList<>();
        for (int i = 0; i < files; i++) {
          uris.add(URI.create(String.format(Locale.ROOT, "http://%s/f%03d.bin", proxy.target(), i)));
        }
        Path list = root.resolve("urls.txt");
        Files.write(list, uris.stream().map(URI::toString).toList());
        double swath = Double.MAX_VALUE;
        double aria = Double.MAX_VALUE;
        for (int run = 0; run < pairs; run++) {
          // alternate who goes first, so neither always meets the other's write-back
          for (int k = 0; k < 2; k++) {
            if ((run + k) % 2 == 0) {
              swath = Math.min(swath, swath(root, uris, block.length, concurrency));
            } else {
              aria = Math.min(aria, aria2c(root, list, uris, block.length));
            }
            sync();
          }
          if (!quiet) {
            System.err.printf(Locale.ROOT, "run %d: best so far swath %.2f s, aria2c %.2f s%n", run + 1, swath, aria);
          }
        }
        return new Figures(files, bytes, rttMs, swath, aria);
      }
    } finally {
      BenchCommand.deleteTree(root);
    }
  }

  private static double swath(Path root, List<URI> uris, long size, int concurrency) throws Exception {
    Path out = root.resolve("swath");
    List<DownloadRequest> reqs = new ArrayList<>();
    for (URI u : uris) {
      reqs.add(DownloadRequest.of(u, out.resolve(u.getPath().substring(1))).withExpectedSize(size));
    }
    try (Downloader d = Downloader.builder().maxConcurrent(concurrency).maxPerHost(concurrency).build()) {
      long t0 = System.nanoTime();
      DownloadSummary s = d.downloadAll(reqs, DownloadListener.NONE);
      double secs = (System.nanoTime() - t0) / 1e9;
      if (!s.allSucceeded()) {
        throw new IllegalStateException("swath downloads failed:\n" + s.describe());
      }
      return secs;
    } finally {
      BenchCommand.deleteTree(out);
    }
  }

  private static double aria2c(Path root, Path list, List<URI> uris, long size) throws Exception {
    Path aout = Files.createDirectories(root.resolve("aria2c"));
    List<String> cmd = List.of("aria2c", "-j", "16", "-x", "4", "-i", list.toString(), "-d", aout.toString(),
        "--console-log-level=error", "--summary-interval=0", "--download-result=hide", "--allow-overwrite=true",
        "--auto-file-renaming=false");
    try {
      long t0 = System.nanoTime();
      Process p;
      try {
        p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(root.resolve("aria2c.log").toFile()).start();
      } catch (IOException e) {
        throw new IllegalStateException("aria2c is not installed (Debian package aria2; bin/test installs it)", e);
      }
      if (!p.waitFor(30, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException("aria2c failed: " + String.join(" ", cmd) + "\n" + Files.readString(root.resolve("aria2c.log")));
      }
      double secs = (System.nanoTime() - t0) / 1e9;
      for (URI u : uris) {
        if (Files.size(aout.resolve(u.getPath().substring(1))) != size) {
          throw new IllegalStateException("aria2c left an incomplete file " + u);
        }
      }
      return secs;
    } finally {
      BenchCommand.deleteTree(aout);
    }
  }

  /** Flushes dirty pages, so one run's write-back does not slow the next. */
  static void sync() throws InterruptedException {
    try {
      new ProcessBuilder("sync").inheritIO().start().waitFor(5, TimeUnit.MINUTES);
    } catch (IOException e) {
      // no sync on this system: the figures are noisier, not wrong
    }
  }

  record CogFigures(long bytesFetched, long tileBytes, long requests, int width, int height, long fileBytes) {}

  /**
   * A Sentinel-2-like band (UTM, 10 m, uint16, Deflate, 512-pixel tiles, overviews) made with
   * gdal_translate, served behind the latency proxy; one snippet of a ~1.6 x 1.1 km region.
   */
  static CogFigures cog(int rttMs) throws Exception {
    Path root = Files.createTempDirectory("swath-bench-cog");
    try {
      int size = 4096;
      Path raw = root.resolve("band.bin");
      try (FileChannel ch = FileChannel.open(raw, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        Random rnd = new Random(5);
        ByteBuffer row = ByteBuffer.allocate(size * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int y = 0; y < size; y++) {
          row.clear();
          for (int x = 0; x < size; x++) {
            row.putShort((short) (1 + (x * 3 + y * 2) % 3000 + ((x / 37) * 7919 + (y / 29) * 104729) % 4000 + rnd.nextInt(300)));
          }
          row.flip();
          ch.write(row);
        }
      }
      Files.writeString(root.resolve("band.hdr"), "ENVI\nsamples = " + size + "\nlines = " + size
          + "\nbands = 1\nheader offset = 0\nfile type = ENVI Standard\ndata type = 12\ninterleave = bsq\nbyte order = 0\n");
      Path tif = root.resolve("B04.tif");
      List<String> cmd = List.of("gdal_translate", "-q", "-of", "COG", "-a_srs", "EPSG:32633", "-a_ullr", "499980", "5000040",
          Double.toString(499980 + size * 10.0), Double.toString(5000040 - size * 10.0), "-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=2",
          raw.toString(), tif.toString());
      Process p;
      try {
        p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      } catch (IOException e) {
        throw new IllegalStateException("gdal_translate is not installed (Debian package gdal-bin; bin/test installs it)", e);
      }
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException("gdal_translate failed: " + out);
      }
      try (HttpFileServer http = HttpFileServer.start(root);
           LatencyProxy proxy = LatencyProxy.builder("127.0.0.1", http.port()).rtt(Duration.ofMillis(rttMs)).start();
           AssetAccess access = AssetAccess.create()) {
        CogReader cog = CogReader.open(access, URI.create("http://" + proxy.target() + "/B04.tif"));
        var region = io.swath.core.geo.BoundingBox.of(15.0061, 44.9851, 15.0262, 44.9951).toGeometry();
        PixelWindow w = cog.window(region, 0);
        var r = cog.read(0, w);
        return new CogFigures(cog.bytesFetched(), cog.tileBytes(0, w), cog.requests(), r.width(), r.height(), Files.size(tif));
      }
    } finally {
      BenchCommand.deleteTree(root);
    }
  }
}
