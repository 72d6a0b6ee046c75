package io.swath.server.workflows;

import java.util.UUID;

/**
 * A log line of a task.
 *
 * @param taskId  the task; null in a runner's report, which says the task elsewhere
 * @param attempt the attempt that logged it (0: the first run)
 * @param timeUs  when, microseconds since epoch
 * @param level   0 debug, 1 info, 2 warn, 3 error
 * @param message the text
 */
public record LogRecord(UUID taskId, int attempt, long timeUs, int level, String message) {}
