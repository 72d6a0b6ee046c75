package io.swath.client;

import io.swath.core.time.TimeInterval;
import java.time.Instant;
import java.util.Optional;

/**
 * A collection's statistics, maintained by the server on every write (cheap at any size).
 *
 * @param dataset     the dataset slug
 * @param name        the collection name
 * @param description free text
 * @param count       number of datapoints
 * @param firstTime   time of the earliest datapoint, null when empty
 * @param lastTime    time of the latest datapoint, null when empty
 * @param stacId      the collection's id in the server's STAC API (unique across the server)
 */
public record CollectionInfo(String dataset, String name, String description, long count, Instant firstTime, Instant lastTime,
                             String stacId) {
  /** Statistics of a collection whose STAC id is not known. */
  public CollectionInfo(String dataset, String name, String description, long count, Instant firstTime, Instant lastTime) {
    this(dataset, name, description, count, firstTime, lastTime, "");
  }

  /**
   * The availability: the closed interval {@code [first, last]} of the collection's datapoint
   * times (printed {@code [2020-01-01T00:00:00Z/2020-12-31T23:59:59Z]}), empty when the
   * collection holds no datapoints. Pass it to {@link Query#time(TimeInterval)} to query all of it.
   */
  public Optional<TimeInterval> availability() {
    return firstTime == null ? Optional.empty() : Optional.of(TimeInterval.of(firstTime, lastTime).withEndInclusive());
  }

  /** e.g. {@code L1TP: [2020-01-01T.., 2020-12-31T..] (65313 datapoints)}. */
  @Override
  public String toString() {
    if (firstTime == null) {
      return name + ": empty";
    }
    return name + ": [" + firstTime + ", " + lastTime + "] (" + count + " datapoints)";
  }
}
