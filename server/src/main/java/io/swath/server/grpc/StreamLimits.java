package io.swath.server.grpc;

import java.time.Duration;
import java.util.Objects;

/**
 * How query streams treat clients that read slowly or not at all.
 *
 * @param sendTimeout how long a stream waits for a client that does not read (no flow-control
 *                    room) before it ends the stream with RESOURCE_EXHAUSTED
 * @param pauseAfter  how long a stream keeps its database connection while the client does not
 *                    read; after that it releases the connection and resumes from after the last
 *                    datapoint sent once the client reads again
 * @param maxStreams  the most query streams open at once; more are refused with RESOURCE_EXHAUSTED
 */
public record StreamLimits(Duration sendTimeout, Duration pauseAfter, int maxStreams) {
  /** The defaults: 30 s send timeout, connection released after 0.5 s without room, 1,000 streams. */
  public static final StreamLimits DEFAULTS = new StreamLimits(Duration.ofSeconds(30), Duration.ofMillis(500), 1000);

  /** Checks the values. */
  public StreamLimits {
    Objects.requireNonNull(sendTimeout, "sendTimeout");
    Objects.requireNonNull(pauseAfter, "pauseAfter");
    if (sendTimeout.isNegative() || sendTimeout.isZero()) {
      throw new IllegalArgumentException("query send timeout must be positive, got " + sendTimeout);
    }
    if (pauseAfter.isNegative()) {
      throw new IllegalArgumentException("pause must not be negative, got " + pauseAfter);
    }
    if (maxStreams < 1) {
      throw new IllegalArgumentException("max query streams must be at least 1, got " + maxStreams);
    }
  }
}
