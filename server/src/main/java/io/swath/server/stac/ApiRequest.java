package io.swath.server.stac;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One HTTP request as the API reads it: method, decoded path segments, query parameters, JSON body, base URL. */
final class ApiRequest {
  private static final int MAX_BODY = 16 << 20;

  final String method;
  final String path;
  final List<String> segments;
  final Map<String, String> query;
  final String base;
  /** Who asks: the key's principal, the public reader, or (without keys) everyone. */
  final io.swath.server.security.Principal caller;
  private final HttpExchange exchange;

  private ApiRequest(HttpExchange ex) {
    this.exchange = ex;
    this.method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
    String rawPath = ex.getRequestURI().getRawPath();
    this.path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
    List<String> segs = new ArrayList<>();
    for (String s : path.split("/")) {
      if (!s.isEmpty()) {
        segs.add(decodePath(s));
      }
    }
    this.segments = List.copyOf(segs);
    this.query = parseQuery(ex.getRequestURI().getRawQuery());
    this.base = baseUrl(ex);
    this.caller = io.swath.server.security.Authorization.caller(ex).orElse(io.swath.server.security.Principal.OPEN);
  }

  static ApiRequest of(HttpExchange ex) {
    return new ApiRequest(ex);
  }

  /** The request body parsed as JSON; 400 when it is not JSON (an empty body is an empty object). */
  JsonNode jsonBody() throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readNBytes(MAX_BODY + 1);
    }
    if (body.length > MAX_BODY) {
      throw new ApiException(413, "PayloadTooLarge", "request body is larger than " + (MAX_BODY >> 20) + " MB");
    }
    if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
      return Json.MAPPER.createObjectNode();
    }
    try {
      return Json.MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest("request body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static String decodePath(String s) {
    try {
      // '+' is a literal plus in a path, unlike in a query
      return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("path segment '" + s + "' is not valid percent-encoding");
    }
  }

  private static Map<String, String> parseQuery(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return out;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String k;
      String v;
      try {
        k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("query parameter '" + pair + "' is not valid percent-encoding");
      }
      // a repeated list parameter (collections=a&collections=b) means the same as a comma list
      out.merge(k, v, (a, b) -> a + "," + b);
    }
    return out;
  }

  /** The API root URL as the client reached it (X-Forwarded-Proto/Host honoured for proxies). */
  private static String baseUrl(HttpExchange ex) {
    String proto = ex.getRequestHeaders().getFirst("X-Forwarded-Proto");
    String host = ex.getRequestHeaders().getFirst("X-Forwarded-Host");
    if (host == null) {
      host = ex.getRequestHeaders().getFirst("Host");
    }
    if (host == null || host.isBlank()) {
      var a = ex.getLocalAddress();
      host = a.getHostString() + ":" + a.getPort();
    }
    String prefix = ex.getRequestHeaders().getFirst("X-Forwarded-Prefix");
    String p = prefix == null ? "" : prefix.replaceAll("/+$", "");
    String scheme = ex instanceof com.sun.net.httpserver.HttpsExchange ? "https" : "http";
    return (proto == null ? scheme : proto.split(",")[0].trim()) + "://" + host.split(",")[0].trim() + p;
  }
}
