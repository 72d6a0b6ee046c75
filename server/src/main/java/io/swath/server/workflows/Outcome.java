package io.swath.server.workflows;

import java.util.List;

/**
 * What a runner reports of a task it claimed.
 *
 * @param id        the task id, as sent (checked when applied)
 * @param claim     the lease token the task was claimed with
 * @param kind      completed, failed or released; null when the report says none (refused)
 * @param result    the result JSON, when completed
 * @param subtasks  tasks to run under it, when completed
 * @param error     why it failed
 * @param retryable whether a failure may be retried
 * @param progress  this attempt's counts (they replace earlier attempts')
 * @param logs      new log lines since the last report
 */
public record Outcome(String id, long claim, Kind kind, String result, List<NewTask> subtasks, String error, boolean retryable,
                      List<ProgressRecord> progress, List<LogRecord> logs) {

  /** What happened to the task. */
  public enum Kind {
    /** It ran to the end. */
    COMPLETED,
    /** It failed. */
    FAILED,
    /** Handed back unfinished (its runner is stopping): runs again, no retry spent. */
    RELEASED
  }

  /** This outcome as a failure for good, without subtasks, that says {@code why}. */
  Outcome failedForGood(String why) {
    return new Outcome(id, claim, Kind.FAILED, result, List.of(), why, false, progress, logs);
  }
}
