package io.swath.workflows;

import io.swath.api.v1.LogLine;
import io.swath.api.v1.TaskSpec;
import io.swath.api.v1.TaskStateCount;
import io.swath.core.retry.RetryPolicy;
import io.swath.core.rules.StorageRules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The one place that maps between workflows wire messages and SDK types. */
final class Codec {
  private Codec() {}

  /**
   * Task retries when none are asked for: none, and once asked for (by a number of retries), a
   * wait of 1 s doubling up to 1 min. The server waits with the policy's equal jitter.
   */
  static final RetryPolicy TASK_RETRY_DEFAULTS = RetryPolicy.builder().maxAttempts(1)
      .initialBackoff(Duration.ofSeconds(1)).maxBackoff(Duration.ofMinutes(1)).build();

  /** {@code base} (or the task defaults) with {@code n} retries after the first attempt, 0 to 1,000. */
  static RetryPolicy withRetries(RetryPolicy base, int n) {
    if (n < 0 || n > 1000) {
      throw new IllegalArgumentException("maxRetries must be between 0 and 1000, got " + n);
    }
    return (base == null ? TASK_RETRY_DEFAULTS : base).toBuilder().maxAttempts(n + 1).build();
  }

  /** Writes {@code retry} (if any) into the task spec: retries after the first attempt and the waits' bounds. */
  static TaskSpec.Builder retry(TaskSpec.Builder b, RetryPolicy retry) {
    if (retry != null) {
      if (retry.multiplier() != 2.0) {
        throw new IllegalArgumentException("task retries double their wait on the server; the retry policy's multiplier must be 2, got "
            + retry.multiplier());
      }
      if (retry.maxAttempts() > 1001) {
        throw new IllegalArgumentException("a task retries at most 1000 times, got maxAttempts " + retry.maxAttempts());
      }
      b.setMaxRetries(retry.maxAttempts() - 1).setBackoffMs(Math.max(1, retry.initialBackoff().toMillis()))
          .setMaxBackoffMs(Math.max(1, retry.maxBackoff().toMillis()));
    }
    return b;
  }

  static TaskSpec.Builder spec(Task task, String cluster, RetryPolicy retry, boolean optional, String display) {
    TaskType type = TaskType.of(task.getClass());
    TaskSpec.Builder b = TaskSpec.newBuilder().setName(type.name()).setMajor(type.major()).setMinor(type.minor())
        .setInput(TaskJson.write(task, "task")).setCluster(cluster).setOptional(optional).setDisplay(display);
    retry(b, retry);
    return b;
  }

  /**
   * The request, after checking it against the rules the server applies ({@link StorageRules}), so
   * a bad name, label or input fails before anything is sent.
   */
  static io.swath.api.v1.SubmitJobRequest checked(io.swath.api.v1.SubmitJobRequest req) {
    StorageRules.checkJob(req.getName(), req.getIdempotencyKey());
    TaskSpec root = req.getRoot();
    StorageRules.checkTask("root task", root.getName(), root.getDisplay(), root.getInput());
    return req;
  }

  static Job job(io.swath.api.v1.Job j) {
    Map<TaskState, Long> counts = new EnumMap<>(TaskState.class);
    for (TaskStateCount c : j.getTaskCountsList()) {
      counts.put(taskState(c.getState()), c.getCount());
    }
    List<Progress> progress = new ArrayList<>();
    j.getProgressList().forEach(p -> progress.add(new Progress(p.getLabel(), p.getTotal(), p.getDone())));
    return new Job(JobId.parse(j.getId()), j.getName(), jobState(j.getState()), j.getCluster(), TaskId.parse(j.getRootTaskId()),
        instant(j.getSubmittedAtUs()), optInstant(j.getStartedAtUs()), optInstant(j.getFinishedAtUs()), counts, List.copyOf(progress),
        j.getError());
  }

  static JobState jobState(io.swath.api.v1.JobState s) {
    return switch (s) {
      case JOB_STATE_SUBMITTED -> JobState.SUBMITTED;
      case JOB_STATE_RUNNING -> JobState.RUNNING;
      case JOB_STATE_COMPLETED -> JobState.COMPLETED;
      case JOB_STATE_FAILED -> JobState.FAILED;
      case JOB_STATE_CANCELLED -> JobState.CANCELLED;
      default -> throw new IllegalStateException("unknown job state " + s);
    };
  }

  static TaskState taskState(io.swath.api.v1.TaskState s) {
    return switch (s) {
      case TASK_STATE_WAITING -> TaskState.WAITING;
      case TASK_STATE_QUEUED -> TaskState.QUEUED;
      case TASK_STATE_RUNNING -> TaskState.RUNNING;
      case TASK_STATE_COMPUTED -> TaskState.COMPUTED;
      case TASK_STATE_COMPLETED -> TaskState.COMPLETED;
      case TASK_STATE_FAILED -> TaskState.FAILED;
      case TASK_STATE_CANCELLED -> TaskState.CANCELLED;
      default -> throw new IllegalStateException("unknown task state " + s);
    };
  }

  static TaskInfo task(io.swath.api.v1.TaskInfo t) {
    List<TaskId> deps = new ArrayList<>();
    t.getDependsOnList().forEach(d -> deps.add(TaskId.parse(d)));
    return new TaskInfo(TaskId.parse(t.getId()), t.getParentId().isEmpty() ? Optional.empty() : Optional.of(TaskId.parse(t.getParentId())),
        new TaskType(t.getName(), t.getMajor(), t.getMinor()), t.getDisplay().isEmpty() ? t.getName() : t.getDisplay(),
        taskState(t.getState()), t.getAttempts(), t.getError(), List.copyOf(deps), t.getCluster(), t.getOptional(),
        instant(t.getCreatedAtUs()), optInstant(t.getStartedAtUs()), optInstant(t.getFinishedAtUs()), t.getResult());
  }

  static TaskLog log(LogLine l) {
    return new TaskLog(TaskId.parse(l.getTaskId()), l.getAttempt(), instant(l.getTimeUs()), level(l.getLevel()), l.getMessage());
  }

  static int level(System.Logger.Level level) {
    return switch (level) {
      case ALL, TRACE, DEBUG -> 0;
      case INFO -> 1;
      case WARNING -> 2;
      case ERROR, OFF -> 3;
    };
  }

  static System.Logger.Level level(int level) {
    return switch (level) {
      case 0 -> System.Logger.Level.DEBUG;
      case 1 -> System.Logger.Level.INFO;
      case 2 -> System.Logger.Level.WARNING;
      default -> System.Logger.Level.ERROR;
    };
  }

  static Instant instant(long us) {
    return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000L);
  }

  static Optional<Instant> optInstant(long us) {
    return us == 0 ? Optional.empty() : Optional.of(instant(us));
  }

  static long micros(Instant t) {
    return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
  }
}
