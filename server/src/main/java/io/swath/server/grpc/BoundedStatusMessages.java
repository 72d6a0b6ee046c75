package io.swath.server.grpc;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;

/**
 * Keeps every status message short enough to travel: a message travels in an HTTP/2 header,
 * percent-encoded, and clients refuse headers over 8 KiB by resetting the stream, so an error
 * that quotes a huge or binary value from the request would reach the client as a protocol error
 * instead of its explanation. Messages are cut at {@value #MAX_BYTES} bytes of UTF-8 and control
 * characters shown as {@code \\uXXXX}.
 */
public final class BoundedStatusMessages implements ServerInterceptor {
  /** The most bytes of UTF-8 a status message keeps (at most three times that once encoded). */
  static final int MAX_BYTES = 1500;

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    return next.startCall(new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        String d = status.getDescription();
        super.close(d == null ? status : status.withDescription(bounded(d)), trailers);
      }
    }, headers);
  }

  /** {@code text} with control characters escaped, cut to {@value #MAX_BYTES} bytes of UTF-8. */
  static String bounded(String text) {
    StringBuilder sb = new StringBuilder(Math.min(text.length(), MAX_BYTES + 64));
    int bytes = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      String piece = Character.isISOControl(cp) && cp != '\n' ? String.format("\\u%04x", cp) : new String(Character.toChars(cp));
      int n = piece.getBytes(StandardCharsets.UTF_8).length;
      if (bytes + n > MAX_BYTES) {
        sb.append("… (").append(text.length()).append(" characters in all)");
        return sb.toString();
      }
      sb.append(piece);
      bytes += n;
      i += Character.charCount(cp);
    }
    return sb.toString();
  }
}
