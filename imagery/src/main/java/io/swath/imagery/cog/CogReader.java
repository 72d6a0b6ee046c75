package io.swath.imagery.cog;

import io.swath.core.error.SwathCancelledException;
import io.swath.core.retry.Retrier;
import io.swath.core.retry.RetryPolicy;
import io.swath.imagery.asset.AssetAccess;
import io.swath.imagery.asset.AssetException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * Reads windows of a (Cloud-Optimized) GeoTIFF over byte-range requests, fetching only what a
 * window needs: the header and tile index first (one request for the first 16 KiB, more only for
 * what lies beyond), then the tiles that overlap the window, with adjacent ranges merged into one
 * request and the requests sent in parallel. Overviews are picked by resolution.
 *
 * <pre>{@code
 * CogReader cog = CogReader.open(access, URI.create("https://example.com/B04.tif"));
 * Raster r = cog.read(regionWgs84, 20.0);          // the overview nearest 20 m, clipped to the region
 * GeoTiffWriter.write(r, Path.of("B04-snippet.tif"));
 * }</pre>
 *
 * <p>Reads TIFF and BigTIFF, both byte orders, tiles and strips, chunky and band-separate layouts,
 * 8-64-bit integer and float samples; no compression, Deflate, LZW, PackBits (predictors 2 and 3)
 * and JPEG. The CRS must be an EPSG code (projected or geographic). Thread-safe.
 */
public final class CogReader {
  private static final int MERGE_GAP = 1024;
  private static final int MAX_PARALLEL = 16;

  private final AssetAccess access;
  private final URI uri;
  private final TiffStructure tiff;
  private final List<Ifd> levels;
  private final GeoTransform transform;
  private final boolean pixelIsPoint;
  private final int epsg;
  private final Double nodata;
  private final AtomicLong bytesFetched = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final Retrier retrier = Retrier.of(RetryPolicy.defaults().toBuilder().maxAttempts(4).build(), AssetException::classify);

  private final int maxParallel;

  private CogReader(AssetAccess access, URI uri, int maxParallel) throws IOException {
    if (maxParallel < 1) {
      throw new IllegalArgumentException("maxParallel must be at least 1, got " + maxParallel);
    }
    this.maxParallel = maxParallel;
    this.access = access;
    this.uri = uri;
    this.tiff = TiffStructure.read(this::fetchHeader, -1);
    List<Ifd> images = new ArrayList<>();
    for (Ifd i : tiff.ifds) {
      if (!i.isMask()) {
        images.add(i);
      }
    }
    images.sort(Comparator.comparingInt((Ifd i) -> i.width).reversed());
    Ifd full = images.get(0);
    List<Ifd> ok = new ArrayList<>();
    for (Ifd i : images) {
      if (i.samples == full.samples && i.type == full.type) {
        ok.add(i);
      }
    }
    this.levels = List.copyOf(ok);
    if (!Codecs.supported(full.compression)) {
      throw new UnsupportedOperationException(uri + ": TIFF " + Codecs.name(full.compression)
          + " is not supported (supported: none, LZW, Deflate, PackBits, JPEG)");
    }
    GeoKeys keys = GeoKeys.of(full);
    this.epsg = keys.epsg(uri);
    this.pixelIsPoint = keys.pixelIsPoint();
    this.transform = geoTransform(full, pixelIsPoint, uri);
    String nd = full.string(Ifd.GDAL_NODATA);
    Double parsed = null;
    if (nd != null && !nd.isBlank()) {
      try {
        parsed = Double.parseDouble(nd.trim());
      } catch (NumberFormatException e) {
        parsed = null;
      }
    }
    this.nodata = parsed;
  }

  /** Opens a COG: reads its header and tile index (usually one request). */
  public static CogReader open(AssetAccess access, URI uri) throws IOException {
    return new CogReader(access, uri, MAX_PARALLEL);
  }

  /** Opens a COG that sends at most {@code maxParallel} range requests at once per read (1 = one after another). */
  public static CogReader open(AssetAccess access, URI uri, int maxParallel) throws IOException {
    return new CogReader(access, uri, maxParallel);
  }

