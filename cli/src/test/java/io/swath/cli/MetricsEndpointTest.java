package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swath.client.CollectionClient;
import io.swath.client.DatasetSpec;
import io.swath.client.DatasetsClient;
import io.swath.client.Query;
import io.swath.core.error.NotFoundException;
import io.swath.core.schema.FieldType;
import io.swath.server.SwathServer;
import io.swath.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code GET /metrics} on a server of its own, read by our checks and by an independent Prometheus text parser. */
class MetricsEndpointTest {
  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*\\})? (\\S+)");

  @Test
  void countsCallsDatapointsAndTheJvmInThePrometheusFormat() throws Exception {
    SwathServer server = TestServers.start("metrics");
    try (DatasetsClient client = DatasetsClient.connect(server.target())) {
      CollectionClient c = client.createDataset(DatasetSpec.builder(TestServers.slug("metrics")).field("n", FieldType.INT64).build())
          .createCollection("c");
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 250; i++) {
        rows.add(Map.of("time", Instant.parse("2022-01-01T00:00:00Z").plusSeconds(i), "n", (long) i));
      }
      c.ingest(rows);
      c.ingest(rows.subList(0, 50)); // again: received, not created
      assertThat(c.query(Query.all().parallelism(1)).size()).isEqualTo(250);
      assertThat(c.query(Query.all().parallelism(3)).size()).isEqualTo(250);
      assertThatThrownBy(() -> client.dataset("no.such.dataset")).isInstanceOf(NotFoundException.class);
    }
    try (io.swath.workflows.WorkflowsClient wf = io.swath.workflows.WorkflowsClient.connect(server.target())) {
      // no runner serves this cluster: the root task waits in the queue
      wf.jobs().submit("metrics", new ProcessTasks.Hold("/nonexistent", "h"), "metrics-cluster");
    }
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + server.httpPort();
    for (String path : new String[] {"/search?limit=5", "/collections/whatever/items?limit=1", "/collections/nope", "/no/such/path"}) {
      http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.discarding());
    }
    http.send(HttpRequest.newBuilder(URI.create(base + "/search")).method("BREW", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
    HttpResponse<String> r = http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
    String text = r.body();

    // every sample line is well formed and belongs to the family declared above it
    Map<String, Double> samples = new LinkedHashMap<>();
    String family = null;
    for (String line : text.lines().toList()) {
      if (line.startsWith("# TYPE ")) {
        family = line.split(" ")[2];
        continue;
      }
      if (line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      assertThat(m.matches()).as(line).isTrue();
      assertThat(m.group(1)).as(line).startsWith(family);
      samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
    }
    String getDataset = "grpc_type=\"unary\",grpc_service=\"swath.v1.DatasetService\",grpc_method=\"GetDataset\"";
    assertThat(samples.get("grpc_server_handled_total{" + getDataset + ",grpc_code=\"NOT_FOUND\"}")).isEqualTo(1.0);
    String ingest = "grpc_type=\"unary\",grpc_service=\"swath.v1.IngestService\",grpc_method=\"Ingest\"";
    assertThat(samples.get("grpc_server_handled_total{" + ingest + ",grpc_code=\"OK\"}")).isEqualTo(2.0);
    assertThat(samples.get("swath_ingest_datapoints_received_total")).isEqualTo(300.0);
    assertThat(samples.get("swath_query_datapoints_sent_total")).isEqualTo(500.0);
    String query = "grpc_type=\"server_stream\",grpc_service=\"swath.v1.DataAccessService\",grpc_method=\"Query\"";
    double queries = samples.get("grpc_server_handled_total{" + query + ",grpc_code=\"OK\"}");
    assertThat(queries).isGreaterThanOrEqualTo(2.0).isEqualTo(samples.get("grpc_server_started_total{" + query + "}"));
    // the histogram is cumulative and ends at the count
    double previous = 0;
    for (Map.Entry<String, Double> e : samples.entrySet()) {
      if (e.getKey().startsWith("grpc_server_handling_seconds_bucket{" + query)) {
        assertThat(e.getValue()).isGreaterThanOrEqualTo(previous);
        previous = e.getValue();
      }
    }
    assertThat(samples.get("grpc_server_handling_seconds_bucket{" + query + ",le=\"+Inf\"}")).isEqualTo(queries)
        .isEqualTo(samples.get("grpc_server_handling_seconds_count{" + query + "}"));
    assertThat(samples.get("grpc_server_handling_seconds_sum{" + query + "}")).isPositive();
    assertThat(samples.get("swath_query_streams_active")).isZero();
    assertThat(samples.get("swath_db_connections_max")).isPositive();
    // the database's state: up, one sample per state
    assertThat(samples.get("swath_db_up")).isEqualTo(1.0);
    assertThat(samples.get("swath_db_state{state=\"up\"}")).isEqualTo(1.0);
    assertThat(samples.get("swath_db_state{state=\"restarting\"}")).isZero();
    assertThat(samples.get("swath_db_restarts")).isZero();
    assertThat(samples.get("jvm_memory_heap_used_bytes")).isPositive();
    // workflows: the queue by cluster and state, jobs by state
    String cluster = "cluster=\"metrics-cluster\"";
    assertThat(io.swath.server.metrics.ServerMetrics.label("a \"b\" \\ c\n")).isEqualTo("\"a \\\"b\\\" \\\\ c\\n\"");
    assertThat(samples.get("swath_workflow_tasks_queued{" + cluster + ",state=\"ready\"}")).isEqualTo(1.0);
    assertThat(samples.get("swath_workflow_tasks_queued{" + cluster + ",state=\"leased\"}")).isZero();
    assertThat(samples.get("swath_workflow_jobs{state=\"submitted\"}")).isEqualTo(1.0);
    assertThat(samples.get("swath_workflow_jobs{state=\"failed\"}")).isZero();
    // HTTP requests by route template: ids never become labels
    assertThat(samples.get("http_server_requests_total{route=\"/search\",method=\"GET\",code=\"200\"}")).isEqualTo(1.0);
    assertThat(samples.get("http_server_requests_total{route=\"/collections/{collectionId}/items\",method=\"GET\",code=\"404\"}"))
        .isEqualTo(1.0);
    assertThat(samples.get("http_server_requests_total{route=\"/collections/{collectionId}\",method=\"GET\",code=\"404\"}")).isEqualTo(1.0);
    assertThat(samples.get("http_server_requests_total{route=\"other\",method=\"GET\",code=\"404\"}")).isEqualTo(1.0);
    assertThat(samples.keySet()).noneMatch(k -> k.contains("whatever") || k.contains("nope") || k.contains("BREW"));
    assertThat(samples.keySet()).anyMatch(k -> k.startsWith("http_server_requests_total{route=\"/search\",method=\"other\""));

    // an independent reader: the npm parse-prometheus-text-format package (bin/test installs it)
    Path modules = Path.of(System.getProperty("user.dir")).getParent().resolve(".tools/node_modules");
    assertThat(modules.resolve("parse-prometheus-text-format")).as("bin/test installs parse-prometheus-text-format into .tools").exists();
    Path input = Files.writeString(TestServers.tempDir("metrics").resolve("metrics.txt"), text);
    ProcessBuilder pb = new ProcessBuilder("node", "-e", "const p = require('parse-prometheus-text-format');"
        + "process.stdout.write(JSON.stringify(p(require('fs').readFileSync(process.argv[1], 'utf8'))))", input.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().put("NODE_PATH", modules.toString());
    Process p = pb.start();
    p.getOutputStream().close();
    String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(json).isZero();
    JsonNode families = new ObjectMapper().readTree(json);
    Map<String, String> types = new LinkedHashMap<>();
    families.forEach(f -> types.put(f.path("name").asText(), f.path("type").asText()));
    assertThat(types).containsEntry("grpc_server_handled_total", "COUNTER").containsEntry("grpc_server_handling_seconds", "HISTOGRAM")
        .containsEntry("swath_query_streams_active", "GAUGE");
    for (JsonNode f : families) {
      if (f.path("name").asText().equals("grpc_server_handling_seconds")) {
        for (JsonNode h : f.path("metrics")) {
          if (h.path("labels").path("grpc_method").asText().equals("Query")) {
            assertThat(h.path("count").asDouble()).isEqualTo(queries);
            assertThat(h.path("buckets").path("+Inf").asDouble()).isEqualTo(queries);
          }
        }
      }
    }
  }
}
