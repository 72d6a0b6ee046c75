package io.swath.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.swath.api.v1.CreateKeyRequest;
import io.swath.api.v1.KeyGrant;
import io.swath.api.v1.KeyScope;
import io.swath.api.v1.KeyServiceGrpc;
import io.swath.api.v1.ListKeysRequest;
import io.swath.api.v1.RevokeKeyRequest;
import io.swath.server.SwathServer;
import io.swath.server.http.HttpApiServer;
import io.swath.server.stac.StacApi;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every gRPC method the running server registers and every HTTP route the code names has an
 * access rule, and the rule holds on a real server: without a key UNAUTHENTICATED (401), with a
 * key lacking the scope PERMISSION_DENIED (403), with the scope anything but those two.
 */
class AuthorizationTest {
  static SwathServer server;
  static ManagedChannel channel;
  static final Map<Scope, String> KEYS = new EnumMap<>(Scope.class);
  static final HttpClient HTTP = HttpClient.newHttpClient();
  /** A read key limited to datasets under {@code team}. */
  static String limitedRead;

  @BeforeAll
  static void start() throws Exception {
    server = SwathServer.builder().dataDir(Files.createTempDirectory("swath-authz")).port(0).httpPort(0).initAdminKey(true).build().start();
    channel = NettyChannelBuilder.forTarget(server.target()).usePlaintext().build();
    String admin = server.initialAdminKey().orElseThrow();
    KEYS.put(Scope.ADMIN, admin);
    var keys = KeyServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(admin));
    for (Scope s : List.of(Scope.READ, Scope.WRITE, Scope.RUNNER)) {
      KEYS.put(s, keys.createKey(CreateKeyRequest.newBuilder().setName(s.label() + "-key").setOwner("tests")
          .addGrants(KeyGrant.newBuilder().setScope(s.proto())).build()).getSecret());
    }
    limitedRead = keys.createKey(CreateKeyRequest.newBuilder().setName("limited-read-key").setOwner("tests")
        .addGrants(KeyGrant.newBuilder().setScope(KeyScope.KEY_SCOPE_READ).addDatasets("team.*")).build()).getSecret();
  }

  @AfterAll
  static void stop() throws Exception {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    server.close();
  }

  static io.grpc.CallCredentials bearer(String key) {
    return new io.grpc.CallCredentials() {
      @Override
      public void applyRequestMetadata(RequestInfo info, java.util.concurrent.Executor ex, MetadataApplier applier) {
        Metadata m = new Metadata();
        m.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
        applier.apply(m);
      }
    };
  }

  /** A key that lacks {@code needed}. */
  static Scope lacking(Scope needed) {
    return switch (needed) {
      case READ -> Scope.RUNNER;
      case WRITE, RUNNER -> Scope.READ;
      case ADMIN -> Scope.WRITE;
      case PUBLIC -> throw new IllegalArgumentException();
    };
  }

  static List<String> grpcMethods() {
    List<String> out = new ArrayList<>();
    for (ServerServiceDefinition s : server.grpcServices()) {
      for (ServerMethodDefinition<?, ?> m : s.getMethods()) {
        out.add(m.getMethodDescriptor().getFullMethodName());
      }
    }
    return out;
  }

  static List<String> httpRoutes() {
    List<String> out = new ArrayList<>(HttpApiServer.CONTEXTS.stream().filter(c -> !c.equals("/")).toList());
    out.addAll(StacApi.ROUTES);
    io.swath.server.console.ConsoleRoute.all().forEach(r -> out.add(r.template()));
    return out;
  }

  @Test
  void everyGrpcMethodAndHttpRouteHasARule() {
    List<String> methods = grpcMethods();
    assertThat(methods).hasSizeGreaterThan(20).contains("swath.v1.KeyService/CreateKey", "swath.v1.TaskService/NextTasks");
    assertThat(methods).allSatisfy(m -> assertThat(AccessRules.grpc(m)).as("access rule of gRPC method " + m).isPresent());
    assertThat(httpRoutes()).allSatisfy(r -> assertThat(AccessRules.http(r)).as("access rule of HTTP route " + r).isPresent());
  }

  /** The status of calling {@code method} with an empty request and {@code key} (null: none). */
  static Status call(String method, String key) throws Exception {
    MethodDescriptor<byte[], byte[]> md = MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNKNOWN)
        .setFullMethodName(method).setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
    CallOptions opts = CallOptions.DEFAULT.withDeadlineAfter(3, TimeUnit.SECONDS);
    if (key != null) {
      opts = opts.withCallCredentials(bearer(key));
    }
    ClientCall<byte[], byte[]> call = channel.newCall(md, opts);
    CompletableFuture<Status> done = new CompletableFuture<>();
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onClose(Status status, Metadata trailers) {
        done.complete(status);
      }
    }, new Metadata());
    call.request(Integer.MAX_VALUE);
    call.sendMessage(new byte[0]);
    call.halfClose();
    return done.get(10, TimeUnit.SECONDS);
  }

  static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
  };

  @Test
  void grpcRulesHoldOnTheRunningServer() throws Exception {
    for (String m : grpcMethods()) {
      Scope needed = AccessRules.grpc(m).orElseThrow();
      assertThat(call(m, null).getCode()).as(m + " without a key").isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(call(m, "swk_000000000000_forged").getCode()).as(m + " with a forged key").isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(call(m, KEYS.get(lacking(needed))).getCode()).as(m + " with a " + lacking(needed).label() + " key")
          .isEqualTo(Status.Code.PERMISSION_DENIED);
      for (String k : List.of(KEYS.get(needed), KEYS.get(Scope.ADMIN))) {
        assertThat(call(m, k).getCode()).as(m + " with a key allowed it")
            .isNotIn(Status.Code.UNAUTHENTICATED, Status.Code.PERMISSION_DENIED);
      }
    }
  }

  static int get(String route, String key) throws Exception {
    String path = route.replace("{collectionId}", "no_such").replace("{itemId}", "x")
        .replace("static/{file}", "static/console.js").replace("leaflet/{file}", "leaflet/leaflet.js")
        .replace("basemap/{file}", "basemap/world-atlas/land-110m.json")
        .replace("{job}", "0192f6e4-5c1b-7a3e-8f00-1234567890ab");
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path));
    if (key != null) {
      b.header("Authorization", "Bearer " + key);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void httpRulesHoldOnTheRunningServer() throws Exception {
    for (String r : httpRoutes()) {
      Scope needed = AccessRules.http(r).orElseThrow();
      if (needed == Scope.PUBLIC) {
        assertThat(get(r, null)).as(r + " without a key").isBetween(200, 399);
        continue;
      }
      assertThat(get(r, null)).as(r + " without a key").isEqualTo(401);
      assertThat(get(r, "swk_000000000000_forged")).as(r + " with a forged key").isEqualTo(401);
      assertThat(get(r, KEYS.get(lacking(needed)))).as(r + " with a " + lacking(needed).label() + " key").isEqualTo(403);
      assertThat(get(r, KEYS.get(needed))).as(r + " with a key allowed it").isNotIn(401, 403);
      if (needed == Scope.READ) {
        // the STAC API shows a key limited to datasets just those; other routes need a key without limits
        if (AccessRules.HTTP_PER_DATASET.contains(r)) {
          assertThat(get(r, limitedRead)).as(r + " with a read key limited to datasets").isNotIn(401, 403);
        } else {
          assertThat(get(r, limitedRead)).as(r + " with a read key limited to datasets").isEqualTo(403);
        }
      }
    }
    assertThat(AccessRules.HTTP_PER_DATASET).allSatisfy(r -> assertThat(StacApi.ROUTES).contains(r));
  }

  @Test
  void aRevokedKeyStopsWorkingAtOnce() throws Exception {
    var admin = KeyServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(KEYS.get(Scope.ADMIN)));
    var created = admin.createKey(CreateKeyRequest.newBuilder().setName("short-lived").setOwner("tests")
        .addGrants(KeyGrant.newBuilder().setScope(KeyScope.KEY_SCOPE_READ)).build());
    assertThat(created.getSecret()).startsWith("swk_" + created.getKey().getId() + "_");
    assertThat(call("swath.v1.DatasetService/ListDatasets", created.getSecret()).getCode()).isEqualTo(Status.Code.OK);
    assertThat(admin.listKeys(ListKeysRequest.getDefaultInstance()).getKeysList()).anySatisfy(k -> {
      assertThat(k.getName()).isEqualTo("short-lived");
      assertThat(k.toString()).doesNotContain(created.getSecret().substring(18));
    });
    admin.revokeKey(RevokeKeyRequest.newBuilder().setId(created.getKey().getId()).build());
    assertThat(call("swath.v1.DatasetService/ListDatasets", created.getSecret()).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
  }

  @Test
  void aTaskReportWithAForgedOrStolenLeaseTokenIsRejected() {
    var jobs = io.swath.api.v1.JobServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(KEYS.get(Scope.WRITE)));
    var tasks = io.swath.api.v1.TaskServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(KEYS.get(Scope.RUNNER)));
    var job = jobs.submitJob(io.swath.api.v1.SubmitJobRequest.newBuilder().setName("leases").setRoot(io.swath.api.v1.TaskSpec.newBuilder()
        .setName("lease-test").setMajor(1).setCluster("lease-cluster").setInput("{}")).build());
    var claimed = tasks.nextTasks(io.swath.api.v1.NextTasksRequest.newBuilder().setRunnerId("honest").setCluster("lease-cluster")
        .addTypes(io.swath.api.v1.TaskType.newBuilder().setName("lease-test").setMajor(1)).setMaxTasks(1).build()).getTasks(0);
    // the tokens an attacker would guess: a counter's first values and neighbours of nothing known
    for (long guess : new long[] {0, 1, 2, 3}) {
      if (guess == claimed.getClaim()) {
        continue;
      }
      var r = tasks.nextTasks(io.swath.api.v1.NextTasksRequest.newBuilder().setRunnerId("attacker").setCluster("lease-cluster")
          .addFinished(io.swath.api.v1.TaskOutcome.newBuilder().setId(claimed.getId()).setClaim(guess)
              .setKind(io.swath.api.v1.OutcomeKind.OUTCOME_KIND_COMPLETED).setResult("{\"forged\":true}")).build());
      assertThat(r.getRejectedList()).as("forged claim " + guess).containsExactly(claimed.getId());
    }
    // the real token, stolen, is worthless under another key
    var other = io.swath.api.v1.TaskServiceGrpc.newBlockingStub(channel).withCallCredentials(bearer(KEYS.get(Scope.ADMIN)));
    var stolen = other.nextTasks(io.swath.api.v1.NextTasksRequest.newBuilder().setRunnerId("thief").setCluster("lease-cluster")
        .addFinished(io.swath.api.v1.TaskOutcome.newBuilder().setId(claimed.getId()).setClaim(claimed.getClaim())
            .setKind(io.swath.api.v1.OutcomeKind.OUTCOME_KIND_COMPLETED).setResult("{\"stolen\":true}")).build());
    assertThat(stolen.getRejectedList()).containsExactly(claimed.getId());
    var renewedByThief = other.renewLeases(io.swath.api.v1.RenewLeasesRequest.newBuilder()
        .addLeases(io.swath.api.v1.TaskLease.newBuilder().setId(claimed.getId()).setClaim(claimed.getClaim())).build());
    assertThat(renewedByThief.getLostList()).containsExactly(claimed.getId());
    assertThat(tasks.renewLeases(io.swath.api.v1.RenewLeasesRequest.newBuilder()
        .addLeases(io.swath.api.v1.TaskLease.newBuilder().setId(claimed.getId()).setClaim(claimed.getClaim())).build()).getLostList()).isEmpty();
    assertThat(jobs.getJob(io.swath.api.v1.GetJobRequest.newBuilder().setJobId(job.getId()).build()).getState())
        .isNotEqualTo(io.swath.api.v1.JobState.JOB_STATE_COMPLETED);
    var honest = tasks.nextTasks(io.swath.api.v1.NextTasksRequest.newBuilder().setRunnerId("honest").setCluster("lease-cluster")
        .addFinished(io.swath.api.v1.TaskOutcome.newBuilder().setId(claimed.getId()).setClaim(claimed.getClaim())
            .setKind(io.swath.api.v1.OutcomeKind.OUTCOME_KIND_COMPLETED).setResult("{}")).build());
    assertThat(honest.getRejectedList()).isEmpty();
  }
}
