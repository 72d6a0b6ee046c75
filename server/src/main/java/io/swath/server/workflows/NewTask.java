package io.swath.server.workflows;

import java.util.List;

/**
 * A task as submitted: the root task of a job, or a subtask in a completed outcome. Checked when
 * stored, not when made.
 *
 * @param name         its type's name
 * @param major        its type's major version
 * @param minor        its type's minor version
 * @param input        its input JSON
 * @param cluster      the cluster it runs in; empty: its parent's
 * @param maxRetries   retries after a retryable failure
 * @param optional     whether failing does not fail the job
 * @param dependsOn    indexes of earlier tasks of the same list it waits for
 * @param display      its label for listings; empty: the name
 * @param backoffMs    the first retry delay (0 with {@code maxBackoffMs} 0: the default)
 * @param maxBackoffMs the longest retry delay (0: the default)
 */
public record NewTask(String name, int major, int minor, String input, String cluster, int maxRetries, boolean optional,
                      List<Integer> dependsOn, String display, long backoffMs, long maxBackoffMs) {}
