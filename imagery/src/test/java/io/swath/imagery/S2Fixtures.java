package io.swath.imagery;

import io.swath.client.CollectionClient;
import io.swath.client.DatasetSpec;
import io.swath.client.DatasetsClient;
import io.swath.core.geo.BoundingBox;
import io.swath.core.geo.Geometries;
import io.swath.core.schema.FieldType;
import io.swath.imagery.cog.Projections;
import io.swath.testing.HttpFileServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

/**
 * Sentinel-2-like scenes for tests and examples: 10 m UTM 33N COG bands (B08, B04, B03; 1024 x 1024
 * pixels, Deflate, 256-pixel tiles, overviews) made with GDAL, served by a local HTTP server, and a
 * dataset of scenes whose STAC assets point to them.
 */
public final class S2Fixtures implements AutoCloseable {
  /** The region of interest: about 1.6 x 1.1 km in the tile. */
  public static final BoundingBox REGION = BoundingBox.of(15.0061, 44.9851, 15.0262, 44.9951);
  public static final double ULX = 499980;
  public static final double ULY = 4990040;
  public static final int SIZE = 1024;
  public static final List<String> BANDS = List.of("B08", "B04", "B03");

  /** A scene: id, time, cloud cover, and whether its footprint is over the region. */
  public record Scene(String id, Instant time, double cloudCover, boolean overRegion) {}

  public static final List<Scene> SCENES = List.of(
      new Scene("S2B_33TWL_20240105", Instant.parse("2024-01-05T10:00:00Z"), 10, true),
      new Scene("S2A_33TWL_20240210", Instant.parse("2024-02-10T10:00:00Z"), 90, true),
      new Scene("S2A_33TWL_20240315", Instant.parse("2024-03-15T10:00:00Z"), 30, true),
      new Scene("S2B_33TWL_20240420", Instant.parse("2024-04-20T10:00:00Z"), 50, true),
      new Scene("S2A_33TWL_20240525", Instant.parse("2024-05-25T10:00:00Z"), 95, true),
      new Scene("S2B_33TWL_20240630", Instant.parse("2024-06-30T10:00:00Z"), 20, true),
      new Scene("S2A_33TWL_20240720", Instant.parse("2024-07-20T10:00:00Z"), 40, true),
      new Scene("S2B_33TWL_20240810", Instant.parse("2024-08-10T10:00:00Z"), 5, true),
      new Scene("S2A_32TQR_20240315", Instant.parse("2024-03-15T10:00:10Z"), 10, false));

  /** The ids of the scenes {@code time 2024-01-01/2024-08-01, cloud_cover < 85, over the region} selects. */
  public static final List<String> SELECTED = List.of("S2B_33TWL_20240105", "S2A_33TWL_20240315", "S2B_33TWL_20240420",
      "S2B_33TWL_20240630", "S2A_33TWL_20240720");

  public final Path dir;
  public final HttpFileServer http;

  private S2Fixtures(Path dir) throws IOException {
    this.dir = dir;
    this.http = HttpFileServer.start(dir);
  }

  /** Makes the band files (once per folder) and starts the server. */
  public static S2Fixtures create(Path dir) throws IOException, InterruptedException {
    Gdal.require();
    Files.createDirectories(dir);
    Path raw = Gdal.enviUint16(dir, "bands", SIZE, SIZE, 3, 42);
    for (int b = 0; b < 3; b++) {
      Gdal.translate(raw, dir.resolve(BANDS.get(b) + ".tif"), 32633, ULX, ULY, 10, SIZE, SIZE, "COG", "-b", Integer.toString(b + 1),
          "-co", "COMPRESS=DEFLATE", "-co", "PREDICTOR=2", "-co", "BLOCKSIZE=256");
    }
    for (Scene s : SCENES) {
      Files.createDirectories(dir.resolve(s.id()));
      for (String band : BANDS) {
        Path p = dir.resolve(s.id()).resolve(band + ".tif");
        if (!Files.exists(p)) {
          Files.createLink(p, dir.resolve(band + ".tif"));
        }
      }
    }
    return new S2Fixtures(dir);
  }

  /** The footprint of the tile in WGS84 (or a far-away one). */
  public static Geometry footprint(boolean overRegion) {
    var toWgs = Projections.toWgs84(32633);
    double[][] corners = {{ULX, ULY}, {ULX + SIZE * 10, ULY}, {ULX + SIZE * 10, ULY - SIZE * 10}, {ULX, ULY - SIZE * 10}, {ULX, ULY}};
    Coordinate[] cs = new Coordinate[corners.length];
    for (int i = 0; i < corners.length; i++) {
      double[] p = toWgs.apply(corners[i]);
      cs[i] = new Coordinate(p[0] + (overRegion ? 0 : -3), p[1]);
    }
    return Geometries.FACTORY.createPolygon(cs);
  }

  /** Creates the dataset {@code slug} (collection S2) with one datapoint per scene; STAC assets point to the server. */
  public void ingest(DatasetsClient client, String slug) {
    var ds = client.createOrUpdateDataset(DatasetSpec.builder(slug).spatioTemporal().description("Sentinel-2-like test scenes")
        .field("stac_id", FieldType.STRING).field("cloud_cover", FieldType.FLOAT64).field("assets", FieldType.JSON).build());
    CollectionClient c = ds.createCollection("S2");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (Scene s : SCENES) {
      StringBuilder assets = new StringBuilder("{");
      for (String band : BANDS) {
        if (assets.length() > 1) {
          assets.append(',');
        }
        assets.append('"').append(band).append("\":{\"href\":\"").append(http.uri(s.id() + "/" + band + ".tif"))
            .append("\",\"type\":\"image/tiff; application=geotiff; profile=cloud-optimized\",\"roles\":[\"data\"]}");
      }
      assets.append('}');
      Map<String, Object> row = new HashMap<>();
      row.put("time", s.time());
      row.put("geometry", footprint(s.overRegion()));
      row.put("stac_id", s.id());
      row.put("cloud_cover", s.cloudCover());
      row.put("assets", assets.toString());
      rows.add(row);
    }
    c.ingest(rows);
  }

  @Override
  public void close() {
    http.close();
  }
}
