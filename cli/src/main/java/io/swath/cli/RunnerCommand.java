package io.swath.cli;

import io.swath.workflows.Task;
import io.swath.workflows.TaskRunner;
import io.swath.workflows.TaskType;
import io.swath.workflows.WorkflowsClient;
import io.swath.workflows.cache.InMemoryCache;
import io.swath.workflows.cache.LocalFileSystemCache;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code swath runner}: a task runner process. */
@Command(name = "runner", mixinStandardHelpOptions = true, header = "Run tasks of a cluster: claim them, execute them, report the outcomes.",
    description = {"Run tasks of a cluster: claim them from the server, execute them (each on a virtual thread, up to "
        + "--slots at once), keep their leases alive and report the outcomes. Start as many runners, on as "
        + "many machines, as you like; they share the work.", "",
        "The task classes (records implementing io.swath.workflows.Task) must be on the class path: name "
        + "jars or class directories with --classpath, and each class with --task.", "",
        "SIGTERM or Ctrl-C stops the runner gracefully: it claims nothing more, lets running tasks finish "
        + "for --grace, then hands the unfinished ones back (they run again elsewhere without spending a "
        + "retry). If a runner is killed instead, its tasks run again once their --lease expires."},
    footer = {"", "Examples:",
        "  swath runner --cluster default-cluster --classpath my-tasks.jar --task com.example.FetchMonth --task com.example.Process",
        "  swath runner --cluster gpu --slots 4 --cache-dir /mnt/shared/swath-cache --classpath build/classes --task com.example.Infer",
        "  swath runner --all ...    # run until no work is left, then exit (batch machines, CI)"})
final class RunnerCommand implements Callable<Integer> {
  @Mixin
  ClientOptions client;

  @Option(names = "--cluster", required = true, description = "The cluster whose tasks to run.")
  String cluster;

  @Option(names = "--task", required = true, paramLabel = "CLASS", description = "A task class to run (repeat for several).")
  List<String> tasks;

  @Option(names = "--classpath", paramLabel = "PATH", split = ":", description = "Jars or directories with the task classes.")
  List<Path> classpath = new ArrayList<>();

  @Option(names = "--slots", description = "Tasks run at once (default: 4 per core, at least 8).")
  Integer slots;

  @Option(names = "--lease", converter = DurationConverter.class, defaultValue = "30s",
      description = "Lease of a claimed task (default: ${DEFAULT-VALUE}).")
  Duration lease;

  @Option(names = "--grace", converter = DurationConverter.class, defaultValue = "30s",
      description = "How long running tasks may finish after SIGTERM (default: ${DEFAULT-VALUE}).")
  Duration grace;

  @Option(names = "--cache-dir", paramLabel = "DIR", description = "Job cache on this directory (default: in memory).")
  Path cacheDir;

  @Option(names = "--cache-sweep", paramLabel = "DURATION", converter = RetentionConverter.class, defaultValue = "1h",
      description = "How often to remove the cache groups of jobs the server no longer has (pruned by its job retention), the "
          + "first time at the start; 0 or off never (default: ${DEFAULT-VALUE}).")
  Duration cacheSweep;

  @Option(names = "--all", description = "Run until no task is ready for this runner, then exit.")
  boolean all;

  @Option(names = "--quiet", description = "No periodic progress lines.")
  boolean quiet;

  @Override
  public Integer call() throws Exception {
    ClassLoader loader = classpath.isEmpty() ? getClass().getClassLoader() : new URLClassLoader(urls(), getClass().getClassLoader());
    List<Class<? extends Task>> types = new ArrayList<>();
    for (String name : tasks) {
      types.add(load(loader, name));
    }
    try (WorkflowsClient c = client.workflows()) {
      TaskRunner.Builder b = TaskRunner.builder().client(c).cluster(cluster).tasks(types).lease(lease).shutdownGrace(grace)
          .cache(cacheDir != null ? new LocalFileSystemCache(cacheDir) : new InMemoryCache()).cacheSweepInterval(cacheSweep);
      if (slots != null) {
        b.maxConcurrentTasks(slots);
      }
      TaskRunner runner = b.build();
      System.out.println("swath runner " + runner.id() + " ready: cluster " + cluster + ", server " + c.target() + ", tasks "
          + types.stream().map(t -> TaskType.of(t).toString()).toList());
      System.out.flush();
      Thread progress = quiet ? null : Thread.ofVirtual().start(() -> {
        long last = -1;
        while (!Thread.currentThread().isInterrupted()) {
          try {
            Thread.sleep(10_000);
          } catch (InterruptedException e) {
            return;
          }
          long done = runner.completedTasks() + runner.failedTasks();
          if (done != last) {
            System.out.printf(Locale.ROOT, "swath runner: %,d tasks completed, %,d attempts failed%n", runner.completedTasks(),
                runner.failedTasks());
            last = done;
          }
        }
      });
      try {
        if (all) {
          runner.runAll();
          stopped(runner);
        } else {
          // SIGTERM / Ctrl-C: the hook stops the runner gracefully; the JVM exits when the hook returns
          java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
          Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("swath runner: stopping (no new tasks; running ones get " + grace.toSeconds() + " s) ...");
            runner.shutdown();
            stopped(runner);
            done.countDown();
          }, "swath-runner-stop"));
          runner.start();
          done.await();
        }
      } finally {
        if (progress != null) {
          progress.interrupt();
        }
      }
    }
    return Main.OK;
  }

  private static void stopped(TaskRunner runner) {
    System.out.printf(Locale.ROOT, "swath runner stopped: %,d tasks completed, %,d attempts failed%n", runner.completedTasks(),
        runner.failedTasks());
    System.out.flush();
  }

  private URL[] urls() throws java.net.MalformedURLException {
    List<URL> out = new ArrayList<>();
    for (Path p : classpath) {
      if (!java.nio.file.Files.exists(p)) {
        throw new IllegalArgumentException("--classpath entry " + p + " does not exist");
      }
      out.add(p.toUri().toURL());
    }
    return out.toArray(new URL[0]);
  }

  @SuppressWarnings("unchecked")
  static Class<? extends Task> load(ClassLoader loader, String name) {
    Class<?> c;
    try {
      c = Class.forName(name, true, loader);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("task class " + name + " not found; add its jar or directory with --classpath");
    }
    if (!Task.class.isAssignableFrom(c)) {
      throw new IllegalArgumentException(name + " is not a task: it does not implement io.swath.workflows.Task");
    }
    return (Class<? extends Task>) c;
  }
}
