package io.swath.workflows;

import io.swath.core.error.InvalidArgumentException;
import java.util.UUID;

final class Ids {
  private Ids() {}

  static UUID parse(String what, String s) {
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
