package io.swath.cli;

import io.swath.client.DatasetsClient;
import io.swath.client.Query;
import io.swath.core.geo.BoundingBox;
import io.swath.core.geo.Geometries;
import io.swath.core.table.DatapointTable;
import io.swath.imagery.asset.AssetAccess;
import io.swath.imagery.render.SnippetSummary;
import io.swath.imagery.render.Snippets;
import io.swath.imagery.render.Visualization;
import java.awt.Color;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.locationtech.jts.geom.Geometry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code swath snippets}: a clipped, rendered snippet of every matching scene, in one call. */
@Command(name = "snippets", mixinStandardHelpOptions = true, header = "Cut the same region out of every scene a query selects, reading only the bytes needed.", sortOptions = false,
    description = {"Cut the same region out of every scene a query selects, concurrently, reading only the bytes needed:",
        "for each scene the bands' Cloud-Optimized GeoTIFF assets are read over range requests (header and tile",
        "index, then only the tiles over the region, merged and in parallel; the overview that matches",
        "--resolution), stacked, clipped and written as GeoTIFF; then rendered (stretch, gamma) as an 8-bit RGB",
        "GeoTIFF and a PNG with the region outlined.", "",
        "Output per scene, named after its STAC id: ID.tif (the bands, original values), ID-rgb.tif, ID.png."},
    footer = {"", "Example (false colour B8/B4/B3 of every clear Sentinel-2 scene of a half year):",
        "  swath snippets sentinel.s2.l2a --collection S2 --bbox 11.50,48.10,11.62,48.18 --time 2024-01-01/2024-08-01 \\",
        "      --filter \"cloud_cover < 85\" --bands B08,B04,B03 --stretch 0,5000 --gamma 1.35 --out snippets/ --concurrency 8",
        "", "With --compare the same snippets are made again one scene, band and request at a time, into a scratch",
        "folder, and both times and the speedup are printed.",
        "", "A rerun into the same folder with the same options skips the scenes already written (--overwrite makes them again).",
        "Exit codes: 0 every snippet written; 5 some scenes failed (listed with reasons; run again to make the rest); 2 bad arguments;",
        "3 dataset not found; 4 server unavailable."})
