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
 * @param keys   the sort key values of a property sort (Long, Double, String, Boolean or null), else empty
 */
record PageToken(long hi, long lo, String stacId, List<Object> keys) {
  static PageToken after(Hit h, List<Object> keys) {
    return new PageToken(h.hi(), h.lo(), h.target().stacId(), keys);
  }

  String encode() {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("i", new UUID(hi, lo).toString());
    o.put("c", stacId);
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
      return new PageToken(id.getMostSignificantBits(), id.getLeastSignificantBits(), c, keys);
    } catch (RuntimeException | java.io.IOException e) {
      throw ApiException.badRequest("'token' is not a paging token of this API (take it from a 'next' link): " + token);
    }
  }
}
