package io.swath.server.workflows;

import java.util.List;

/**
 * A runner's round trip: the outcomes of the tasks it finished, and how many new ones it takes.
 *
 * @param runnerId the runner
 * @param cluster  the cluster it runs tasks of
 * @param types    the task types it runs
 * @param finished outcomes of tasks it claimed before
 * @param maxTasks how many tasks it takes (0: only reports outcomes)
 * @param waitMs   how long to wait for work when none is ready (0: answer at once)
 * @param leaseMs  the lease of the tasks it claims (0: 30 s)
 */
public record ClaimRequest(String runnerId, String cluster, List<TaskType> types, List<Outcome> finished, int maxTasks, long waitMs,
                           long leaseMs) {
  /** The same request without outcomes, to claim again after a wait. */
  ClaimRequest withoutOutcomes() {
    return new ClaimRequest(runnerId, cluster, types, List.of(), maxTasks, waitMs, leaseMs);
  }
}
