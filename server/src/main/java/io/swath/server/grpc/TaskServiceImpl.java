package io.swath.server.grpc;

import io.grpc.stub.StreamObserver;
import io.swath.api.v1.DependencyResultsRequest;
import io.swath.api.v1.DependencyResultsResponse;
import io.swath.api.v1.KnownJobsRequest;
import io.swath.api.v1.KnownJobsResponse;
import io.swath.api.v1.NextTasksRequest;
import io.swath.api.v1.NextTasksResponse;
import io.swath.api.v1.RenewLeasesRequest;
import io.swath.api.v1.RenewLeasesResponse;
import io.swath.api.v1.TaskServiceGrpc;
import io.swath.core.error.InvalidArgumentException;
import io.swath.core.id.Uuids;
import io.swath.server.security.Authorization;
import io.swath.server.security.Principal;
import io.swath.server.workflows.WorkflowStore;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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
      Principal caller = caller();
      NextTasksRequest.Builder in = req.toBuilder();
      in.getFinishedBuilderList().forEach(o -> o.setClaim(caller.leaseToken(o.getClaim())));
      NextTasksResponse.Builder out = WorkflowProtos.nextTasksResponse(store.nextTasks(WorkflowProtos.claimRequest(in.build()), call::isCancelled))
          .toBuilder();
      out.getTasksBuilderList().forEach(t -> t.setClaim(caller.leaseToken(t.getClaim())));
      return out.build();
    });
  }

  /**
   * The caller of this call. Lease tokens are stored combined with nothing and shown combined with
   * the caller's secret lease mask: a token reported under another key than the one it was
   * handed to names no claim, so it is rejected as stale.
   */
  private static Principal caller() {
    Principal p = Authorization.CALLER.get();
    return p == null ? Principal.OPEN : p;
  }

  @Override
  public void renewLeases(RenewLeasesRequest req, StreamObserver<RenewLeasesResponse> obs) {
    Calls.unary(obs, () -> {
      Principal caller = caller();
      RenewLeasesRequest.Builder in = req.toBuilder();
      in.getLeasesBuilderList().forEach(l -> l.setClaim(caller.leaseToken(l.getClaim())));
      RenewLeasesRequest renewal = in.build();
      return WorkflowProtos.renewLeasesResponse(store.renew(renewal.getLeaseMs(), WorkflowProtos.leases(renewal)));
    });
  }

  @Override
  public void dependencyResults(DependencyResultsRequest req, StreamObserver<DependencyResultsResponse> obs) {
    Calls.unary(obs, () -> WorkflowProtos.dependencyResults(store.dependencyResults(Uuids.parse("task id", req.getTaskId()))));
  }

  @Override
  public void knownJobs(KnownJobsRequest req, StreamObserver<KnownJobsResponse> obs) {
    Calls.unary(obs, () -> {
      if (req.getJobIdsCount() > 10_000) {
        throw new InvalidArgumentException("at most 10000 job ids per call, got " + req.getJobIdsCount());
      }
      List<UUID> ids = new ArrayList<>(req.getJobIdsCount());
      req.getJobIdsList().forEach(id -> ids.add(Uuids.parse("job id", id)));
      return KnownJobsResponse.newBuilder().addAllJobIds(WorkflowProtos.ids(store.knownJobs(ids))).build();
    });
  }
}
