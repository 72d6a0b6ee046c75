package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.swath.api.v1.IngestServiceGrpc;
import io.swath.api.v1.DatasetServiceGrpc;
import io.swath.api.v1.ListDatasetsRequest;
import io.swath.cli.fuzz.GrpcRecorder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request over the server's message size limit ({@code --max-message-size}, 256 MiB by default)
 * is answered RESOURCE_EXHAUSTED, quickly, and the same connection stays usable.
 */
class OversizeRequestTest {
  @TempDir
  Path dir;

  @Test
  void oversizeRequestsAreRefusedWithTheLimit() throws Exception {
    refused(new int[] {2, 64}, "--max-message-size", "1m");
  }

  @Test
  void requestsOverTheDefaultLimitAreRefused() throws Exception {
    refused(new int[] {300});
  }

  void refused(int[] sizes, String... flags) throws Exception {
    try (ServerLimitsTest.ServerProcess s = new ServerLimitsTest.ServerProcess(dir, flags)) {
      ManagedChannel ch = NettyChannelBuilder.forTarget(s.target).usePlaintext().build();
      try {
        var md = IngestServiceGrpc.getIngestMethod();
        MethodDescriptor<byte[], byte[]> raw = MethodDescriptor.<byte[], byte[]>newBuilder().setType(md.getType())
            .setFullMethodName(md.getFullMethodName()).setRequestMarshaller(GrpcRecorder.BYTES).setResponseMarshaller(GrpcRecorder.BYTES).build();
        for (int mib : sizes) {
          byte[] big = new byte[mib << 20];
          // the length prefix alone is over the limit: the server refuses before it reads the rest
          java.util.Arrays.fill(big, (byte) 'a');
          long t0 = System.nanoTime();
          StatusRuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(StatusRuntimeException.class,
              () -> ClientCalls.blockingUnaryCall(ch, raw, CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS), big));
          System.out.printf("%d MiB: %s %s (%d ms)%n", mib, e.getStatus().getCode(), e.getStatus().getDescription(), (System.nanoTime() - t0) / 1_000_000);
          assertThat(e.getStatus().getCode()).as("%d MiB: %s", mib, e.getStatus()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
          DatasetServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS).listDatasets(ListDatasetsRequest.getDefaultInstance());
        }
      } finally {
        ch.shutdownNow();
      }
      assertThat(s.stackTraceLines()).isEmpty();
    }
  }
}
