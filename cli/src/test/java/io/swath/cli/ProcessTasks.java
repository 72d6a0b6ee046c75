package io.swath.cli;

import io.swath.workflows.ExecutionContext;
import io.swath.workflows.Task;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** Tasks run by runner processes in the process tests; they record every execution in files. */
final class ProcessTasks {
  private ProcessTasks() {}

  static void record(String dir, String line) throws Exception {
    Files.writeString(Path.of(dir, "runs.log"), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  static List<String> runs(Path dir) throws Exception {
    Path f = dir.resolve("runs.log");
    return Files.exists(f) ? Files.readAllLines(f) : List.of();
  }

  /** Blocks (ignoring cancellation) while the file {@code hold} exists; records each start and end. */
  record Hold(String dir, String name) implements Task {
    @Override
    public void execute(ExecutionContext ctx) throws Exception {
      record(dir, "start " + name + " attempt " + ctx.attempt() + " pid " + ProcessHandle.current().pid());
      while (Files.exists(Path.of(dir, "hold"))) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          // a stopping runner interrupts tasks it hands back; this one keeps holding until released
          record(dir, "interrupted " + name);
          throw e;
        }
      }
      record(dir, "end " + name);
    }
  }

  /** Fans out {@code n} short tasks. */
  record Many(String dir, int n, int sleepMs) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      List<Short> all = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        all.add(new Short(dir, i, sleepMs));
      }
      ctx.submitSubtasks(all);
    }
  }

  /** Sleeps a little and records its index. */
  record Short(String dir, int i, int sleepMs) implements Task {
    @Override
    public void execute(ExecutionContext ctx) throws Exception {
      Thread.sleep(sleepMs);
      record(dir, "short " + i);
    }
  }
}
