package io.swath.server.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.swath.core.error.InvalidArgumentException;
import io.swath.core.error.NotFoundException;
import io.swath.core.id.Uuids;
import io.swath.core.schema.Field;
import io.swath.server.catalog.CatalogStore;
import io.swath.server.catalog.CollectionRecord;
import io.swath.server.catalog.DatasetRecord;
import io.swath.server.db.Database;
import io.swath.server.security.Authorization;
import io.swath.server.security.Principal;
import io.swath.server.security.Scope;
import io.swath.server.workflows.JobRecord;
import io.swath.server.workflows.LogRecord;
import io.swath.server.workflows.ProgressRecord;
import io.swath.server.workflows.TaskRecord;
import io.swath.server.workflows.TaskState;
import io.swath.server.workflows.WorkflowStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The web console as an HTTP handler mounted at {@code /console}: the page and its files from the
 * classpath, the Leaflet map library from its webjar ({@code org.webjars.npm:leaflet}), the
 * offline base map (Natural Earth land from the npm package {@code world-atlas}, read in the page
 * by the npm package {@code topojson-client}; both installed by the build under a lockfile), and JSON
 * endpoints: the dataset tree, a collection's timeline histogram, jobs with their task graphs and
 * logs, cancel and retry, and what the caller's key may do. Searches go to the STAC API at the
 * root of the same port. The routes are listed in {@link ConsoleRoute}; bad input is answered
 * with 400 and {@code {"code":...,"description":...}}, unknown paths with 404, a method a route
 * does not take with 405. Jobs are read and changed through {@link WorkflowStore}, as the gRPC
 * job service does.
 */
