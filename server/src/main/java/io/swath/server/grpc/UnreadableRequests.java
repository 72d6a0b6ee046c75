package io.swath.server.grpc;

import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import java.io.InputStream;

/**
 * Requests whose bytes are not a valid message of their method's type answer INVALID_ARGUMENT,
 * saying what could not be read. gRPC itself parses requests before any interceptor sees them and
 * answers a parse failure with UNKNOWN "Application error processing RPC", a status clients take
 * for a server fault.
 */
public final class UnreadableRequests {
  private UnreadableRequests() {}

  /**
   * Parses a request, skipping fields its type does not define. Kept, they would each become an
   * object of their own: a message of a few megabytes of tiny unknown fields took tens of times its
   * size in heap, so a handful of such requests could exhaust the server's memory.
   */
  static Object parseDiscardingUnknownFields(com.google.protobuf.Parser<?> parser, InputStream stream) throws java.io.IOException {
    com.google.protobuf.CodedInputStream in = com.google.protobuf.CodedInputStream.newInstance(stream);
    in.setSizeLimit(Integer.MAX_VALUE); // the transport's message limit already bounds the size
    @SuppressWarnings("unchecked")
    com.google.protobuf.Parser<com.google.protobuf.Message> typed = (com.google.protobuf.Parser<com.google.protobuf.Message>) parser;
    Object message = com.google.protobuf.DiscardUnknownFieldsParser.wrap(typed).parseFrom(in);
    in.checkLastTagWas(0);
    return message;
  }

  /** What stands for a request of {@code type} that did not parse because of {@code cause}. */
  private static Unreadable unreadable(String type, Throwable cause) {
    String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    return new Unreadable("the request is not a valid " + type + " message: " + (why.length() > 200 ? why.substring(0, 200) + "…" : why));
  }

  /** A request that did not parse, in place of the message. */
  private record Unreadable(String why) {}

  /** The service with every method's request parsing guarded. */
  public static ServerServiceDefinition guard(ServerServiceDefinition service) {
    ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(service.getServiceDescriptor().getName());
    for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
      b.addMethod(guard(m));
    }
    return b.build();
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <Q, R> ServerMethodDefinition<Object, R> guard(ServerMethodDefinition<Q, R> def) {
    MethodDescriptor<Q, R> md = def.getMethodDescriptor();
    MethodDescriptor.Marshaller<Q> inner = md.getRequestMarshaller();
    String type = inner instanceof MethodDescriptor.PrototypeMarshaller<Q> p && p.getMessagePrototype() != null
        ? p.getMessagePrototype().getClass().getSimpleName() : "request";
    com.google.protobuf.Parser<?> parser = inner instanceof MethodDescriptor.PrototypeMarshaller<Q> p
        && p.getMessagePrototype() instanceof com.google.protobuf.Message m ? m.getParserForType() : null;
    MethodDescriptor<Object, R> guarded = md.toBuilder(new MethodDescriptor.Marshaller<Object>() {
      @Override
      public InputStream stream(Object value) {
        return inner.stream((Q) value);
      }

      @Override
      public Object parse(InputStream stream) {
        try {
          return parser == null ? inner.parse(stream) : parseDiscardingUnknownFields(parser, stream);
        } catch (java.io.IOException e) {
          return unreadable(type, e);
        } catch (RuntimeException e) {
          return unreadable(type, e.getCause() != null ? e.getCause() : e);
        }
      }
    }, md.getResponseMarshaller()).build();
    ServerCallHandler<Q, R> handler = def.getServerCallHandler();
    ServerCallHandler<Object, R> guardedHandler = (call, headers) -> {
      ServerCall.Listener<Q> listener = handler.startCall((ServerCall) call, headers);
      return new ForwardingServerCallListener.SimpleForwardingServerCallListener<Object>((ServerCall.Listener) listener) {
        private boolean refused;

        @Override
        public void onMessage(Object message) {
          if (message instanceof Unreadable u) {
            if (!refused) {
              refused = true;
              call.close(Status.INVALID_ARGUMENT.withDescription(u.why()), new Metadata());
            }
            return;
          }
          if (!refused) {
            super.onMessage(message);
          }
        }

        @Override
        public void onHalfClose() {
          if (!refused) {
            super.onHalfClose();
          }
        }
      };
    };
    return ServerMethodDefinition.create(guarded, guardedHandler);
  }
}
