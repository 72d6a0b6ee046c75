package io.swath.client.stac;

import com.fasterxml.jackson.databind.JsonNode;
import io.swath.core.time.Times;
import java.time.Instant;

/**
 * A STAC collection as a STAC API describes it.
 *
 * @param id          the collection id
 * @param title       the title, or the id when it has none
 * @param description the description
 * @param start       the start of its temporal extent, null when open or unknown
 * @param end         the end of its temporal extent, null when open or unknown
 * @param json        the whole document
 */
public record StacCollectionInfo(String id, String title, String description, Instant start, Instant end, JsonNode json) {
  static StacCollectionInfo of(JsonNode c) {
    JsonNode interval = c.path("extent").path("temporal").path("interval").path(0);
    return new StacCollectionInfo(c.path("id").asText(), c.path("title").asText(c.path("id").asText()), c.path("description").asText(""),
        instant(interval.path(0)), instant(interval.path(1)), c);
  }

  private static Instant instant(JsonNode n) {
    if (!n.isTextual()) {
      return null;
    }
    try {
      return Times.parseInstant(n.asText());
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return id + " [" + (start == null ? ".." : start) + ", " + (end == null ? ".." : end) + "]";
  }
}
