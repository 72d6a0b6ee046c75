package io.swath.workflows;

import io.swath.core.id.Uuids;
import java.util.Objects;
import java.util.UUID;

/** The id of a task. @param uuid the id */
public record TaskId(UUID uuid) {
  /** Checks for null. */
  public TaskId {
    Objects.requireNonNull(uuid, "uuid");
  }

  /** Parses the text form (a UUID). */
  public static TaskId parse(String s) {
    return new TaskId(Uuids.parse("task id", s));
  }

  @Override
  public String toString() {
    return uuid.toString();
  }
}
