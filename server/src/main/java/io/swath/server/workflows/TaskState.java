package io.swath.server.workflows;

/**
 * The state of a task, with the code stored for it in {@code tasks.state}. Codes are explicit and
 * never reused: the declaration order of the constants means nothing.
 */
public enum TaskState {
  /** Waiting for the tasks it depends on. */
  WAITING(1),
  /** Ready to be claimed (possibly after a retry delay). */
  QUEUED(2),
  /** Claimed by a runner under a lease. */
  RUNNING(3),
  /** Executed; waiting for its subtasks. */
  COMPUTED(4),
  /** It and all its subtasks completed. */
  COMPLETED(5),
  /** Failed after its retries. */
  FAILED(6),
  /** Its job was cancelled before it ran. */
  CANCELLED(7);

  private final int code;

  TaskState(int code) {
    this.code = code;
  }

  /** The code stored in the database. */
  public int code() {
    return code;
  }

  /** The state stored as {@code code}. */
  public static TaskState ofCode(int code) {
    for (TaskState s : values()) {
      if (s.code == code) {
        return s;
      }
    }
    throw new IllegalStateException("no task state has the stored code " + code);
  }
}
