package io.swath.core.schema;

import io.swath.core.rules.StorageRules;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A dataset's name: dot-separated path segments, {@code group.subgroup.dataset}, e.g.
 * {@code open_data.usgs.landsat8_oli_tirs}. The last segment names the dataset, the ones before
 * it the groups it sits in.
 *
 * @param value the full slug
 */
public record DatasetSlug(String value) {
  private static final Pattern SEGMENT = Pattern.compile("[a-z][a-z0-9_-]{0,62}");

  public DatasetSlug {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("dataset slug is empty: expected group.subgroup.name");
    }
    String[] parts = value.split("\\.", -1);
    if (parts.length < 2 || parts.length > 8) {
      throw new IllegalArgumentException("dataset slug " + StorageRules.echo(value)
          + " must have 2 to 8 dot-separated segments, e.g. open_data.usgs.landsat8_oli_tirs");
    }
    for (String p : parts) {
      if (!SEGMENT.matcher(p).matches()) {
        throw new IllegalArgumentException("dataset slug " + StorageRules.echo(value) + " has an invalid segment " + StorageRules.echo(p)
            + ": use lower-case letters, digits, '_' or '-', starting with a letter");
      }
    }
  }

  /** Parses and validates a slug. */
  public static DatasetSlug of(String value) {
    return new DatasetSlug(value);
  }

  /** The segments, groups first, dataset name last. */
  public List<String> segments() {
    return List.of(value.split("\\."));
  }

  /** The last segment. */
  public String name() {
    List<String> s = segments();
    return s.get(s.size() - 1);
  }

  @Override
  public String toString() {
    return value;
  }
}
