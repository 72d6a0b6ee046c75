package io.swath.cli.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.swath.api.v1.CollectionServiceGrpc;
import io.swath.api.v1.DataAccessServiceGrpc;
import io.swath.api.v1.DatasetServiceGrpc;
import io.swath.api.v1.IngestServiceGrpc;
import io.swath.api.v1.JobServiceGrpc;
import io.swath.api.v1.ListDatasetsRequest;
import io.swath.api.v1.TaskServiceGrpc;
import io.swath.cli.fuzz.GrpcRecorder.Recorded;
import io.swath.client.DatasetSpec;
import io.swath.client.DatasetsClient;
import io.swath.client.Query;
import io.swath.core.geo.BoundingBox;
import io.swath.core.geo.Geometries;
import io.swath.core.schema.FieldType;
import io.swath.core.table.DatapointTable;
import io.swath.server.SwathServer;
import io.swath.workflows.ExecutionContext;
import io.swath.workflows.Job;
import io.swath.workflows.Task;
import io.swath.workflows.TaskIdentifier;
import io.swath.workflows.TaskRunner;
import io.swath.workflows.TaskType;
import io.swath.workflows.WorkflowsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Hostile input against a real server, over gRPC and HTTP: valid requests of every kind (recorded
 * from the SDK, the STAC importer and a task runner) mutated — fields set to boundary numbers,
 * huge and NUL-laden strings, deep nesting, wrong types and enums, bytes flipped, cut and grown —
 * and sent, some by slow clients. Nothing may answer INTERNAL, UNKNOWN or an HTTP 5xx, no
 * connection may end without an answer, and after each batch the server answers a probe.
 *
 * <p>Each run takes a fresh seed (printed; {@code -Dswath.fuzz.seed=N} repeats a run). By default
 * it sends {@value #DEFAULT_INPUTS} inputs per protocol within {@value #DEFAULT_SECONDS} s;
 * {@code -Dswath.fuzz.inputs=100000} is the long mode.
 */
class FuzzTest {
  static final int DEFAULT_INPUTS = 1500;
  static final int DEFAULT_SECONDS = 60;
  /** The fuzz server's message limit: small enough that grown mutants go over it (see {@link ProtoMutator#GROWTH_BUDGET}). */
  static final int MAX_MESSAGE = 16 << 20;

  static final long SEED = Long.getLong("swath.fuzz.seed", new SecureRandom().nextLong());
  static final int INPUTS = Integer.getInteger("swath.fuzz.inputs", DEFAULT_INPUTS);
  static final long BUDGET_NANOS = TimeUnit.SECONDS.toNanos(Long.getLong("swath.fuzz.seconds",
      INPUTS > DEFAULT_INPUTS ? 24 * 3600 : DEFAULT_SECONDS));
  static final int BATCH = 100;
  static final int PARALLEL = 4;

  static Path dir;
  static SwathServer server;
  static ManagedChannel channel;
  static List<Recorded> corpus;
  static io.swath.workflows.TaskId jobRoot;
  static io.swath.workflows.JobId jobId;
  static final Map<String, MethodDescriptor<?, ?>> METHODS = new HashMap<>();
  static List<HttpMutator.Request> httpCorpus;

  @TaskIdentifier(name = "fuzz.Square", version = "v1.0")
  record Square(int n) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      ctx.setResult(n * n);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    System.out.println("fuzz seed " + SEED + " (repeat with -Dswath.fuzz.seed=" + SEED + "), " + INPUTS + " inputs per protocol");
    dir = Files.createTempDirectory("swath-fuzz");
    server = SwathServer.builder().dataDir(dir.resolve("db")).port(0).httpPort(0).maxMessageSize(MAX_MESSAGE).build().start();
    for (ServiceDescriptor sd : List.of(DatasetServiceGrpc.getServiceDescriptor(), CollectionServiceGrpc.getServiceDescriptor(),
        DataAccessServiceGrpc.getServiceDescriptor(), IngestServiceGrpc.getServiceDescriptor(), JobServiceGrpc.getServiceDescriptor(),
        TaskServiceGrpc.getServiceDescriptor())) {
      sd.getMethods().forEach(m -> METHODS.put(m.getFullMethodName(), m));
    }
    try (GrpcRecorder rec = GrpcRecorder.start(server.target())) {
      seed(rec.target());
      corpus = new ArrayList<>(rec.recorded());
    }
    // the methods the clients above do not call (or call only on timers): valid requests by hand
    String task = jobRoot.toString();
    corpus.add(new Recorded(CollectionServiceGrpc.getGetCollectionMethod().getFullMethodName(),
        io.swath.api.v1.GetCollectionRequest.newBuilder().setDatasetSlug("fuzz.generic.scenes").setName("S1").build().toByteArray()));
    corpus.add(new Recorded(TaskServiceGrpc.getDependencyResultsMethod().getFullMethodName(),
        io.swath.api.v1.DependencyResultsRequest.newBuilder().setTaskId(task).build().toByteArray()));
    corpus.add(new Recorded(TaskServiceGrpc.getKnownJobsMethod().getFullMethodName(),
        io.swath.api.v1.KnownJobsRequest.newBuilder().addJobIds(jobId.toString()).addJobIds("0190f1c1-3a00-7000-8f3c-1a2b3c4d5e6f").build()
            .toByteArray()));
    corpus.add(new Recorded(TaskServiceGrpc.getRenewLeasesMethod().getFullMethodName(),
        io.swath.api.v1.RenewLeasesRequest.newBuilder().setRunnerId("fuzz-runner").setLeaseMs(5000)
            .addLeases(io.swath.api.v1.TaskLease.newBuilder().setId(task).setClaim(1)).build().toByteArray()));
    channel = NettyChannelBuilder.forTarget(server.target()).usePlaintext().maxInboundMessageSize(256 << 20).build();
    httpCorpus = httpSeeds();
    Map<String, Integer> kinds = new TreeMap<>();
    corpus.forEach(r -> kinds.merge(r.method().substring(r.method().lastIndexOf('/') + 1), 1, Integer::sum));
    System.out.println("fuzz corpus: " + corpus.size() + " gRPC requests " + kinds + ", " + httpCorpus.size() + " HTTP requests");
    assertThat(kinds.keySet()).as("every gRPC method has valid requests to start from")
        .containsAll(METHODS.keySet().stream().map(m -> m.substring(m.lastIndexOf('/') + 1)).toList());
  }

  @AfterAll
  static void stop() throws Exception {
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
    io.swath.testing.TestServers.deleteTree(dir);
  }

  /** Valid requests of every kind, through the recorder. */
  static void seed(String target) throws Exception {
    try (DatasetsClient c = DatasetsClient.connect(target)) {
      var ds = c.createDataset(DatasetSpec.builder("fuzz.generic.scenes").spatioTemporal().description("Scenes to fuzz")
          .field("cloud_cover", FieldType.FLOAT64).field("platform", FieldType.STRING).field("path", FieldType.INT64)
          .field("acquired", FieldType.TIMESTAMP).arrayField("bands", FieldType.STRING).field("meta", FieldType.JSON).build());
      var col = ds.createCollection("S1");
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("time", Instant.parse("2021-03-01T00:00:00Z").plusSeconds(3600L * i));
        r.put("geometry", Geometries.fromWkt("POLYGON ((" + i + " 10, " + (i + 1) + " 10, " + (i + 1) + " 11, " + i + " 11, " + i + " 10))"));
        r.put("cloud_cover", i * 2.5);
        r.put("platform", i % 2 == 0 ? "sat-a" : "sat-b");
        r.put("path", (long) i);
        r.put("acquired", Instant.parse("2021-03-01T00:00:00Z").plusSeconds(i));
        r.put("bands", List.of("red", "nir"));
        r.put("meta", "{\"k\":" + i + "}");
        rows.add(r);
      }
      col.ingest(rows);
      var temporal = c.createDataset(DatasetSpec.builder("fuzz.generic.readings").field("value", FieldType.FLOAT64).build())
          .createCollection("station");
      temporal.ingest(List.of(Map.of("time", Instant.parse("2021-03-01T00:00:00Z"), "value", 1.5)));
      Path stac = stacDir();
      List<Path> files;
      try (Stream<Path> s = Files.walk(stac)) {
        files = s.filter(p -> p.toString().endsWith(".items.ndjson")).sorted().limit(3).toList();
      }
      int k = 0;
      for (Path f : files) {
        int code = io.swath.cli.Main.run("ingest", "fuzz.stac.items" + k++, f.toString(), "--url", target, "--no-progress");
        assertThat(code).as("swath ingest %s", f).isZero();
      }
      DatapointTable some = col.query(Query.time("2021-03").bbox(BoundingBox.of(0, 9, 20, 12)).filter("cloud_cover < 50 AND platform = 'sat-a'"));
      col.find(some.id(0));
      col.count(Query.time("2021-03").filter("cloud_cover < 50"));
      ds.count(Query.all().bbox(BoundingBox.of(0, 9, 20, 12)));
      ds.query(Query.all().limit(5));
      col.query(Query.all().intersects(Geometries.fromWkt("POLYGON ((0 0, 30 0, 30 30, 0 30, 0 0))")).pageSize(7));
      c.listDatasets();
      ds.collections();
      ds.info();
      col.delete(List.of(some.id(1)));
      c.createDataset(DatasetSpec.builder("fuzz.generic.gone").field("v", FieldType.INT64).build()).createCollection("x");
      c.dataset("fuzz.generic.gone").deleteCollection("x");
      c.deleteDataset("fuzz.generic.gone");
      c.createOrUpdateDataset(DatasetSpec.builder("fuzz.generic.readings").field("value", FieldType.FLOAT64)
          .field("unit", FieldType.STRING).build());
    }
    try (WorkflowsClient w = WorkflowsClient.connect(target)) {
      Job job = w.jobs().submit("fuzz", new Square(3), "fuzz-cluster", o -> o.idempotencyKey("fuzz-1"));
      w.jobs().submit("fuzz-json", TaskType.parse("fuzz.Square@v1.0"), "{\"n\":4}", "fuzz-cluster", o -> {});
      try (TaskRunner r = TaskRunner.builder().client(w).cluster("fuzz-cluster").tasks(Square.class).build()) {
        r.start();
        w.jobs().awaitCompletion(job.id(), Duration.ofSeconds(30));
      }
      w.jobs().prune(o -> o.olderThan(Duration.ofDays(3650)).dryRun(true));
      jobRoot = job.rootTask();
      jobId = job.id();
      w.jobs().find(job.id());
      w.jobs().list();
      w.jobs().tasks(job.id());
      w.jobs().task(job.rootTask());
      w.jobs().logs(job.id());
      w.jobs().retry(job.id());
      w.jobs().cancel(job.id());
    }
  }

  /** The real STAC items kept in the project. */
  static Path stacDir() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isDirectory(p.resolve("data/stac"))) {
        return p.resolve("data/stac");
      }
    }
    throw new AssertionError("data/stac not found above " + Path.of("").toAbsolutePath());
  }

  // ------------------------------------------------------------------ gRPC

  record Failure(String what, String input, String outcome) {
    @Override
    public String toString() {
      return what + " <- " + input + ": " + outcome;
    }
  }

  /** One hostile input, drawn from {@code r} and sent. */
  interface Input {
    void send(Random r) throws Exception;
  }

  /**
   * Sends inputs in batches of {@value #BATCH}, {@value #PARALLEL} senders at once, each with a
   * random of its own drawn from {@code seeds}; after each batch probes the server and puts back
   * what deletes took away. Stops at {@link #INPUTS}, at the time budget or after 50 failures;
   * says how many were sent in how long.
   */
  static String inBatches(Random seeds, String protocol, List<Failure> failures, Input input) throws Exception {
    long t0 = System.nanoTime();
    int sent = 0;
    while (sent < INPUTS && System.nanoTime() - t0 < BUDGET_NANOS && failures.size() < 50) {
      int n = Math.min(BATCH, INPUTS - sent);
      long batchSeed = seeds.nextLong();
      try (var ex = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
        for (int p = 0; p < PARALLEL; p++) {
          Random r = new Random(batchSeed + p);
          int share = n / PARALLEL + (p < n % PARALLEL ? 1 : 0);
          ex.submit(() -> {
            for (int i = 0; i < share; i++) {
              input.send(r);
            }
            return null;
          });
        }
      }
      sent += n;
      probe(failures, "after " + protocol + " input " + sent);
      restore();
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    return String.format(java.util.Locale.ROOT, "%d inputs in %.1f s (%.0f/s)", sent, secs, sent / secs);
  }

  @Test
  @Timeout(value = 24, unit = TimeUnit.HOURS) // bounded by the time budget instead: the long mode runs for an hour or more
  void grpcAnswersEveryHostileRequestWithAStatusThatIsNotAnInternalError() throws Exception {
    Random seeds = new Random(SEED);
    List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    String done = inBatches(seeds, "gRPC", failures, r -> grpcOne(r, failures, outcomes));
    System.out.printf(java.util.Locale.ROOT, "fuzz gRPC: %s, seed %d, outcomes %s%n", done, SEED, new TreeMap<>(outcomes));
    assertThat(failures).as("seed %d: hostile gRPC requests answered with internal errors, dropped or unanswered", SEED).isEmpty();
  }

  static void grpcOne(Random r, List<Failure> failures, Map<String, AtomicInteger> outcomes) {
    Recorded seed = corpus.get(r.nextInt(corpus.size()));
    MethodDescriptor<?, ?> md = METHODS.get(seed.method());
    Message prototype = (Message) ((MethodDescriptor.PrototypeMarshaller<?>) md.getRequestMarshaller()).getMessagePrototype();
    Message valid;
    try {
      valid = prototype.getParserForType().parseFrom(seed.message());
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
    ProtoMutator.Mutant m = ProtoMutator.mutate(r, valid);
    String method = seed.method().substring(seed.method().lastIndexOf('/') + 1);
    Status.Code code = call(md, m.bytes(), r.nextInt(20) == 0);
    outcomes.computeIfAbsent(method + " " + code, k -> new AtomicInteger()).incrementAndGet();
    // a count that cannot finish in the caller's time says so itself (a hostile place can be slow to test)
    boolean waits = method.equals("NextTasks") || method.equals("GetJob")
        || method.equals("Count") && lastMessage.get().contains("the count did not finish within the call's deadline");
    if (code == Status.Code.INTERNAL || code == Status.Code.UNKNOWN || code == Status.Code.DATA_LOSS || code == Status.Code.UNAVAILABLE
        || code == Status.Code.UNIMPLEMENTED || (code == Status.Code.DEADLINE_EXCEEDED && !waits)) {
      failures.add(new Failure(method, m.how().length() > 300 ? m.how().substring(0, 300) + "…" : m.how(), code + ": " + lastMessage.get()));
    }
  }

  static final ThreadLocal<String> lastMessage = ThreadLocal.withInitial(() -> "");

  /** Sends raw bytes as a request of {@code md}; a streaming answer is read a little (slowly, with {@code slow}) then cancelled. */
  static Status.Code call(MethodDescriptor<?, ?> md, byte[] request, boolean slow) {
    MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder().setType(md.getType())
        .setFullMethodName(md.getFullMethodName()).setRequestMarshaller(GrpcRecorder.BYTES).setResponseMarshaller(GrpcRecorder.BYTES).build();
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS);
    try {
      if (md.getType() == MethodDescriptor.MethodType.SERVER_STREAMING) {
        ClientCall<byte[], byte[]> call = channel.newCall(raw, options);
        var it = ClientCalls.blockingServerStreamingCall(call, request);
        int pages = 0;
        while (it.hasNext() && pages < 20) {
          it.next();
          pages++;
          if (slow) {
            Thread.sleep(50); // a slow reader is the input here
          }
        }
        if (it.hasNext()) {
          call.cancel("enough", null);
        }
      } else {
        ClientCalls.blockingUnaryCall(channel, raw, options, request);
      }
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      lastMessage.set(String.valueOf(e.getStatus().getDescription()).length() > 500
          ? e.getStatus().getDescription().substring(0, 500) + "…" : String.valueOf(e.getStatus().getDescription())
          + (e.getStatus().getCause() != null ? " (" + e.getStatus().getCause() + ")" : ""));
      return e.getStatus().getCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Status.Code.CANCELLED;
    }
  }

  static void probe(List<Failure> failures, String when) throws Exception {
    try {
      DatasetServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).listDatasets(ListDatasetsRequest.getDefaultInstance());
    } catch (StatusRuntimeException e) {
      failures.add(new Failure("probe ListDatasets", when, e.getStatus().toString()));
    }
    for (String path : List.of("/health", "/", "/collections", "/search?limit=1")) {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        failures.add(new Failure("probe GET " + path, when, r.statusCode() + " " + r.body().substring(0, Math.min(300, r.body().length()))));
      }
    }
  }

  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  /** Puts back what mutated deletes took away, by sending the recorded creations again. */
  static void restore() {
    for (Recorded r : corpus) {
      if (r.method().endsWith("/CreateDataset") || r.method().endsWith("/CreateCollection") || r.method().endsWith("/Ingest")) {
        call(METHODS.get(r.method()), r.message(), false);
      }
    }
  }

  // ------------------------------------------------------------------ HTTP

  static List<HttpMutator.Request> httpSeeds() throws Exception {
    List<HttpMutator.Request> seeds = new ArrayList<>();
    String base = "http://127.0.0.1:" + server.httpPort();
    JsonNode cols = HttpMutator.JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/collections")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    for (String p : List.of("", "conformance", "api", "collections", "queryables", "search", "health", "metrics")) {
      seeds.add(new HttpMutator.Request("GET", p.isEmpty() ? List.of() : List.of(p), List.of(), null));
    }
    for (JsonNode c : cols.path("collections")) {
      String id = HttpMutator.enc(c.path("id").asText());
      seeds.add(new HttpMutator.Request("GET", List.of("collections", id), List.of(), null));
      seeds.add(new HttpMutator.Request("GET", List.of("collections", id, "queryables"), List.of(), null));
      seeds.add(new HttpMutator.Request("GET", List.of("collections", id, "items"), List.of(Map.entry("limit", "3"),
          Map.entry("bbox", "-180,-90,180,90"), Map.entry("datetime", "2000-01-01T00:00:00Z/.."), Map.entry("sortby", "-datetime")), null));
      JsonNode items = HttpMutator.JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/collections/" + id + "/items?limit=1")).build(),
          HttpResponse.BodyHandlers.ofString()).body());
      for (JsonNode item : items.path("features")) {
        seeds.add(new HttpMutator.Request("GET", List.of("collections", id, "items", HttpMutator.enc(item.path("id").asText()).replace("+", "%20")),
            List.of(), null));
      }
      seeds.add(new HttpMutator.Request("GET", List.of("search"), List.of(Map.entry("collections", id), Map.entry("limit", "2"),
          Map.entry("bbox", "-10,-10,40,60"), Map.entry("datetime", "2019-01-01/2023-12-31"), Map.entry("filter", HttpMutator.enc("1 = 1")),
          Map.entry("filter-lang", "cql2-text"), Map.entry("fields", "id,-assets"), Map.entry("sortby", "%2Bid")), null));
      seeds.add(new HttpMutator.Request("POST", List.of("search"), List.of(), HttpMutator.JSON.readTree("{\"collections\":[\"" + c.path("id").asText()
          + "\"],\"limit\":2,\"bbox\":[-180,-90,180,90],\"datetime\":\"2000-01-01T00:00:00Z/..\",\"filter-lang\":\"cql2-json\","
          + "\"filter\":{\"op\":\"and\",\"args\":[{\"op\":\"=\",\"args\":[1,1]},{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"},"
          + "{\"type\":\"Polygon\",\"coordinates\":[[[-180,-90],[180,-90],[180,90],[-180,90],[-180,-90]]]}]}]},"
          + "\"sortby\":[{\"field\":\"id\",\"direction\":\"desc\"}],\"fields\":{\"include\":[\"id\"],\"exclude\":[\"assets\"]},"
          + "\"intersects\":{\"type\":\"Point\",\"coordinates\":[10,10]}}")));
    }
    return seeds;
  }

  record Timed(long ms, String what) {}

  /** The eight slowest HTTP answers so far, fastest first (a bounded heap: the long mode sends 100,000s). */
  static final java.util.PriorityQueue<Timed> slowest = new java.util.PriorityQueue<>(java.util.Comparator.comparingLong(Timed::ms));

  static void timed(Timed t) {
    synchronized (slowest) {
      slowest.add(t);
      if (slowest.size() > 8) {
        slowest.poll();
      }
    }
  }

  @Test
  @Timeout(value = 24, unit = TimeUnit.HOURS) // bounded by the time budget instead
  void httpAnswersEveryHostileRequestWithoutAServerErrorOrADroppedConnection() throws Exception {
    Random seeds = new Random(SEED ^ 0x5DEECE66DL);
    List<Failure> failures = Collections.synchronizedList(new ArrayList<>());
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    String done = inBatches(seeds, "HTTP", failures, r -> {
      HttpMutator.Mutant m = HttpMutator.mutate(r, httpCorpus.get(r.nextInt(httpCorpus.size())));
      long s0 = System.nanoTime();
      boolean slow = r.nextInt(20) == 0;
      RawHttp.Answer a = RawHttp.send(server.httpPort(), m.head(), m.body(), slow, r, 30_000);
      timed(new Timed((System.nanoTime() - s0) / 1_000_000, (slow ? "slow client " : "") + m.head().substring(0,
          Math.min(160, m.head().indexOf('\r'))) + " [" + m.body().length + " B] " + m.how() + " -> " + a.status()));
      statuses.computeIfAbsent(a.status(), k -> new AtomicInteger()).incrementAndGet();
      if (a.dropped() || a.status() >= 500) {
        String line = m.head().substring(0, m.head().indexOf('\r'));
        failures.add(new Failure(line.length() > 300 ? line.substring(0, 300) + "…" : line, m.how(),
            a.status() == -2 ? "no answer in 30 s" : a.dropped() ? "connection ended without an answer" : a.head()));
      }
    });
    System.out.printf(java.util.Locale.ROOT, "fuzz HTTP: %s, seed %d, statuses %s%n", done, SEED, new TreeMap<>(statuses));
    slowest.stream().sorted(java.util.Comparator.comparingLong(Timed::ms).reversed())
        .forEach(t -> System.out.println("  " + t.ms() + " ms: " + t.what()));
    assertThat(failures).as("seed %d: hostile HTTP requests answered with 5xx, dropped or unanswered", SEED).isEmpty();
  }
}
