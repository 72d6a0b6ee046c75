package io.swath.server.workflows;

import java.util.UUID;

/**
 * The result of a task another task depends on.
 *
 * @param taskId the task depended on
 * @param result its result JSON, empty for none
 */
public record DependencyResult(UUID taskId, String result) {}
