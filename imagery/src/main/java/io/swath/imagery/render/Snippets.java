package io.swath.imagery.render;

import io.swath.client.ProgressBar;
import io.swath.core.geo.Geometries;
import io.swath.core.table.Datapoint;
import io.swath.core.table.DatapointTable;
import io.swath.imagery.asset.Asset;
import io.swath.imagery.asset.AssetAccess;
import io.swath.imagery.asset.Assets;
import io.swath.imagery.cog.CogReader;
import io.swath.imagery.cog.GeoTiffWriter;
import io.swath.imagery.cog.GeoTransform;
import io.swath.imagery.cog.PixelWindow;
import io.swath.imagery.cog.Projections;
import io.swath.imagery.cog.Raster;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * Snippets of many scenes for one region, in one call: for every datapoint, the bands' COG assets
 * are read over range requests (only the tiles over the region, the overview that matches the
 * resolution), stacked, clipped to the region and written as a GeoTIFF, plus, with a
 * {@link Visualization}, an 8-bit RGB GeoTIFF and a PNG with the region outlined. Scenes run
 * concurrently; so do the bands of a scene and the range requests of a band.
 *
 * <pre>{@code
 * DatapointTable scenes = client.dataset("sentinel.s2.l2a").query(Query.time("2024-01-01/2024-08-01")
 *     .bbox(region).filter("cloud_cover < 85"));
 * SnippetSummary s = Snippets.builder().access(access).region(region.toGeometry())
 *     .bands("B08", "B04", "B03")
 *     .visualization(Visualization.builder().stretch(0, 5000).gamma(1.35).build())
 *     .outputDir(Path.of("snippets")).concurrency(8).build()
 *     .run(scenes);
 * }</pre>
 *
 * <p>Files are named after the scene's STAC id ({@code stac_id}) or datapoint id:
 * {@code <id>.tif} (the bands, original sample type), {@code <id>-rgb.tif} and {@code <id>.png}.
 */
public final class Snippets {
  /** The largest snippet, in pixels per band (a wrong pixel size should fail, not fill the memory). */
  static final long MAX_PIXELS = 100_000_000L;

  private final AssetAccess access;
  private final Geometry region;
  private final List<String> bands;
  private final double resolution;
  private final double pixelSize;
  private final double scale;
  private final boolean skipExisting;
  private final Visualization visualization;
  private final Path outputDir;
  private final int concurrency;
  private final boolean showProgress;
  private final boolean maskOutside;