  /** Header bytes: the block asked for, or fewer where the file ends sooner (a small TIFF). */
  private byte[] fetchHeader(long offset, int length) throws IOException {
    byte[] b = withRetry(() -> access.readAtMost(uri, offset, length));
    count(b.length);
    return b;
  }

  private byte[] fetch(long offset, int length) throws IOException {
    byte[] b = withRetry(() -> access.read(uri, offset, length));
    count(b.length);
    return b;
  }

  private void count(long n) {
    bytesFetched.addAndGet(n);
    requests.incrementAndGet();
  }

  private interface Read {
    byte[] get() throws IOException;
  }

  private byte[] withRetry(Read r) throws IOException {
    try {
      return retrier.call(n -> r.get());
    } catch (SwathCancelledException e) {
      throw new InterruptedIOException("interrupted");
    }
  }

  private static GeoTransform geoTransform(Ifd ifd, boolean pixelIsPoint, URI uri) throws IOException {
    double[] m = ifd.doubles(Ifd.MODEL_TRANSFORMATION);
    GeoTransform gt;
    if (m != null && m.length >= 16) {
      gt = new GeoTransform(m[3], m[0], m[1], m[7], m[4], m[5]);
    } else {
      double[] scale = ifd.doubles(Ifd.MODEL_PIXEL_SCALE);
      double[] tie = ifd.doubles(Ifd.MODEL_TIEPOINT);
      if (scale == null || tie == null || tie.length < 6) {
        throw new IOException(uri + " is not georeferenced (no ModelPixelScale/ModelTiepoint or ModelTransformation)");
      }
      gt = new GeoTransform(tie[3] - tie[0] * scale[0], scale[0], 0, tie[4] + tie[1] * scale[1], 0, -scale[1]);
    }
    if (pixelIsPoint) { // as GDAL does: coordinates of pixel corners
      gt = gt.window(-0.5, -0.5, 1, 1);
    }
    return gt;
  }

  /** The asset. */
  public URI uri() {
    return uri;
  }

  /** Full-resolution columns. */
  public int width() {
    return levels.get(0).width;
  }

  /** Full-resolution rows. */
  public int height() {
    return levels.get(0).height;
  }

  /** Bands (samples per pixel). */
  public int bandCount() {
    return levels.get(0).samples;
  }

  /** The sample type. */
  public DataType type() {
    return levels.get(0).type;
  }

  /** The CRS as an EPSG code. */
  public int epsg() {
    return epsg;
  }

  /** Full-resolution pixel to CRS transform (pixel corners). */
  public GeoTransform transform() {
    return transform;
  }

  /** The nodata value (GDAL_NODATA), or null. */
  public Double nodata() {
    return nodata;
  }

  /** Whether the file is BigTIFF. */
  public boolean isBigTiff() {
    return tiff.bigTiff;
  }

  /** Levels: 1 + the number of overviews. */
  public int levelCount() {
    return levels.size();
  }

  /** Columns of a level. */
  public int width(int level) {
    return levels.get(level).width;
  }

  /** Rows of a level. */
  public int height(int level) {
    return levels.get(level).height;
  }

  /** The transform of a level (an overview covers the same extent with fewer, larger pixels). */
  public GeoTransform transform(int level) {
    Ifd i = levels.get(level);
    return transform.window(0, 0, (double) width() / i.width, (double) height() / i.height);
  }

  /** Pixel size (CRS units) of a level. */
  public double resolution(int level) {
    return Math.abs(transform(level).pixelWidth());
  }

  /**
   * The level for a wanted pixel size (CRS units): the coarsest whose pixels are not larger than
   * {@code resolution}, so a snippet never has less detail than asked; 0 when {@code resolution <= 0}.
   */
  public int levelFor(double resolution) {
    int best = 0;
    for (int l = 0; l < levels.size(); l++) {
      if (resolution(l) <= resolution * (1 + 1e-9)) {
        best = l;
      }
    }
    return best;
  }

  /** Body bytes fetched so far (header, index and tiles). */
  public long bytesFetched() {
    return bytesFetched.get();
  }

  /** Range requests made so far. */
  public long requests() {
    return requests.get();
  }

