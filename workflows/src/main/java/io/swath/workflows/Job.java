package io.swath.workflows;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A job as the server saw it when asked.
 *
 * @param id          its id
 * @param name        the name given at submission
 * @param state       where it is
 * @param cluster     the cluster of its root task
 * @param rootTask    the root task
 * @param submittedAt when it was submitted
 * @param startedAt   when its first task started, if it did
 * @param finishedAt  when it completed, failed or was cancelled, if it did
 * @param taskCounts  number of tasks by state (states without tasks are absent)
 * @param progress    progress counters, summed over the tasks
 * @param error       why it failed (empty otherwise)
 */
public record Job(JobId id, String name, JobState state, String cluster, TaskId rootTask, Instant submittedAt,
                  Optional<Instant> startedAt, Optional<Instant> finishedAt, Map<TaskState, Long> taskCounts,
                  List<Progress> progress, String error) {
  /** Number of tasks in {@code s}. */
  public long count(TaskState s) {
    return taskCounts.getOrDefault(s, 0L);
  }

  /** Number of tasks. */
  public long taskCount() {
    return taskCounts.values().stream().mapToLong(Long::longValue).sum();
  }

  @Override
  public String toString() {
    return name + " [" + id + "] " + state + " " + taskCounts + (error.isEmpty() ? "" : " — " + error);
  }
}
