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
    MethodDescriptor<Object, R> guarded = md.toBuilder(new MethodDescriptor.Marshaller<Object>() {
      @Override
      public InputStream stream(Object value) {
        return inner.stream((Q) value);
      }

      @Override
      public Object parse(InputStream stream) {
        try {
          return inner.parse(stream);
        } catch (RuntimeException e) {
          Throwable cause = e.getCause() != null ? e.getCause() : e;
          String why = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
          return new Unreadable("the request is not a valid " + type + " message: " + (why.length() > 200 ? why.substring(0, 200) + "…" : why));
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
