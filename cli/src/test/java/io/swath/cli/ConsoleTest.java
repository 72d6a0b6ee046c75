package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.swath.client.CollectionClient;
import io.swath.client.DatasetsClient;
import io.swath.client.Query;
import io.swath.core.table.DatapointTable;
import io.swath.server.console.ConsoleRoute;
import io.swath.testing.TestServers;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The web console on a real server with the STAC fixtures: its JSON endpoints checked against the
 * gRPC API, and the page loaded in Debian's headless {@code chromium}, whose drawn footprints are
 * compared with the gRPC answer to the same query.
 */
class ConsoleTest {
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<byte[]> get(StacTestServer s, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create(s.base + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private JsonNode json(StacTestServer s, String path) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = get(s, path);
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return StacTestServer.JSON.readTree(r.body());
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void datasetsAndHistogramsAgreeWithTheGrpcApi() throws Exception {
    StacTestServer s = StacTestServer.get();
    JsonNode datasets = json(s, "/console/api/datasets").path("datasets");
    assertThat(datasets.size()).isGreaterThanOrEqualTo(5);
    long seed = System.nanoTime();
    System.out.println("ConsoleTest seed " + seed);
    Random rnd = new Random(seed);
    try (DatasetsClient client = DatasetsClient.connect(s.server.target())) {
      int checked = 0;
      for (JsonNode d : datasets) {
        String slug = d.path("slug").asText();
        assertThat(d.path("group").asText()).isEqualTo(slug.substring(0, Math.max(0, slug.lastIndexOf('.'))));
        assertThat(d.path("schema").findValuesAsText("name")).isNotEmpty();
        for (JsonNode c : d.path("collections")) {
          CollectionClient cc = client.dataset(slug).collection(c.path("name").asText());
          DatapointTable all = cc.query(Query.all());
          assertThat(c.path("count").asLong()).as(slug).isEqualTo(all.size());
          // brute force: every datapoint's time, bucketed by UTC day and month
          Map<String, Long> days = new TreeMap<>();
          Map<String, Long> months = new TreeMap<>();
          for (int i = 0; i < all.size(); i++) {
            LocalDate day = LocalDate.ofInstant(all.time(i), ZoneOffset.UTC);
            days.merge(day.atStartOfDay(ZoneOffset.UTC).toInstant().toString(), 1L, Long::sum);
            months.merge(day.withDayOfMonth(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString(), 1L, Long::sum);
          }
          String bucket = rnd.nextBoolean() ? "day" : "month";
          JsonNode h = json(s, "/console/api/histogram?dataset=" + q(slug) + "&collection=" + q(c.path("name").asText())
              + "&bucket=" + bucket);
          Map<String, Long> got = new TreeMap<>();
          h.path("buckets").forEach(b -> got.put(b.path("start").asText(), b.path("count").asLong()));
          assertThat(got).as("%s/%s per %s", slug, c.path("name").asText(), bucket).isEqualTo(bucket.equals("day") ? days : months);
          if (all.size() > 0) {
            assertThat(c.path("first_time").asText()).isEqualTo(min(all).toString());
          }
          checked++;
        }
      }
      assertThat(checked).isGreaterThanOrEqualTo(5);
    }
  }

  private static java.time.Instant min(DatapointTable t) {
    java.time.Instant m = t.time(0);
    for (int i = 1; i < t.size(); i++) {
      m = t.time(i).isBefore(m) ? t.time(i) : m;
    }
    return m;
  }

  @Test
  void badInputIsATypedErrorAndTheLibraryComesFromItsWebjar() throws Exception {
    StacTestServer s = StacTestServer.get();
    HttpResponse<byte[]> r = get(s, "/console/api/histogram?dataset=x&collection=y&bucket=week");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("InvalidParameterValue", "'bucket' must be 'day' or 'month'");
    r = get(s, "/console/api/histogram?dataset=x");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("parameter 'collection' is required");
    r = get(s, "/console/api/histogram?dataset=no.such.dataset&collection=c");
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(get(s, "/console/static/../../../etc/passwd").statusCode()).isEqualTo(404);
    assertThat(get(s, "/console/nothing-here").statusCode()).isEqualTo(404);
    HttpResponse<byte[]> post = http.send(HttpRequest.newBuilder(URI.create(s.base + "/console/api/datasets"))
        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(post.statusCode()).isEqualTo(405);
    HttpResponse<byte[]> redirect = get(s, "/console");
    assertThat(redirect.statusCode()).isEqualTo(308);
    assertThat(redirect.headers().firstValue("Location")).hasValue("/console/");
    // the map library is the webjar's file, byte for byte
    HttpResponse<byte[]> leaflet = get(s, "/console/lib/leaflet/leaflet.js");
    assertThat(leaflet.statusCode()).isEqualTo(200);
    assertThat(leaflet.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/resources/webjars/leaflet/1.9.4/dist/leaflet.js")) {
      assertThat(leaflet.body()).isEqualTo(in.readAllBytes());
    }
    // every route's template is its own metrics label
    for (ConsoleRoute route : ConsoleRoute.all()) {
      String example = route.template().replace("{file}", "x.js");
      assertThat(ConsoleRoute.templateOf(example)).isEqualTo(route.template());
    }
    assertThat(ConsoleRoute.templateOf("/consolex")).isEqualTo("other");
  }

  @Test
  void thePageDrawsTheFootprintsOfAQueryInARealBrowser() throws Exception {
    StacTestServer s = StacTestServer.get();
    String slug = null;
    String collection = null;
    JsonNode bbox = null;
    for (JsonNode d : json(s, "/console/api/datasets").path("datasets")) {
      for (JsonNode c : d.path("collections")) {
        if (c.path("stac_id").asText().equals("landsat-8-c2-l2")) {
          slug = d.path("slug").asText();
          collection = c.path("name").asText();
          bbox = c.path("bbox");
        }
      }
    }
    assertThat(slug).isNotNull();
    // the western half of the collection's extent
    double w = bbox.get(0).asDouble();
    double so = bbox.get(1).asDouble();
    double e = (bbox.get(0).asDouble() + bbox.get(2).asDouble()) / 2;
    double n = bbox.get(3).asDouble();
    int expected;
    try (DatasetsClient client = DatasetsClient.connect(s.server.target())) {
      expected = client.dataset(slug).collection(collection).query(Query.all().bbox(w, so, e, n)).size();
    }
    assertThat(expected).isGreaterThan(0).isLessThan(750);
    // a job no runner serves: it waits in the queue, submitted
    String jobId;
    try (io.swath.workflows.WorkflowsClient wf = io.swath.workflows.WorkflowsClient.connect(s.server.target())) {
      jobId = wf.jobs().submit(TestServers.uniqueName("console-job"), new ProcessTasks.Hold("/nonexistent", "h"), "console-cluster")
          .id().toString();
    }
    JsonNode jobs = json(s, "/console/api/jobs?limit=1000").path("jobs");
    JsonNode job = null;
    for (JsonNode j : jobs) {
      job = j.path("id").asText().equals(jobId) ? j : job;
    }
    assertThat(job).as(jobs.toString()).isNotNull();
    assertThat(job.path("state").asText()).isEqualTo("submitted");
    assertThat(job.path("cluster").asText()).isEqualTo("console-cluster");
    assertThat(get(s, "/console/api/jobs?limit=0").statusCode()).isEqualTo(400);
    String box = w + "," + so + "," + e + "," + n;
    String url = s.base + "/console/?dataset=" + q(slug) + "&collection=" + q(collection) + "&bbox=" + q(box) + "&run=1&select=first";

    Path out = Path.of("target", "console-screenshots");
    Files.createDirectories(out);
    Browser.Result page = Browser.dumpDom(url);
    Files.writeString(out.resolve("console.html"), page.dom());
    String status = element(page.dom(), "status");
    assertThat(status).as(page.log()).contains("data-state=\"done\"");
    assertThat(attribute(status, "footprints")).isEqualTo(Integer.toString(expected));
    assertThat(attribute(status, "drawn")).isEqualTo(Integer.toString(expected));
    assertThat(attribute(status, "datasets")).isEqualTo(Integer.toString(json(s, "/console/api/datasets").path("datasets").size()));
    assertThat(attribute(status, "selected")).isNotEmpty();
    // one table row per footprint, the clicked footprint's row selected, its details shown
    assertThat(count(page.dom(), "<tr data-id=")).isEqualTo(expected);
    assertThat(count(page.dom(), "class=\"sel\" data-id=\"" + attribute(status, "selected") + "\"")
        + count(page.dom(), "data-id=\"" + attribute(status, "selected") + "\" class=\"sel\"")).isEqualTo(1);
    assertThat(element(page.dom(), "details")).contains(attribute(status, "selected"));
    assertThat(page.dom()).contains("swath query " + slug + " --collection " + collection + " --bbox " + box);
    assertThat(page.dom()).contains(".collection(\"" + collection + "\")");
    assertThat(element(page.dom(), "errors")).doesNotContain("<li>");
    assertThat(page.dom()).contains("data-job=\"" + jobId + "\" data-state=\"submitted\"");
    assertThat(page.log()).doesNotContain("Uncaught").doesNotContain("Failed to load resource");

    Path png = Browser.screenshot(url, out.resolve("console.png"));
    byte[] bytes = Files.readAllBytes(png);
    assertThat(bytes.length).isGreaterThan(10_000);
    assertThat(java.util.Arrays.copyOf(bytes, 4)).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
  }

  private static String element(String dom, String id) {
    Matcher m = Pattern.compile("<(\\w+) id=\"" + id + "\"[^>]*>.*?</\\1>", Pattern.DOTALL).matcher(dom);
    assertThat(m.find()).as("element #%s in%n%s", id, dom.length() > 4000 ? dom.substring(0, 4000) : dom).isTrue();
    return m.group();
  }

  private static String attribute(String element, String name) {
    Matcher m = Pattern.compile("data-" + name + "=\"([^\"]*)\"").matcher(element);
    return m.find() ? m.group(1) : null;
  }

  private static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      n++;
    }
    return n;
  }

  /** Debian's {@code chromium}, headless, one process per page. */
  static final class Browser {
    record Result(String dom, String log) {}

    static Result dumpDom(String url) throws IOException, InterruptedException {
      Path profile = TestServers.tempDir("swath-chromium");
      Path log = profile.resolve("stderr.txt");
      List<String> cmd = new ArrayList<>(base(profile));
      cmd.addAll(List.of("--enable-logging=stderr", "--v=0", "--dump-dom", url));
      Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
      String dom = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      String stderr = Files.readString(log);
      TestServers.deleteTree(profile);
      return new Result(dom, stderr);
    }

    static Path screenshot(String url, Path png) throws IOException, InterruptedException {
      Path profile = TestServers.tempDir("swath-chromium");
      List<String> cmd = new ArrayList<>(base(profile));
      cmd.addAll(List.of("--window-size=1400,900", "--screenshot=" + png.toAbsolutePath(), url));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(profile.resolve("out.txt").toFile()).start();
      assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
      TestServers.deleteTree(profile);
      return png;
    }

    private static List<String> base(Path profile) {
      String chromium = Files.isExecutable(Path.of("/usr/bin/chromium")) ? "/usr/bin/chromium" : "chromium";
      return List.of(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
          "--user-data-dir=" + profile.toAbsolutePath(), "--virtual-time-budget=20000", "--run-all-compositor-stages-before-draw");
    }
  }
}
