package io.swath.server.security;

import io.swath.api.v1.KeyScope;
import java.util.Locale;

/**
 * What a call needs. {@link #PUBLIC} needs no key; {@link #READ}, {@link #WRITE},
 * {@link #RUNNER} and {@link #ADMIN} need a key granted that scope. A {@code WRITE} grant also
 * allows {@code READ}; {@code ADMIN} allows everything.
 */
public enum Scope {
  /** Open to anyone, with or without a key (health). */
  PUBLIC,
  /** Reads datasets, collections, datapoints, jobs and tasks. */
  READ,
  /** Creates, ingests, deletes, submits and cancels. */
  WRITE,
  /** Claims and reports tasks of workflow clusters. */
  RUNNER,
  /** Manages keys; allowed everything. */
  ADMIN;

  /** The name stored in the database and shown to users: {@code read}, {@code write}, ... */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The scope named {@code s} ({@code read}, {@code write}, {@code admin}, {@code runner}). */
  public static Scope parse(String s) {
    for (Scope x : values()) {
      if (x != PUBLIC && x.label().equalsIgnoreCase(s.trim())) {
        return x;
      }
    }
    throw new IllegalArgumentException("unknown scope '" + s + "': expected read, write, admin or runner");
  }

  /** The scope of a protobuf {@link KeyScope}. */
  public static Scope of(KeyScope s) {
    return switch (s) {
      case KEY_SCOPE_READ -> READ;
      case KEY_SCOPE_WRITE -> WRITE;
      case KEY_SCOPE_ADMIN -> ADMIN;
      case KEY_SCOPE_RUNNER -> RUNNER;
      default -> throw new IllegalArgumentException("a grant needs a scope (read, write, admin or runner), got " + s);
    };
  }

  /** This scope as protobuf. */
  public KeyScope proto() {
    return switch (this) {
      case READ -> KeyScope.KEY_SCOPE_READ;
      case WRITE -> KeyScope.KEY_SCOPE_WRITE;
      case ADMIN -> KeyScope.KEY_SCOPE_ADMIN;
      case RUNNER -> KeyScope.KEY_SCOPE_RUNNER;
      case PUBLIC -> KeyScope.KEY_SCOPE_UNSPECIFIED;
    };
  }

  /** Whether a grant of this scope satisfies a call that needs {@code needed}. */
  public boolean satisfies(Scope needed) {
    return needed == PUBLIC || this == ADMIN || this == needed || (this == WRITE && needed == READ);
  }
}
