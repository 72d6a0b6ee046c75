package io.swath.examples;

import io.swath.client.DatasetSpec;
import io.swath.client.DatasetsClient;
import io.swath.core.geo.BoundingBox;
import io.swath.core.schema.FieldType;
import io.swath.imagery.cog.DataType;
import io.swath.imagery.cog.GeoTiffWriter;
import io.swath.imagery.cog.GeoTransform;
import io.swath.imagery.cog.Raster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Test data for {@link SnippetsExample} and {@link DownloadExample}: three Sentinel-2-like scenes
 * (bands B03, B04, B08 as tiled GeoTIFFs in UTM zone 33N, written to a folder) in a spatio-temporal
 * dataset whose {@code assets} field points to the files, as datapoints ingested from STAC items do.
 * Usage: {@code ExampleScenes [DATASET] [FOLDER]}.
 */
public final class ExampleScenes {
  private ExampleScenes() {}

  public static void main(String[] args) throws Exception {
    String dataset = args.length > 0 ? args[0] : "examples.sentinel2.scenes";
    Path dir = Path.of(args.length > 1 ? args[1] : "scenes").toAbsolutePath();
    int size = 1024;
    GeoTransform grid = GeoTransform.northUp(499_000, 4_990_000, 10, -10);   // 10 m pixels around 15.0 E, 44.95 N
    List<Map<String, Object>> rows = new ArrayList<>();
    double[] cloudCover = {12, 95, 40};
    for (int s = 0; s < cloudCover.length; s++) {
      String id = "S2X_EXAMPLE_2024060" + (s + 1);
      StringBuilder assets = new StringBuilder("{");
      for (String band : List.of("B03", "B04", "B08")) {
        double[] samples = new double[size * size];
        for (int i = 0; i < samples.length; i++) {
          samples[i] = (i % size * 7 + i / size * 3 + band.hashCode() + 500 * s) % 5000;
        }
        Path file = Files.createDirectories(dir.resolve(id)).resolve(band + ".tif");
        GeoTiffWriter.write(new Raster(size, size, DataType.UINT16, new double[][] {samples}, grid, 32633, null, false), file);
        assets.append(assets.length() > 1 ? "," : "").append('"').append(band).append("\":{\"href\":\"").append(file.toUri())
            .append("\",\"type\":\"image/tiff; application=geotiff\",\"roles\":[\"data\"]}");
      }
      rows.add(Map.of("time", Instant.parse("2024-06-0" + (s + 1) + "T10:00:00Z"), "geometry",
          BoundingBox.of(14.98, 44.93, 15.12, 45.04).toGeometry(), "stac_id", id, "cloud_cover", cloudCover[s],
          "assets", assets.append('}').toString()));
    }
    try (DatasetsClient client = DatasetsClient.connect()) {
      var ds = client.createOrUpdateDataset(DatasetSpec.builder(dataset).spatioTemporal()
          .field("stac_id", FieldType.STRING).field("cloud_cover", FieldType.FLOAT64).field("assets", FieldType.JSON).build());
      System.out.println(ds.createCollection("S2").ingest(rows));
    }
  }
}
