package io.swath.cli.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Mutates valid STAC API requests: parameters, path segments, methods, JSON bodies and their bytes. */
final class HttpMutator {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private HttpMutator() {}

  /** A request to mutate: method, path segments, query parameters (encoded on sending), JSON body or null. */
  record Request(String method, List<String> path, List<Map.Entry<String, String>> query, JsonNode body) {
    String target() {
      StringBuilder sb = new StringBuilder();
      for (String seg : path) {
        sb.append('/').append(seg);
      }
      if (sb.length() == 0) {
        sb.append('/');
      }
      char sep = '?';
      for (Map.Entry<String, String> q : query) {
        sb.append(sep).append(q.getKey()).append('=').append(q.getValue());
        sep = '&';
      }
      return sb.toString();
    }
  }

  /** One request ready to send: the head, the body, how it was made. */
  record Mutant(String head, byte[] body, String how) {}

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static Mutant mutate(Random r, Request valid) {
    String method = valid.method();
    List<String> path = new ArrayList<>(valid.path());
    List<Map.Entry<String, String>> query = new ArrayList<>(valid.query());
    JsonNode body = valid.body() == null ? null : valid.body().deepCopy();
    StringBuilder how = new StringBuilder();
    byte[] rawBody = null;
    String contentType = body != null ? "application/json" : null;
    for (int i = 0, n = 1 + r.nextInt(3); i < n; i++) {
      switch (r.nextInt(10)) {
        case 0, 1, 2 -> {
          if (query.isEmpty()) {
            query.add(Map.entry(enc(PARAMS.get(r.nextInt(PARAMS.size()))), enc(Hostile.string(r, null))));
            how.append(" +param");
          } else {
            int k = r.nextInt(query.size());
            Map.Entry<String, String> q = query.get(k);
            String v = r.nextInt(4) == 0 ? RAW_VALUES.get(r.nextInt(RAW_VALUES.size())) : enc(value(r));
            query.set(k, Map.entry(q.getKey(), v));
            how.append(" param ").append(q.getKey());
          }
        }
        case 3 -> {
          String name = PARAMS.get(r.nextInt(PARAMS.size()));
          query.add(Map.entry(enc(name), enc(value(r))));
          how.append(" +param ").append(name);
        }
        case 4 -> {
          if (!path.isEmpty()) {
            int k = r.nextInt(path.size());
            path.set(k, r.nextBoolean() ? RAW_VALUES.get(r.nextInt(RAW_VALUES.size())) : enc(Hostile.string(r, path.get(k))).replace("+", "%20"));
            how.append(" path[").append(k).append(']');
          } else {
            path.add(enc(Hostile.string(r, null)));
            how.append(" +path");
          }
        }
        case 5 -> {
          method = METHODS.get(r.nextInt(METHODS.size()));
          how.append(" method ").append(method);
        }
        case 6, 7, 8 -> {
          if (body == null) {
            body = randomJson(r, 0);
            contentType = "application/json";
            how.append(" +body");
          } else {
            body = mutateJson(r, body, 0);
            how.append(" body");
          }
        }
        default -> {
          byte[] b = body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
          rawBody = Hostile.bytes(r, b);
          if (r.nextBoolean()) {
            contentType = r.nextBoolean() ? "text/plain" : "application/json; charset=latin1";
          }
          how.append(" raw body");
        }
      }
    }
    byte[] bytes = rawBody != null ? rawBody : body == null ? new byte[0] : body.toString().getBytes(StandardCharsets.UTF_8);
    String target = new Request(method, path, query, null).target();
    if (target.length() > MAX_TARGET) {
      // a request head over the server's --max-header-size (16 KiB) is refused by closing the connection (the
      // JDK's HTTP server gives no answer); below it, anything goes
      target = target.substring(0, MAX_TARGET);
      how.append(" (target cut to ").append(MAX_TARGET).append(" characters)");
    }
    String head = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*"
        + (contentType != null ? "\r\nContent-Type: " + contentType : "");
    return new Mutant(head, bytes, method + " " + how);
  }

