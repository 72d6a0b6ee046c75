package io.swath.workflows;

import io.swath.client.AsyncDatasetsClient;
import io.swath.workflows.cache.JobCache;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Consumer;

/**
 * What a running task sees of the system: its identity, subtask submission, its result, the
 * results of the tasks it depends on, progress, logs, the job cache and cancellation. Given as
 * the argument of {@link Task#execute}; usable from any thread the task starts, not only the one
 * that called {@code execute}.
 */
public interface ExecutionContext {
  /** This task. */
  TaskId taskId();

  /** Its job. */
  JobId jobId();

  /** 0 on the first run, 1 on the first retry, ... */
  int attempt();

  /** The cluster it runs in. */
  String cluster();

  /**
   * Whether the task should stop: its job was cancelled or failed, the runner lost its lease, or
   * the runner is shutting down and the grace period is over. Long tasks check it now and then
   * and return (or throw) early; the runner never kills a task.
   */
  boolean isCancelled();

  /**
   * Submits a subtask that runs once this task returned normally (a task that throws creates
   * none of its subtasks). This task completes when all its subtasks did.
   */
  default TaskHandle submitSubtask(Task subtask) {
    return submitSubtask(subtask, o -> {});
  }

  /** Submits a subtask with options: dependencies, cluster, retries, optional. */
  TaskHandle submitSubtask(Task subtask, Consumer<SubtaskOptions> options);

  /** Submits many subtasks with the same options; as fast per subtask as it gets (100,000 are fine). */
  default List<TaskHandle> submitSubtasks(Collection<? extends Task> subtasks, Consumer<SubtaskOptions> options) {
    List<TaskHandle> out = new ArrayList<>(subtasks.size());
    for (Task t : subtasks) {
      out.add(submitSubtask(t, options));
    }
    return out;
  }

  /** Submits many subtasks. */
  default List<TaskHandle> submitSubtasks(Collection<? extends Task> subtasks) {
    return submitSubtasks(subtasks, o -> {});
  }

  /**
   * Sets the task's result, a small value (record, string, number, list ...) stored as JSON that
   * the tasks depending on this one read with {@link #dependencyResults(Class)}.
   */
  void setResult(Object result);

  /**
   * The results of the tasks this task depends on, in the order its parent listed them, read as
   * {@code type}; a dependency without a result gives null.
   */
  <T> List<T> dependencyResults(Class<T> type);

  /** The job's progress counter {@code label}. */
  ProgressIndicator progress(String label);

  /** A logger whose lines are stored with this task on the server ({@code swath jobs logs}). */
  System.Logger logger();

  /** The cache shared by all tasks of this job (on the runner's cache backend). */
  JobCache jobCache();

  /** The datasets client the runner was given; fails when it has none. */
  AsyncDatasetsClient datasets();
}
