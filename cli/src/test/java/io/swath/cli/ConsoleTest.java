package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.swath.client.CollectionClient;
import io.swath.client.DatasetsClient;
import io.swath.client.Query;
import io.swath.core.table.DatapointTable;
import io.swath.server.SwathServer;
import io.swath.server.console.ConsoleRoute;
import io.swath.testing.TestServers;
import io.swath.workflows.ExecutionContext;
import io.swath.workflows.JobId;
import io.swath.workflows.Task;
import io.swath.workflows.TaskHandle;
import io.swath.workflows.TaskRunner;
import io.swath.workflows.WorkflowsClient;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
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
    // the base map is the files of the npm packages the server's build installs under its lockfile
    Path npm = Path.of("..", "server", "target", "basemap-npm");
    JsonNode lock = StacTestServer.JSON.readTree(npm.resolve("package-lock.json").toFile()).path("packages");
    for (String file : List.of("world-atlas/land-110m.json", "topojson-client/dist/topojson-client.min.js")) {
      HttpResponse<byte[]> served = get(s, "/console/lib/basemap/" + file);
      assertThat(served.statusCode()).as(file).isEqualTo(200);
      assertThat(served.body()).as(file).isEqualTo(Files.readAllBytes(npm.resolve("node_modules").resolve(file)));
      String pkg = file.substring(0, file.indexOf('/'));
      String installed = StacTestServer.JSON.readTree(npm.resolve("node_modules").resolve(pkg).resolve("package.json").toFile()).path("version").asText();
      assertThat(installed).as(pkg).isEqualTo(lock.path("node_modules/" + pkg).path("version").asText()).isNotEmpty();
    }
    assertThat(get(s, "/console/lib/basemap/world-atlas/land-110m.json").headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(get(s, "/console/lib/basemap/world-atlas/package.json").statusCode()).isEqualTo(404);
    // every route's template is its own metrics label
    for (ConsoleRoute route : ConsoleRoute.all()) {
      String example = route.template().replace("{file}", "x.js").replace("{job}", java.util.UUID.randomUUID().toString());
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
    // the base map is the land shipped with the server (Natural Earth 1:110m), every polygon of the file drawn, no tiles
    assertThat(attribute(status, "land")).isEqualTo(Integer.toString(landPolygons(s)));
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

  /**
   * Saves a screenshot of the browser's viewport as a test artefact under
   * {@code target/console-screenshots}, checked to be a picture of the whole viewport that is not
   * blank (at least 16 colours).
   */
  static Path screenshot(Chromium browser, String name) throws IOException {
    Path png = browser.screenshot(Files.createDirectories(Path.of("target", "console-screenshots")).resolve(name));
    java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(png.toFile());
    assertThat(img).as(name).isNotNull();
    assertThat(img.getWidth()).as(name).isGreaterThanOrEqualTo(1000);
    java.util.Set<Integer> colours = new java.util.HashSet<>();
    for (int y = 0; y < img.getHeight() && colours.size() < 16; y += 7) {
      for (int x = 0; x < img.getWidth(); x += 7) {
        colours.add(img.getRGB(x, y));
      }
    }
    assertThat(colours).as(name + " is not blank").hasSizeGreaterThanOrEqualTo(16);
    return png;
  }

  /** Polygons of the land object of the TopoJSON file the server serves as its base map, counted from the file. */
  int landPolygons(StacTestServer s) throws Exception {
    JsonNode topo = StacTestServer.JSON.readTree(get(s, "/console/lib/basemap/world-atlas/land-110m.json").body());
    JsonNode land = topo.path("objects").path("land");
    int n = 0;
    for (JsonNode g : land.path("type").asText().equals("GeometryCollection") ? land.path("geometries") : List.of(land)) {
      n += switch (g.path("type").asText()) {
        case "MultiPolygon" -> g.path("arcs").size();
        case "Polygon" -> 1;
        default -> throw new AssertionError("land geometry of type " + g.path("type"));
      };
    }
    assertThat(n).isGreaterThan(100);
    return n;
  }

  // ---------------------------------------------------------------- jobs in a real browser

  /** Gates the steps of the test jobs wait on, by name; the tests open them. */
  static final Map<String, CountDownLatch> GATES = new ConcurrentHashMap<>();

  /** Plans two steps and a merge that depends on both. */
  record ConsolePlan(String gate) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      ctx.logger().log(System.Logger.Level.INFO, "planning two steps and a merge");
      TaskHandle a = ctx.submitSubtask(new ConsoleStep(gate, "a"), o -> o.display("step a"));
      TaskHandle b = ctx.submitSubtask(new ConsoleStep(gate, "b"), o -> o.display("step b"));
      ctx.submitSubtask(new ConsoleMerge(gate), o -> o.dependsOn(a, b).display("merge"));
    }
  }

  /** Waits (ignoring cancellation) until the test opens its gate. */
  record ConsoleStep(String gate, String name) implements Task {
    @Override
    public void execute(ExecutionContext ctx) throws InterruptedException {
      ctx.logger().log(System.Logger.Level.INFO, "step " + name + " started");
      GATES.get(gate + "/" + name).await();
      ctx.logger().log(System.Logger.Level.INFO, "step " + name + " done");
    }
  }

  /** Runs once both steps completed. */
  record ConsoleMerge(String gate) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      ctx.logger().log(System.Logger.Level.INFO, "merged");
    }
  }

  private static final int WAIT_MS = 60_000;

  @Test
  void aRunningJobsGraphIsDrawnUpdatedCancelledAndRetriedFromThePage() throws Exception {
    StacTestServer s = StacTestServer.get();
    String gate = TestServers.uniqueName("gate");
    GATES.put(gate + "/a", new CountDownLatch(1));
    GATES.put(gate + "/b", new CountDownLatch(1));
    String cluster = TestServers.uniqueName("console-graph");
    try (WorkflowsClient wf = WorkflowsClient.connect(s.server.target());
         TaskRunner runner = TaskRunner.builder().client(wf).cluster(cluster).tasks(ConsolePlan.class, ConsoleStep.class, ConsoleMerge.class)
             .maxConcurrentTasks(4).build()) {
      JobId job = wf.jobs().submit(TestServers.uniqueName("landsat-mosaic"), new ConsolePlan(gate), cluster).id();
      runner.start();
      try (Chromium browser = Chromium.start(1400, 900)) {
        browser.navigate(s.base + "/console/?job=" + job);
        String graph = "document.querySelectorAll('#graph g.task')";
        String describe = "JSON.stringify([...document.querySelectorAll('#graph g.task')].map(g => g.dataset.display + ':' + g.dataset.state))"
            + " + ' ' + document.getElementById('errors').textContent";
        // the plan is waiting for its subtasks, both steps run, the merge waits for them
        browser.waitFor(graph + ".length === 4 && " + graph + "[0].closest('svg').querySelectorAll('g.task[data-state=running]').length === 2",
            WAIT_MS, describe);
        JsonNode nodes = browser.eval("[...document.querySelectorAll('#graph g.task')].map(g => ({ display: g.dataset.display, state:"
            + " g.dataset.state, y: g.transform.baseVal[0].matrix.f }))");
        Map<String, JsonNode> byName = new TreeMap<>();
        nodes.forEach(n -> byName.put(n.path("display").asText(), n));
        assertThat(byName.keySet()).containsExactly("ConsolePlan", "merge", "step a", "step b");
        assertThat(byName.get("ConsolePlan").path("state").asText()).isEqualTo("computed");
        assertThat(byName.get("merge").path("state").asText()).isEqualTo("waiting");
        // laid out by depth: the plan above the steps, the steps above the merge that depends on them
        double plan = byName.get("ConsolePlan").path("y").asDouble();
        double step = byName.get("step a").path("y").asDouble();
        assertThat(byName.get("step b").path("y").asDouble()).isEqualTo(step);
        assertThat(plan).isLessThan(step);
        assertThat(step).isLessThan(byName.get("merge").path("y").asDouble());
        // arrows: plan to each of its three subtasks, each step to the merge (dotted)
        assertThat(browser.eval("document.querySelectorAll('#graph path.edge.parent').length").asInt()).isEqualTo(3);
        assertThat(browser.eval("document.querySelectorAll('#graph path.edge.dependency').length").asInt()).isEqualTo(2);
        assertThat(browser.eval("document.getElementById('jobview').dataset.polling").asText()).isEqualTo("on");
        assertThat(browser.eval("document.getElementById('job-cancel').hidden").asBoolean()).isFalse();
        assertThat(browser.eval("document.getElementById('job-retry').hidden").asBoolean()).isTrue();

        // step a finishes: the page shows it without being reloaded
        int updates = browser.eval("Number(document.getElementById('jobview').dataset.updates)").asInt();
        GATES.get(gate + "/a").countDown();
        browser.waitFor("document.querySelector('#graph g.task[data-display=\"step a\"]').dataset.state === 'completed'", WAIT_MS, describe);
        assertThat(browser.eval("Number(document.getElementById('jobview').dataset.updates)").asInt()).isGreaterThan(updates);

        // a task's logs on click
        browser.click("#graph g.task[data-display=\"step a\"]");
        browser.waitFor("document.querySelector('#logs') && document.querySelector('#logs').textContent.includes('step a done')", WAIT_MS,
            "document.getElementById('task-pane').textContent");
        screenshot(browser, "console-jobs.png");
        assertThat(browser.eval("document.getElementById('logs').textContent").asText()).contains("step a started", "attempt 0");
        assertThat(browser.eval("document.querySelector('#graph g.task.sel').dataset.display").asText()).isEqualTo("step a");

        // cancel from the page: the server's job is cancelled, the page stops polling and offers retry
        browser.click("#job-cancel");
        browser.waitFor("document.getElementById('jobview').dataset.state === 'cancelled'"
            + " && document.getElementById('jobview').dataset.polling === 'off'", WAIT_MS, describe);
        assertThat(wf.jobs().find(job).state()).isEqualTo(io.swath.workflows.JobState.CANCELLED);
        assertThat(browser.eval("document.getElementById('job-cancel').hidden").asBoolean()).isTrue();
        assertThat(browser.eval("document.getElementById('job-retry').hidden").asBoolean()).isFalse();
        assertThat(browser.eval("document.querySelector('#graph g.task[data-display=\"merge\"]').dataset.state").asText()).isEqualTo("cancelled");
        int afterCancel = browser.eval("Number(document.getElementById('jobview').dataset.updates)").asInt();

        // retry from the page: polling resumes; once step b is let through the job completes
        browser.click("#job-retry");
        browser.waitFor("document.getElementById('jobview').dataset.polling === 'on'", WAIT_MS, describe);
        assertThat(wf.jobs().find(job).state()).isIn(io.swath.workflows.JobState.RUNNING, io.swath.workflows.JobState.SUBMITTED);
        GATES.get(gate + "/b").countDown();
        browser.waitFor("document.getElementById('jobview').dataset.state === 'completed'"
            + " && document.getElementById('jobview').dataset.polling === 'off'", WAIT_MS, describe);
        assertThat(wf.jobs().find(job).state()).isEqualTo(io.swath.workflows.JobState.COMPLETED);
        assertThat(browser.eval("document.querySelectorAll('#graph g.task[data-state=completed]').length").asInt()).isEqualTo(4);
        // no more polls once final: the count stays where it is while the page keeps running
        int finalUpdates = browser.eval("Number(document.getElementById('jobview').dataset.updates)").asInt();
        assertThat(finalUpdates).isGreaterThan(afterCancel);
        browser.eval("new Promise(r => setTimeout(r, 2500))");
        assertThat(browser.eval("Number(document.getElementById('jobview').dataset.updates)").asInt()).isEqualTo(finalUpdates);
        assertThat(browser.eval("document.getElementById('errors').textContent").asText()).isEmpty();
        assertThat(browser.exceptions()).isEmpty();
      }
    } finally {
      GATES.values().forEach(CountDownLatch::countDown);
    }
  }

  @Test
  void aReadOnlyKeySeesNoCancelOrRetryAndAWriteKeyCancels() throws Exception {
    SwathServer server = SwathServer.builder().dataDir(TestServers.tempDir("swath-console-keys")).port(0).httpPort(0)
        .initAdminKey(true).build().start();
    try {
      String url = server.target();
      String admin = server.initialAdminKey().orElseThrow();
      String reader = CommandLineTest.capture("keys", "create", "--name", "console-reader", "--owner", "tests", "--scope", "read",
          "--url", url, "--api-key", admin)[1].trim();
      String writer = CommandLineTest.capture("keys", "create", "--name", "console-writer", "--owner", "tests", "--scope", "write",
          "--url", url, "--api-key", admin)[1].trim();
      assertThat(reader).startsWith("swk_");
      assertThat(writer).startsWith("swk_");
      String base = "http://127.0.0.1:" + server.httpPort();
      JobId job;
      try (WorkflowsClient wf = WorkflowsClient.builder().target(url).apiKey(writer).build()) {
        // no runner serves this cluster: the job stays submitted
        job = wf.jobs().submit("console-keys", new ConsoleMerge("none"), TestServers.uniqueName("idle")).id();
      }
      // what each key may do, and the rules on the new routes
      assertThat(send(base, "GET", "/console/api/me", null, null).statusCode()).isEqualTo(401);
      JsonNode me = StacTestServer.JSON.readTree(send(base, "GET", "/console/api/me", reader, null).body());
      assertThat(me.path("key").asText()).isEqualTo("console-reader");
      assertThat(me.path("keys_required").asBoolean()).isTrue();
      assertThat(me.path("may").path("read").asBoolean()).isTrue();
      assertThat(me.path("may").path("write").asBoolean()).isFalse();
      me = StacTestServer.JSON.readTree(send(base, "GET", "/console/api/me", writer, null).body());
      assertThat(me.path("may").path("write").asBoolean()).isTrue();
      assertThat(me.path("may").path("admin").asBoolean()).isFalse();
      assertThat(send(base, "POST", "/console/api/jobs/" + job + "/cancel", reader, null).statusCode()).isEqualTo(403);
      assertThat(send(base, "GET", "/console/api/jobs/" + job + "/cancel", writer, null).statusCode()).isEqualTo(405);
      HttpResponse<byte[]> crossSite = send(base, "POST", "/console/api/jobs/" + job + "/cancel", writer, "http://example.org");
      assertThat(crossSite.statusCode()).isEqualTo(403);
      assertThat(new String(crossSite.body(), StandardCharsets.UTF_8)).contains("another site");
      assertThat(send(base, "POST", "/console/api/jobs/not-a-job/cancel", writer, null).statusCode()).isEqualTo(400);
      assertThat(send(base, "GET", "/console/api/jobs/" + job, reader, null).statusCode()).isEqualTo(200);

      try (Chromium browser = Chromium.start(1400, 900)) {
        for (String key : List.of(reader, writer)) {
          browser.navigate(base + "/console/?job=" + job);
          // the page asks for a key; typed in, it loads and opens the job
          browser.waitFor("!document.getElementById('key').hidden", WAIT_MS, "document.getElementById('status').textContent");
          boolean write = key.equals(writer);
          if (!write) {
            screenshot(browser, "console-key.png");
          }
          browser.click("#key-input");
          browser.type(key);
          browser.click("#key button[type=submit]");
          browser.waitFor("document.getElementById('jobview').dataset.state === 'submitted'"
              + " && document.getElementById('who').textContent !== ''", WAIT_MS, "document.getElementById('status').textContent");
          assertThat(browser.eval("document.getElementById('who').textContent").asText())
              .startsWith("key console-" + (write ? "writer" : "reader"));
          assertThat(browser.eval("document.getElementById('job-cancel').hidden").asBoolean()).as("cancel hidden").isEqualTo(!write);
          assertThat(browser.eval("document.getElementById('job-retry').hidden").asBoolean()).as("retry hidden").isTrue();
          assertThat(browser.eval("[...document.querySelectorAll('#job-bar button')].filter(b => b.offsetParent !== null)"
              + ".map(b => b.id)")).map(JsonNode::asText).containsExactly(write ? new String[] {"job-cancel", "job-close"}
              : new String[] {"job-close"});
          screenshot(browser, write ? "console-job-write-key.png" : "console-job-read-key.png");
          if (write) {
            browser.click("#job-cancel");
            browser.waitFor("document.getElementById('jobview').dataset.state === 'cancelled'", WAIT_MS,
                "document.getElementById('errors').textContent");
            assertThat(browser.eval("document.getElementById('job-retry').hidden").asBoolean()).isFalse();
          }
          assertThat(browser.eval("document.getElementById('errors').textContent").asText()).isEmpty();
          browser.eval("sessionStorage.clear()");
        }
        assertThat(browser.exceptions()).isEmpty();
      }
      try (WorkflowsClient wf = WorkflowsClient.builder().target(url).apiKey(reader).build()) {
        assertThat(wf.jobs().find(job).state()).isEqualTo(io.swath.workflows.JobState.CANCELLED);
      }
    } finally {
      server.close();
    }
  }

  private HttpResponse<byte[]> send(String base, String method, String path, String key, String origin) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    if (origin != null) {
      b.header("Origin", origin);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  // ---------------------------------------------------------------- footprints: clicks and drawing time

  @Test
  void clickingAFootprintSelectsItsRowAndARowItsFootprintAndDrawingIsTimed() throws Exception {
    SwathServer server = TestServers.start("console-draw");
    Path stac = DemoData.stacDir().orElseThrow();
    String slug = "console.many.scenes";
    try (DatasetsClient client = DatasetsClient.connect(server.target())) {
      // 1,187 real footprints in one collection: the Landsat and NAIP fixtures
      StacIngest.ingest(client, slug, "scenes", List.of(stac.resolve("planetary-computer/landsat-8-c2-l2.items.ndjson"),
          stac.resolve("planetary-computer/naip.items.ndjson")), false);
      assertThat(client.dataset(slug).collection("scenes").query(Query.all()).size()).isGreaterThan(1000);
    }
    String base = "http://127.0.0.1:" + server.httpPort();
    String url = base + "/console/?dataset=" + q(slug) + "&collection=scenes&limit=1000&run=1";
    List<String[]> runs = new ArrayList<>();
    try (Chromium browser = Chromium.start(1400, 900)) {
      String status = "document.getElementById('status')";
      for (int run = 0; run < 5; run++) {
        browser.navigate(url);
        browser.waitFor(status + ".dataset.state === 'done'", 120_000, status + ".textContent");
        JsonNode d = browser.eval("({ ..." + status + ".dataset })");
        assertThat(d.path("footprints").asInt()).isEqualTo(1000);
        assertThat(d.path("drawn").asInt()).isEqualTo(1000);
        // the drawing time ends with a frame the browser drew, not with the page's fallback timer
        assertThat(d.path("drawnBy").asText()).isEqualTo("frame");
        runs.add(new String[] {d.path("treeMs").asText(), d.path("treeFetchMs").asText(), d.path("treeDrawnBy").asText(),
            d.path("landMs").asText(), d.path("fetchMs").asText(), d.path("drawMs").asText()});
      }
      StringBuilder report = new StringBuilder("run\tpage to tree drawn ms\ttree fetch+draw ms\ttree time ended by"
          + "\tpage to land drawn ms\tsearch fetch ms\t1000 footprints draw ms\n");
      for (int i = 0; i < runs.size(); i++) {
        report.append(i + 1);
        for (String v : runs.get(i)) {
          report.append('\t').append(v);
        }
        report.append('\n');
      }
      Path out = Files.createDirectories(Path.of("target", "console-screenshots"));
      Files.writeString(out.resolve("draw-times.tsv"), report);
      System.out.println("ConsoleTest drawing times (chromium " + browser.eval("navigator.userAgent").asText() + "):\n" + report);
      screenshot(browser, "console-1000-footprints.png");

      // a real click inside a footprint (its vertices' mean, with the map zoomed in on it) selects it and its row
      JsonNode click = browser.eval("(() => {"
          + " const row = [...document.querySelectorAll('#table tbody tr')].find(r => r.feature.geometry.type === 'Polygon');"
          + " const ring = row.feature.geometry.coordinates[0].slice(0, -1);"
          + " const lon = ring.reduce((s, p) => s + p[0], 0) / ring.length, lat = ring.reduce((s, p) => s + p[1], 0) / ring.length;"
          + " const m = swathConsole.map; m.setView([lat, lon], 9, { animate: false });"
          + " const pt = m.latLngToContainerPoint([lat, lon]), box = m.getContainer().getBoundingClientRect();"
          + " return { x: box.left + pt.x, y: box.top + pt.y, lon, lat }; })()");
      browser.clickAt(click.path("x").asDouble(), click.path("y").asDouble());
      browser.waitFor(status + ".dataset.selected", WAIT_MS, status + ".outerHTML");
      JsonNode sel = browser.eval("(() => { const rows = [...document.querySelectorAll('#table tbody tr.sel')];"
          + " const inside = (ring, x, y) => { let c = false; for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {"
          + "   const [xi, yi] = ring[i], [xj, yj] = ring[j];"
          + "   if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) c = !c; } return c; };"
          + " const g = rows[0].feature.geometry, polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;"
          + " return { rows: rows.length, id: rows[0].dataset.id, selected: " + status + ".dataset.selected,"
          + "   details: document.querySelector('#details h3').textContent,"
          + "   contains: polys.some(p => inside(p[0], " + click.path("lon").asDouble() + ", " + click.path("lat").asDouble() + ")) }; })()");
      assertThat(sel.path("rows").asInt()).isEqualTo(1);
      assertThat(sel.path("id").asText()).isEqualTo(sel.path("selected").asText()).isEqualTo(sel.path("details").asText());
      assertThat(sel.path("contains").asBoolean()).as("the selected footprint contains the clicked point").isTrue();
      // the details: every property and every asset of the item, as the STAC API serves it, assets as links
      String stacId = StacTestServer.JSON.readTree(send(base, "GET", "/console/api/datasets", null, null).body())
          .path("datasets").get(0).path("collections").get(0).path("stac_id").asText();
      JsonNode item = StacTestServer.JSON.readTree(send(base, "GET", "/collections/" + q(stacId) + "/items/"
          + q(sel.path("id").asText()), null, null).body());
      JsonNode shown = browser.eval("(() => { const d = document.getElementById('details');"
          + " return { properties: [...d.querySelectorAll('dl.properties dt')].map(e => e.textContent),"
          + "   assets: [...d.querySelectorAll('dl.assets dt')].map(e => e.textContent),"
          + "   hrefs: [...d.querySelectorAll('dl.assets a')].map(a => a.getAttribute('href')) }; })()");
      List<String> properties = new ArrayList<>();
      item.path("properties").fieldNames().forEachRemaining(properties::add);
      List<String> assets = new ArrayList<>();
      List<String> hrefs = new ArrayList<>();
      item.path("assets").fields().forEachRemaining(e -> {
        assets.add(e.getKey());
        hrefs.add(e.getValue().path("href").asText());
      });
      assertThat(properties).hasSizeGreaterThan(5);
      assertThat(assets).isNotEmpty();
      assertThat(shown.path("properties")).map(JsonNode::asText).containsExactlyInAnyOrderElementsOf(properties);
      assertThat(shown.path("assets")).map(JsonNode::asText).containsExactlyInAnyOrderElementsOf(assets);
      assertThat(shown.path("hrefs")).map(JsonNode::asText).containsExactlyInAnyOrderElementsOf(hrefs);
      // and a click on another row selects that row and its footprint
      String other = browser.eval("document.querySelector('#table tbody tr:nth-child(7)').dataset.id").asText();
      assertThat(other).isNotEqualTo(sel.path("id").asText());
      browser.click("#table tbody tr:nth-child(7)");
      browser.waitFor(status + ".dataset.selected === " + StacTestServer.JSON.valueToTree(other), WAIT_MS, status + ".outerHTML");
      assertThat(browser.eval("[...document.querySelectorAll('#table tbody tr.sel')].map(r => r.dataset.id)")).map(JsonNode::asText)
          .containsExactly(other);
      assertThat(browser.eval("document.querySelector('#details h3').textContent").asText()).isEqualTo(other);
      screenshot(browser, "console-details.png");
      assertThat(browser.eval("document.getElementById('errors').textContent").asText()).isEmpty();
      assertThat(browser.exceptions()).isEmpty();
    } finally {
      server.close();
    }
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