  /**
   * The pixels of a level that cover a WGS84 region (a polygon or bbox, lon/lat): the envelope of
   * the region projected to the image's CRS, widened to whole pixels and clipped to the image.
   *
   * @throws IllegalArgumentException when the region does not overlap the image
   */
  public PixelWindow window(Geometry wgs84, int level) {
    Envelope env = Projections.envelope(wgs84, epsg);
    return window(env, level);
  }

  /** The pixels of a level that cover an envelope in the image's CRS. */
  public PixelWindow window(Envelope crsEnvelope, int level) {
    GeoTransform gt = transform(level);
    if (!gt.isNorthUp()) {
      throw new UnsupportedOperationException(uri + ": rotated images are not supported");
    }
    double c0 = gt.col(crsEnvelope.getMinX());
    double c1 = gt.col(crsEnvelope.getMaxX());
    double r0 = gt.row(crsEnvelope.getMaxY());
    double r1 = gt.row(crsEnvelope.getMinY());
    int col0 = (int) Math.max(0, Math.floor(Math.min(c0, c1) + 1e-6));
    int col1 = (int) Math.min(width(level), Math.ceil(Math.max(c0, c1) - 1e-6));
    int row0 = (int) Math.max(0, Math.floor(Math.min(r0, r1) + 1e-6));
    int row1 = (int) Math.min(height(level), Math.ceil(Math.max(r0, r1) - 1e-6));
    if (col1 <= col0 || row1 <= row0) {
      throw new IllegalArgumentException("the region does not overlap " + uri);
    }
    return new PixelWindow(col0, row0, col1 - col0, row1 - row0);
  }

  /** Reads the region (WGS84) at the level that matches {@code resolution} (CRS units; 0 = full). */
  public Raster read(Geometry wgs84, double resolution) throws IOException {
    int level = resolution > 0 ? levelFor(resolution) : 0;
    return read(level, window(wgs84, level));
  }

  /** The compressed size of the tiles a window needs: the least any reader must fetch. */
  public long tileBytes(int level, PixelWindow w) {
    long sum = 0;
    for (Tile t : tiles(levels.get(level), w)) {
      sum += t.length;
    }
    return sum;
  }

  private record Tile(int index, int tx, int ty, int band, long offset, int length) {}

  private List<Tile> tiles(Ifd ifd, PixelWindow w) {
    int tx0 = w.col() / ifd.tileWidth;
    int tx1 = (w.col() + w.width() - 1) / ifd.tileWidth;
    int ty0 = w.row() / ifd.tileHeight;
    int ty1 = (w.row() + w.height() - 1) / ifd.tileHeight;
    List<Tile> out = new ArrayList<>();
    int planes = ifd.planar ? ifd.samples : 1;
    for (int b = 0; b < planes; b++) {
      for (int ty = ty0; ty <= ty1; ty++) {
        for (int tx = tx0; tx <= tx1; tx++) {
          int i = ifd.tileIndex(tx, ty, b);
          out.add(new Tile(i, tx, ty, b, ifd.offsets[i], (int) ifd.byteCounts[i]));
        }
      }
    }
    return out;
  }

