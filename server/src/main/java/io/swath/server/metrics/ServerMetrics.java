package io.swath.server.metrics;

import io.grpc.MethodDescriptor;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * What the server has done, for Prometheus: {@code GET /metrics} on the HTTP port serves
 * {@link #scrape()} in the text exposition format 0.0.4. gRPC calls are counted under the names
 * of go-grpc-prometheus and java-grpc-prometheus ({@code grpc_server_started_total},
 * {@code grpc_server_handled_total}, {@code grpc_server_handling_seconds}, ...), so existing
 * dashboards work; the datapoints queries send and ingests receive, the query streams open right
 * now, the HTTP requests by route, the database pool and the JVM come with them. Thread-safe; counting costs a few
 * adder increments per call.
 */
public final class ServerMetrics {
  /** Upper bounds of the call-duration histogram, in seconds. */
  static final double[] BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

  private final Map<String, Method> methods = new ConcurrentHashMap<>();
  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  private final List<Gauge> gauges = new java.util.concurrent.CopyOnWriteArrayList<>();
  final LongAdder datapointsSent = new LongAdder();
  final LongAdder datapointsReceived = new LongAdder();

  private record Gauge(String type, String name, String help, DoubleSupplier value, Callable<Map<String, Double>> labeled,
                       java.util.concurrent.atomic.AtomicReference<java.util.concurrent.Future<Map<String, Double>>> running) {}

  /** Longest a scrape waits for a labeled gauge (they may query the database); a slower one has no samples that time. */
  static final long LABELED_GAUGE_WAIT_MS = 1000;

  /** Requests and latency of one HTTP route. */
  private static final class Route {
    final Map<Integer, LongAdder> codes = new ConcurrentHashMap<>();
    final Histogram latency = new Histogram();
  }

  /** A latency histogram over {@link #BUCKETS}. */
  static final class Histogram {
    final LongAdder[] buckets = new LongAdder[BUCKETS.length];
    final DoubleAdder seconds = new DoubleAdder();
    final LongAdder count = new LongAdder();

    Histogram() {
      for (int i = 0; i < buckets.length; i++) {
        buckets[i] = new LongAdder();
      }
    }

    void observe(long nanos) {
      double s = nanos / 1e9;
      seconds.add(s);
      count.increment();
      for (int i = 0; i < BUCKETS.length; i++) {
        if (s <= BUCKETS[i]) {
          buckets[i].increment();
          break;
        }
      }
    }

    void write(StringBuilder sb, String name, String labels) {
      long cumulative = 0;
      for (int i = 0; i < BUCKETS.length; i++) {
        cumulative += buckets[i].sum();
        sample(sb, name + "_bucket", labels + ",le=\"" + number(BUCKETS[i]) + "\"", cumulative);
      }
      long n = Math.max(count.sum(), cumulative);
      sample(sb, name + "_bucket", labels + ",le=\"+Inf\"", n);
      sample(sb, name + "_sum", labels, seconds.sum());
      sample(sb, name + "_count", labels, n);
    }
  }

  /** Counts of one gRPC method. */
  static final class Method {
    final String type;
    final String service;
    final String name;
    final LongAdder started = new LongAdder();
    final LongAdder received = new LongAdder();
    final LongAdder sent = new LongAdder();
    final Map<Status.Code, LongAdder> handled = new ConcurrentHashMap<>();
    final Histogram latency = new Histogram();

    Method(MethodDescriptor<?, ?> md) {
      this.type = switch (md.getType()) {
        case UNARY -> "unary";
        case CLIENT_STREAMING -> "client_stream";
        case SERVER_STREAMING -> "server_stream";
        case BIDI_STREAMING -> "bidi_stream";
        case UNKNOWN -> "unknown";
      };
      String full = md.getFullMethodName();
      int slash = full.lastIndexOf('/');
      this.service = slash < 0 ? "" : full.substring(0, slash);
      this.name = full.substring(slash + 1);
    }

    void handled(Status.Code code, long nanos) {
      handled.computeIfAbsent(code, c -> new LongAdder()).increment();
      latency.observe(nanos);
    }
  }

  /** Metrics with the JVM's gauges registered. */
  public ServerMetrics() {
    Runtime rt = Runtime.getRuntime();
    gauge("jvm_memory_heap_used_bytes", "Heap in use.", () -> rt.totalMemory() - rt.freeMemory());
    gauge("jvm_memory_heap_max_bytes", "Largest heap the JVM may use.", rt::maxMemory);
    gauge("jvm_threads_live", "Live threads (platform; virtual threads are not counted).",
        () -> ManagementFactory.getThreadMXBean().getThreadCount());
    gauge("process_uptime_seconds", "Seconds since the server's JVM started.",
        () -> ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
  }

  /** Registers a gauge read at every scrape; {@code name} must be a valid, unused metric name. */
  public void gauge(String name, String help, DoubleSupplier value) {
    register(new Gauge("gauge", name, help, value, null, null));
  }

  /** Registers a counter kept elsewhere, read at every scrape; {@code name} must be a valid, unused metric name. */
  public void counter(String name, String help, DoubleSupplier value) {
    register(new Gauge("counter", name, help, value, null, null));
  }

  /**
   * Registers a gauge with labels, read at every scrape: {@code values} maps label sets written
   * as {@code key="value",...} to values. When it throws (e.g. the database is down), the
   * family has no samples in that scrape and the rest of the scrape goes on; so too when it takes
   * longer than a second (e.g. waiting for a database connection): a scrape never hangs, and a
   * read still running is awaited by the next scrape instead of started again.
   */
  public void gauges(String name, String help, Callable<Map<String, Double>> values) {
    register(new Gauge("gauge", name, help, null, values, new java.util.concurrent.atomic.AtomicReference<>()));
  }

  private void register(Gauge g) {
    if (!g.name().matches("[a-zA-Z_:][a-zA-Z0-9_:]*")) {
      throw new IllegalArgumentException("not a Prometheus metric name: '" + g.name() + "'");
    }
    if (gauges.stream().anyMatch(o -> o.name().equals(g.name()))) {
      throw new IllegalArgumentException("gauge '" + g.name() + "' is already registered");
    }
    gauges.add(g);
  }

  /** {@code value} as a label value: backslashes, quotes and newlines escaped. */
  public static String label(String value) {
    return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  /** The interceptor that counts every call of the gRPC services it wraps. */
  public ServerInterceptor interceptor() {
    return new MetricsInterceptor(this);
  }

  /**
   * Counts one answered HTTP request: {@code route} is the path's template (e.g.
   * {@code /collections/{collectionId}/items}), never the path itself, and methods other than the
   * standard ones count as {@code other}, so the number of series stays small.
   */
  public void httpRequest(String method, String route, int status, long nanos) {
    // the method is the client's word: only the standard ones become labels
    String m = switch (method) {
      case "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS" -> method;
      default -> "other";
    };
    Route r = routes.computeIfAbsent("route=" + label(route) + ",method=\"" + m + "\"", k -> new Route());
    r.codes.computeIfAbsent(status, c -> new LongAdder()).increment();
    r.latency.observe(nanos);
  }

  Method method(MethodDescriptor<?, ?> md) {
    return methods.computeIfAbsent(md.getFullMethodName(), n -> new Method(md));
  }

  /** Everything, in the Prometheus text exposition format 0.0.4. */
  public String scrape() {
    StringBuilder sb = new StringBuilder(4096);
    List<Method> ms = new ArrayList<>(new TreeMap<>(methods).values());
    family(sb, "grpc_server_started_total", "counter", "gRPC calls started on the server.");
    for (Method m : ms) {
      sample(sb, "grpc_server_started_total", labels(m), m.started.sum());
    }
    family(sb, "grpc_server_handled_total", "counter", "gRPC calls completed on the server, by status code.");
    for (Method m : ms) {
      for (Map.Entry<Status.Code, LongAdder> e : new TreeMap<>(m.handled).entrySet()) {
        sample(sb, "grpc_server_handled_total", labels(m) + ",grpc_code=\"" + e.getKey().name() + "\"", e.getValue().sum());
      }
    }
    family(sb, "grpc_server_msg_received_total", "counter", "Messages received from clients.");
    for (Method m : ms) {
      sample(sb, "grpc_server_msg_received_total", labels(m), m.received.sum());
    }
    family(sb, "grpc_server_msg_sent_total", "counter", "Messages sent to clients.");
    for (Method m : ms) {
      sample(sb, "grpc_server_msg_sent_total", labels(m), m.sent.sum());
    }
    family(sb, "grpc_server_handling_seconds", "histogram", "Time from the start of a call to its end on the server.");
    for (Method m : ms) {
      m.latency.write(sb, "grpc_server_handling_seconds", labels(m));
    }
    Map<String, Route> rs = new TreeMap<>(routes);
    family(sb, "http_server_requests_total", "counter", "HTTP requests (STAC API, health, metrics), by route, method and status code.");
    for (Map.Entry<String, Route> r : rs.entrySet()) {
      for (Map.Entry<Integer, LongAdder> c : new TreeMap<>(r.getValue().codes).entrySet()) {
        sample(sb, "http_server_requests_total", r.getKey() + ",code=\"" + c.getKey() + "\"", c.getValue().sum());
      }
    }
    family(sb, "http_server_request_duration_seconds", "histogram", "Time to answer an HTTP request.");
    for (Map.Entry<String, Route> r : rs.entrySet()) {
      r.getValue().latency.write(sb, "http_server_request_duration_seconds", r.getKey());
    }
    family(sb, "swath_query_datapoints_sent_total", "counter", "Datapoints sent in query results.");
    sample(sb, "swath_query_datapoints_sent_total", null, datapointsSent.sum());
    family(sb, "swath_ingest_datapoints_received_total", "counter", "Datapoints received in ingest requests (new and already stored).");
    sample(sb, "swath_ingest_datapoints_received_total", null, datapointsReceived.sum());
    for (Gauge g : gauges) {
      family(sb, g.name(), g.type(), g.help());
      if (g.labeled() != null) {
        try {
          for (Map.Entry<String, Double> e : new TreeMap<>(read(g)).entrySet()) {
            sample(sb, g.name(), e.getKey(), e.getValue());
          }
        } catch (Exception e) {
          // no samples this time; the scrape goes on
        }
        continue;
      }
      double v;
      try {
        v = g.value().getAsDouble();
      } catch (RuntimeException e) {
        v = Double.NaN; // a gauge that cannot be read now says so, the scrape goes on
      }
      sample(sb, g.name(), null, v);
    }
    return sb.toString();
  }

  /** The values of a labeled gauge, read on a thread of its own and awaited for at most {@link #LABELED_GAUGE_WAIT_MS}. */
  private static Map<String, Double> read(Gauge g) throws Exception {
    java.util.concurrent.Future<Map<String, Double>> f = g.running().get();
    if (f == null) {
      java.util.concurrent.FutureTask<Map<String, Double>> task = new java.util.concurrent.FutureTask<>(g.labeled());
      if (g.running().compareAndSet(null, task)) {
        Thread.ofVirtual().name("swath-gauge").start(task);
      }
      f = g.running().get();
      if (f == null) {
        return Map.of(); // another scrape just read it
      }
    }
    try {
      Map<String, Double> out = f.get(LABELED_GAUGE_WAIT_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
      g.running().compareAndSet(f, null);
      return out;
    } catch (java.util.concurrent.ExecutionException e) {
      g.running().compareAndSet(f, null);
      throw e;
    }
  }

  private static String labels(Method m) {
    return "grpc_type=\"" + m.type + "\",grpc_service=\"" + m.service + "\",grpc_method=\"" + m.name + "\"";
  }

  private static void family(StringBuilder sb, String name, String type, String help) {
    sb.append("# HELP ").append(name).append(' ').append(help.replace("\\", "\\\\").replace("\n", "\\n")).append('\n');
    sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static void sample(StringBuilder sb, String name, String labels, double value) {
    sb.append(name);
    if (labels != null) {
      sb.append('{').append(labels).append('}');
    }
    sb.append(' ').append(number(value)).append('\n');
  }

  private static String number(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%s", v);
  }
}
