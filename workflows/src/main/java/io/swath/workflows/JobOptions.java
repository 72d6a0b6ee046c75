package io.swath.workflows;

import io.swath.core.retry.RetryPolicy;
import java.util.Objects;

/** Options of a job submission, set in the lambda of {@link JobClient#submit(String, Task, String, java.util.function.Consumer)}. */
public final class JobOptions {
  String idempotencyKey = "";
  RetryPolicy retry;
  String display = "";

  JobOptions() {}

  /**
   * A key that makes the submission idempotent: submitting again with the same key returns the
   * job created the first time (for example after a timeout whose outcome was unknown).
   */
  public JobOptions idempotencyKey(String key) {
    this.idempotencyKey = Objects.requireNonNull(key, "key");
    return this;
  }

  /** Retries of the root task. */
  public JobOptions maxRetries(int n) {
    this.retry = Codec.withRetries(retry, n);
    return this;
  }

  /** Retries and backoff of the root task: {@code maxAttempts - 1} retries, waits from {@code initialBackoff} doubling to {@code maxBackoff}. */
  public JobOptions retry(RetryPolicy policy) {
    this.retry = Objects.requireNonNull(policy, "policy");
    return this;
  }

  /** A short label of the root task for listings and graphs. */
  public JobOptions display(String label) {
    this.display = Objects.requireNonNull(label, "label");
    return this;
  }
}
