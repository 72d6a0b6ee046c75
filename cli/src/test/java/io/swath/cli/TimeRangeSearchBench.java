package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.swath.server.SwathServer;
import io.swath.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * How long a one-day STAC {@code datetime} search takes over items with {@code start_datetime}/
 * {@code end_datetime} ranges: in collection {@code short} every range reaches at most an hour
 * from its item's time, so the search reads an index range of times; in {@code long} one item
 * spans all five years, so the search reads the whole collection. Not part of the suite (the name
 * is no test's); run it by name:
 * {@code ./mvnw -o -q -pl cli -am verify -Dtest=TimeRangeSearchBench -Dsurefire.failIfNoSpecifiedTests=false}
 * ({@code -Dswath.bench.items=N} items per collection, default 50,000). Best of 7, warm.
 */
class TimeRangeSearchBench {
  @Test
  void oneDayOverRanges() throws Exception {
    int n = Integer.getInteger("swath.bench.items", 50_000);
    try (SwathServer server = TestServers.start("range-measure")) {
      String base = "http://127.0.0.1:" + server.httpPort();
      Path dir = TestServers.tempDir("range-measure");
      long t0 = Instant.parse("2020-01-01T00:00:00Z").getEpochSecond();
      long span = 5L * 365 * 86_400;
      for (String col : List.of("short", "long")) {
        Random r = new Random(7);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          long t = t0 + (long) (r.nextDouble() * span);
          long a = col.equals("long") && i == 0 ? t0 : t - r.nextInt(3600);
          long b = col.equals("long") && i == 0 ? t0 + span : t + r.nextInt(3600);
          double x = -10 + r.nextDouble() * 20;
          double y = 40 + r.nextDouble() * 10;
          lines.add("{\"type\":\"Feature\",\"stac_version\":\"1.0.0\",\"id\":\"i" + i + "\",\"collection\":\"" + col + "\","
              + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[" + x + "," + y + "]},\"bbox\":[" + x + "," + y + "," + x + "," + y + "],"
              + "\"properties\":{\"datetime\":\"" + Instant.ofEpochSecond(t) + "\",\"start_datetime\":\"" + Instant.ofEpochSecond(a)
              + "\",\"end_datetime\":\"" + Instant.ofEpochSecond(b) + "\"},\"links\":[],\"assets\":{}}");
        }
        Path f = dir.resolve(col + ".items.ndjson");
        Files.write(f, lines);
        try (io.swath.client.DatasetsClient client = io.swath.client.DatasetsClient.connect(server.target())) {
          StacIngest.ingest(client, "m.ranges", null, List.of(f), false);
        }
      }
      HttpClient http = HttpClient.newHttpClient();
      for (String col : List.of("short", "long", "short", "long")) {
        long best = Long.MAX_VALUE;
        int count = 0;
        for (int run = 0; run < 7; run++) {
          long s = System.nanoTime();
          HttpResponse<byte[]> res = http.send(HttpRequest.newBuilder(URI.create(base + "/search?collections=" + col
              + "&datetime=2022-03-01T00:00:00Z/2022-03-01T23:59:59Z&limit=1000&fields=-assets")).build(), HttpResponse.BodyHandlers.ofByteArray());
          best = Math.min(best, System.nanoTime() - s);
          JsonNode body = StacTestServer.JSON.readTree(res.body());
          assertThat(res.statusCode()).as(body.toString()).isEqualTo(200);
          count = body.path("features").size();
        }
        System.out.printf("TimeRangeSearchBench %s n=%d items=%d best=%.1f ms%n", col, n, count, best / 1e6);
      }
    }
  }
}
