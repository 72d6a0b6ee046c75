package io.swath.imagery.asset;

import io.swath.core.retry.RetryAfter;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * A lean HTTP/1.1 client for streaming whole files over plain {@code http:}: one blocking socket
 * per transfer (virtual threads make that cheap), bodies read straight from the socket in large
 * blocks, keep-alive connections pooled per host. It exists because bulk transfers spend most of
 * their CPU in the client's plumbing; {@link java.net.http.HttpClient} handles everything else
 * (TLS, redirects, HTTP/2). Answers it does not handle itself (redirects) are left to the caller.
 */
final class PlainHttp {
  /** The answer was a redirect: the caller should use the general client. */
  static final class Redirected extends IOException {
    private static final long serialVersionUID = 1L;

    Redirected() {
      super("redirect");
    }
  }

  private final Map<String, Deque<Socket>> idle = new ConcurrentHashMap<>();
  private final int connectTimeoutMs;
  private final int readTimeoutMs;

  PlainHttp(Duration connectTimeout, Duration readTimeout) {
    this.connectTimeoutMs = (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis());
    this.readTimeoutMs = (int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis());
  }

  private static String key(URI uri) {
    return uri.getHost() + ":" + port(uri);
  }

  private static int port(URI uri) {
    return uri.getPort() < 0 ? 80 : uri.getPort();
  }

