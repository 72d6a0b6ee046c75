package io.swath.server.workflows;

import java.util.List;
import java.util.UUID;

/**
 * A stored task.
 *
 * @param id          the task id
 * @param parentId    the task that submitted it as a subtask; null for a root task
 * @param name        its type's name
 * @param major       its type's major version
 * @param minor       its type's minor version
 * @param display     its label for listings, may be empty
 * @param state       its state
 * @param attempts    failed attempts
 * @param error       the last failure, empty for none
 * @param createdUs   creation time, microseconds since epoch
 * @param startedUs   when it last started, 0: not started
 * @param finishedUs  when it finished executing, 0: not finished (its subtasks may still run)
 * @param result      its result JSON, empty for none
 * @param cluster     the cluster it runs in
 * @param optional    whether failing does not fail the job
 * @param input       its input JSON; null when not read
 * @param dependsOn   the tasks it depends on, in the order it listed them
 */
public record TaskRecord(UUID id, UUID parentId, String name, int major, int minor, String display, TaskState state, int attempts,
                         String error, long createdUs, long startedUs, long finishedUs, String result, String cluster, boolean optional,
                         String input, List<UUID> dependsOn) {}
