package io.swath.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.swath.api.v1.QueryRequest;
import io.swath.core.error.AbortedException;
import io.swath.core.error.ErrorCode;
import io.swath.core.error.FailedPreconditionException;
import io.swath.core.error.InvalidArgumentException;
import io.swath.core.error.SwathException;
import io.swath.core.error.SwathServiceException;
import io.swath.core.error.UnavailableException;
import io.swath.core.retry.RetryAfter;
import io.swath.core.retry.RetryPolicy;
import io.swath.core.schema.FieldType;
import io.swath.server.SwathServer;
import io.swath.testing.TestServers;
import java.net.SocketException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Which gRPC failures the SDK retries, as {@link GrpcErrors} decides: the mapping of each
 * status, then the two server answers that matter end to end (a request over the size limit,
 * and a busy server's pushback).
 */
class GrpcErrorsTest {
  private static SwathException map(Status s, Metadata trailers) {
    return GrpcErrors.from(s.asRuntimeException(trailers));
  }

  @Test
  void statusesMapToTypedExceptionsThatSayWhetherToRetry() {
    Metadata pushback = new Metadata();
    pushback.put(Metadata.Key.of(RetryAfter.GRPC_PUSHBACK_KEY, Metadata.ASCII_STRING_MARSHALLER), "1500");

    SwathException busy = map(Status.RESOURCE_EXHAUSTED.withDescription("too many streams"), pushback);
    assertThat(busy).isInstanceOf(UnavailableException.class);
    assertThat(busy.isRetryable()).isTrue();
    assertThat(busy.retryAfter()).contains(Duration.ofMillis(1500));

    SwathException tooBig = map(Status.RESOURCE_EXHAUSTED.withDescription("gRPC message exceeds maximum size 10: 20"), new Metadata());
    assertThat(tooBig).isInstanceOf(InvalidArgumentException.class);
    assertThat(tooBig.isRetryable()).isFalse();

    SwathException aborted = map(Status.ABORTED.withDescription("conflict with a concurrent write"), new Metadata());
    assertThat(aborted).isInstanceOf(AbortedException.class);
    assertThat(aborted.isRetryable()).isTrue();
    assertThat(aborted.retryAfter()).isEmpty();

    SwathException reset = map(Status.INTERNAL.withDescription("stream broke").withCause(new SocketException("Connection reset")),
        new Metadata());
    assertThat(reset).isInstanceOf(UnavailableException.class);
    assertThat(reset.isRetryable()).isTrue();

    SwathException internal = map(Status.INTERNAL.withDescription("RST_STREAM closed stream. HTTP/2 error code: PROTOCOL_ERROR"),
        new Metadata());
    assertThat(((SwathServiceException) internal).code()).isEqualTo(ErrorCode.INTERNAL);
    assertThat(internal.isRetryable()).isFalse();

    assertThat(map(Status.FAILED_PRECONDITION, new Metadata())).isInstanceOf(FailedPreconditionException.class)
        .matches(e -> !e.isRetryable());
    assertThat(map(Status.UNAVAILABLE, new Metadata()).isRetryable()).isTrue();
    Metadata badPushback = new Metadata();
    badPushback.put(Metadata.Key.of(RetryAfter.GRPC_PUSHBACK_KEY, Metadata.ASCII_STRING_MARSHALLER), "-1");
    assertThat(map(Status.UNAVAILABLE, badPushback).retryAfter()).isEmpty();
  }

  @Test
  void anOversizeRequestIsAnInvalidArgumentAndABusyServerAsksForAWait() throws Exception {
    SwathServer server = SwathServer.builder().dataDir(TestServers.tempDir("grpc-errors")).port(0).httpPort(0)
        .maxMessageSize(1 << 20).maxQueryStreams(1).build().start();
    String slug = TestServers.slug("busy");
    ManagedChannel raw = NettyChannelBuilder.forTarget(server.target()).usePlaintext().flowControlWindow(64 << 10).build();
    try (DatasetsClient client = DatasetsClient.builder().target(server.target()).retry(RetryPolicy.none()).buildBlocking()) {
      CollectionClient c = client.createDataset(DatasetSpec.builder(slug).field("pad", FieldType.STRING).build()).createCollection("a");
      Instant t0 = Instant.parse("2021-01-01T00:00:00Z");
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        rows.add(Map.of("time", t0.plusSeconds(i), "pad", "p".repeat(300)));
        if (rows.size() == 500) {
          c.ingest(rows);
          rows.clear();
        }
      }
      // one request of ~1.5 MB against a 1 MiB limit: sending it again cannot help
      List<Map<String, Object>> big = new ArrayList<>();
      for (int i = 0; i < 5000; i++) {
        big.add(Map.of("time", t0.minusSeconds(i + 1), "pad", "q".repeat(300)));
      }
      assertThatThrownBy(() -> c.ingest(big)).isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("exceeds maximum size").matches(e -> !((SwathException) e).isRetryable());

      // hold the server's one query stream: read one page, then nothing more
      RawQueryCall held = new RawQueryCall(raw, QueryRequest.newBuilder().setDatasetSlug(slug).setPageSize(100).build());
      held.call.request(1);
      assertThat(held.pages.poll(30, TimeUnit.SECONDS)).as("the held stream started").isNotNull();

      assertThatThrownBy(() -> c.query(Query.all())).isInstanceOfSatisfying(UnavailableException.class, e -> {
        assertThat(e.isRetryable()).isTrue();
        assertThat(e.retryAfter()).as("the server's pushback").contains(Duration.ofSeconds(1));
      });
      held.call.cancel("done", null);
    } finally {
      raw.shutdownNow();
      server.close();
    }
  }
}
