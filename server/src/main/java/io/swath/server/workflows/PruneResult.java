package io.swath.server.workflows;

import java.time.Duration;

/**
 * What one pruning removed (or, dry, would remove).
 *
 * @param jobs      jobs removed
 * @param tasks     their tasks
 * @param olderThan the age of the jobs that were removed
 */
public record PruneResult(long jobs, long tasks, Duration olderThan) {}
