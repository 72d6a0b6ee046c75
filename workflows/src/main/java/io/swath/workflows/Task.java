package io.swath.workflows;

/**
 * A unit of work: a serializable Java type, usually a record, whose components are its input.
 * Runners rebuild the task from JSON and call {@link #execute}.
 *
 * <pre>{@code
 * @TaskIdentifier(name = "landsat.FetchMonth", version = "v1.0")
 * record FetchMonth(String month) implements Task {
 *   public void execute(ExecutionContext ctx) {
 *     for (String scene : scenesOf(month)) {
 *       ctx.submitSubtask(new ProcessScene(scene));
 *     }
 *   }
 * }
 * }</pre>
 *
 * <p>A task is identified by a name and a {@code vMAJOR.MINOR} version
 * ({@link TaskIdentifier}; by default the simple class name and {@code v0.0}). A runner runs a
 * task when the majors match and the runner's minor is at least the task's, so a compatible
 * change bumps the minor and a breaking one the major. Rename the class freely once its name is
 * fixed with the annotation.
 *
 * <p>Throwing fails the attempt; it is retried up to the task's {@code maxRetries} unless the
 * exception is not retryable ({@link TaskFailure#nonRetryable}). Subtasks submitted through the
 * context are created only when {@code execute} returns normally, and the task is complete when
 * all of them are.
 */
@FunctionalInterface
public interface Task {
  /** Does the work; may submit subtasks, report progress, log and set a result through {@code ctx}. */
  void execute(ExecutionContext ctx) throws Exception;
}
