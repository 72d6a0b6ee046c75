package io.swath.server.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.swath.server.db.Database;
import io.swath.server.metrics.ServerMetrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The server's HTTP side: {@code GET /health} (200 when the database answers, else 503; a JSON
 * body says the database's state, e.g. {@code {"status":"unavailable","database":{"state":"restarting",
 * "since":"...","restarts":1,"last_error":"..."}}}),
 * {@code GET /metrics} (Prometheus text format) and the API mounted at the root (the STAC API),
 * on one port.
 */
public final class HttpApiServer implements AutoCloseable {
  static {
    // Without TCP_NODELAY the last small segment of each response waits for the client's delayed
    // ACK (~40 ms on Linux): paging a STAC search would spend most of its time waiting. The JDK
    // server reads this property once, when its first server starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpServer http;
  private final ExecutorService executor;

  /**
   * Limits of the HTTP port. The JDK's HTTP server reads them once per JVM, when its first server
   * starts, so they are the first server's for every later one in the same JVM (a system property
   * set on the command line, e.g. {@code -Dsun.net.httpserver.maxReqTime=5}, wins over them).
   *
   * @param readTimeout    a request whose headers and body have not all arrived after this is
   *                       dropped and its connection closed, as is a new connection that sends
   *                       nothing (whole seconds, at least 1)
   * @param idleTimeout    a keep-alive connection idle for this long is closed (whole seconds)
   * @param maxConnections most open connections; more are closed as they are accepted
   * @param maxHeaderBytes largest request header block
   */
  public record Limits(java.time.Duration readTimeout, java.time.Duration idleTimeout, int maxConnections, int maxHeaderBytes) {
    /** 30 s to read a request, 30 s idle keep-alive, 4,096 connections, 16 KiB of headers. */
    public static final Limits DEFAULTS = new Limits(java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(30), 4096, 16 << 10);

    private void apply() {
      setDefault("sun.net.httpserver.maxReqTime", Long.toString(seconds(readTimeout)));
      setDefault("sun.net.httpserver.idleInterval", Long.toString(seconds(idleTimeout)));
      // the timers that enforce them run every second (the idle one every 10 s by default)
      setDefault("sun.net.httpserver.clockTick", "1000");
      setDefault("sun.net.httpserver.timerMillis", "1000");
      setDefault("jdk.httpserver.maxConnections", Integer.toString(maxConnections));
      setDefault("sun.net.httpserver.maxReqHeaderSize", Integer.toString(maxHeaderBytes));
    }

    private static long seconds(java.time.Duration d) {
      return Math.max(1, (d.toMillis() + 999) / 1000);
    }

    private static void setDefault(String key, String value) {
      if (System.getProperty(key) == null) {
        System.setProperty(key, value);
      }
    }
  }

  private HttpApiServer(HttpServer http, ExecutorService executor) {
    this.http = http;
    this.executor = executor;
  }

  /** The paths the server itself handles; every other path under {@code /} goes to the API. */
  public static final java.util.List<String> CONTEXTS = java.util.List.of("/health", "/metrics", "/");

  /**
   * Starts listening on {@code host:port} (port 0 = any free port): {@code /health} answers from
   * {@code db}, {@code /metrics} from {@code metrics}, every other path goes to {@code api}; each
   * request is counted in {@code metrics} under the route {@code routes} gives its path; the port
   * keeps to {@code limits}; it serves HTTPS with {@code https} when not null; each handler of {@code mounts} serves the paths under its key (e.g.
   * {@code /console}); every request passes {@code auth} first.
   */
  public static HttpApiServer start(String host, int port, Limits limits, HttpsConfigurator https, Database db, ServerMetrics metrics, HttpHandler api,
                                    Function<String, String> routes, Map<String, HttpHandler> mounts,
                                    com.sun.net.httpserver.Filter auth) throws IOException {
    limits.apply();
    HttpServer http;
    if (https == null) {
      http = HttpServer.create(new InetSocketAddress(host, port), 256);
    } else {
      HttpsServer s = HttpsServer.create(new InetSocketAddress(host, port), 256);
      s.setHttpsConfigurator(https);
      http = s;
    }
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    http.setExecutor(executor);
    http.createContext(CONTEXTS.get(0), counted(ex -> health(ex, db), metrics, routes)).getFilters().add(auth);
    http.createContext(CONTEXTS.get(1), counted(ex -> metrics(ex, metrics::scrape), metrics, routes)).getFilters().add(auth);
    mounts.forEach((prefix, h) -> http.createContext(prefix, counted(h, metrics, routes)).getFilters().add(auth));
    http.createContext(CONTEXTS.get(2), counted(api, metrics, routes)).getFilters().add(auth);
    http.start();
    return new HttpApiServer(http, executor);
  }

  private static void health(HttpExchange ex, Database db) throws IOException {
    try (ex) {
      Database.Health h = db.health();
      Map<String, Object> database = new LinkedHashMap<>();
      database.put("state", h.state().label());
      database.put("since", h.since().toString());
      database.put("restarts", h.restarts());
      if (h.lastError() != null) {
        database.put("last_error", h.lastError());
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("status", h.up() ? "ok" : "unavailable");
      body.put("database", database);
      respond(ex, h.up() ? 200 : 503, JSON.writeValueAsString(body));
    }
  }

  /** {@code h}, with each request counted under its route's template and its status code (0 when none was sent). */
  private static HttpHandler counted(HttpHandler h, ServerMetrics metrics, Function<String, String> routes) {
    return ex -> {
      long t0 = System.nanoTime();
      try {
        h.handle(ex);
      } finally {
        metrics.httpRequest(ex.getRequestMethod(), routes.apply(ex.getRequestURI().getPath()), Math.max(0, ex.getResponseCode()),
            System.nanoTime() - t0);
      }
    };
  }

  private static void metrics(HttpExchange ex, Supplier<String> metrics) throws IOException {
    try (ex) {
      if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
        ex.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(ex, 405, "{\"error\":\"method not allowed: use GET\"}");
        return;
      }
      byte[] body = metrics.get().getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
      boolean head = ex.getRequestMethod().equals("HEAD");
      ex.sendResponseHeaders(200, head ? -1 : body.length);
      if (!head) {
        try (OutputStream out = ex.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }

  private static void respond(HttpExchange ex, int code, String json) throws IOException {
    byte[] body = (json + "\n").getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(code, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
    }
  }

  /** The bound port. */
  public int port() {
    return http.getAddress().getPort();
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
  }
}
