package io.swath.server.workflows;

import java.util.List;

/**
 * The answer to a lease renewal.
 *
 * @param cancelled tasks whose job was cancelled or failed (their leases were renewed)
 * @param lost      tasks whose claim is stale
 */
public record RenewalResult(List<String> cancelled, List<String> lost) {}
