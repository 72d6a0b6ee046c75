package io.swath.server.workflows;

import java.util.List;

/**
 * A task type a runner runs.
 *
 * @param name        its name
 * @param major       its major version
 * @param minor       the newest minor version it runs (tasks of this major with a minor up to this)
 * @param inputFields the fields its runner reads from a task's input; null when not announced
 */
public record TaskType(String name, int major, int minor, List<String> inputFields) {}
