package io.swath.server.security;

import java.util.List;

/**
 * One scope of a key, limited to dataset patterns ({@code open_data.*}, or an exact slug) and
 * workflow clusters; an empty list means no limit.
 */
public record Grant(Scope scope, List<String> datasets, List<String> clusters) {
  /** Checks the patterns. */
  public Grant {
    if (scope == Scope.PUBLIC) {
      throw new IllegalArgumentException("a grant needs a scope: read, write, admin or runner");
    }
    datasets = List.copyOf(datasets);
    clusters = List.copyOf(clusters);
    for (String d : datasets) {
      if (!d.matches("[a-z0-9_]+(\\.[a-z0-9_]+)*(\\.\\*)?|\\*")) {
        throw new IllegalArgumentException("dataset pattern '" + d + "' must be a slug or a group followed by .* (e.g. open_data.*)");
      }
    }
  }

  /** Whether {@code slug} is among this grant's datasets (always when they are not limited). */
  public boolean coversDataset(String slug) {
    return datasets.isEmpty() || datasets.stream().anyMatch(p -> matches(p, slug));
  }

  /** Whether {@code cluster} is among this grant's clusters (always when they are not limited). */
  public boolean coversCluster(String cluster) {
    return clusters.isEmpty() || clusters.contains(cluster);
  }

  /** Whether the dataset pattern {@code p} ({@code a.b.*}, {@code *} or a slug) matches {@code slug}. */
  public static boolean matches(String p, String slug) {
    if (p.equals("*")) {
      return true;
    }
    if (p.endsWith(".*")) {
      return slug.startsWith(p.substring(0, p.length() - 1));
    }
    return p.equals(slug);
  }
}
