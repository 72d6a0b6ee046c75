package io.swath.server.workflows;

/**
 * A count of progress of a task (as reported) or of a job (summed over its tasks).
 *
 * @param label what is counted
 * @param total how many there are
 * @param done  how many are done
 */
public record ProgressRecord(String label, long total, long done) {}
