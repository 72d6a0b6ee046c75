package io.swath.cli;

import io.swath.client.DatasetsClient;
import io.swath.workflows.Job;
import io.swath.workflows.Progress;
import io.swath.workflows.TaskInfo;
import io.swath.workflows.TaskRunner;
import io.swath.workflows.TaskState;
import io.swath.workflows.WorkflowsClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code swath demo workflows}: the Landsat 2020 map-reduce on an embedded server. */
@Command(name = "workflows", mixinStandardHelpOptions = true,
    description = {"Run the Landsat 2020 map-reduce as a job: the year fans out into 12 months; each month loads its "
        + "scenes from the four collections at once (async datasets client) and fans out into one task per clear "
        + "L2SP scene; a summary per month waits for its scenes; a merge waits for all months and reads their "
        + "summaries from the job cache. A task runner in this process runs it; the progress, the task counts, "
        + "the merged result and the task graph (Mermaid) are printed.", "",
        "The catalog is created first if needed (as `swath demo` does). If a server already runs on --data-dir, "
        + "the demo uses it; start more runners with `swath runner --cluster demo-cluster ...` to share the work."})
final class DemoWorkflowsCommand implements Callable<Integer> {
  static final String CLUSTER = "demo-cluster";

  @ParentCommand
  DemoCommand demo;

  @Option(names = "--months", description = "Months of 2020 to process (default: ${DEFAULT-VALUE}).")
  int months = 12;

  @Option(names = "--max-cloud-cover", description = "Scenes clearer than this percentage are processed (default: ${DEFAULT-VALUE}).")
  double maxCloudCover = 10;

  @Option(names = "--slots", description = "Tasks the in-process runner runs at once (default: ${DEFAULT-VALUE}).")
  int slots = 64;

  @Option(names = "--no-graph", description = "Do not print the task graph.")
  boolean noGraph;

  @Override
  public Integer call() throws Exception {
    if (months < 1 || months > 12) {
      throw new IllegalArgumentException("--months must be between 1 and 12, got " + months);
    }
    Path dataDir = demo.dataDir;
    try (DemoServer server = DemoServer.open(dataDir);
         DatasetsClient datasets = DatasetsClient.connect(server.target);
         WorkflowsClient client = WorkflowsClient.connect(server.target)) {
      DemoData.ensureLandsat(datasets, true);
      Job job = client.jobs().submit("landsat-2020", new LandsatWorkflow.Year(2020, months, maxCloudCover), CLUSTER,
          o -> o.display("year 2020"));
      System.out.println("\nsubmitted job " + job.name() + " " + job.id() + " to cluster " + CLUSTER);
      long t0 = System.nanoTime();
      try (TaskRunner runner = TaskRunner.builder().client(client).cluster(CLUSTER).tasks(LandsatWorkflow.tasks()).datasets(datasets.async())
          .maxConcurrentTasks(slots).build()) {
        runner.start();
        Job now = job;
        while (!now.state().isFinal()) {
          try {
            now = client.jobs().awaitCompletion(job.id(), Duration.ofMillis(500));
          } catch (io.swath.core.error.SwathTimeoutException e) {
            now = client.jobs().find(job.id());
          }
          String scenes = now.progress().stream().filter(p -> p.label().equals("scenes")).findFirst().map(Progress::toString).orElse("");
          System.out.printf(Locale.ROOT, "  %5.1f s  %-9s  %,6d/%,d tasks completed  %s%n", (System.nanoTime() - t0) / 1e9, now.state(),
              now.count(TaskState.COMPLETED), now.taskCount(), scenes);
        }
        System.out.println();
        JobsCommand.print(now);
        if (now.state() != io.swath.workflows.JobState.COMPLETED) {
          return Main.FAILED;
        }
      }
      for (TaskInfo t : client.jobs().tasks(job.id())) {
        if (t.type().name().equals("landsat.Merge")) {
          System.out.println();
          System.out.print(unquote(t.result()));
        }
      }
      System.out.println("\nwhat the month tasks logged (ctx.logger(), stored with each task):");
      client.jobs().logs(job.id()).stream().filter(l -> l.message().contains("clear L2SP scenes"))
          .forEach(l -> System.out.println("  " + l.time() + "  " + l.message()));
      if (!noGraph) {
        System.out.println("\ntask graph (Mermaid):\n");
        System.out.print(client.jobs().visualize(job.id()));
      }
    }
    return Main.OK;
  }

  /** The text of a JSON string result. */
  private static String unquote(String json) throws Exception {
    return new com.fasterxml.jackson.databind.ObjectMapper().readValue(json, String.class);
  }
}
