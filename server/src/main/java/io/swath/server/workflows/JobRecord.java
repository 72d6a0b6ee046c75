package io.swath.server.workflows;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A stored job with its task counts and progress.
 *
 * @param id             the job id
 * @param name           its name
 * @param state          its state
 * @param cluster        the cluster of its root task
 * @param rootTaskId     its root task
 * @param idempotencyKey the key it was submitted with, empty for none
 * @param error          why it failed, empty otherwise
 * @param submittedUs    submission time, microseconds since epoch
 * @param startedUs      when its first task started, 0: not started
 * @param finishedUs     when it finished, 0: not finished
 * @param taskCounts     its tasks by state, in the order of the states' codes
 * @param progress       its tasks' progress summed by label, in label order
 */
public record JobRecord(UUID id, String name, JobState state, String cluster, UUID rootTaskId, String idempotencyKey, String error,
                        long submittedUs, long startedUs, long finishedUs, Map<TaskState, Long> taskCounts,
                        List<ProgressRecord> progress) {}
