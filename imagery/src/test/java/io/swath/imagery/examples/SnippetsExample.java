package io.swath.imagery.examples;

import io.swath.client.DatasetsClient;
import io.swath.client.Query;
import io.swath.core.geo.BoundingBox;
import io.swath.core.table.DatapointTable;
import io.swath.imagery.asset.AssetAccess;
import io.swath.imagery.download.DownloadListener;
import io.swath.imagery.download.DownloadRequest;
import io.swath.imagery.download.DownloadRequests;
import io.swath.imagery.download.DownloadSummary;
import io.swath.imagery.download.Downloader;
import io.swath.imagery.render.SnippetSummary;
import io.swath.imagery.render.Snippets;
import io.swath.imagery.render.Visualization;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The code of docs/imagery.md, compiled and run by SnippetsExampleTest against a real server and real COGs. */
public final class SnippetsExample {
  private SnippetsExample() {}

  /** Runs the guide: snippets of every clear scene over the region, then whole products; returns what it printed. */
  public static List<String> run(String target, String dataset, Path out) throws Exception {
    List<String> printed = new ArrayList<>();
    // --8<-- [start:snippets]
    BoundingBox region = BoundingBox.of(15.0061, 44.9851, 15.0262, 44.9951);       // lon/lat
    try (DatasetsClient client = DatasetsClient.connect(target);
         AssetAccess access = AssetAccess.create()) {                                  // file:, http(s):, s3:
      DatapointTable scenes = client.dataset(dataset).query(Query.time("2024-01-01/2024-08-01")
          .bbox(region).filter("cloud_cover < 85"));
      SnippetSummary snippets = Snippets.builder()
          .access(access)
          .region(region.toGeometry())
          .bands("B08", "B04", "B03")                                                  // false colour
          .visualization(Visualization.builder().stretch(0, 5000).gamma(1.35).build())
          .outputDir(out.resolve("snippets"))
          .concurrency(8)
          .build()
          .run(scenes);
      printed.add(snippets.describe());                                                // 5 scenes: 5 snippets written, ...
      // --8<-- [end:snippets]

      // --8<-- [start:download]
      List<DownloadRequest> files = DownloadRequests.forAssets(scenes, List.of("B04"), out.resolve("products"));
      try (Downloader downloader = Downloader.builder().maxConcurrent(16).maxPerHost(8).access(access).build()) {
        DownloadSummary summary = downloader.downloadAll(files, DownloadListener.NONE);
        printed.add(summary.describe());                                               // 5 files: 5 downloaded, ...
        printed.add(summary.allSucceeded() ? "all verified" : "some failed");
      }
      // --8<-- [end:download]
    }
    return printed;
  }
}
