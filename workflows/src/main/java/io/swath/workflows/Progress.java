package io.swath.workflows;

/**
 * One progress counter of a job, summed over its tasks.
 *
 * @param label the name tasks gave it in {@link ExecutionContext#progress(String)}
 * @param total units of work announced
 * @param done  units done
 */
public record Progress(String label, long total, long done) {
  @Override
  public String toString() {
    return label + ": " + done + "/" + total;
  }
}
