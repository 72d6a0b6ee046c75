package io.swath.server.stac;

import com.fasterxml.jackson.databind.JsonNode;
import io.swath.core.geo.BoundingBox;
import io.swath.core.time.TimeInterval;
import io.swath.server.catalog.CollectionRecord;
import java.util.List;
import java.util.Map;

/**
 * The STAC API collection search on {@code GET /collections}: {@code bbox}, {@code datetime},
 * {@code q} and {@code limit}, with {@code token} for the next page.
 *
 * <p>The rules: {@code bbox} matches a collection whose spatial extent (the box around every
 * footprint stored in it) shares a point with the box, edges included; a collection without
 * footprints matches no {@code bbox}. {@code datetime} (read as for item search) matches a
 * collection whose first-to-last datapoint time, both included, meets it; an empty collection
 * matches no {@code datetime}. {@code q} is {@link FreeText}'s rule over the collection's
 * {@code title}, {@code description} and {@code keywords} as served. All given parameters must
 * match. Collections come ordered by id; a page continues after the id in {@code token}.
 */
final class CollectionSearch {
  /** The query parameters {@code GET /collections} accepts. */
  static final List<String> PARAMETERS = List.of("bbox", "datetime", "f", "limit", "q", "token");

  final BoundingBox bbox;
  /** Whether a {@code bbox} with heights leaves out elevation 0: then nothing matches. */
  final boolean missesGround;
  final TimeInterval.MicrosRange datetime;
  final List<String> terms;
  /** Collections a page, or 0 for all. */
  final int limit;
  /** The id after which this page starts, or null. */
  final String after;

  private CollectionSearch(BoundingBox bbox, boolean missesGround, TimeInterval.MicrosRange datetime, List<String> terms, int limit,
      String after) {
    this.bbox = bbox;
    this.missesGround = missesGround;
    this.datetime = datetime;
    this.terms = terms;
    this.limit = limit;
    this.after = after;
  }

  /** The search a {@code GET /collections} query asks for; 400 for an unknown or malformed parameter. */
  static CollectionSearch of(Map<String, String> q) {
    SearchRequest.checkParameters(q.keySet(), PARAMETERS, "query parameter");
    SearchRequest.checkFormat(q);
    BoundingBox bbox = null;
    boolean missesGround = false;
    String b = q.get("bbox");
    if (b != null && !b.isBlank()) {
      if (b.split(",", -1).length == 6) {
        String[] p = b.split(",", -1);
        SearchRequest.bbox(b);
        // collections lie at elevation 0, like their items' footprints
        missesGround = SearchRequest.missesGround(b);
        b = String.join(",", p[0], p[1], p[3], p[4]);
      }
      bbox = SearchRequest.bbox(b);
    }
    String d = q.get("datetime");
    TimeInterval.MicrosRange range = d == null || d.isBlank() ? null : SearchRequest.datetime(d).toHalfOpenMicros();
    String text = q.get("q");
    List<String> terms = text == null || text.isBlank() ? null : FreeText.parse(text);
    String l = q.get("limit");
    int limit = l == null || l.isBlank() ? 0 : SearchRequest.limit(l);
    String token = q.get("token");
    return new CollectionSearch(bbox, missesGround, range, terms, limit, token == null || token.isBlank() ? null : token);
  }

  /** Whether anything narrows the list. */
  boolean isFiltered() {
    return bbox != null || datetime != null || terms != null;
  }

  /** Whether the collection {@code c}, served as {@code document}, matches. */
  boolean matches(CollectionRecord c, JsonNode document) {
    if (missesGround || bbox != null && (c.extent() == null || !c.extent().intersects(bbox))) {
      return false;
    }
    if (datetime != null && (c.firstTimeUs() == null || c.firstTimeUs() >= datetime.hi() || c.lastTimeUs() < datetime.lo())) {
      return false;
    }
    return terms == null || FreeText.matches(document, terms);
  }
}
