package io.swath.workflows;

/**
 * A named progress counter of a job: every task adds to the total work ({@link #add}) and marks
 * work done ({@link #done}); the job shows the sums over its tasks. Counts belong to the attempt
 * that made them, so a retried task replaces its earlier counts instead of adding to them.
 */
public interface ProgressIndicator {
  /** Adds {@code n} units to the total. */
  void add(long n);

  /** Marks {@code n} units done. */
  void done(long n);
}
