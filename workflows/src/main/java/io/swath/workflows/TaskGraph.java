package io.swath.workflows;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Draws a job's tasks as a Mermaid flowchart. */
final class TaskGraph {
  /** Siblings of one type beyond this many are drawn as one node with counts by state. */
  static final int GROUP_ABOVE = 6;

  private TaskGraph() {}

  static String mermaid(Job job, List<TaskInfo> tasks) {
    // node per task, or per group of same-type siblings
    Map<TaskId, String> nodeOf = new HashMap<>();
    Map<String, List<TaskInfo>> nodes = new LinkedHashMap<>();
    Map<Optional<TaskId>, Map<String, List<TaskInfo>>> byParent = new LinkedHashMap<>();
    for (TaskInfo t : tasks) {
      byParent.computeIfAbsent(t.parent(), p -> new LinkedHashMap<>()).computeIfAbsent(t.display(), k -> new ArrayList<>()).add(t);
    }
    int n = 0;
    for (var siblings : byParent.values()) {
      for (List<TaskInfo> same : siblings.values()) {
        if (same.size() > GROUP_ABOVE) {
          String id = "n" + n++;
          nodes.put(id, same);
          same.forEach(t -> nodeOf.put(t.id(), id));
        } else {
          for (TaskInfo t : same) {
            String id = "n" + n++;
            nodes.put(id, List.of(t));
            nodeOf.put(t.id(), id);
          }
        }
      }
    }
    StringBuilder b = new StringBuilder("flowchart TD\n");
    b.append("  %% ").append(label(job.name())).append(" (").append(job.id()).append("): ").append(job.state()).append('\n');
    for (var e : nodes.entrySet()) {
      List<TaskInfo> ts = e.getValue();
      TaskInfo first = ts.get(0);
      String text;
      if (ts.size() == 1) {
        text = label(first.display()) + "<br/>" + first.state().name().toLowerCase() + (first.attempts() > 0 ? ", " + first.attempts()
            + " failed attempt" + (first.attempts() == 1 ? "" : "s") : "");
      } else {
        Map<TaskState, Integer> counts = new EnumMap<>(TaskState.class);
        ts.forEach(t -> counts.merge(t.state(), 1, Integer::sum));
        StringBuilder c = new StringBuilder();
        counts.forEach((s, k) -> c.append(c.isEmpty() ? "" : ", ").append(k).append(' ').append(s.name().toLowerCase()));
        text = label(first.display()) + " ×" + ts.size() + "<br/>" + c;
      }
      b.append("  ").append(e.getKey()).append("[\"").append(text).append("\"]\n");
    }
    Set<String> edges = new LinkedHashSet<>();
    for (TaskInfo t : tasks) {
      String to = nodeOf.get(t.id());
      t.parent().map(nodeOf::get).ifPresent(from -> edges.add("  " + from + " --> " + to));
      for (TaskId d : t.dependsOn()) {
        String from = nodeOf.get(d);
        if (from != null && !from.equals(to)) {
          edges.add("  " + from + " -.-> " + to);
        }
      }
    }
    edges.forEach(e -> b.append(e).append('\n'));
    b.append("  classDef completed fill:#d3f9d8,stroke:#2b8a3e\n");
    b.append("  classDef failed fill:#ffe3e3,stroke:#c92a2a\n");
    b.append("  classDef running fill:#fff3bf,stroke:#e67700\n");
    b.append("  classDef waiting fill:#f1f3f5,stroke:#868e96\n");
    for (var e : nodes.entrySet()) {
      b.append("  class ").append(e.getKey()).append(' ').append(cls(e.getValue())).append('\n');
    }
    return b.toString();
  }

  private static String cls(List<TaskInfo> ts) {
    boolean running = false;
    boolean waiting = false;
    for (TaskInfo t : ts) {
      switch (t.state()) {
        case FAILED -> {
          if (!t.optional()) {
            return "failed";
          }
        }
        case RUNNING, COMPUTED -> running = true;
        case WAITING, QUEUED, CANCELLED -> waiting = true;
        default -> { }
      }
    }
    return running ? "running" : waiting ? "waiting" : "completed";
  }

  private static String label(String s) {
    return s.replace("\"", "#quot;").replace("<", "#lt;").replace(">", "#gt;").replace("\n", " ");
  }
}
