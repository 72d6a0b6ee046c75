package io.swath.core.id;

import io.swath.core.error.InvalidArgumentException;
import java.util.UUID;

/** Reads the UUIDs that name jobs, tasks and other records, with errors that say which id was wrong. */
public final class Uuids {
  private Uuids() {}

  /**
   * Parses {@code s} as a UUID.
   *
   * @param what what the id names, for the message (e.g. {@code "job id"})
   * @throws InvalidArgumentException when {@code s} is missing or not a UUID
   */
  public static UUID parse(String what, String s) {
    if (s == null || s.isBlank()) {
      throw new InvalidArgumentException(what + " is required");
    }
    try {
      return UUID.fromString(s.trim());
    } catch (IllegalArgumentException e) {
      throw new InvalidArgumentException(what + " '" + s + "' is not a valid id (a UUID such as 0192f6e4-5c1b-7a3e-8f00-1234567890ab)");
    }
  }
}