public final class ConsoleApi implements HttpHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleApi.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String STATIC = "io/swath/server/console/static/";
  /** Where the build copies the base map's npm packages (server/pom.xml, src/main/npm). */
  private static final String BASEMAP = "io/swath/server/console/basemap/";

  private final CatalogStore catalog;
  private final Database db;
  private final WorkflowStore workflows;
  private final String leafletRoot;

  /** The console over {@code catalog} and {@code workflows}, whose histograms are counted in {@code db}. */
  public ConsoleApi(CatalogStore catalog, WorkflowStore workflows, Database db) {
    this.catalog = catalog;
    this.workflows = workflows;
    this.db = db;
    this.leafletRoot = "META-INF/resources/webjars/leaflet/" + webjarVersion("org.webjars.npm", "leaflet") + "/dist/";
  }

  private static String webjarVersion(String group, String artifact) {
    String props = "META-INF/maven/" + group + "/" + artifact + "/pom.properties";
    try (InputStream in = ConsoleApi.class.getClassLoader().getResourceAsStream(props)) {
      if (in == null) {
        throw new IllegalStateException("the webjar " + group + ":" + artifact + " is not on the classpath (" + props + ")");
      }
      Properties p = new Properties();
      p.load(in);
      return p.getProperty("version");
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + props, e);
    }
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String method = ex.getRequestMethod();
      String path = ex.getRequestURI().getPath();
      try {
        ConsoleRoute route = ConsoleRoute.ofTemplate(ConsoleRoute.templateOf(path))
            .orElseThrow(() -> new ConsoleException(404, "NotFound", "no console resource at " + path));
        boolean get = route.method().equals("GET");
        if (!method.equals(route.method()) && !(get && method.equals("HEAD"))) {
          ex.getResponseHeaders().set("Allow", get ? "GET, HEAD" : route.method());
          throw new ConsoleException(405, "MethodNotAllowed", "method " + method + " not allowed on " + path + ": use " + route.method());
        }
        if (!get) {
          refuseCrossSite(ex);
        }
        route(ex, route, path);
      } catch (ConsoleException e) {
        sendError(ex, e.status, e.code, e.getMessage());
      } catch (NotFoundException e) {
        sendError(ex, 404, "NotFound", e.getMessage());
      } catch (IllegalArgumentException | InvalidArgumentException e) {
        sendError(ex, 400, "InvalidParameterValue", e.getMessage());
      } catch (SQLException e) {
        LOG.warn("console: database error on {}: {}", path, e.getMessage());
        ex.getResponseHeaders().set("Retry-After", "1");
        sendError(ex, 503, "ServiceUnavailable", "the database is unavailable: " + e.getMessage());
      }
    }
  }

  /**
   * Refuses a request that changes something when a browser says it comes from a page of another
   * site ({@code Origin} not this server): on a server without keys any page the user opens could
   * otherwise cancel their jobs with a plain form post.
   */
  private static void refuseCrossSite(HttpExchange ex) {
    String origin = ex.getRequestHeaders().getFirst("Origin");
    String host = ex.getRequestHeaders().getFirst("Host");
    if (origin == null) {
      return;
    }
    String originHost;
    try {
      URI u = URI.create(origin);
      originHost = u.getPort() < 0 ? u.getHost() : u.getHost() + ":" + u.getPort();
    } catch (IllegalArgumentException e) {
      originHost = null;
    }
    if (originHost == null || host == null || !originHost.equalsIgnoreCase(host)) {
      throw new ConsoleException(403, "Forbidden", "a request from another site (Origin " + origin + ") may not change jobs");
    }
  }

  private void route(HttpExchange ex, ConsoleRoute route, String path) throws IOException, SQLException {
    Map<String, String> q = path.startsWith("/console/api/") ? query(ex.getRequestURI().getRawQuery()) : Map.of();
    switch (route) {
      case ROOT -> {
        ex.getResponseHeaders().set("Location", "/console/");
        ex.sendResponseHeaders(308, -1);
      }
      case PAGE -> sendResource(ex, STATIC + "index.html");
      case ASSET -> sendResource(ex, STATIC + fileName(path, "/console/static/"));
      case LIBRARY -> sendResource(ex, leafletRoot + fileName(path, "/console/lib/leaflet/"));
      case BASEMAP -> sendResource(ex, BASEMAP + fileName(path, "/console/lib/basemap/"));
      case DATASETS -> sendJson(ex, datasets());
      case HISTOGRAM -> {
        String bucket = q.getOrDefault("bucket", "day");
        if (!bucket.equals("day") && !bucket.equals("month")) {
          throw badRequest("'bucket' must be 'day' or 'month', got '" + bucket + "'");
        }
        CollectionRecord c = catalog.collection(required(q, "dataset"), required(q, "collection"));
        sendJson(ex, histogram(c, bucket));
      }
      case JOBS -> sendJson(ex, jobs(intParam(q, "limit", 50, 1000)));
      case JOB -> sendJson(ex, job(jobId(path), intParam(q, "limit", 2000, 20_000)));
      case LOGS -> {
        String task = q.get("task");
        UUID taskId = task == null || task.isEmpty() ? null : Uuids.parse("task id", task);
        sendJson(ex, logs(jobId(path), taskId, intParam(q, "limit", 500, 10_000)));
      }
      case CANCEL -> sendJson(ex, wrapJob(workflows.cancel(jobId(path))));
      case RETRY -> sendJson(ex, wrapJob(workflows.retry(jobId(path))));
      case ME -> sendJson(ex, me(Authorization.caller(ex).orElse(Principal.OPEN)));
    }
  }

  private static UUID jobId(String path) {
    return Uuids.parse("job id", URLDecoder.decode(ConsoleRoute.jobSegment(path), StandardCharsets.UTF_8));
  }

  /** Integer parameter {@code name}, from 1 to {@code max}, {@code dflt} when absent. */
  private static int intParam(Map<String, String> q, String name, int dflt, int max) {
    String v = q.get(name);
    if (v == null) {
      return dflt;
    }
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      n = 0;
    }
    if (n < 1 || n > max) {
      throw badRequest("'" + name + "' must be an integer from 1 to " + max + ", got '" + v + "'");
    }
    return n;
  }

  /** What {@code caller} may do over HTTP (grants limited to datasets or clusters do not count there). */
  private static ObjectNode me(Principal caller) {
    ObjectNode root = JSON.createObjectNode();
    boolean open = caller == Principal.OPEN;
    root.put("keys_required", !open);
    if (open) {
      root.putNull("key");
    } else {
      root.put("key", caller.name());
    }
    ObjectNode may = root.putObject("may");
    for (Scope s : List.of(Scope.READ, Scope.WRITE, Scope.RUNNER, Scope.ADMIN)) {
      may.put(s.label(), caller.allowsEverywhere(s));
    }
    return root;
  }

  private static ObjectNode wrapJob(JobRecord j) {
    ObjectNode root = JSON.createObjectNode();
    jobJson(root.putObject("job"), j);
    return root;
  }

  /** A job and its tasks (at most {@code limit}, in creation order), for the task graph. */
  private ObjectNode job(UUID id, int limit) throws SQLException {
    ObjectNode root = JSON.createObjectNode();
    JobRecord j = workflows.job(id);
    jobJson(root.putObject("job"), j);
    List<TaskRecord> tasks = workflows.tasks(id, limit + 1);
    root.put("truncated", tasks.size() > limit);
    ArrayNode out = root.putArray("tasks");
    for (TaskRecord t : tasks.subList(0, Math.min(limit, tasks.size()))) {
      ObjectNode n = out.addObject();
      n.put("id", t.id().toString());
      n.put("parent", t.parentId() == null ? null : t.parentId().toString());
      n.put("name", t.name());
      n.put("display", t.display().isEmpty() ? t.name() : t.display());
      n.put("state", taskState(t.state()));
      n.put("attempts", t.attempts());
      n.put("optional", t.optional());
      n.put("cluster", t.cluster());
      n.put("created_at", time(t.createdUs()));
      n.put("started_at", time(t.startedUs()));
      n.put("finished_at", time(t.finishedUs()));
      if (!t.error().isEmpty()) {
        n.put("error", t.error());
      }
      ArrayNode deps = n.putArray("depends_on");
      t.dependsOn().forEach(d -> deps.add(d.toString()));
    }
    return root;
  }

  private ObjectNode logs(UUID job, UUID task, int limit) throws SQLException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode out = root.putArray("lines");
    for (LogRecord l : workflows.logs(job, task, limit)) {
      out.addObject().put("task", l.taskId().toString()).put("attempt", l.attempt()).put("time", time(l.timeUs()))
          .put("level", LEVELS[Math.max(0, Math.min(LEVELS.length - 1, l.level()))]).put("message", l.message());
    }
    root.put("limit", limit);
    return root;
  }

  private static final String[] LEVELS = {"debug", "info", "warn", "error"};

  private static String taskState(TaskState s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  private ObjectNode jobs(int limit) throws SQLException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode out = root.putArray("jobs");
    for (JobRecord j : workflows.listJobs(limit, "")) {
      jobJson(out.addObject(), j);
    }
    return root;
  }

  /** {@code j} written into {@code n}; {@code final} says whether its state can still change by itself. */
  private static ObjectNode jobJson(ObjectNode n, JobRecord j) {
    n.put("id", j.id().toString());
    n.put("name", j.name());
    n.put("state", j.state().name().toLowerCase(Locale.ROOT));
    n.put("final", j.state().isFinal());
    n.put("cluster", j.cluster());
    n.put("root_task", j.rootTaskId().toString());
    n.put("submitted_at", time(j.submittedUs()));
    n.put("started_at", time(j.startedUs()));
    n.put("finished_at", time(j.finishedUs()));
    ObjectNode tasks = n.putObject("tasks");
    j.taskCounts().forEach((s, count) -> tasks.put(taskState(s), count));
    ArrayNode progress = n.putArray("progress");
    for (ProgressRecord p : j.progress()) {
      progress.addObject().put("label", p.label()).put("done", p.done()).put("total", p.total());
    }
    if (!j.error().isEmpty()) {
      n.put("error", j.error());
    }
    return n;
  }

  /** RFC 3339 for a time in microseconds since 1970, null for 0 (not yet). */
  private static String time(long us) {
    return us == 0 ? null : Instant.EPOCH.plusNanos(us * 1000).toString();
  }

  /** The part of {@code path} after {@code prefix}, refused when it could leave the folder. */
  private static String fileName(String path, String prefix) {
    String f = path.substring(prefix.length());
    if (f.isEmpty() || f.contains("..") || f.contains("//") || f.startsWith("/") || f.contains("\\")) {
      throw new ConsoleException(404, "NotFound", "no console resource at " + path);
    }
    return f;
  }

  private ObjectNode datasets() throws SQLException {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode out = root.putArray("datasets");
    for (DatasetRecord d : catalog.listDatasets("")) {
      ObjectNode n = out.addObject();
      n.put("slug", d.slug());
      int dot = d.slug().lastIndexOf('.');
      n.put("group", dot < 0 ? "" : d.slug().substring(0, dot));
      n.put("kind", d.kind().name().toLowerCase(java.util.Locale.ROOT));
      n.put("description", d.description());
      ArrayNode fields = n.putArray("schema");
      for (Field f : d.schema().fields()) {
        ObjectNode fn = fields.addObject();
        fn.put("name", f.name());
        fn.put("type", f.type().name().toLowerCase(java.util.Locale.ROOT) + (f.array() ? "[]" : ""));
        if (!f.description().isEmpty()) {
          fn.put("description", f.description());
        }
      }
      ArrayNode cols = n.putArray("collections");
      for (CollectionRecord c : catalog.listCollections(d.slug())) {
        ObjectNode cn = cols.addObject();
        cn.put("name", c.name());
        cn.put("stac_id", c.stacId());
        cn.put("count", c.count());
        cn.put("first_time", c.firstTimeUs() == null ? null : Instant.EPOCH.plusNanos(c.firstTimeUs() * 1000).toString());
        cn.put("last_time", c.lastTimeUs() == null ? null : Instant.EPOCH.plusNanos(c.lastTimeUs() * 1000).toString());
        if (c.extent() != null) {
          ArrayNode bbox = cn.putArray("bbox");
          bbox.add(c.extent().west()).add(c.extent().south()).add(c.extent().east()).add(c.extent().north());
        }
      }
    }
    return root;
  }

  /**
   * Datapoints of {@code c} per UTC day or month, from the per-day counts of {@code datapoint_days}:
   * one row a day with datapoints, whatever the number of datapoints.
   */
  private ObjectNode histogram(CollectionRecord c, String bucket) throws SQLException {
    Map<Long, Long> perDay = countPerDay(db, c.id());
    TreeMap<LocalDate, Long> buckets = new TreeMap<>();
    for (Map.Entry<Long, Long> e : perDay.entrySet()) {
      LocalDate day = LocalDate.ofEpochDay(e.getKey());
      buckets.merge(bucket.equals("month") ? day.withDayOfMonth(1) : day, e.getValue(), Long::sum);
    }
    ObjectNode root = JSON.createObjectNode();
    root.put("dataset", c.datasetSlug());
    root.put("collection", c.name());
    root.put("bucket", bucket);
    ArrayNode out = root.putArray("buckets");
    for (Map.Entry<LocalDate, Long> e : buckets.entrySet()) {
      out.addObject().put("start", e.getKey().atStartOfDay(ZoneOffset.UTC).toInstant().toString()).put("count", e.getValue());
    }
    return root;
  }

  /** Datapoints per UTC day (days since 1970-01-01) of the collection with database id {@code collectionId}. */
  static Map<Long, Long> countPerDay(Database db, long collectionId) throws SQLException {
    // kept per day by every write of datapoints (migration V14), so no datapoint is read
    String sql = "SELECT day, count FROM datapoint_days WHERE collection_id = ? AND count > 0 ORDER BY day";
    Map<Long, Long> out = new LinkedHashMap<>();
    try (Connection conn = db.connection(); PreparedStatement ps = conn.prepareStatement(sql)) {
      ps.setLong(1, collectionId);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.put(rs.getLong(1), rs.getLong(2));
        }
      }
    }
    return out;
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (q.put(k, v) != null) {
        throw badRequest("parameter '" + k + "' given twice");
      }
    }
    return q;
  }

  private static String required(Map<String, String> q, String name) {
    String v = q.get(name);
    if (v == null || v.isEmpty()) {
      throw badRequest("parameter '" + name + "' is required");
    }
    return v;
  }

  private static ConsoleException badRequest(String message) {
    return new ConsoleException(400, "InvalidParameterValue", message);
  }

  private void sendResource(HttpExchange ex, String resource) throws IOException {
    byte[] body;
    try (InputStream in = ConsoleApi.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new ConsoleException(404, "NotFound", "no console resource at " + ex.getRequestURI().getPath());
      }
      body = in.readAllBytes();
    }
    ex.getResponseHeaders().set("Content-Type", contentType(resource));
    ex.getResponseHeaders().set("Cache-Control", resource.startsWith(leafletRoot) || resource.startsWith(BASEMAP) ? "public, max-age=86400" : "no-cache");
    send(ex, 200, body);
  }

  private static String contentType(String name) {
    String ext = name.substring(name.lastIndexOf('.') + 1);
    return switch (ext) {
      case "html" -> "text/html; charset=utf-8";
      case "js" -> "text/javascript; charset=utf-8";
      case "css" -> "text/css; charset=utf-8";
      case "json", "map" -> "application/json";
      case "geojson" -> "application/geo+json";
      case "png" -> "image/png";
      case "svg" -> "image/svg+xml";
      default -> "application/octet-stream";
    };
  }

  private static void sendJson(HttpExchange ex, ObjectNode body) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.getResponseHeaders().set("Cache-Control", "no-store");
    send(ex, 200, JSON.writeValueAsBytes(body));
  }

  private static void sendError(HttpExchange ex, int status, String code, String message) throws IOException {
    ObjectNode body = JSON.createObjectNode().put("code", code).put("description", message);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    send(ex, status, JSON.writeValueAsBytes(body));
  }

  private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
    boolean head = ex.getRequestMethod().equals("HEAD");
    ex.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** A console request refused with an HTTP status, an error code and a message. */
  private static final class ConsoleException extends RuntimeException {
    private final int status;
    private final String code;

    ConsoleException(int status, String code, String message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }
}
