package io.swath.client;

import io.swath.core.error.NotFoundException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node of the dataset tree: {@code open_data} → {@code usgs} → {@code landsat8_oli_tirs}.
 * Groups hold sub-groups and datasets; {@link #toString()} draws the tree.
 */
public final class DatasetGroup {
  private final String path;
  private final Map<String, DatasetGroup> groups = new TreeMap<>();
  private final Map<String, DatasetInfo> datasets = new TreeMap<>();

  private DatasetGroup(String path) {
    this.path = path;
  }

  static DatasetGroup of(List<DatasetInfo> all) {
    DatasetGroup root = new DatasetGroup("");
    for (DatasetInfo d : all) {
      String[] seg = d.slug().split("\\.");
      DatasetGroup g = root;
      for (int i = 0; i < seg.length - 1; i++) {
        String p = g.path.isEmpty() ? seg[i] : g.path + "." + seg[i];
        g = g.groups.computeIfAbsent(seg[i], k -> new DatasetGroup(p));
      }
      g.datasets.put(seg[seg.length - 1], d);
    }
    return root;
  }

  /** The dotted path of this group; empty for the root. */
  public String path() {
    return path;
  }

  /** Sub-groups by name. */
  public Map<String, DatasetGroup> groups() {
    return Collections.unmodifiableMap(groups);
  }

  /** Datasets directly in this group, by name. */
  public Map<String, DatasetInfo> datasets() {
    return Collections.unmodifiableMap(datasets);
  }

  /** A sub-group; NotFoundException naming the ones that exist. */
  public DatasetGroup group(String name) {
    DatasetGroup g = groups.get(name);
    if (g == null) {
      throw new NotFoundException("no group '" + name + "' in '" + path + "'; groups are " + groups.keySet());
    }
    return g;
  }

  /** A dataset of this group; NotFoundException naming the ones that exist. */
  public DatasetInfo dataset(String name) {
    DatasetInfo d = datasets.get(name);
    if (d == null) {
      throw new NotFoundException("no dataset '" + name + "' in '" + path + "'; datasets are " + datasets.keySet());
    }
    return d;
  }

  /** Every dataset below this group. */
  public List<DatasetInfo> all() {
    List<DatasetInfo> out = new ArrayList<>(datasets.values());
    groups.values().forEach(g -> out.addAll(g.all()));
    return out;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    draw(sb, "");
    return sb.toString();
  }

  private void draw(StringBuilder sb, String indent) {
    for (var e : groups.entrySet()) {
      sb.append(indent).append(e.getKey()).append('\n');
      e.getValue().draw(sb, indent + "  ");
    }
    for (var e : datasets.entrySet()) {
      sb.append(indent).append(e.getKey()).append("  (").append(e.getValue().kind().name().toLowerCase(java.util.Locale.ROOT))
          .append(", ").append(e.getValue().schema().size()).append(" fields)\n");
    }
  }
}
