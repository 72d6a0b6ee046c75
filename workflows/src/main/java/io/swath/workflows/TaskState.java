package io.swath.workflows;

/** Where a task is. */
public enum TaskState {
  /** Waiting for the tasks it depends on. */
  WAITING,
  /** Ready for a runner (possibly after a retry delay). */
  QUEUED,
  /** Claimed by a runner under a lease. */
  RUNNING,
  /** Executed; waiting for its subtasks. */
  COMPUTED,
  /** It and all its subtasks completed. */
  COMPLETED,
  /** Failed after its retries. */
  FAILED,
  /** Its job was cancelled before it ran. */
  CANCELLED
}