final class SnippetsCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "DATASET", description = "Dataset slug; its datapoints need STAC 'assets'.")
  String dataset;

  @Mixin
  SelectionOptions selection;

  @Option(names = "--geometry", paramLabel = "GEOJSON",
      description = "Region as a GeoJSON geometry (text or file), instead of the --bbox box; --bbox still selects scenes.")
  String geometry;

  @Option(names = {"-b", "--bands"}, paramLabel = "BAND", split = ",", required = true,
      description = "Bands (asset keys or Sentinel-2 band names), in R,G,B order, e.g. B08,B04,B03.")
  List<String> bands = new ArrayList<>();

  @Option(names = "--stretch", paramLabel = "MIN,MAX", description = "Linear stretch of band values to 0..255 (default: ${DEFAULT-VALUE}).")
  String stretch = "0,3000";

  @Option(names = "--gamma", description = "Gamma after the stretch; above 1 brightens (default: ${DEFAULT-VALUE}).")
  double gamma = 1.0;

  @Option(names = "--resolution", paramLabel = "M", description = "Read the overview whose pixels are the largest not larger than M (images' units; default: full resolution).")
  double resolution;

  @Option(names = "--pixel-size", paramLabel = "M",
      description = "Resample to pixels of M (images' units), finer or coarser than the images' own (nearest neighbour from the closest overview).")
  double pixelSize;

  @Option(names = "--scale", paramLabel = "FACTOR",
      description = "Resample by a factor of the full-resolution pixels: 2 = pixels half as wide, 0.5 = twice as wide.")
  double scale;

  @Option(names = "--no-render", description = "Only the data GeoTIFFs, no RGB GeoTIFF or PNG.")
  boolean noRender;

  @Option(names = "--outline", paramLabel = "COLOUR",
      description = "Outline colour: a name (yellow, red, white, black, cyan, magenta, green, blue, orange, pink) or #RRGGBB (default: ${DEFAULT-VALUE}).")
  String outline = "yellow";

  @Option(names = "--outline-width", paramLabel = "PX", description = "Outline width in pixels (default: ${DEFAULT-VALUE}).")
  float outlineWidth = 2;

  @Option(names = "--no-outline", description = "Do not paint the region's outline.")
  boolean noOutline;

  @Option(names = "--overwrite", description = "Make every snippet again; by default a rerun with the same options skips the scenes already written.")
  boolean overwrite;

  @Option(names = "--mask", description = "Set pixels outside the region (polygon, or the box as projected) to nodata.")
  boolean mask;

  @Option(names = {"-o", "--out"}, paramLabel = "DIR", required = true, description = "Where the snippets go.")
  Path out;

  @Option(names = {"-j", "--concurrency"}, paramLabel = "N", description = "Scenes at once (default: ${DEFAULT-VALUE}).")
  int concurrency = 8;

  @Option(names = "--compare", description = "Also run one at a time and print both times and the speedup.")
  boolean compare;

  @Option(names = "--no-progress", description = "No progress bar.")
  boolean noProgress;

  @Mixin
  S3Options s3;

  @Mixin
  ClientOptions client;

  @Override
  public Integer call() throws Exception {
    Geometry region = region();
    Visualization vis = noRender ? null : visualization();
    Query q = selection.query();
    if (selection.bbox == null) {
      q = q.intersects(region);
    }
    DatapointTable scenes;
    try (DatasetsClient c = client.connect()) {
      scenes = c.dataset(dataset).query(q);
    }
    System.err.println(scenes.size() + (scenes.size() == 1 ? " scene" : " scenes"));
    try (AssetAccess access = s3.access()) {
      Snippets job = Snippets.builder().access(access).region(region).bands(bands.toArray(new String[0])).resolution(resolution)
          .pixelSize(pixelSize).scale(scale).skipExisting(!overwrite)
          .visualization(vis).outputDir(out).concurrency(concurrency).maskOutside(mask).showProgress(!noProgress && System.console() != null).build();
      SnippetSummary s = job.run(scenes);
      System.err.println(s.describe());
      for (var r : s.results()) {
        if (r.succeeded()) {
          System.out.println(r.files().get(0));
        }
      }
      if (compare) {
        Path scratch = Files.createTempDirectory("swath-snippets-compare");
        try {
          SnippetSummary one = Snippets.builder().access(access).region(region).bands(bands.toArray(new String[0])).resolution(resolution)
              .pixelSize(pixelSize).scale(scale).visualization(vis).outputDir(scratch).concurrency(1).maskOutside(mask).build().run(scenes);
          double a = s.elapsed().toNanos() / 1e9;
          double b = one.elapsed().toNanos() / 1e9;
          System.out.printf(Locale.ROOT, "concurrent (%d at once): %.2f s%n", concurrency, a);
          System.out.printf(Locale.ROOT, "one at a time:          %.2f s%n", b);
          System.out.printf(Locale.ROOT, "speedup: %.2fx%n", b / a);
        } finally {
          BenchCommand.deleteTree(scratch);
        }
      }
      return s.allSucceeded() ? Main.OK : Main.INCOMPLETE;
    }
  }

  private Geometry region() throws Exception {
    if (geometry != null) {
      String text = geometry.trim().startsWith("{") ? geometry : Files.readString(Path.of(geometry));
      try {
        return Geometries.fromGeoJson(text);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("--geometry is not a GeoJSON geometry: " + e.getMessage(), e);
      }
    }
    if (selection.bbox == null) {
      throw new IllegalArgumentException("give the region with --bbox W,S,E,N (or --geometry)");
    }
    double[] b = QueryCommand.parseBbox(selection.bbox);
    return BoundingBox.of(b[0], b[1], b[2], b[3]).toGeometry();
  }

  /** A colour by name or as #RRGGBB. */
  static Color colour(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.matches("#[0-9a-f]{6}")) {
      return new Color(Integer.parseInt(t.substring(1), 16));
    }
    Color c = switch (t) {
      case "yellow" -> Color.YELLOW;
      case "red" -> Color.RED;
      case "white" -> Color.WHITE;
      case "black" -> Color.BLACK;
      case "cyan" -> Color.CYAN;
      case "magenta" -> Color.MAGENTA;
      case "green" -> Color.GREEN;
      case "blue" -> Color.BLUE;
      case "orange" -> Color.ORANGE;
      case "pink" -> Color.PINK;
      default -> null;
    };
    if (c == null) {
      throw new IllegalArgumentException("--outline: '" + text + "' is not a colour; give a name (yellow, red, white, black, cyan, "
          + "magenta, green, blue, orange, pink) or #RRGGBB");
    }
    return c;
  }

  private Visualization visualization() {
    String[] p = stretch.split(",");
    if (p.length != 2) {
      throw new IllegalArgumentException("--stretch needs MIN,MAX, got '" + stretch + "'");
    }
    Visualization.Builder v;
    try {
      v = Visualization.builder().stretch(Double.parseDouble(p[0].trim()), Double.parseDouble(p[1].trim())).gamma(gamma);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--stretch needs two numbers, got '" + stretch + "'");
    }
    if (noOutline) {
      v.noOutline();
    } else {
      v.outline(colour(outline), outlineWidth);
    }
    return v.build();
  }
}
