package io.swath.examples;

import io.swath.client.DatasetsClient;
import io.swath.client.Query;
import io.swath.core.geo.BoundingBox;
import io.swath.core.table.DatapointTable;
import io.swath.imagery.asset.AssetAccess;
import io.swath.imagery.render.SnippetSummary;
import io.swath.imagery.render.Snippets;
import io.swath.imagery.render.Visualization;
import java.nio.file.Path;

/** Snippets: a false-colour picture of a region from every clear scene, reading only the COG tiles over it. */
public class SnippetsExample {
  public static void main(String[] args) throws Exception {
    String dataset = args.length > 0 ? args[0] : "examples.sentinel2.scenes";
    Path out = Path.of(args.length > 1 ? args[1] : "snippets");
    BoundingBox region = BoundingBox.of(15.0061, 44.9851, 15.0262, 44.9951);     // lon/lat
    try (DatasetsClient client = DatasetsClient.connect();
         AssetAccess access = AssetAccess.create()) {                             // file:, http(s):, s3:
      DatapointTable scenes = client.dataset(dataset).query(Query.time("2024-01-01/2024-08-01")
          .bbox(region).filter("cloud_cover < 85"));
      SnippetSummary summary = Snippets.builder()
          .access(access)
          .region(region.toGeometry())
          .bands("B08", "B04", "B03")                                             // false colour
          .visualization(Visualization.builder().stretch(0, 5000).gamma(1.35).build())
          .outputDir(out)                                                         // ID.tif, ID-rgb.tif, ID.png
          .build()
          .run(scenes);
      System.out.println(summary.describe());
    }
  }
}
