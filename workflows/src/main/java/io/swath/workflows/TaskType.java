package io.swath.workflows;

import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The identity of a task class: name and version, from {@link TaskIdentifier} or the class name.
 *
 * @param name  the task name
 * @param major breaking changes bump it; runners only run tasks of their own major
 * @param minor compatible changes bump it; runners run tasks up to their own minor
 */
public record TaskType(String name, int major, int minor) {
  private static final Pattern VERSION = Pattern.compile("v(\\d{1,6})\\.(\\d{1,6})");

  /** Validates the parts. */
  public TaskType {
    Objects.requireNonNull(name, "name");
    if (name.isBlank() || name.length() > 200) {
      throw new IllegalArgumentException("task name must be 1 to 200 characters, got '" + name + "'");
    }
    if (major < 0 || minor < 0) {
      throw new IllegalArgumentException("task version numbers must not be negative, got v" + major + "." + minor);
    }
  }

  /** The identity of {@code type}. */
  public static TaskType of(Class<? extends Task> type) {
    TaskIdentifier id = type.getAnnotation(TaskIdentifier.class);
    if (id == null) {
      return new TaskType(type.getSimpleName(), 0, 0);
    }
    Matcher m = VERSION.matcher(id.version().trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("@TaskIdentifier on " + type.getName() + ": version must look like v1.2, got '" + id.version() + "'");
    }
    return new TaskType(id.name(), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** Parses {@code name@vMAJOR.MINOR} (or just {@code name}, meaning v0.0). */
  public static TaskType parse(String s) {
    int at = s.lastIndexOf('@');
    if (at < 0) {
      return new TaskType(s, 0, 0);
    }
    Matcher m = VERSION.matcher(s.substring(at + 1).trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("task type must look like name@v1.2, got '" + s + "'");
    }
    return new TaskType(s.substring(0, at), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** Whether a runner of this type runs a task of type {@code task}. */
  public boolean runs(TaskType task) {
    return name.equals(task.name) && major == task.major && minor >= task.minor;
  }

  @Override
  public String toString() {
    return name + "@v" + major + "." + minor;
  }
}
