package io.swath.server.workflows;

/**
 * The state of a job, with the code stored for it in {@code jobs.state}. Codes are explicit and
 * never reused: the declaration order of the constants means nothing.
 */
public enum JobState {
  /** No task has started yet. */
  SUBMITTED(1),
  /** A task has started and the job has not finished. */
  RUNNING(2),
  /** The root task and all its subtasks completed. */
  COMPLETED(3),
  /** A task that is not optional failed after its retries. */
  FAILED(4),
  /** Cancelled by a user. */
  CANCELLED(5);

  private final int code;

  JobState(int code) {
    this.code = code;
  }

  /** The code stored in the database. */
  public int code() {
    return code;
  }

  /** Whether the job can no longer change by itself: completed, failed or cancelled. */
  public boolean isFinal() {
    return this == COMPLETED || this == FAILED || this == CANCELLED;
  }

  /** The state stored as {@code code}. */
  public static JobState ofCode(int code) {
    for (JobState s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalStateException("no job state has the stored code " + code);
  }
}