  /** GET from {@code offset}; the body stream returns its connection to the pool once fully read. */
  AssetBody open(URI uri, long offset, String ifRange) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Socket s = null;
      boolean reused = false;
      Deque<Socket> pool = idle.get(key(uri));
      while (pool != null && (s = pool.pollFirst()) != null && s.isClosed()) {
        s = null;
      }
      reused = s != null;
      if (s == null) {
        s = new Socket();
        s.setTcpNoDelay(true);
        s.setReceiveBufferSize(1 << 20);
        s.connect(new InetSocketAddress(uri.getHost(), port(uri)), connectTimeoutMs);
      }
      s.setSoTimeout(readTimeoutMs);
      try {
        return exchange(s, uri, offset, ifRange);
      } catch (EOFException e) {
        close(s);
        if (!reused || attempt > 0) {
          throw e;
        }
        // the server had closed the idle connection: once more on a new one
      } catch (AssetException e) {
        throw e; // an answer: the connection was kept or closed as the answer allowed
      } catch (IOException | RuntimeException e) {
        close(s);
        throw e;
      }
    }
  }

  private AssetBody exchange(Socket s, URI uri, long offset, String ifRange) throws IOException {
    StringBuilder req = new StringBuilder();
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    if (uri.getRawQuery() != null) {
      path += "?" + uri.getRawQuery();
    }
    req.append("GET ").append(path).append(" HTTP/1.1\r\nHost: ").append(uri.getHost());
    if (uri.getPort() >= 0) {
      req.append(':').append(uri.getPort());
    }
    req.append("\r\nUser-Agent: swath-imagery/0.1\r\nAccept-Encoding: identity\r\n");
    if (offset > 0) {
      req.append("Range: bytes=").append(offset).append("-\r\n");
      if (ifRange != null) {
        req.append("If-Range: ").append(ifRange).append("\r\n");
      }
    }
    req.append("\r\n");
    OutputStream out = s.getOutputStream();
    out.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
    String status = line(in);
    if (status == null) {
      throw new EOFException("the server closed the connection without answering");
    }
    String[] parts = status.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("not an HTTP/1.x answer from " + uri + ": " + status);
    }
    int code = Integer.parseInt(parts[1]);
    Map<String, String> h = new LinkedHashMap<>();
    String l;
    while ((l = line(in)) != null && !l.isEmpty()) {
      int c = l.indexOf(':');
      if (c > 0) {
        h.put(l.substring(0, c).trim().toLowerCase(Locale.ROOT), l.substring(c + 1).trim());
      }
    }
    if (l == null) {
      throw new EOFException("the connection closed in the middle of the headers");
    }
    boolean keepAlive = !"close".equalsIgnoreCase(h.get("connection")) && parts[0].equals("HTTP/1.1");
    boolean chunked = h.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT).contains("chunked");
    long length = h.containsKey("content-length") ? Long.parseLong(h.get("content-length")) : -1;
    String etag = h.get("etag");
    if (code >= 300 && code < 400 && h.containsKey("location")) {
      close(s);
      throw new Redirected();
    }
    if (code == 416 && offset > 0) {
      long total = totalOfContentRange(h.get("content-range"));
      InputStream body = body(s, uri, in, chunked, length, keepAlive);
      body.transferTo(OutputStream.nullOutputStream());
      body.close();
      if (total == offset) {
        return new AssetBody(InputStream.nullInputStream(), offset, total, etag);
      }
      throw new AssetException("HTTP 416 from " + uri, 416, false, (Duration) null);
    }
    if (code < 200 || code >= 300) {
      Duration retryAfter = h.containsKey("retry-after") ? RetryAfter.parseHeader(h.get("retry-after")).orElse(null) : null;
      if (length >= 0 && length < 65536 || chunked) {
        InputStream body = body(s, uri, in, chunked, length, keepAlive);
        body.transferTo(OutputStream.nullOutputStream()); // keep the connection usable
        body.close();
      } else {
        close(s);
      }
      throw new AssetException("HTTP " + code + " from " + uri, code, AssetException.retryableStatus(code), retryAfter);
    }
    InputStream body = body(s, uri, in, chunked, length, keepAlive);
    if (code == 206) {
      String cr = h.getOrDefault("content-range", "");
      long start;
      try {
        start = Long.parseLong(cr.substring(cr.indexOf(' ') + 1, cr.indexOf('-')).trim());
      } catch (RuntimeException e) {
        body.close();
        throw new IOException("206 answer without a usable Content-Range: '" + cr + "'");
      }
      return new AssetBody(body, start, totalOfContentRange(cr), etag);
    }
    return new AssetBody(body, 0, length, etag);
  }

  private static long totalOfContentRange(String cr) {
    if (cr == null) {
      return -1;
    }
    int slash = cr.lastIndexOf('/');
    try {
      return slash < 0 ? -1 : Long.parseLong(cr.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private InputStream body(Socket s, URI uri, InputStream in, boolean chunked, long length, boolean keepAlive) {
    return chunked ? new Chunked(s, uri, in, keepAlive) : new Fixed(s, uri, in, length, keepAlive);
  }

  private void release(Socket s, URI uri, boolean reusable) {
    if (reusable && !s.isClosed()) {
      idle.computeIfAbsent(key(uri), k -> new ConcurrentLinkedDeque<>()).offerFirst(s);
    } else {
      close(s);
    }
  }

  private static void close(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing anyway
    }
  }

  void close() {
    idle.values().forEach(d -> d.forEach(PlainHttp::close));
    idle.clear();
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        int n = sb.length();
        return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
      }
      sb.append((char) b);
      if (sb.length() > 65536) {
        throw new IOException("HTTP header line too long");
      }
    }
    return sb.isEmpty() ? null : sb.toString();
  }

  /** A body of known length (or until the connection closes when the length is unknown). */
  private final class Fixed extends InputStream {
    private final Socket s;
    private final URI uri;
    private final InputStream in;
    private final boolean keepAlive;
    private long remaining;
    private boolean closed;

    Fixed(Socket s, URI uri, InputStream in, long length, boolean keepAlive) {
      this.s = s;
      this.uri = uri;
      this.in = in;
      this.remaining = length < 0 ? Long.MAX_VALUE : length;
      this.keepAlive = keepAlive && length >= 0;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (remaining == 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, remaining));
      if (n < 0) {
        if (remaining != Long.MAX_VALUE) {
          throw new EOFException("the connection closed with " + remaining + " bytes of the body missing");
        }
        remaining = 0;
        return -1;
      }
      if (remaining != Long.MAX_VALUE) {
        remaining -= n;
      }
      return n;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        release(s, uri, keepAlive && remaining == 0);
      }
    }
  }

  /** A chunked body. */
  private final class Chunked extends InputStream {
    private final Socket s;
    private final URI uri;
    private final InputStream in;
    private final boolean keepAlive;
    private long chunkLeft;
    private boolean done;
    private boolean closed;

    Chunked(Socket s, URI uri, InputStream in, boolean keepAlive) {
      this.s = s;
      this.uri = uri;
      this.in = in;
      this.keepAlive = keepAlive;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (chunkLeft == 0) {
        String size = line(in);
        if (size == null) {
          throw new EOFException("the connection closed inside a chunked body");
        }
        int semi = size.indexOf(';');
        chunkLeft = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
        if (chunkLeft == 0) {
          String t;
          while ((t = line(in)) != null && !t.isEmpty()) {
            // trailers
          }
          done = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, chunkLeft));
      if (n < 0) {
        throw new EOFException("the connection closed inside a chunk");
      }
      chunkLeft -= n;
      if (chunkLeft == 0) {
        line(in); // the CRLF after the chunk
      }
      return n;
    }

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        release(s, uri, keepAlive && done);
      }
    }
  }
}