  static String value(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> Long.toString(Hostile.LONGS.get(r.nextInt(Hostile.LONGS.size())));
      case 1 -> {
        StringBuilder sb = new StringBuilder();
        for (int i = 0, n = r.nextInt(8); i < n; i++) {
          if (i > 0) {
            sb.append(',');
          }
          sb.append(Hostile.DOUBLES.get(r.nextInt(Hostile.DOUBLES.size())));
        }
        yield sb.toString();
      }
      default -> Hostile.string(r, null);
    };
  }

  /** The longest request target sent. */
  static final int MAX_TARGET = 12 * 1024;

  static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "TRACE", "FOO");
  static final List<String> PARAMS = List.of("limit", "bbox", "datetime", "collections", "ids", "filter", "filter-lang", "filter-crs",
      "sortby", "fields", "intersects", "token", "q", "query", "bbox-crs", "f", "limit", "unknown", "\0", "");
  /** Already-encoded values: percent escapes that decode to nothing valid. */
  static final List<String> RAW_VALUES = List.of("%00", "%FF%FE", "%C0%AF", "%", "%zz", "%E2%82", "a%00b", "%2F..%2F..", "%0D%0AX-Evil:%201",
      "%ED%A0%80", "..", ".", "%2e%2e", "a".repeat(8000));

  static JsonNode mutateJson(Random r, JsonNode node, int depth) {
    if (depth > 6 || !(node.isContainerNode()) || node.isEmpty() || r.nextInt(4) == 0) {
      return randomJson(r, 0);
    }
    if (node instanceof ObjectNode o) {
      List<String> names = new ArrayList<>();
      Iterator<String> it = o.fieldNames();
      it.forEachRemaining(names::add);
      String k = names.get(r.nextInt(names.size()));
      switch (r.nextInt(5)) {
        case 0 -> o.remove(k);
        case 1 -> o.set(PARAMS.get(r.nextInt(PARAMS.size())), randomJson(r, 0));
        default -> o.set(k, mutateJson(r, o.get(k), depth + 1));
      }
      return o;
    }
    ArrayNode a = (ArrayNode) node;
    int k = r.nextInt(a.size());
    switch (r.nextInt(4)) {
      case 0 -> a.remove(k);
      case 1 -> a.add(randomJson(r, 0));
      default -> a.set(k, mutateJson(r, a.get(k), depth + 1));
    }
    return a;
  }

  static JsonNode randomJson(Random r, int depth) {
    return switch (r.nextInt(depth > 3 ? 8 : 12)) {
      case 0 -> F.nullNode();
      case 1 -> F.booleanNode(r.nextBoolean());
      case 2 -> F.numberNode(Hostile.LONGS.get(r.nextInt(Hostile.LONGS.size())));
      case 3 -> F.numberNode(new java.math.BigDecimal(r.nextBoolean() ? "1e400" : "-" + "9".repeat(1 + r.nextInt(500))));
      case 4 -> F.numberNode(Hostile.DOUBLES.get(r.nextInt(7, Hostile.DOUBLES.size())));
      case 5, 6, 7 -> F.textNode(Hostile.string(r, null));
      case 8 -> deepArray(1 + r.nextInt(20_000));
      case 9 -> {
        ObjectNode o = F.objectNode();
        for (int i = 0, n = r.nextInt(4); i < n; i++) {
          o.set(PARAMS.get(r.nextInt(PARAMS.size())), randomJson(r, depth + 1));
        }
        yield o;
      }
      default -> {
        ArrayNode a = F.arrayNode();
        for (int i = 0, n = r.nextInt(6); i < n; i++) {
          a.add(randomJson(r, depth + 1));
        }
        yield a;
      }
    };
  }

  static JsonNode deepArray(int depth) {
    // built as text: Jackson's tree writer recurses, and this is about the server's reader
    try {
      return JSON.readTree("[".repeat(Math.min(depth, 900)) + "]".repeat(Math.min(depth, 900)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
