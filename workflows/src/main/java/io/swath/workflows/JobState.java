package io.swath.workflows;

/** Where a job is. */
public enum JobState {
  /** Stored; no task has started yet. */
  SUBMITTED,
  /** At least one task started. */
  RUNNING,
  /** The root task and all its subtasks completed. */
  COMPLETED,
  /** A task that is not optional failed after its retries; {@link JobClient#retry} runs the failed part again. */
  FAILED,
  /** Cancelled; {@link JobClient#retry} resumes it. */
  CANCELLED;

  /** Whether the job has stopped (completed, failed or cancelled). */
  public boolean isFinal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }
}