  private Snippets(Builder b) {
    this.access = Objects.requireNonNull(b.access, "access");
    this.region = Objects.requireNonNull(b.region, "region");
    if (b.bands.isEmpty()) {
      throw new IllegalArgumentException("name at least one band");
    }
    this.bands = List.copyOf(b.bands);
    this.resolution = b.resolution;
    this.pixelSize = b.pixelSize;
    this.scale = b.scale;
    if (pixelSize > 0 && scale > 0) {
      throw new IllegalArgumentException("give a pixel size or a scale, not both");
    }
    this.skipExisting = b.skipExisting;
    this.visualization = b.visualization;
    this.outputDir = Objects.requireNonNull(b.outputDir, "outputDir");
    this.concurrency = b.concurrency;
    this.showProgress = b.showProgress;
    this.maskOutside = b.maskOutside;
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** Snippets of every datapoint of {@code scenes} (which need an {@code assets} field). */
  public SnippetSummary run(DatapointTable scenes) throws IOException {
    if (scenes.schema().indexOf(Assets.FIELD) < 0) {
      throw new IllegalArgumentException("the datapoints have no '" + Assets.FIELD + "' field: no imagery to read");
    }
    boolean hasStacId = scenes.schema().indexOf("stac_id") >= 0;
    Map<String, Map<String, Asset>> items = new LinkedHashMap<>();
    for (Datapoint d : scenes) {
      String id = hasStacId && d.getString("stac_id") != null ? d.getString("stac_id") : d.id().toString();
      items.put(id, Assets.of(d));
    }
    return run(items);
  }

  /** Snippets of scenes given as item id → assets. */
  public SnippetSummary run(Map<String, Map<String, Asset>> items) throws IOException {
    Files.createDirectories(outputDir);
    long start = System.nanoTime();
    Semaphore permits = new Semaphore(concurrency);
    List<SnippetResult> results = new ArrayList<>();
    try (DoneLog done = DoneLog.open(outputDir.resolve(DONE_LOG), options(), skipExisting);
         ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor();
         ProgressBar bar = showProgress ? new ProgressBar("snippets", items.size()) : null) {
      List<Future<SnippetResult>> fs = new ArrayList<>();
      for (var e : items.entrySet()) {
        List<Path> there = outputs(e.getKey());
        if (done.contains(e.getKey()) && there.stream().allMatch(Files::isRegularFile)) {
          fs.add(java.util.concurrent.CompletableFuture.completedFuture(
              new SnippetResult(e.getKey(), there, 0, 0, 0, Duration.ZERO, null, true)));
          if (bar != null) {
            bar.add(1);
          }
          continue;
        }
        fs.add(ex.submit(() -> {
          permits.acquire();
          try {
            SnippetResult r = snippet(e.getKey(), e.getValue());
            if (r.succeeded()) {
              done.add(r.item());
            }
            return r;
          } finally {
            permits.release();
            if (bar != null) {
              bar.add(1);
            }
          }
        }));
      }
      for (Future<SnippetResult> f : fs) {
        try {
          results.add(f.get());
        } catch (InterruptedException e) {
          fs.forEach(x -> x.cancel(true));
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("snippets interrupted");
        } catch (ExecutionException e) {
          throw new IOException(e.getCause());
        }
      }
    }
    return new SnippetSummary(results, Duration.ofNanos(System.nanoTime() - start));
  }

  /** The file in the output folder that lists the scenes finished with which options. */
  static final String DONE_LOG = ".swath-snippets";

  /** The options that decide a snippet's files: a rerun skips a scene only when they are the same. */
  private String options() {
    return "bands " + bands + "; region " + Geometries.toWkt(region) + "; resolution " + resolution + "; pixel size "
        + pixelSize + "; scale " + scale + "; mask " + maskOutside + "; " + (visualization == null ? "no rendering" : visualization);
  }

  /** The files a scene's snippet is written to, data first. */
  private List<Path> outputs(String item) {
    String name = safe(item);
    List<Path> files = new ArrayList<>();
    files.add(outputDir.resolve(name + ".tif"));
    if (visualization != null) {
      files.add(outputDir.resolve(name + "-rgb.tif"));
      files.add(outputDir.resolve(name + ".png"));
    }
    return files;
  }

  /** The snippet of one scene; failures are reported in the result, not thrown. */
  public SnippetResult snippet(String item, Map<String, Asset> assets) {
    long start = System.nanoTime();
    List<CogReader> readers = new ArrayList<>();
    try {
      List<Asset> chosen = new ArrayList<>();
      for (String b : bands) {
        Asset a = Assets.band(assets, b);
        if (a == null) {
          throw new IllegalArgumentException("no asset for band " + b + " (assets: " + assets.keySet() + ")");
        }
        chosen.add(a);
      }
      int parallel = concurrency == 1 ? 1 : 16;
      inParallel(chosen.size(), concurrency > 1, i -> {
        CogReader r = CogReader.open(access, chosen.get(i).href(), parallel);
        synchronized (readers) {
          readers.add(r);
        }
        return r;
      });
      // the first band defines the grid
      readers.sort(java.util.Comparator.comparingInt(r -> indexOf(chosen, r)));
      CogReader first = readers.get(0);
      double target = pixelSize > 0 ? pixelSize : scale > 0 ? first.resolution(0) / scale : 0;
      GeoTransform grid;
      int width;
      int height;
      if (target > 0) {
        // a grid of the wanted pixel size, aligned with the image's own, over the region's envelope
        GeoTransform full = first.transform(0);
        Envelope image = new Envelope(full.x(0, 0), full.x(first.width(), first.height()), full.y(0, 0), full.y(first.width(), first.height()));
        Envelope env = Projections.envelope(region, first.epsg()).intersection(image);
        if (env.isNull() || env.getWidth() <= 0 || env.getHeight() <= 0) {
          throw new IllegalArgumentException("the region does not overlap the image");
        }
        double x0 = full.originX() + Math.floor((env.getMinX() - full.originX()) / target + 1e-9) * target;
        double y0 = full.originY() - Math.floor((full.originY() - env.getMaxY()) / target + 1e-9) * target;
        width = (int) Math.max(1, Math.ceil((env.getMaxX() - x0) / target - 1e-9));
        height = (int) Math.max(1, Math.ceil((y0 - env.getMinY()) / target - 1e-9));
        if ((long) width * height > MAX_PIXELS) {
          throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
              "a %d x %d pixel snippet is too large (at most %,d pixels): choose a larger pixel size", width, height, MAX_PIXELS));
        }
        grid = GeoTransform.northUp(x0, y0, target, target);
      } else {
        int level = resolution > 0 ? first.levelFor(resolution) : 0;
        PixelWindow w = first.window(region, level);
        grid = first.transform(level).window(w.col(), w.row(), 1, 1);
        width = w.width();
        height = w.height();
      }
      int gridWidth = width;
      int gridHeight = height;
      List<Raster> rasters = inParallel(readers.size(), concurrency > 1, i -> readOnGrid(readers.get(i), grid, gridWidth, gridHeight, first.epsg()));
      Raster data = Raster.stack(rasters);
      if (maskOutside) {
        data = mask(data, region);
      }
      List<Path> files = outputs(item);
      GeoTiffWriter.write(data, files.get(0));
      if (visualization != null) {
        Raster rgb = visualization.render(data, region);
        GeoTiffWriter.write(rgb, files.get(1), true);
        Visualization.writePng(rgb, files.get(2));
      }
      return new SnippetResult(item, files, data.width(), data.height(), fetched(readers), Duration.ofNanos(System.nanoTime() - start), null,
          false);
    } catch (Exception e) {
      if (e instanceof InterruptedIOException) {
        Thread.currentThread().interrupt();
      }
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      return new SnippetResult(item, List.of(), 0, 0, fetched(readers), Duration.ofNanos(System.nanoTime() - start), m, false);
    }
  }

  private static int indexOf(List<Asset> chosen, CogReader r) {
    for (int i = 0; i < chosen.size(); i++) {
      if (chosen.get(i).href().equals(r.uri())) {
        return i;
      }
    }
    return chosen.size();
  }

  private static long fetched(List<CogReader> readers) {
    synchronized (readers) {
      return readers.stream().mapToLong(CogReader::bytesFetched).sum();
    }
  }

  /**
   * A band on the target grid: read directly when its level has the same pixels, else the covering
   * window resampled by nearest neighbour (a 20 m band on a 10 m grid).
   */
  private Raster readOnGrid(CogReader r, GeoTransform grid, int width, int height, int epsg) throws IOException {
    if (r.epsg() != epsg) {
      throw new IllegalArgumentException("bands are in different coordinate systems (EPSG:" + epsg + " and EPSG:" + r.epsg() + ")");
    }
    int level = r.levelFor(Math.abs(grid.pixelWidth()));
    GeoTransform lt = r.transform(level);
    double col = lt.col(grid.originX());
    double row = lt.row(grid.originY());
    boolean aligned = Math.abs(lt.pixelWidth() - grid.pixelWidth()) < 1e-9 * Math.abs(grid.pixelWidth())
        && Math.abs(lt.pixelHeight() - grid.pixelHeight()) < 1e-9 * Math.abs(grid.pixelHeight())
        && Math.abs(col - Math.rint(col)) < 1e-6 && Math.abs(row - Math.rint(row)) < 1e-6;
    if (aligned && col >= 0 && row >= 0 && Math.rint(col) + width <= r.width(level) && Math.rint(row) + height <= r.height(level)) {
      return r.read(level, new PixelWindow((int) Math.rint(col), (int) Math.rint(row), width, height));
    }
    Envelope env = new Envelope(grid.x(0, 0), grid.x(width, height), grid.y(0, 0), grid.y(width, height));
    PixelWindow w = r.window(env, level);
    Raster src = r.read(level, w);
    GeoTransform st = src.transform();
    double[][] out = new double[src.bandCount()][width * height];
    double fill = src.nodata() != null ? src.nodata() : 0;
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int sc = (int) Math.floor(st.col(grid.x(x + 0.5, y + 0.5)));
        int sr = (int) Math.floor(st.row(grid.y(x + 0.5, y + 0.5)));
        boolean in = sc >= 0 && sr >= 0 && sc < src.width() && sr < src.height();
        for (int b = 0; b < out.length; b++) {
          out[b][y * width + x] = in ? src.get(b, sc, sr) : fill;
        }
      }
    }
    return new Raster(width, height, src.type(), out, grid, epsg, src.nodata(), false);
  }

  /** Sets the pixels whose centre lies outside the region to nodata (0 when the images have none). */
  static Raster mask(Raster r, Geometry region) {
    java.awt.geom.Path2D.Double path = new java.awt.geom.Path2D.Double(java.awt.geom.Path2D.WIND_EVEN_ODD);
    GeoTransform gt = r.transform();
    for (double[][] ring : Projections.rings(region, r.epsg())) {
      for (int i = 0; i < ring.length; i++) {
        double col = gt.col(ring[i][0]);
        double row = gt.row(ring[i][1]);
        if (i == 0) {
          path.moveTo(col, row);
        } else {
          path.lineTo(col, row);
        }
      }
      path.closePath();
    }
    double fill = r.nodata() != null ? r.nodata() : 0;
    double[][] bands = new double[r.bandCount()][];
    for (int b = 0; b < bands.length; b++) {
      bands[b] = r.band(b).clone();
    }
    for (int y = 0; y < r.height(); y++) {
      for (int x = 0; x < r.width(); x++) {
        if (!path.contains(x + 0.5, y + 0.5)) {
          for (double[] band : bands) {
            band[y * r.width() + x] = fill;
          }
        }
      }
    }
    return new Raster(r.width(), r.height(), r.type(), bands, gt, r.epsg(), fill, false);
  }

  private interface Step<T> {
    T apply(int i) throws IOException;
  }

  private static <T> List<T> inParallel(int n, boolean parallel, Step<T> step) throws IOException {
    List<T> out = new ArrayList<>();
    if (!parallel) {
      for (int i = 0; i < n; i++) {
        out.add(step.apply(i));
      }
      return out;
    }
    try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
      List<Future<T>> fs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        fs.add(ex.submit(() -> step.apply(k)));
      }
      for (Future<T> f : fs) {
        try {
          out.add(f.get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new InterruptedIOException("interrupted");
        } catch (ExecutionException e) {
          if (e.getCause() instanceof IOException io) {
            throw io;
          }
          if (e.getCause() instanceof RuntimeException re) {
            throw re;
          }
          throw new IOException(e.getCause());
        }
      }
    }
    return out;
  }

  private static String safe(String name) {
    return name.replaceAll("[/\\\\:*?\"<>|\\x00-\\x1f]", "_");
  }

  /** Builds {@link Snippets}. */
  public static final class Builder {
    private AssetAccess access;
    private Geometry region;
    private final List<String> bands = new ArrayList<>();
    private double resolution;
    private double pixelSize;
    private double scale;
    private boolean skipExisting;
    private Visualization visualization;
    private Path outputDir;
    private int concurrency = 8;
    private boolean showProgress;
    private boolean maskOutside;

    private Builder() {}

    /**
     * Set the pixels outside the region itself (a polygon, or the box as it lies in the image's
     * projection) to nodata; by default the snippet is the whole pixel rectangle around the region.
     */
    public Builder maskOutside(boolean mask) {
      this.maskOutside = mask;
      return this;
    }

    /** Where the assets are read from. */
    public Builder access(AssetAccess access) {
      this.access = access;
      return this;
    }

    /** The region (WGS84 polygon or box) to clip to. */
    public Builder region(Geometry wgs84) {
      this.region = wgs84;
      return this;
    }

    /** Band asset keys or names, in output order ({@code B08}, {@code B04}, {@code B03}). */
    public Builder bands(String... names) {
      this.bands.clear();
      this.bands.addAll(List.of(names));
      return this;
    }

    /** Pixel size in the images' CRS units; picks the overview (default 0: full resolution). */
    public Builder resolution(double resolution) {
      if (resolution < 0) {
        throw new IllegalArgumentException("resolution must not be negative");
      }
      this.resolution = resolution;
      return this;
    }

    /**
     * Resample to pixels of this size (the images' CRS units), finer or coarser than the images'
     * own, by nearest neighbour from the overview whose pixels are the largest not larger than it;
     * the grid is aligned with the image's. Default 0: the pixels of the level {@link #resolution}
     * picks.
     */
    public Builder pixelSize(double size) {
      if (!(size >= 0) || Double.isInfinite(size)) {
        throw new IllegalArgumentException("pixel size must be a positive number, got " + size);
      }
      this.pixelSize = size;
      return this;
    }

    /**
     * Resample by a factor of the first band's full-resolution pixels: 2 makes pixels half as wide
     * (four times as many), 0.5 twice as wide. Default 0: no resampling.
     */
    public Builder scale(double factor) {
      if (!(factor >= 0) || Double.isInfinite(factor)) {
        throw new IllegalArgumentException("scale must be a positive number, got " + factor);
      }
      this.scale = factor;
      return this;
    }

    /**
     * Skip the scenes an earlier run into the same folder finished with the same options (their
     * files are all there, and the folder's record of finished scenes names them), so a rerun
     * after a failure or an interruption makes only what is missing. Default false: every snippet
     * is made again.
     */
    public Builder skipExisting(boolean skip) {
      this.skipExisting = skip;
      return this;
    }

    /** Also write an RGB GeoTIFF and a PNG rendered this way. */
    public Builder visualization(Visualization v) {
      this.visualization = v;
      return this;
    }

    /** The folder the files go to (created when missing). */
    public Builder outputDir(Path dir) {
      this.outputDir = dir;
      return this;
    }

    /** Scenes at once (1 = one after another, bands and requests too). Default 8. */
    public Builder concurrency(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("concurrency must be at least 1, got " + n);
      }
      this.concurrency = n;
      return this;
    }

    /** Draw a progress bar on stderr. */
    public Builder showProgress(boolean show) {
      this.showProgress = show;
      return this;
    }

    /** The job. */
    public Snippets build() {
      return new Snippets(this);
    }
  }
}
