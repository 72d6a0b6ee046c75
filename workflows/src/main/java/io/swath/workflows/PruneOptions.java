package io.swath.workflows;

import java.time.Duration;
import java.util.Objects;

/** Options of {@link JobClient#prune(java.util.function.Consumer)}: the age of the jobs to remove, and whether only to count them. */
public final class PruneOptions {
  Duration olderThan = Duration.ZERO;
  boolean dryRun;

  PruneOptions() {}

  /**
   * Remove the jobs that finished more than {@code age} ago (default: the server's job retention,
   * {@code swath server --job-retention}).
   */
  public PruneOptions olderThan(Duration age) {
    Objects.requireNonNull(age, "age");
    if (age.isNegative() || age.isZero()) {
      throw new IllegalArgumentException("the age of the jobs to prune must be positive, got " + age);
    }
    if (age.toMillis() == 0) {
      throw new IllegalArgumentException("the age of the jobs to prune must be at least 1 ms, got " + age);
    }
    this.olderThan = age;
    return this;
  }

  /** Only count what would be removed. */
  public PruneOptions dryRun(boolean dryRun) {
    this.dryRun = dryRun;
    return this;
  }
}
