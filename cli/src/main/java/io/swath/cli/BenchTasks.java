package io.swath.cli;

import io.swath.workflows.ExecutionContext;
import io.swath.workflows.Task;
import io.swath.workflows.TaskIdentifier;
import java.util.ArrayList;
import java.util.List;

/** Tasks of {@code swath bench workflows}. */
final class BenchTasks {
  private BenchTasks() {}

  /** Does nothing: the benchmark measures the system, not the task. */
  @TaskIdentifier(name = "bench.Noop", version = "v1.0")
  record Noop(int i) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      // nothing
    }
  }

  /** Submits {@code n} no-op subtasks. */
  @TaskIdentifier(name = "bench.FanOut", version = "v1.0")
  record FanOut(int n) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      List<Noop> all = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        all.add(new Noop(i));
      }
      ctx.submitSubtasks(all);
    }
  }
}
