package io.swath.workflows;

import io.swath.core.retry.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Options of one subtask, set in the lambda of
 * {@link ExecutionContext#submitSubtask(Task, java.util.function.Consumer)}:
 *
 * <pre>{@code
 * TaskHandle a = ctx.submitSubtask(new Fetch("a"));
 * TaskHandle b = ctx.submitSubtask(new Fetch("b"), o -> o.maxRetries(3));
 * ctx.submitSubtask(new Merge(), o -> o.dependsOn(a, b).cluster("big-memory"));
 * }</pre>
 */
public final class SubtaskOptions {
  final List<TaskHandle> dependsOn = new ArrayList<>();
  String cluster = "";
  RetryPolicy retry;
  boolean optional;
  String display = "";

  SubtaskOptions() {}

  /** Runs only after these subtasks (of the same execution) completed, with all of their own subtasks. */
  public SubtaskOptions dependsOn(TaskHandle... handles) {
    for (TaskHandle h : handles) {
      dependsOn.add(Objects.requireNonNull(h, "handle"));
    }
    return this;
  }

  /** Runs only after these subtasks completed. */
  public SubtaskOptions dependsOn(Collection<TaskHandle> handles) {
    handles.forEach(this::dependsOn);
    return this;
  }

  /** Runs on runners of this cluster instead of the parent's. */
  public SubtaskOptions cluster(String cluster) {
    this.cluster = Objects.requireNonNull(cluster, "cluster");
    return this;
  }

  /** Retries after a failure, with the default backoff (1 s, doubling, up to 1 min). */
  public SubtaskOptions maxRetries(int n) {
    this.retry = Codec.withRetries(retry, n);
    return this;
  }

  /** Retries and backoff: {@code maxAttempts - 1} retries, waits from {@code initialBackoff} doubling to {@code maxBackoff}. */
  public SubtaskOptions retry(RetryPolicy policy) {
    this.retry = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /** When true, failing after its retries does not fail the job: its parent and dependents go on. */
  public SubtaskOptions optional(boolean optional) {
    this.optional = optional;
    return this;
  }

  /** A short label for listings and graphs (default: the task name). */
  public SubtaskOptions display(String label) {
    this.display = Objects.requireNonNull(label, "label");
    return this;
  }

  Duration backoff() {
    return retry == null ? Duration.ZERO : retry.initialBackoff();
  }
}
