package io.swath.workflows;

/**
 * A subtask submitted in the current execution, to name it in
 * {@link SubtaskOptions#dependsOn(TaskHandle...)} of a later subtask.
 *
 * @param index position among the subtasks submitted by this execution
 * @param type  the subtask's type
 */
public record TaskHandle(int index, TaskType type) {}
