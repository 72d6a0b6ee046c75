package io.swath.workflows;

import java.time.Duration;

/**
 * What {@link JobClient#prune(java.util.function.Consumer)} removed.
 *
 * @param jobs      completed, failed and cancelled jobs removed (with a dry run: that would be)
 * @param tasks     their tasks
 * @param olderThan the age that was applied: jobs that finished longer ago than this
 * @param dryRun    whether nothing was removed, only counted
 */
public record PruneResult(long jobs, long tasks, Duration olderThan, boolean dryRun) {}
