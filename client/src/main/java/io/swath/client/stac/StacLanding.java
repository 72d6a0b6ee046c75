package io.swath.client.stac;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The landing page of a STAC API.
 *
 * @param id         the catalog id
 * @param title      the title, or the id
 * @param conformsTo the conformance classes
 * @param json       the whole document
 */
public record StacLanding(String id, String title, List<String> conformsTo, JsonNode json) {
  static StacLanding of(JsonNode j) {
    List<String> c = new ArrayList<>();
    j.path("conformsTo").forEach(n -> c.add(n.asText()));
    return new StacLanding(j.path("id").asText(), j.path("title").asText(j.path("id").asText()), List.copyOf(c), j);
  }

  /** Whether a conformance class containing {@code fragment} (e.g. {@code item-search#filter}) is declared. */
  public boolean conformsTo(String fragment) {
    return conformsTo.stream().anyMatch(c -> c.contains(fragment));
  }

  /** The href of the first link with {@code rel} (and {@code method}, when not null), or null. */
  public String link(String rel, String method) {
    for (JsonNode l : json.path("links")) {
      if (l.path("rel").asText().equals(rel) && (method == null || l.path("method").asText("GET").equalsIgnoreCase(method))) {
        return l.path("href").asText();
      }
    }
    return null;
  }
}
