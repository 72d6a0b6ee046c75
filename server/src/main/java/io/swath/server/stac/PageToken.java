package io.swath.server.stac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Where the next page of a search starts: the last item of the page, by its sort key values (for
 * sorts other than by time), datapoint id and STAC collection id. The next page holds the items
 * that come after it in the search order, so pages stay exact while items are added, and no page
 * is found by counting (no OFFSET). Opaque to clients: base64url of a small JSON object.
 *
 * @param hi     high bits of the datapoint id
 * @param lo     low bits of the datapoint id
 * @param stacId the STAC collection id
 * @param keys    the sort key values of a property sort (Long, Double, String, Boolean or null), else empty
 * @param matched the {@code numberMatched} of a filtered search's first page, carried to the next
 *                pages so that they do not count again: the count, {@link #NOT_COUNTED} when the
 *                first page did not count (over the bound), or null when the token carries none
 */
record PageToken(long hi, long lo, String stacId, List<Object> keys, Long matched) {
  /** {@link #matched} of a search whose first page did not count its matches. */
  static final long NOT_COUNTED = -1;

  static PageToken after(Hit h, List<Object> keys, Long matched) {
    return new PageToken(h.hi(), h.lo(), h.target().stacId(), keys, matched);
  }

  String encode() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("i", new UUID(hi, lo).toString());
    o.put("c", stacId);
    if (matched != null) {
      o.put("n", matched);
    }
    if (!keys.isEmpty()) {
      ArrayNode k = o.putArray("k");
      for (Object v : keys) {
        switch (v) {
          case null -> k.addNull();
          case Long l -> k.addObject().put("l", l);
          case Double d -> k.addObject().put("d", d);
          case String s -> k.addObject().put("s", s);
          case Boolean b -> k.addObject().put("b", b);
          default -> k.addObject().put("s", v.toString());
        }
      }
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(o.toString().getBytes(StandardCharsets.UTF_8));
  }

  static PageToken decode(String token) {
    try {
      JsonNode o = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(token));
      UUID id = UUID.fromString(o.get("i").asText());
      List<Object> keys = new ArrayList<>();
      for (JsonNode k : o.path("k")) {
        if (k.isNull()) {
          keys.add(null);
        } else if (k.has("l")) {
          keys.add(k.get("l").asLong());
        } else if (k.has("d")) {
          keys.add(k.get("d").asDouble());
        } else if (k.has("b")) {
          keys.add(k.get("b").asBoolean());
        } else {
          keys.add(k.get("s").asText());
        }
      }
      String c = o.get("c").asText();
      JsonNode n = o.get("n");
      Long matched = n == null ? null : n.canConvertToLong() && n.asLong() >= NOT_COUNTED ? n.asLong() : null;
      return new PageToken(id.getMostSignificantBits(), id.getLeastSignificantBits(), c, keys, matched);
    } catch (RuntimeException | java.io.IOException e) {
      throw ApiException.badRequest("'token' is not a paging token of this API (take it from a 'next' link): " + token);
    }
  }
}
