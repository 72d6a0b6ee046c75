package io.swath.server.workflows;

import java.util.UUID;

/**
 * A task handed to a runner under a lease.
 *
 * @param id              the task id
 * @param jobId           its job
 * @param name            its type's name
 * @param major           its type's major version
 * @param minor           its type's minor version
 * @param input           its input JSON
 * @param claim           the lease token, echoed in outcomes and renewals
 * @param attempt         0 on the first run, 1 on the first retry, ...
 * @param cluster         its cluster
 * @param dependencyCount how many tasks it depends on
 * @param maxRetries      its retry budget
 */
public record TaskClaim(UUID id, UUID jobId, String name, int major, int minor, String input, long claim, int attempt, String cluster,
                        int dependencyCount, int maxRetries) {}
