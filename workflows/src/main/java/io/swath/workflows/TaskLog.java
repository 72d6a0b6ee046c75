package io.swath.workflows;

import java.time.Instant;

/**
 * One line a task logged through {@link ExecutionContext#logger()}.
 *
 * @param task    the task
 * @param attempt 0 for the first run, 1 for the first retry, ...
 * @param time    when it was logged
 * @param level   DEBUG, INFO, WARNING or ERROR
 * @param message the text
 */
public record TaskLog(TaskId task, int attempt, Instant time, System.Logger.Level level, String message) {
  @Override
  public String toString() {
    return time + " " + level + " [" + task + (attempt > 0 ? " attempt " + attempt : "") + "] " + message;
  }
}
