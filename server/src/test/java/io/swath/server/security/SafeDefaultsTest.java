package io.swath.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.swath.api.v1.DatasetServiceGrpc;
import io.swath.api.v1.ListDatasetsRequest;
import io.swath.server.SwathServer;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A server without keys is open on loopback; on all interfaces it creates its first admin key
 * and refuses callers without one, unless started insecure.
 */
class SafeDefaultsTest {
  static Status.Code listDatasets(SwathServer server) throws InterruptedException {
    ManagedChannel ch = NettyChannelBuilder.forTarget("127.0.0.1:" + server.port()).usePlaintext().build();
    try {
      DatasetServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS).listDatasets(ListDatasetsRequest.getDefaultInstance());
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    } finally {
      ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  @Test
  void allInterfacesWithoutKeysGetAnAdminKeyUnlessInsecure() throws Exception {
    var dir = Files.createTempDirectory("swath-defaults");
    try (SwathServer open = SwathServer.builder().dataDir(dir).port(0).httpPort(0).host("0.0.0.0").insecure(true).build().start()) {
      assertThat(open.initialAdminKey()).isEmpty();
      assertThat(open.apiKeys().enabled()).isFalse();
      assertThat(listDatasets(open)).isEqualTo(Status.Code.OK);
    }
    try (SwathServer local = SwathServer.builder().dataDir(dir).port(0).httpPort(0).build().start()) {
      assertThat(local.initialAdminKey()).isEmpty();
      assertThat(listDatasets(local)).isEqualTo(Status.Code.OK);
    }
    String key;
    try (SwathServer exposed = SwathServer.builder().dataDir(dir).port(0).httpPort(0).host("0.0.0.0").build().start()) {
      key = exposed.initialAdminKey().orElseThrow();
      assertThat(key).startsWith("swk_");
      assertThat(listDatasets(exposed)).isEqualTo(Status.Code.UNAUTHENTICATED);
    }
    // the key lives in the database: the next start neither prints another nor opens up, even on loopback
    try (SwathServer again = SwathServer.builder().dataDir(dir).port(0).httpPort(0).build().start()) {
      assertThat(again.initialAdminKey()).isEmpty();
      assertThat(listDatasets(again)).isEqualTo(Status.Code.UNAUTHENTICATED);
      assertThat(again.apiKeys().authenticate(key)).isPresent();
    }
  }

  @Test
  void publicDatasetsAreReadableWithoutAKeyAndNothingElse() throws Exception {
    try (SwathServer server = SwathServer.builder().dataDir(Files.createTempDirectory("swath-public")).port(0).httpPort(0)
        .initAdminKey(true).publicRead(java.util.List.of("open_data.*")).build().start()) {
      String admin = server.initialAdminKey().orElseThrow();
      ManagedChannel ch = NettyChannelBuilder.forTarget(server.target()).usePlaintext().build();
      try {
        var asAdmin = DatasetServiceGrpc.newBlockingStub(ch).withCallCredentials(AuthorizationTest.bearer(admin));
        for (String slug : java.util.List.of("open_data.s2.scenes", "private_data.s2.scenes")) {
          asAdmin.createDataset(io.swath.api.v1.CreateDatasetRequest.newBuilder().setDataset(io.swath.api.v1.Dataset.newBuilder().setSlug(slug)
              .setKind(io.swath.api.v1.DatasetKind.DATASET_KIND_TEMPORAL)).build());
        }
        var anonymous = DatasetServiceGrpc.newBlockingStub(ch);
        assertThat(anonymous.getDataset(io.swath.api.v1.GetDatasetRequest.newBuilder().setSlug("open_data.s2.scenes").build()).getSlug())
            .isEqualTo("open_data.s2.scenes");
        assertThat(code(() -> anonymous.getDataset(io.swath.api.v1.GetDatasetRequest.newBuilder().setSlug("private_data.s2.scenes").build())))
            .isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(code(() -> anonymous.deleteDataset(io.swath.api.v1.DeleteDatasetRequest.newBuilder().setSlug("open_data.s2.scenes").build())))
            .isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(code(() -> anonymous.listDatasets(ListDatasetsRequest.getDefaultInstance()))).isEqualTo(Status.Code.UNAUTHENTICATED);
      } finally {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  static Status.Code code(Runnable r) {
    try {
      r.run();
      return Status.Code.OK;
    } catch (StatusRuntimeException e) {
      return e.getStatus().getCode();
    }
  }

  @Test
  void aGreedyKeyIsThrottledWhileAPoliteOneIsServed() throws Exception {
    try (SwathServer server = SwathServer.builder().dataDir(Files.createTempDirectory("swath-rates")).port(0).httpPort(0)
        .initAdminKey(true).keyRateLimit(1, 3).build().start()) {
      String greedy = server.initialAdminKey().orElseThrow();
      String polite = server.apiKeys().create("polite", "tests", java.util.List.of(new Grant(Scope.READ, java.util.List.of(), java.util.List.of())),
          null).secret();
      ManagedChannel ch = NettyChannelBuilder.forTarget(server.target()).usePlaintext().build();
      try {
        var g = DatasetServiceGrpc.newBlockingStub(ch).withCallCredentials(AuthorizationTest.bearer(greedy));
        var p = DatasetServiceGrpc.newBlockingStub(ch).withCallCredentials(AuthorizationTest.bearer(polite));
        java.util.Map<Status.Code, Integer> greedyCodes = new java.util.EnumMap<>(Status.Code.class);
        for (int i = 0; i < 20; i++) {
          greedyCodes.merge(code(() -> g.listDatasets(ListDatasetsRequest.getDefaultInstance())), 1, Integer::sum);
          if (i % 10 == 0) {
            assertThat(code(() -> p.listDatasets(ListDatasetsRequest.getDefaultInstance()))).as("polite call " + i).isEqualTo(Status.Code.OK);
          }
        }
        assertThat(greedyCodes.getOrDefault(Status.Code.RESOURCE_EXHAUSTED, 0)).as(greedyCodes.toString()).isGreaterThan(0);
        assertThat(greedyCodes.getOrDefault(Status.Code.OK, 0)).as(greedyCodes.toString()).isGreaterThanOrEqualTo(3);
        StatusRuntimeException throttled = null;
        for (int i = 0; i < 10 && throttled == null; i++) {
          try {
            g.listDatasets(ListDatasetsRequest.getDefaultInstance());
          } catch (StatusRuntimeException e) {
            throttled = e;
          }
        }
        assertThat(throttled).isNotNull();
        assertThat(throttled.getStatus().getDescription()).contains("over its request rate");
        assertThat(throttled.getTrailers().get(io.grpc.Metadata.Key.of("retry-after", io.grpc.Metadata.ASCII_STRING_MARSHALLER))).isEqualTo("1");
      } finally {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
