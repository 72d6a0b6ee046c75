package io.swath.workflows;

import io.swath.api.v1.ClaimedTask;
import io.swath.api.v1.DependencyResultsRequest;
import io.swath.api.v1.DependencyResultsResponse;
import io.swath.api.v1.LogLine;
import io.swath.api.v1.ProgressCount;
import io.swath.api.v1.TaskSpec;
import io.swath.client.AsyncDatasetsClient;
import io.swath.client.GrpcErrors;
import io.swath.workflows.cache.JobCache;
import java.text.MessageFormat;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/** One claimed task on a runner, and the {@link ExecutionContext} it runs with. */
final class RunningTask implements ExecutionContext {
  final ClaimedTask claimed;
  private final TaskRunner runner;
  private final TaskId taskId;
  private final JobId jobId;
  final List<TaskSpec> subtasks = new ArrayList<>();
  volatile String result = "";
  volatile boolean cancelled;
  final AtomicBoolean finished = new AtomicBoolean();
  volatile Thread thread;
  private final Map<String, Counter> progress = new ConcurrentHashMap<>();
  private volatile boolean progressChanged;
  private final ConcurrentLinkedQueue<LogLine> logs = new ConcurrentLinkedQueue<>();
  private final TaskLogger logger = new TaskLogger();

  RunningTask(TaskRunner runner, ClaimedTask claimed) {
    this.runner = runner;
    this.claimed = claimed;
    this.taskId = TaskId.parse(claimed.getId());
    this.jobId = JobId.parse(claimed.getJobId());
  }

  @Override
  public TaskId taskId() {
    return taskId;
  }

  @Override
  public JobId jobId() {
    return jobId;
  }

  @Override
  public int attempt() {
    return claimed.getAttempt();
  }

  @Override
  public String cluster() {
    return claimed.getCluster();
  }

  @Override
  public boolean isCancelled() {
    return cancelled;
  }

  @Override
  public TaskHandle submitSubtask(Task subtask, Consumer<SubtaskOptions> options) {
    Objects.requireNonNull(subtask, "subtask");
    SubtaskOptions o = new SubtaskOptions();
    options.accept(o);
    TaskSpec.Builder spec = Codec.spec(subtask, o.cluster, o.retry, o.optional, o.display);
    synchronized (subtasks) {
      int index = subtasks.size();
      for (TaskHandle h : o.dependsOn) {
        if (h.index() < 0 || h.index() >= index) {
          throw new IllegalArgumentException("a subtask can only depend on subtasks submitted before it in the same execution, got " + h);
        }
        spec.addDependsOn(h.index());
      }
      subtasks.add(spec.build());
      return new TaskHandle(index, new TaskType(spec.getName(), spec.getMajor(), spec.getMinor()));
    }
  }

  @Override
  public void setResult(Object value) {
    this.result = value == null ? "" : TaskJson.write(value, "the result");
  }

  @Override
  public <T> List<T> dependencyResults(Class<T> type) {
    DependencyResultsResponse r;
    try {
      r = runner.client.taskStub.withDeadlineAfter(runner.client.callTimeout.toMillis(), TimeUnit.MILLISECONDS)
          .dependencyResults(DependencyResultsRequest.newBuilder().setTaskId(claimed.getId()).build());
    } catch (RuntimeException e) {
      throw GrpcErrors.from(e);
    }
    List<T> out = new ArrayList<>(r.getResultsCount());
    for (int i = 0; i < r.getResultsCount(); i++) {
      String json = r.getResults(i);
      out.add(json.isEmpty() ? null : TaskJson.read(json, type, "the result of task " + r.getTaskIds(i)));
    }
    return out;
  }

  @Override
  public ProgressIndicator progress(String label) {
    Objects.requireNonNull(label, "label");
    if (label.isBlank() || label.length() > 200) {
      throw new IllegalArgumentException("progress label must be 1 to 200 characters, got '" + label + "'");
    }
    return progress.computeIfAbsent(label, l -> new Counter());
  }

  @Override
  public System.Logger logger() {
    return logger;
  }

  @Override
  public JobCache jobCache() {
    return runner.cache.group(jobId.toString());
  }

  @Override
  public AsyncDatasetsClient datasets() {
    return runner.datasets();
  }

  /** This attempt's progress counts, or nothing if unchanged since the last call (unless {@code always}). */
  List<ProgressCount> progressSnapshot(boolean always) {
    if (!always && !progressChanged) {
      return List.of();
    }
    progressChanged = false;
    List<ProgressCount> out = new ArrayList<>();
    progress.forEach((label, c) -> out.add(ProgressCount.newBuilder().setLabel(label).setTotal(c.total.get()).setDone(c.done.get()).build()));
    return out;
  }

  List<LogLine> drainLogs() {
    List<LogLine> out = new ArrayList<>();
    LogLine l;
    while ((l = logs.poll()) != null) {
      out.add(l);
    }
    return out;
  }

  private final class Counter implements ProgressIndicator {
    final AtomicLong total = new AtomicLong();
    final AtomicLong done = new AtomicLong();

    @Override
    public void add(long n) {
      total.addAndGet(n);
      progressChanged = true;
    }

    @Override
    public void done(long n) {
      done.addAndGet(n);
      progressChanged = true;
    }
  }

  private final class TaskLogger implements System.Logger {
    @Override
    public String getName() {
      return "task " + taskId;
    }

    @Override
    public boolean isLoggable(Level level) {
      return level != Level.OFF && level.getSeverity() >= Level.DEBUG.getSeverity();
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      if (isLoggable(level)) {
        add(level, thrown == null ? String.valueOf(msg) : msg + ": " + thrown);
      }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      if (isLoggable(level)) {
        add(level, params == null || params.length == 0 ? String.valueOf(format) : MessageFormat.format(format, params));
      }
    }

    private void add(Level level, String message) {
      String m = message.length() > 8192 ? message.substring(0, 8192) + "…" : message;
      logs.add(LogLine.newBuilder().setTimeUs(Codec.micros(Instant.now())).setLevel(Codec.level(level)).setMessage(m)
          .setAttempt(claimed.getAttempt()).setTaskId(claimed.getId()).build());
    }
  }
}
