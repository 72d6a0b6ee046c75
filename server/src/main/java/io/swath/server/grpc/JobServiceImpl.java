package io.swath.server.grpc;

import io.grpc.stub.StreamObserver;
import io.swath.api.v1.GetJobRequest;
import io.swath.api.v1.GetTaskRequest;
import io.swath.api.v1.Job;
import io.swath.api.v1.JobIdRequest;
import io.swath.api.v1.JobServiceGrpc;
import io.swath.api.v1.ListJobsRequest;
import io.swath.api.v1.ListJobsResponse;
import io.swath.api.v1.ListLogsRequest;
import io.swath.api.v1.ListLogsResponse;
import io.swath.api.v1.ListTasksRequest;
import io.swath.api.v1.ListTasksResponse;
import io.swath.api.v1.SubmitJobRequest;
import io.swath.api.v1.TaskInfo;
import io.swath.core.error.InvalidArgumentException;
import io.swath.core.id.Uuids;
import io.swath.server.workflows.WorkflowStore;
import java.util.UUID;

/** gRPC JobService: submit, inspect, cancel and retry jobs. */
final class JobServiceImpl extends JobServiceGrpc.JobServiceImplBase {
  private final WorkflowStore store;

  JobServiceImpl(WorkflowStore store) {
    this.store = store;
  }

  @Override
  public void submitJob(SubmitJobRequest req, StreamObserver<Job> obs) {
    Calls.unary(obs, () -> WorkflowProtos.job(store.submit(WorkflowProtos.submission(req))));
  }

  @Override
  public void getJob(GetJobRequest req, StreamObserver<Job> obs) {
    Calls.unary(obs, () -> {
      UUID id = Uuids.parse("job id", req.getJobId());
      if (req.getWaitMs() < 0 || req.getWaitMs() > 600_000) {
        throw new InvalidArgumentException("wait_ms must be between 0 and 600000, got " + req.getWaitMs());
      }
      return WorkflowProtos.job(req.getWaitMs() > 0 ? store.awaitJob(id, req.getWaitMs()) : store.job(id));
    });
  }

  @Override
  public void listJobs(ListJobsRequest req, StreamObserver<ListJobsResponse> obs) {
    Calls.unary(obs, () -> ListJobsResponse.newBuilder().addAllJobs(WorkflowProtos.jobs(store.listJobs(req.getLimit(), req.getNamePrefix()))).build());
  }

  @Override
  public void cancelJob(JobIdRequest req, StreamObserver<Job> obs) {
    Calls.unary(obs, () -> WorkflowProtos.job(store.cancel(Uuids.parse("job id", req.getJobId()))));
  }

  @Override
  public void retryJob(JobIdRequest req, StreamObserver<Job> obs) {
    Calls.unary(obs, () -> WorkflowProtos.job(store.retry(Uuids.parse("job id", req.getJobId()))));
  }

  @Override
  public void listTasks(ListTasksRequest req, StreamObserver<ListTasksResponse> obs) {
    Calls.unary(obs, () -> ListTasksResponse.newBuilder().addAllTasks(WorkflowProtos.tasks(store.tasks(Uuids.parse("job id", req.getJobId()), req.getLimit()))).build());
  }

  @Override
  public void getTask(GetTaskRequest req, StreamObserver<TaskInfo> obs) {
    Calls.unary(obs, () -> WorkflowProtos.task(store.task(Uuids.parse("task id", req.getTaskId()))));
  }

  @Override
  public void pruneJobs(io.swath.api.v1.PruneJobsRequest req, StreamObserver<io.swath.api.v1.PruneJobsResponse> obs) {
    Calls.unary(obs, () -> WorkflowProtos.pruneResponse(store.prune(req.getOlderThanMs(), req.getDryRun())));
  }

  @Override
  public void listLogs(ListLogsRequest req, StreamObserver<ListLogsResponse> obs) {
    Calls.unary(obs, () -> ListLogsResponse.newBuilder().addAllLines(WorkflowProtos.logLines(store.logs(Uuids.parse("job id", req.getJobId()),
        req.getTaskId().isBlank() ? null : Uuids.parse("task id", req.getTaskId()), req.getLimit()))).build());
  }
}
