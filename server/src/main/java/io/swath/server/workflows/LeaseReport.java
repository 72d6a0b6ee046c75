package io.swath.server.workflows;

import java.util.List;

/**
 * A lease a runner renews, with what its task reported since the last renewal.
 *
 * @param id       the task id, as sent (checked when renewed)
 * @param claim    the lease token
 * @param progress the task's counts
 * @param logs     new log lines
 */
public record LeaseReport(String id, long claim, List<ProgressRecord> progress, List<LogRecord> logs) {}
