package io.swath.cli.fuzz;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.HandlerRegistry;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A gRPC proxy on loopback that forwards every call to a server unchanged and keeps a copy of each
 * request message: clients of the SDK run through it once to give the fuzzer valid requests of
 * every kind to start from.
 */
public final class GrpcRecorder implements AutoCloseable {
  /** A request as it was sent: the full method name and the serialized message. */
  record Recorded(String method, byte[] message) {}

  /** Passes bytes through unchanged (also for tests that send raw requests). */
  public static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>() {
    @Override
    public InputStream stream(byte[] value) {
      return new ByteArrayInputStream(value);
    }

    @Override
    public byte[] parse(InputStream stream) {
      try {
        return stream.readAllBytes();
      } catch (IOException e) {
        throw Status.INTERNAL.withCause(e).asRuntimeException();
      }
    }
  };

  private final Server server;
  private final ManagedChannel backend;
  private final List<Recorded> recorded = new ArrayList<>();

  private GrpcRecorder(String target) throws IOException {
    backend = NettyChannelBuilder.forTarget(target).usePlaintext().maxInboundMessageSize(256 << 20).build();
    server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).maxInboundMessageSize(256 << 20)
        .fallbackHandlerRegistry(new HandlerRegistry() {
          @Override
          public ServerMethodDefinition<?, ?> lookupMethod(String methodName, String authority) {
            MethodDescriptor<byte[], byte[]> md = MethodDescriptor.<byte[], byte[]>newBuilder().setType(MethodDescriptor.MethodType.UNKNOWN)
                .setFullMethodName(methodName).setRequestMarshaller(BYTES).setResponseMarshaller(BYTES).build();
            return ServerMethodDefinition.create(md, new Forward(md));
          }
        }).build().start();
  }

  static GrpcRecorder start(String target) throws IOException {
    return new GrpcRecorder(target);
  }

  /** {@code host:port} for clients. */
  String target() {
    return "127.0.0.1:" + server.getPort();
  }

  /** The requests seen so far, in order. */
  synchronized List<Recorded> recorded() {
    return List.copyOf(recorded);
  }

  private final class Forward implements ServerCallHandler<byte[], byte[]> {
    private final MethodDescriptor<byte[], byte[]> md;

    Forward(MethodDescriptor<byte[], byte[]> md) {
      this.md = md;
    }

    @Override
    public ServerCall.Listener<byte[]> startCall(ServerCall<byte[], byte[]> call, Metadata headers) {
      ClientCall<byte[], byte[]> out = backend.newCall(md, CallOptions.DEFAULT);
      out.start(new ClientCall.Listener<>() {
        @Override
        public void onHeaders(Metadata h) {
          call.sendHeaders(h);
        }

        @Override
        public void onMessage(byte[] message) {
          call.sendMessage(message);
          out.request(1);
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
          call.close(status, trailers);
        }
      }, headers);
      out.request(1);
      call.request(1);
      return new ServerCall.Listener<>() {
        @Override
        public void onMessage(byte[] message) {
          synchronized (GrpcRecorder.this) {
            recorded.add(new Recorded(md.getFullMethodName(), message));
          }
          out.sendMessage(message);
          call.request(1);
        }

        @Override
        public void onHalfClose() {
          out.halfClose();
        }

        @Override
        public void onCancel() {
          out.cancel("client cancelled", null);
        }
      };
    }
  }

  @Override
  public void close() {
    try {
      server.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      backend.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
