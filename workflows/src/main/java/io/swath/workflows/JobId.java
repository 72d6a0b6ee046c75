package io.swath.workflows;

import io.swath.core.id.Uuids;
import java.util.Objects;
import java.util.UUID;

/** The id of a job. @param uuid the id */
public record JobId(UUID uuid) {
  /** Checks for null. */
  public JobId {
    Objects.requireNonNull(uuid, "uuid");
  }

  /** Parses the text form (a UUID). */
  public static JobId parse(String s) {
    return new JobId(Uuids.parse("job id", s));
  }

  @Override
  public String toString() {
    return uuid.toString();
  }
}
