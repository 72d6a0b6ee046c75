package io.swath.examples;

import io.swath.client.DatasetsClient;
import io.swath.client.Query;
import io.swath.core.table.DatapointTable;
import io.swath.imagery.download.DownloadListener;
import io.swath.imagery.download.DownloadRequest;
import io.swath.imagery.download.DownloadRequests;
import io.swath.imagery.download.DownloadSummary;
import io.swath.imagery.download.Downloader;
import java.nio.file.Path;
import java.util.List;

/** The downloader: every B04 file of the scenes of a dataset, concurrent, resumable and verified. */
public class DownloadExample {
  public static void main(String[] args) throws Exception {
    String dataset = args.length > 0 ? args[0] : "examples.sentinel2.scenes";
    Path out = Path.of(args.length > 1 ? args[1] : "products");
    try (DatasetsClient client = DatasetsClient.connect();
         Downloader downloader = Downloader.builder().maxConcurrent(16).maxPerHost(8).build()) {
      DatapointTable scenes = client.dataset(dataset).query(Query.time("2024-01-01/2024-08-01"));
      List<DownloadRequest> files = DownloadRequests.forAssets(scenes, List.of("B04"), out);  // out/<item>/B04.tif
      DownloadSummary summary = downloader.downloadAll(files, DownloadListener.NONE);
      System.out.println(summary.describe());                          // 3 files: 3 downloaded, ...
      System.out.println(summary.allSucceeded() ? "all verified" : "some failed");
    }
  }
}
