package io.swath.server.grpc;

import io.swath.api.v1.ClaimedTask;
import io.swath.api.v1.DependencyResultsResponse;
import io.swath.api.v1.Job;
import io.swath.api.v1.LogLine;
import io.swath.api.v1.NextTasksRequest;
import io.swath.api.v1.NextTasksResponse;
import io.swath.api.v1.ProgressCount;
import io.swath.api.v1.PruneJobsResponse;
import io.swath.api.v1.RenewLeasesRequest;
import io.swath.api.v1.RenewLeasesResponse;
import io.swath.api.v1.SubmitJobRequest;
import io.swath.api.v1.TaskInfo;
import io.swath.api.v1.TaskLease;
import io.swath.api.v1.TaskOutcome;
import io.swath.api.v1.TaskSpec;
import io.swath.api.v1.TaskStateCount;
import io.swath.server.workflows.ClaimRequest;
import io.swath.server.workflows.ClaimResult;
import io.swath.server.workflows.DependencyResult;
import io.swath.server.workflows.JobRecord;
import io.swath.server.workflows.JobState;
import io.swath.server.workflows.JobSubmission;
import io.swath.server.workflows.LeaseReport;
import io.swath.server.workflows.LogRecord;
import io.swath.server.workflows.NewTask;
import io.swath.server.workflows.Outcome;
import io.swath.server.workflows.ProgressRecord;
import io.swath.server.workflows.PruneResult;
import io.swath.server.workflows.RenewalResult;
import io.swath.server.workflows.TaskClaim;
import io.swath.server.workflows.TaskRecord;
import io.swath.server.workflows.TaskState;
import io.swath.server.workflows.TaskType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The one place where the workflow store's records and the wire messages of the job and task
 * services are converted. States map by name in exhaustive switches, not by number: the stored
 * codes ({@link JobState#code()}, {@link TaskState#code()}) and the wire numbers are free to differ.
 */
final class WorkflowProtos {
  private WorkflowProtos() {}

  // ------------------------------------------------------------------ to the store

  static JobSubmission submission(SubmitJobRequest req) {
    return new JobSubmission(req.getName(), req.hasRoot() ? newTask(req.getRoot()) : null, req.getIdempotencyKey());
  }

  static NewTask newTask(TaskSpec s) {
    return new NewTask(s.getName(), s.getMajor(), s.getMinor(), s.getInput(), s.getCluster(), s.getMaxRetries(), s.getOptional(),
        s.getDependsOnList(), s.getDisplay(), s.getBackoffMs(), s.getMaxBackoffMs());
  }

  static ClaimRequest claimRequest(NextTasksRequest req) {
    List<TaskType> types = new ArrayList<>(req.getTypesCount());
    for (io.swath.api.v1.TaskType t : req.getTypesList()) {
      types.add(new TaskType(t.getName(), t.getMajor(), t.getMinor(), t.hasInput() ? t.getInput().getNamesList() : null));
    }
    List<Outcome> finished = new ArrayList<>(req.getFinishedCount());
    for (TaskOutcome o : req.getFinishedList()) {
      finished.add(outcome(o));
    }
    return new ClaimRequest(req.getRunnerId(), req.getCluster(), types, finished, req.getMaxTasks(), req.getWaitMs(), req.getLeaseMs());
  }

  static Outcome outcome(TaskOutcome o) {
    Outcome.Kind kind = switch (o.getKind()) {
      case OUTCOME_KIND_COMPLETED -> Outcome.Kind.COMPLETED;
      case OUTCOME_KIND_FAILED -> Outcome.Kind.FAILED;
      case OUTCOME_KIND_RELEASED -> Outcome.Kind.RELEASED;
      case OUTCOME_KIND_UNSPECIFIED, UNRECOGNIZED -> null;
    };
    List<NewTask> subtasks = new ArrayList<>(o.getSubtasksCount());
    for (TaskSpec s : o.getSubtasksList()) {
      subtasks.add(newTask(s));
    }
    return new Outcome(o.getId(), o.getClaim(), kind, o.getResult(), subtasks, o.getError(), o.getRetryable(),
        progress(o.getProgressList()), logs(o.getLogsList()));
  }

  static List<LeaseReport> leases(RenewLeasesRequest req) {
    List<LeaseReport> out = new ArrayList<>(req.getLeasesCount());
    for (TaskLease l : req.getLeasesList()) {
      out.add(new LeaseReport(l.getId(), l.getClaim(), progress(l.getProgressList()), logs(l.getLogsList())));
    }
    return out;
  }

  private static List<ProgressRecord> progress(List<ProgressCount> in) {
    List<ProgressRecord> out = new ArrayList<>(in.size());
    for (ProgressCount p : in) {
      out.add(new ProgressRecord(p.getLabel(), p.getTotal(), p.getDone()));
    }
    return out;
  }

  /** A runner's log lines; they name their task where they are reported, not in the line. */
  private static List<LogRecord> logs(List<LogLine> in) {
    List<LogRecord> out = new ArrayList<>(in.size());
    for (LogLine l : in) {
      out.add(new LogRecord(null, l.getAttempt(), l.getTimeUs(), l.getLevel(), l.getMessage()));
    }
    return out;
  }

  // ------------------------------------------------------------------ from the store

  static Job job(JobRecord j) {
    Job.Builder b = Job.newBuilder().setId(j.id().toString()).setName(j.name()).setState(state(j.state())).setCluster(j.cluster())
        .setRootTaskId(j.rootTaskId().toString()).setIdempotencyKey(j.idempotencyKey()).setError(j.error())
        .setSubmittedAtUs(j.submittedUs()).setStartedAtUs(j.startedUs()).setFinishedAtUs(j.finishedUs());
    j.taskCounts().forEach((s, n) -> b.addTaskCounts(TaskStateCount.newBuilder().setState(state(s)).setCount(n)));
    for (ProgressRecord p : j.progress()) {
      b.addProgress(ProgressCount.newBuilder().setLabel(p.label()).setTotal(p.total()).setDone(p.done()));
    }
    return b.build();
  }

  static List<Job> jobs(List<JobRecord> in) {
    return in.stream().map(WorkflowProtos::job).toList();
  }

  static TaskInfo task(TaskRecord t) {
    TaskInfo.Builder b = TaskInfo.newBuilder().setId(t.id().toString()).setParentId(t.parentId() == null ? "" : t.parentId().toString())
        .setName(t.name()).setMajor(t.major()).setMinor(t.minor()).setDisplay(t.display()).setState(state(t.state()))
        .setAttempts(t.attempts()).setError(t.error()).setCreatedAtUs(t.createdUs()).setStartedAtUs(t.startedUs())
        .setFinishedAtUs(t.finishedUs()).setResult(t.result()).setCluster(t.cluster()).setOptional(t.optional());
    if (t.input() != null) {
      b.setInput(t.input());
    }
    t.dependsOn().forEach(d -> b.addDependsOn(d.toString()));
    return b.build();
  }

  static List<TaskInfo> tasks(List<TaskRecord> in) {
    return in.stream().map(WorkflowProtos::task).toList();
  }

  static List<LogLine> logLines(List<LogRecord> in) {
    List<LogLine> out = new ArrayList<>(in.size());
    for (LogRecord l : in) {
      out.add(LogLine.newBuilder().setTaskId(l.taskId().toString()).setAttempt(l.attempt()).setTimeUs(l.timeUs()).setLevel(l.level())
          .setMessage(l.message()).build());
    }
    return out;
  }

  static NextTasksResponse nextTasksResponse(ClaimResult r) {
    NextTasksResponse.Builder b = NextTasksResponse.newBuilder().addAllRejected(r.rejected()).setNextReadyInMs(r.nextReadyInMs());
    for (TaskClaim t : r.tasks()) {
      b.addTasks(ClaimedTask.newBuilder().setId(t.id().toString()).setJobId(t.jobId().toString()).setName(t.name()).setMajor(t.major())
          .setMinor(t.minor()).setInput(t.input()).setClaim(t.claim()).setAttempt(t.attempt()).setCluster(t.cluster())
          .setDependencyCount(t.dependencyCount()).setMaxRetries(t.maxRetries()));
    }
    return b.build();
  }

  static RenewLeasesResponse renewLeasesResponse(RenewalResult r) {
    return RenewLeasesResponse.newBuilder().addAllCancelled(r.cancelled()).addAllLost(r.lost()).build();
  }

  static DependencyResultsResponse dependencyResults(List<DependencyResult> in) {
    DependencyResultsResponse.Builder b = DependencyResultsResponse.newBuilder();
    for (DependencyResult d : in) {
      b.addTaskIds(d.taskId().toString()).addResults(d.result());
    }
    return b.build();
  }

  static PruneJobsResponse pruneResponse(PruneResult r) {
    return PruneJobsResponse.newBuilder().setJobs(r.jobs()).setTasks(r.tasks()).setOlderThanMs(r.olderThan().toMillis()).build();
  }

  static List<String> ids(List<UUID> in) {
    return in.stream().map(UUID::toString).toList();
  }

  static io.swath.api.v1.JobState state(JobState s) {
    return switch (s) {
      case SUBMITTED -> io.swath.api.v1.JobState.JOB_STATE_SUBMITTED;
      case RUNNING -> io.swath.api.v1.JobState.JOB_STATE_RUNNING;
      case COMPLETED -> io.swath.api.v1.JobState.JOB_STATE_COMPLETED;
      case FAILED -> io.swath.api.v1.JobState.JOB_STATE_FAILED;
      case CANCELLED -> io.swath.api.v1.JobState.JOB_STATE_CANCELLED;
    };
  }

  static io.swath.api.v1.TaskState state(TaskState s) {
    return switch (s) {
      case WAITING -> io.swath.api.v1.TaskState.TASK_STATE_WAITING;
      case QUEUED -> io.swath.api.v1.TaskState.TASK_STATE_QUEUED;
      case RUNNING -> io.swath.api.v1.TaskState.TASK_STATE_RUNNING;
      case COMPUTED -> io.swath.api.v1.TaskState.TASK_STATE_COMPUTED;
      case COMPLETED -> io.swath.api.v1.TaskState.TASK_STATE_COMPLETED;
      case FAILED -> io.swath.api.v1.TaskState.TASK_STATE_FAILED;
      case CANCELLED -> io.swath.api.v1.TaskState.TASK_STATE_CANCELLED;
    };
  }
}
