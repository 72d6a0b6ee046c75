package io.swath.cli;

import io.swath.client.AsyncDatasetClient;
import io.swath.client.Query;
import io.swath.core.table.DatapointTable;
import io.swath.core.table.DoubleColumn;
import io.swath.core.table.StringColumn;
import io.swath.workflows.ExecutionContext;
import io.swath.workflows.ProgressIndicator;
import io.swath.workflows.Task;
import io.swath.workflows.TaskHandle;
import io.swath.workflows.TaskIdentifier;
import io.swath.workflows.cache.JobCache;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The Landsat 2020 map-reduce of {@code swath demo workflows}: a year fans out into months, each
 * month loads its scenes from the four collections at once with the async datasets client and
 * fans out into one task per clear scene, a per-month summary waits for its scenes, and a merge
 * waits for all months.
 */
final class LandsatWorkflow {
  static final List<String> COLLECTIONS = List.of("L1GT", "L1T", "L1TP", "L2SP");

  private LandsatWorkflow() {}

  /** Every task class of the workflow, for runners. */
  static List<Class<? extends Task>> tasks() {
    return List.of(Year.class, Month.class, Scene.class, MonthSummary.class, Merge.class);
  }

  /** The root: one subtask per month, and a merge that runs once every month (with its scenes) completed. */
  @TaskIdentifier(name = "landsat.Year", version = "v1.0")
  record Year(int year, int months, double maxCloudCover) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      List<TaskHandle> monthTasks = new ArrayList<>();
      for (int m = 1; m <= months; m++) {
        String label = LocalDate.of(year, m, 1).toString().substring(0, 7);
        monthTasks.add(ctx.submitSubtask(new Month(year, m, maxCloudCover), o -> o.display("month " + label)));
      }
      ctx.submitSubtask(new Merge(year), o -> o.dependsOn(monthTasks).display("merge " + year));
    }
  }

  /** Loads a month of scenes (four collections concurrently) and submits one task per clear L2SP scene. */
  @TaskIdentifier(name = "landsat.Month", version = "v1.0")
  record Month(int year, int month, double maxCloudCover) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      LocalDate start = LocalDate.of(year, month, 1);
      Query q = Query.time(start.toString(), start.plusMonths(1).toString());
      AsyncDatasetClient landsat = ctx.datasets().dataset(DemoCommand.LANDSAT).join();
      // async inside a task is just Java: the four collections load at once
      Map<String, CompletableFuture<DatapointTable>> loads = new LinkedHashMap<>();
      for (String c : COLLECTIONS) {
        loads.put(c, landsat.collection(c).thenCompose(col -> col.query(q)));
      }
      CompletableFuture.allOf(loads.values().toArray(new CompletableFuture[0])).join();
      long inCatalog = loads.values().stream().mapToLong(f -> f.join().size()).sum();
      DatapointTable l2 = loads.get("L2SP").join();
      DoubleColumn clouds = l2.doubles("cloud_cover");
      DoubleColumn sun = l2.doubles("sun_elevation");
      StringColumn ids = l2.strings("stac_id");
      ProgressIndicator scenes = ctx.progress("scenes");
      List<TaskHandle> sceneTasks = new ArrayList<>();
      for (int i = 0; i < l2.size(); i++) {
        if (clouds.getDouble(i) <= maxCloudCover) {
          sceneTasks.add(ctx.submitSubtask(new Scene((String) ids.get(i), clouds.getDouble(i), sun.getDouble(i))));
        }
      }
      scenes.add(sceneTasks.size());
      ctx.logger().log(System.Logger.Level.INFO, "{0}: {1} scenes in the catalog, {2} clear L2SP scenes to process",
          start.toString().substring(0, 7), inCatalog, sceneTasks.size());
      ctx.submitSubtask(new MonthSummary(year, month, inCatalog), o -> o.dependsOn(sceneTasks).display("summary " + month));
    }
  }

  /** The result of one scene. @param stacId the scene @param usable estimated usable fraction of the scene */
  record SceneResult(String stacId, double usable) {}

  /** Per-scene work; here a stand-in that estimates the usable fraction from cloud cover and sun elevation. */
  @TaskIdentifier(name = "landsat.Scene", version = "v1.0")
  record Scene(String stacId, double cloudCover, double sunElevation) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      double usable = (100 - cloudCover) / 100 * Math.max(0, Math.sin(Math.toRadians(sunElevation)));
      ctx.setResult(new SceneResult(stacId, usable));
      ctx.progress("scenes").done(1);
    }
  }

  /** Reduces the scenes of a month (the results of its dependencies) into one line in the job cache. */
  @TaskIdentifier(name = "landsat.MonthSummary", version = "v1.0")
  record MonthSummary(int year, int month, long inCatalog) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      List<SceneResult> results = ctx.dependencyResults(SceneResult.class);
      double mean = results.stream().mapToDouble(SceneResult::usable).average().orElse(0);
      String best = results.stream().max(Comparator.comparingDouble(SceneResult::usable)).map(SceneResult::stacId).orElse("-");
      String line = String.format(Locale.ROOT, "%d-%02d,%d,%d,%.4f,%s", year, month, inCatalog, results.size(), mean, best);
      ctx.jobCache().group("months").put(String.format(Locale.ROOT, "%02d", month), line.getBytes(StandardCharsets.UTF_8));
      ctx.setResult(line);
    }
  }

  /** Merges the month lines from the job cache into the year's summary. */
  @TaskIdentifier(name = "landsat.Merge", version = "v1.0")
  record Merge(int year) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      JobCache months = ctx.jobCache().group("months");
      long catalog = 0;
      long clear = 0;
      StringBuilder table = new StringBuilder("month    catalog  clear  mean usable  best scene\n");
      for (String key : months.keys()) {
        String[] f = new String(months.get(key), StandardCharsets.UTF_8).split(",");
        catalog += Long.parseLong(f[1]);
        clear += Long.parseLong(f[2]);
        table.append(String.format(Locale.ROOT, "%s  %7s  %5s  %11s  %s%n", f[0], f[1], f[2], f[3], f[4]));
      }
      String summary = String.format(Locale.ROOT, "%d: %d scenes in the catalog, %d clear scenes processed%n%s", year, catalog, clear, table);
      ctx.logger().log(System.Logger.Level.INFO, summary);
      ctx.setResult(summary);
    }
  }
}
