package io.swath.server.console;

import java.util.Arrays;
import java.util.List;

/**
 * Every HTTP route of the web console, in one place: the method, the path template and what it
 * answers. Metrics label requests with {@link #template()}; an access rule can be written per
 * route.
 */
public enum ConsoleRoute {
  /** Redirects to {@code /console/}. */
  ROOT("GET", "/console", "redirect to /console/"),
  /** The page. */
  PAGE("GET", "/console/", "the console's HTML page"),
  /** The page's own script and style sheet. */
  ASSET("GET", "/console/static/{file}", "the console's script and style sheet"),
  /** Files of the map library, from its webjar. */
  LIBRARY("GET", "/console/lib/leaflet/{file}", "the Leaflet map library, from the org.webjars.npm:leaflet jar"),
  /** The offline base map: land and its reader, from npm packages installed when the server is built. */
  BASEMAP("GET", "/console/lib/basemap/{file}", "the offline base map: Natural Earth land 1:110m (npm world-atlas, "
      + "world-atlas/land-110m.json) and its TopoJSON reader (npm topojson-client, topojson-client/dist/topojson-client.min.js)"),
  /** The dataset tree with each dataset's kind, schema and collections. */
  DATASETS("GET", "/console/api/datasets", "datasets with kind, schema and collections (count, first/last time, extent)"),
  /** Datapoints per day or month of one collection. */
  HISTOGRAM("GET", "/console/api/histogram", "datapoints per day or month of a collection: ?dataset=D&collection=C&bucket=day|month"),
  /** The newest jobs with their state, task counts and progress. */
  JOBS("GET", "/console/api/jobs", "the newest jobs (?limit=N, 1 to 1000, default 50) with state, task counts and progress"),
  /** One job with its tasks and their dependencies, for the task graph. */
  JOB("GET", "/console/api/jobs/{job}", "a job with its tasks, their parents, dependencies and states (?limit=N tasks, 1 to 20000, default 2000)"),
  /** Log lines of a job or of one of its tasks. */
  LOGS("GET", "/console/api/jobs/{job}/logs", "log lines of a job, oldest first (?task=T for one task's, ?limit=N, 1 to 10000, default 500)"),
  /** Cancels a job. */
  CANCEL("POST", "/console/api/jobs/{job}/cancel", "cancels a job: tasks not started never run, running ones are told to stop"),
  /** Runs a job's failed and cancelled tasks again. */
  RETRY("POST", "/console/api/jobs/{job}/retry", "runs the failed and cancelled tasks of a job again; completed work is kept"),
  /** What the caller's API key may do. */
  ME("GET", "/console/api/me", "what the presented API key may do: its name and read/write/runner/admin, all true on a server without keys");

  private final String method;
  private final String template;
  private final String description;

  ConsoleRoute(String method, String template, String description) {
    this.method = method;
    this.template = template;
    this.description = description;
  }

  /** The HTTP method ({@code HEAD} is answered wherever {@code GET} is). */
  public String method() {
    return method;
  }

  /** The path template, e.g. {@code /console/lib/leaflet/{file}}. */
  public String template() {
    return template;
  }

  /** What the route answers. */
  public String description() {
    return description;
  }

  /** All routes. */
  public static List<ConsoleRoute> all() {
    return Arrays.asList(values());
  }

  /** The template of a console path for metrics, or {@code other}; ids and file names never become labels. */
  public static String templateOf(String path) {
    if (path.equals("/console")) {
      return ROOT.template;
    }
    if (path.equals("/console/")) {
      return PAGE.template;
    }
    if (path.startsWith("/console/static/")) {
      return ASSET.template;
    }
    if (path.startsWith("/console/lib/leaflet/")) {
      return LIBRARY.template;
    }
    if (path.startsWith("/console/lib/basemap/")) {
      return BASEMAP.template;
    }
    for (ConsoleRoute r : List.of(DATASETS, HISTOGRAM, JOBS, ME)) {
      if (path.equals(r.template)) {
        return r.template;
      }
    }
    if (path.startsWith("/console/api/jobs/")) {
      String rest = path.substring("/console/api/jobs/".length());
      int slash = rest.indexOf('/');
      if (slash < 0) {
        return rest.isEmpty() ? "other" : JOB.template;
      }
      if (slash == 0) {
        return "other";
      }
      return switch (rest.substring(slash)) {
        case "/logs" -> LOGS.template;
        case "/cancel" -> CANCEL.template;
        case "/retry" -> RETRY.template;
        default -> "other";
      };
    }
    return "other";
  }

  /** The route whose template is {@code template}, if any. */
  public static java.util.Optional<ConsoleRoute> ofTemplate(String template) {
    for (ConsoleRoute r : values()) {
      if (r.template.equals(template)) {
        return java.util.Optional.of(r);
      }
    }
    return java.util.Optional.empty();
  }

  /** The {@code {job}} segment of a path of {@link #JOB}, {@link #LOGS}, {@link #CANCEL} or {@link #RETRY}. */
  static String jobSegment(String path) {
    String rest = path.substring("/console/api/jobs/".length());
    int slash = rest.indexOf('/');
    return slash < 0 ? rest : rest.substring(0, slash);
  }
}