  /** Reads a window of a level, fetching only the tiles it overlaps. */
  public Raster read(int level, PixelWindow w) throws IOException {
    Ifd ifd = levels.get(level);
    if (w.col() < 0 || w.row() < 0 || w.col() + w.width() > ifd.width || w.row() + w.height() > ifd.height) {
      throw new IllegalArgumentException("window " + w + " is outside the " + ifd.width + "x" + ifd.height + " image");
    }
    DataType type = ifd.compression == Codecs.JPEG ? DataType.UINT8 : ifd.type;
    double[][] bands = new double[ifd.samples][w.width() * w.height()];
    if (nodata != null) {
      for (double[] b : bands) {
        java.util.Arrays.fill(b, nodata);
      }
    }
    GeoTransform gt = transform(level).window(w.col(), w.row(), 1, 1);
    if (w.isEmpty()) {
      return new Raster(w.width(), w.height(), type, bands, gt, epsg, nodata, false);
    }
    List<Tile> tiles = tiles(ifd, w);
    List<Tile> present = new ArrayList<>();
    for (Tile t : tiles) {
      if (t.length > 0) { // sparse tiles (no bytes) stay nodata
        present.add(t);
      }
    }
    present.sort(Comparator.comparingLong(Tile::offset));
    List<List<Tile>> groups = new ArrayList<>();
    for (Tile t : present) {
      List<Tile> last = groups.isEmpty() ? null : groups.get(groups.size() - 1);
      if (last != null) {
        Tile prev = last.get(last.size() - 1);
        long end = last.stream().mapToLong(x -> x.offset + x.length).max().orElse(0);
        if (t.offset <= end + MERGE_GAP && t.offset + t.length - last.get(0).offset < (64 << 20)) {
          last.add(t);
          continue;
        }
        assert prev != null;
      }
      List<Tile> g = new ArrayList<>();
      g.add(t);
      groups.add(g);
    }
    Semaphore permits = new Semaphore(maxParallel);
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<?>> fs = new ArrayList<>();
      for (List<Tile> g : groups) {
        fs.add(ex.submit(() -> {
          long start = g.get(0).offset;
          long end = g.stream().mapToLong(x -> x.offset + x.length).max().orElseThrow();
          byte[] bytes;
          permits.acquire();
          try {
            bytes = fetch(start, (int) (end - start));
          } finally {
            permits.release();
          }
          for (Tile t : g) {
            byte[] data = java.util.Arrays.copyOfRange(bytes, (int) (t.offset - start), (int) (t.offset - start) + t.length);
            place(ifd, t, data, w, bands);
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        try {
          f.get();
        } catch (ExecutionException e) {
          fs.forEach(x -> x.cancel(true));
          Throwable c = e.getCause();
          if (c instanceof IOException io) {
            throw io;
          }
          if (c instanceof RuntimeException re) {
            throw re;
          }
          throw new IOException(c);
        } catch (InterruptedException e) {
          fs.forEach(x -> x.cancel(true));
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted while reading " + uri);
        }
      }
    }
    return new Raster(w.width(), w.height(), type, bands, gt, epsg, nodata, false);
  }

  /** Decodes one tile and copies the part inside the window into the bands. */
  private void place(Ifd ifd, Tile t, byte[] data, PixelWindow w, double[][] bands) throws IOException {
    int tw = ifd.tileWidth;
    int th = ifd.tileHeight;
    int rows = ifd.tiled ? th : Math.min(th, ifd.height - t.ty * th);
    int spp = ifd.planar ? 1 : ifd.samples;
    int bps = ifd.compression == Codecs.JPEG ? 1 : ifd.type.bytes();
    byte[] raw;
    ByteOrder order = tiff.order;
    if (ifd.compression == Codecs.JPEG) {
      if (ifd.type != DataType.UINT8) {
        throw new UnsupportedOperationException("JPEG tiles with " + ifd.type + " samples");
      }
      raw = Codecs.jpeg(data, ifd.jpegTables, tw, rows, spp, ifd.photometric);
    } else {
      raw = Codecs.decompress(ifd.compression, data, tw * rows * spp * bps);
      Codecs.unpredict(ifd.predictor, raw, tw, rows, spp, bps, order);
    }
    DataType type = ifd.compression == Codecs.JPEG ? DataType.UINT8 : ifd.type;
    int x0 = Math.max(w.col(), t.tx * tw);
    int x1 = Math.min(w.col() + w.width(), Math.min(ifd.width, (t.tx + 1) * tw));
    int y0 = Math.max(w.row(), t.ty * th);
    int y1 = Math.min(w.row() + w.height(), Math.min(ifd.height, t.ty * th + rows));
    for (int y = y0; y < y1; y++) {
      int srcRow = (y - t.ty * th) * tw;
      int dstRow = (y - w.row()) * w.width();
      for (int x = x0; x < x1; x++) {
        int px = srcRow + (x - t.tx * tw);
        int dst = dstRow + (x - w.col());
        if (ifd.planar) {
          bands[t.band][dst] = Codecs.sample(raw, px * bps, type, order);
        } else {
          for (int s = 0; s < spp; s++) {
            bands[s][dst] = Codecs.sample(raw, (px * spp + s) * bps, type, order);
          }
        }
      }
    }
  }
}
