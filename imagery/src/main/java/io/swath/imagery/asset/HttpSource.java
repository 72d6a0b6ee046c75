package io.swath.imagery.asset;

import io.swath.core.retry.RetryAfter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** HTTP(S) with {@link HttpClient}: {@code HEAD} for metadata, {@code Range} GETs for bytes. */
final class HttpSource implements Source {
  private final HttpClient client;
  private final Duration responseTimeout;
  private final PlainHttp plain;

  HttpSource(HttpClient client, Duration responseTimeout, PlainHttp plain) {
    this.client = client;
    this.responseTimeout = responseTimeout;
    this.plain = plain;
  }

  private HttpRequest.Builder request(URI uri) {
    return HttpRequest.newBuilder(uri).timeout(responseTimeout).header("User-Agent", "swath-imagery/0.1");
  }

  @Override
  public AssetInfo stat(URI uri) throws IOException {
    HttpResponse<Void> r = send(request(uri).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.discarding());
    if (r.statusCode() == 405 || r.statusCode() == 501) {
      HttpResponse<InputStream> g = send(request(uri).header("Range", "bytes=0-0").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = g.body()) {
        check(uri, g.statusCode(), g.headers());
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
      return info(g.headers(), g.statusCode() == 206 ? totalFromContentRange(g.headers()) : length(g.headers()));
    }
    check(uri, r.statusCode(), r.headers());
    return info(r.headers(), length(r.headers()));
  }

  private static AssetInfo info(HttpHeaders h, long size) {
    Instant modified = h.firstValue("Last-Modified").map(HttpSource::httpDate).orElse(null);
    return new AssetInfo(size, h.firstValue("ETag").orElse(null), modified, null);
  }

  @Override
  public AssetBody open(URI uri, long offset, String ifRange) throws IOException {
    if (plain != null && "http".equalsIgnoreCase(uri.getScheme())) {
      try {
        return plain.open(uri, offset, ifRange);
      } catch (PlainHttp.Redirected e) {
        // redirects (and anything beyond plain HTTP/1.1) go through HttpClient
      }
    }
    HttpRequest.Builder b = request(uri).GET();
    if (offset > 0) {
      b.header("Range", "bytes=" + offset + "-");
      if (ifRange != null) {
        b.header("If-Range", ifRange);
      }
    }
    HttpResponse<InputStream> r = send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
    HttpHeaders h = r.headers();
    String etag = h.firstValue("ETag").orElse(null);
    if (r.statusCode() == 416 && offset > 0) {
      r.body().close();
      long total = totalFromContentRange(h);
      if (total == offset) { // nothing left to read: the previous attempt got everything
        return new AssetBody(InputStream.nullInputStream(), offset, total, etag);
      }
    }
    if (r.statusCode() >= 300) {
      r.body().close();
    }
    check(uri, r.statusCode(), h);
    if (r.statusCode() == 206) {
      long start = startFromContentRange(h);
      return new AssetBody(r.body(), start, totalFromContentRange(h), etag);
    }
    return new AssetBody(r.body(), 0, length(h), etag);
  }

  @Override
  public byte[] read(URI uri, long offset, int length) throws IOException {
    if (length == 0) {
      return new byte[0];
    }
    HttpRequest req = request(uri).header("Range", "bytes=" + offset + "-" + (offset + length - 1)).GET().build();
    HttpResponse<InputStream> r = send(req, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      check(uri, r.statusCode(), r.headers());
      if (r.statusCode() == 200) { // range ignored: skip to the offset
        in.skipNBytes(offset);
      }
      byte[] out = in.readNBytes(length);
      if (out.length != length) {
        throw new IOException("short read of " + uri + ": " + out.length + " of " + length + " bytes at " + offset);
      }
      return out;
    }
  }

  @Override
  public byte[] readAtMost(URI uri, long offset, int length) throws IOException {
    if (length == 0) {
      return new byte[0];
    }
    HttpRequest req = request(uri).header("Range", "bytes=" + offset + "-" + (offset + length - 1)).GET().build();
    HttpResponse<InputStream> r = send(req, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream in = r.body()) {
      if (r.statusCode() == 416) {
        return new byte[0];
      }
      check(uri, r.statusCode(), r.headers());
      if (r.statusCode() == 200) {
        in.skipNBytes(Math.min(offset, Math.max(0, length(r.headers()))));
      }
      return in.readNBytes(length);
    }
  }

  @Override
  public void close() {
    if (plain != null) {
      plain.close();
    }
  }

  private <T> HttpResponse<T> send(HttpRequest req, HttpResponse.BodyHandler<T> handler) throws IOException {
    try {
      return client.send(req, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while requesting " + req.uri());
    }
  }

  static void check(URI uri, int status, HttpHeaders h) throws AssetException {
    if (status >= 200 && status < 300) {
      return;
    }
    Duration retryAfter = h.firstValue("Retry-After").flatMap(RetryAfter::parseHeader).orElse(null);
    throw new AssetException("HTTP " + status + " from " + uri, status, AssetException.retryableStatus(status), retryAfter);
  }

  static Instant httpDate(String v) {
    try {
      return ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static long length(HttpHeaders h) {
    return h.firstValueAsLong("Content-Length").orElse(-1);
  }

  private static long totalFromContentRange(HttpHeaders h) {
    String cr = h.firstValue("Content-Range").orElse("");
    int slash = cr.lastIndexOf('/');
    if (slash < 0 || cr.endsWith("*")) {
      return -1;
    }
    try {
      return Long.parseLong(cr.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static long startFromContentRange(HttpHeaders h) throws IOException {
    String cr = h.firstValue("Content-Range").orElse("");
    try {
      String spec = cr.substring(cr.indexOf(' ') + 1, cr.indexOf('-'));
      return Long.parseLong(spec.trim());
    } catch (RuntimeException e) {
      throw new IOException("206 answer without a usable Content-Range: '" + cr + "'");
    }
  }
}
