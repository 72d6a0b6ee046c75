package io.swath.server.workflows;

/**
 * A job to submit.
 *
 * @param name           its name
 * @param root           its root task; null when the request has none (refused)
 * @param idempotencyKey a key that makes a second submission return the first job; empty for none
 */
public record JobSubmission(String name, NewTask root, String idempotencyKey) {}
