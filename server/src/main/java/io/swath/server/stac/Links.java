package io.swath.server.stac;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/** Builds the hrefs and link objects of API documents. */
final class Links {
  static final String JSON = "application/json";
  static final String GEOJSON = "application/geo+json";
  static final String OPENAPI = "application/vnd.oai.openapi+json;version=3.0";
  static final String SCHEMA = "application/schema+json";
  static final String QUERYABLES_REL = "http://www.opengis.net/def/rel/ogc/1.0/queryables";

  private final String base;

  /** Links under {@code base}, the API root URL without a trailing slash. */
  Links(String base) {
    this.base = base;
  }

  String root() {
    return base + "/";
  }

  String href(String path) {
    return base + path;
  }

  String collection(String stacId) {
    return base + "/collections/" + segment(stacId);
  }

  String items(String stacId) {
    return collection(stacId) + "/items";
  }

  String item(String stacId, String itemId) {
    return items(stacId) + "/" + segment(itemId);
  }

  static ObjectNode add(ArrayNode links, String rel, String type, String href) {
    ObjectNode l = links.addObject();
    l.put("rel", rel);
    if (type != null) {
      l.put("type", type);
    }
    l.put("href", href);
    return l;
  }

  static ObjectNode add(ArrayNode links, String rel, String type, String href, String title) {
    ObjectNode l = add(links, rel, type, href);
    l.put("title", title);
    return l;
  }

  /** Percent-encodes a path segment (RFC 3986: unreserved characters and sub-delimiters stay). */
  static String segment(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~!$&'()*+,;=:@".indexOf(c) >= 0) {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }

  /** Percent-encodes a query parameter value. */
  static String query(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 8);
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xFF;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~!$'()*,;:@/".indexOf(c) >= 0) {
        sb.append((char) c);
      } else {
        sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
      }
    }
    return sb.toString();
  }
}
