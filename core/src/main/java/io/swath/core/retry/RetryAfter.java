package io.swath.core.retry;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The only parser of the waits servers ask for: the HTTP {@code Retry-After} header (RFC 9110
 * §10.2.3: delay-seconds or an HTTP-date) and gRPC's {@code grpc-retry-pushback-ms} trailer
 * (a non-negative number of milliseconds). A value that is missing or malformed is absent,
 * never an error: the policy's own backoff applies then.
 */
public final class RetryAfter {
  /** The gRPC trailer a server sets to ask for a wait before the next attempt. */
  public static final String GRPC_PUSHBACK_KEY = "grpc-retry-pushback-ms";

  private RetryAfter() {}

  /** A {@code Retry-After} value read at {@code now}; an HTTP-date in the past is a zero wait. */
  public static Optional<Duration> parseHeader(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String v = value.trim();
    if (v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
      } catch (NumberFormatException | ArithmeticException e) {
        return Optional.empty();
      }
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(now, at);
      return Optional.of(d.isNegative() ? Duration.ZERO : d);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** A {@code Retry-After} value read now. */
  public static Optional<Duration> parseHeader(String value) {
    return parseHeader(value, Instant.now());
  }

  /** A {@code grpc-retry-pushback-ms} value; negative or malformed values are absent. */
  public static Optional<Duration> parsePushbackMillis(String value) {
    if (value == null) {
      return Optional.empty();
    }
    try {
      long ms = Long.parseLong(value.trim());
      return ms < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(ms));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
