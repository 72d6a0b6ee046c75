package io.swath.client;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.swath.api.v1.DataAccessServiceGrpc;
import io.swath.api.v1.DatapointPage;
import io.swath.api.v1.QueryRequest;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A query stream opened on the bare gRPC call, with manual flow control: it receives only the
 * pages asked for with {@code call.request(n)}, so a test can read slowly or hold a stream open.
 */
final class RawQueryCall {
  final ClientCall<QueryRequest, DatapointPage> call;
  final LinkedBlockingQueue<DatapointPage> pages = new LinkedBlockingQueue<>();
  final CompletableFuture<Status> closed = new CompletableFuture<>();

  RawQueryCall(ManagedChannel channel, QueryRequest request) {
    call = channel.newCall(DataAccessServiceGrpc.getQueryMethod(), CallOptions.DEFAULT);
    call.start(new ClientCall.Listener<>() {
      @Override
      public void onMessage(DatapointPage p) {
        pages.add(p);
      }

      @Override
      public void onClose(Status status, Metadata trailers) {
        closed.complete(status);
      }
    }, new Metadata());
    call.sendMessage(request);
    call.halfClose();
  }
}
