package io.swath.workflows;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A task as stored on the server.
 *
 * @param id         its id
 * @param parent     the task that submitted it; empty for the root task
 * @param type       name and version
 * @param display    label for listings (the name unless set)
 * @param state      where it is
 * @param attempts   failed attempts so far
 * @param error      the last failure (empty if none)
 * @param dependsOn  the tasks it waited for, in the order it listed them
 * @param cluster    where it runs
 * @param optional   whether its failure leaves the job running
 * @param createdAt  when it was created
 * @param startedAt  when it last started
 * @param finishedAt when it last finished executing (its subtasks may still run)
 * @param result     its result as JSON (empty if none)
 */
public record TaskInfo(TaskId id, Optional<TaskId> parent, TaskType type, String display, TaskState state, int attempts, String error,
                       List<TaskId> dependsOn, String cluster, boolean optional, Instant createdAt, Optional<Instant> startedAt,
                       Optional<Instant> finishedAt, String result) {}
