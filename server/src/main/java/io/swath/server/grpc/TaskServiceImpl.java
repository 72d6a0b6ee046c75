package io.swath.server.grpc;

import io.grpc.stub.StreamObserver;
import io.swath.api.v1.DependencyResultsRequest;
import io.swath.api.v1.DependencyResultsResponse;
import io.swath.api.v1.NextTasksRequest;
import io.swath.api.v1.NextTasksResponse;
import io.swath.api.v1.RenewLeasesRequest;
import io.swath.api.v1.RenewLeasesResponse;
import io.swath.api.v1.TaskServiceGrpc;
import io.swath.core.error.InvalidArgumentException;
import io.swath.core.id.Uuids;
import io.swath.server.workflows.WorkflowStore;

/** gRPC TaskService: the runners' side. NextTasks long-polls without holding a database connection. */
final class TaskServiceImpl extends TaskServiceGrpc.TaskServiceImplBase {
  private final WorkflowStore store;

  TaskServiceImpl(WorkflowStore store) {
    this.store = store;
  }

  @Override
  public void nextTasks(NextTasksRequest req, StreamObserver<NextTasksResponse> obs) {
    Calls.unary(obs, () -> {
      if (req.getWaitMs() < 0 || req.getWaitMs() > 600_000) {
        throw new InvalidArgumentException("wait_ms must be between 0 and 600000, got " + req.getWaitMs());
      }
      io.grpc.Context call = io.grpc.Context.current();
      return store.nextTasks(req, call::isCancelled);
    });
  }

  @Override
  public void renewLeases(RenewLeasesRequest req, StreamObserver<RenewLeasesResponse> obs) {
    Calls.unary(obs, () -> store.renew(req));
  }

  @Override
  public void dependencyResults(DependencyResultsRequest req, StreamObserver<DependencyResultsResponse> obs) {
    Calls.unary(obs, () -> store.dependencyResults(Uuids.parse("task id", req.getTaskId())));
  }
}
