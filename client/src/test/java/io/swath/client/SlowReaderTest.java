package io.swath.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.swath.api.v1.DatapointPage;
import io.swath.api.v1.QueryRequest;
import io.swath.core.schema.FieldType;
import io.swath.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A client that reads slower than the server's pause (0.5 s without flow-control room) makes its
 * stream release the database connection and resume after the last datapoint sent: it still gets
 * every datapoint exactly once, in order, also when several collections hold the same ids.
 */
class SlowReaderTest {
  static double pauses() throws Exception {
    String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + TestServers.shared().httpPort()
        + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    for (String line : body.split("\n")) {
      if (line.startsWith("swath_query_stream_pauses_total ")) {
        return Double.parseDouble(line.substring(line.indexOf(' ') + 1));
      }
    }
    throw new AssertionError("no swath_query_stream_pauses_total in /metrics");
  }

  @Test
  void aSlowReaderGetsEveryDatapointOnceAcrossPauses() throws Exception {
    int n = 3000;
    String slug = TestServers.slug("slow");
    try (DatasetsClient client = DatasetsClient.connect(TestServers.shared().target())) {
      DatasetClient ds = client.createDataset(DatasetSpec.builder(slug).field("v", FieldType.INT64).field("pad", FieldType.STRING).build());
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        rows.add(Map.of("time", Instant.parse("2021-01-01T00:00:00Z").plusSeconds(i), "v", (long) i, "pad", "p".repeat(300)));
      }
      // the same datapoints in both collections: every id twice
      ds.createCollection("a").ingest(rows);
      ds.createCollection("b").ingest(rows);
    }
    double before = pauses();
    ManagedChannel ch = NettyChannelBuilder.forTarget(TestServers.shared().target()).usePlaintext().flowControlWindow(64 << 10).build();
    try {
      // an odd page size, so pages end between the two datapoints of one id
      RawQueryCall raw = new RawQueryCall(ch, QueryRequest.newBuilder().setDatasetSlug(slug).setPageSize(333).build());
      ClientCall<QueryRequest, DatapointPage> call = raw.call;
      LinkedBlockingQueue<DatapointPage> pages = raw.pages;
      CompletableFuture<Status> closed = raw.closed;
      List<String> seen = new ArrayList<>();
      while (!closed.isDone() || !pages.isEmpty()) {
        call.request(1);
        DatapointPage p = pages.poll(30, TimeUnit.SECONDS);
        if (p == null) {
          break;
        }
        ByteBuffer ids = p.getIds().asReadOnlyByteBuffer();
        for (int i = 0; i < p.getTimeUsCount(); i++) {
          String coll = p.getCollections(p.getCollectionIndexCount() == 0 ? 0 : p.getCollectionIndex(i));
          seen.add(new UUID(ids.getLong(), ids.getLong()) + "/" + coll);
        }
        if (seen.size() < 2 * n / 3) {
          Thread.sleep(700); // a slow reader: longer than the server's 0.5 s pause
        }
      }
      assertThat(closed.get(30, TimeUnit.SECONDS).getCode()).isEqualTo(Status.Code.OK);
      assertThat(seen).hasSize(2 * n).doesNotHaveDuplicates();
      for (int i = 1; i < seen.size(); i++) {
        assertThat(seen.get(i).substring(0, 36).compareTo(seen.get(i - 1).substring(0, 36))).as("ids in order at %d", i)
            .isGreaterThanOrEqualTo(0);
      }
      double paused = pauses() - before;
      System.out.printf("slow reader: %d datapoints in order, the stream paused %.0f times%n", seen.size(), paused);
      assertThat(paused).as("the stream released its connection while the reader was slow").isGreaterThanOrEqualTo(3);
    } finally {
      ch.shutdownNow();
    }
  }
}
