package io.swath.server.workflows;

import java.util.List;

/**
 * The answer to a {@link ClaimRequest}.
 *
 * @param tasks         the tasks claimed
 * @param rejected      ids of reported outcomes whose claim was stale (lease expired, job gone)
 * @param nextReadyInMs when no task was claimed: ms until a delayed task becomes ready, -1: none; else 0
 */
public record ClaimResult(List<TaskClaim> tasks, List<String> rejected, long nextReadyInMs) {}
