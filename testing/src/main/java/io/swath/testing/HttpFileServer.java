package io.swath.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A small HTTP/1.1 file server on loopback for tests and benchmarks: serves the files under a
 * directory with {@code GET} and {@code HEAD}, single byte ranges ({@code 206}), keep-alive,
 * {@code ETag} and {@code Last-Modified}, and sends file bodies with {@code sendfile}. Faults can
 * be queued per path to exercise clients: resets in the middle of a body, error statuses with
 * {@code Retry-After}, truncated bodies, slow starts, stalls, corrupted bytes and ignored ranges.
 *
 * <pre>{@code
 * try (HttpFileServer server = HttpFileServer.start(dir)) {
 *   server.inject("a.tif", Fault.resetAfter(1 << 20), Fault.status(503, Duration.ofSeconds(1)));
 *   URI uri = server.uri("a.tif");   // the third request of a.tif succeeds
 * }
 * }</pre>
 *
 * <p>Each request of a path takes the next queued fault of that path, if any; faults set with
 * {@link #injectAlways} apply to every request until {@link #clearFaults()}. The server counts
 * requests and body bytes sent, and records the ranges asked for, so tests can check what a client
 * read.
 */
public final class HttpFileServer implements AutoCloseable {
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

  private final Path root;
  private final ServerSocketChannel server;
  private final Map<String, Deque<Fault>> queued = new ConcurrentHashMap<>();
  private final Map<String, Fault> always = new ConcurrentHashMap<>();
  private final Set<SocketChannel> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong bodyBytes = new AtomicLong();
  private final List<Request> log = Collections.synchronizedList(new ArrayList<>());
  private volatile boolean closed;

  private HttpFileServer(Path root) throws IOException {
    this.root = root.toAbsolutePath().normalize();
    this.server = ServerSocketChannel.open();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    Thread.ofPlatform().daemon().name("http-file-server-" + port()).start(this::acceptLoop);
  }

  /** Starts serving the files under {@code root} on a free loopback port. */
  public static HttpFileServer start(Path root) throws IOException {
    return new HttpFileServer(Objects.requireNonNull(root, "root"));
  }

  /** The port. */
  public int port() {
    try {
      return ((InetSocketAddress) server.getLocalAddress()).getPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@code http://127.0.0.1:port/path} for a path relative to the root. */
  public java.net.URI uri(String path) {
    return java.net.URI.create("http://127.0.0.1:" + port() + "/" + path);
  }

  /** Queues faults for the next requests of {@code path} (relative to the root), one per request. */
  public void inject(String path, Fault... faults) {
    Deque<Fault> q = queued.computeIfAbsent(strip(path), k -> new ArrayDeque<>());
    synchronized (q) {
      Collections.addAll(q, faults);
    }
  }

  /** Applies {@code fault} to every request of {@code path} until {@link #clearFaults()}. */
  public void injectAlways(String path, Fault fault) {
    always.put(strip(path), Objects.requireNonNull(fault));
  }

  /** Removes all queued and permanent faults. */
  public void clearFaults() {
    queued.clear();
    always.clear();
  }

  /** Requests answered so far. */
  public long requests() {
    return requests.get();
  }

  /** Body bytes sent so far (headers not counted). */
  public long bodyBytes() {
    return bodyBytes.get();
  }

  /** The requests seen so far, in arrival order. */
  public List<Request> requestLog() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /** Resets the counters and the request log. */
  public void resetCounters() {
    requests.set(0);
    bodyBytes.set(0);
    log.clear();
  }

  /** One request as the server saw it: method, path and the {@code Range} header (or null). */
  public record Request(String method, String path, String range) {}

  private static String strip(String path) {
    return path.startsWith("/") ? path.substring(1) : path;
  }

  private void acceptLoop() {
    while (!closed) {
      SocketChannel c;
      try {
        c = server.accept();
      } catch (IOException e) {
        return;
      }
      open.add(c);
      Thread.ofVirtual().start(() -> serve(c));
    }
  }

  private void serve(SocketChannel c) {
    try (c) {
      c.setOption(StandardSocketOptions.TCP_NODELAY, true);
      InputStream in = new BufferedInputStream(Channels.newInputStream(c), 8192);
      while (!closed) {
        Map<String, String> headers = new LinkedHashMap<>();
        String line = readLine(in);
        if (line == null) {
          return;
        }
        if (line.isEmpty()) {
          continue;
        }
        String h;
        while ((h = readLine(in)) != null && !h.isEmpty()) {
          int colon = h.indexOf(':');
          if (colon > 0) {
            headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
          }
        }
        if (h == null) {
          return;
        }
        if (!respond(c, line, headers)) {
          return;
        }
      }
    } catch (IOException | InterruptedException e) {
      // connection ended
    } finally {
      open.remove(c);
    }
  }

  /** Answers one request; false when the connection must end. */
  private boolean respond(SocketChannel c, String requestLine, Map<String, String> headers) throws IOException, InterruptedException {
    String[] parts = requestLine.split(" ");
    if (parts.length < 3) {
      send(c, simple(400, "Bad Request", Map.of()));
      return false;
    }
    String method = parts[0];
    String rawPath = parts[1];
    int q = rawPath.indexOf('?');
    String path = java.net.URLDecoder.decode(strip(q < 0 ? rawPath : rawPath.substring(0, q)), StandardCharsets.UTF_8);
    requests.incrementAndGet();
    String range = headers.get("range");
    log.add(new Request(method, path, range));
    boolean keepAlive = !"close".equalsIgnoreCase(headers.get("connection"));
    Fault fault = nextFault(path);
    if (fault != null && fault.kind == Fault.Kind.SLOW_START) {
      Thread.sleep(fault.delay.toMillis());
    }
    if (fault != null && fault.kind == Fault.Kind.STATUS) {
      Map<String, String> extra = new LinkedHashMap<>();
      if (fault.delay != null) {
        extra.put("Retry-After", Long.toString(fault.delay.toSeconds()));
      }
      send(c, simple(fault.status, "Injected", extra));
      return keepAlive;
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      send(c, simple(405, "Method Not Allowed", Map.of("Allow", "GET, HEAD")));
      return keepAlive;
    }
    Path file = root.resolve(path).normalize();
    if (!file.startsWith(root) || !Files.isRegularFile(file)) {
      send(c, simple(404, "Not Found", Map.of()));
      return keepAlive;
    }
    long size;
    long modified;
    try {
      size = Files.size(file);
      modified = Files.getLastModifiedTime(file).toMillis();
    } catch (NoSuchFileException e) {
      send(c, simple(404, "Not Found", Map.of()));
      return keepAlive;
    }
    String etag = "\"" + Long.toHexString(size) + "-" + Long.toHexString(modified) + "\"";
    long start = 0;
    long end = size - 1;
    boolean partial = false;
    if (range != null && (fault == null || fault.kind != Fault.Kind.IGNORE_RANGE)) {
      String ifRange = headers.get("if-range");
      boolean rangeValid = ifRange == null || ifRange.equals(etag) || ifRange.equals(HTTP_DATE.format(java.time.Instant.ofEpochMilli(modified)));
      long[] r = parseRange(range, size);
      if (r == null) {
        send(c, simple(416, "Range Not Satisfiable", Map.of("Content-Range", "bytes */" + size)));
        return keepAlive;
      }
      if (rangeValid && r.length == 2) {
        start = r[0];
        end = r[1];
        partial = true;
      }
    }
    long length = end - start + 1;
    StringBuilder sb = new StringBuilder();
    sb.append("HTTP/1.1 ").append(partial ? "206 Partial Content" : "200 OK").append("\r\n");
    sb.append("Content-Type: application/octet-stream\r\n");
    sb.append("Accept-Ranges: bytes\r\n");
    sb.append("ETag: ").append(etag).append("\r\n");
    sb.append("Last-Modified: ").append(HTTP_DATE.format(java.time.Instant.ofEpochMilli(modified))).append("\r\n");
    sb.append("Content-Length: ").append(length).append("\r\n");
    if (partial) {
      sb.append("Content-Range: bytes ").append(start).append('-').append(end).append('/').append(size).append("\r\n");
    }
    if (!keepAlive) {
      sb.append("Connection: close\r\n");
    }
    sb.append("\r\n");
    send(c, sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (method.equals("HEAD")) {
      return keepAlive;
    }
    long limit = length;
    if (fault != null && (fault.kind == Fault.Kind.RESET_AFTER || fault.kind == Fault.Kind.TRUNCATE_AFTER
        || fault.kind == Fault.Kind.STALL_AFTER)) {
      limit = Math.min(length, fault.bytes);
    }
    try (FileChannel fc = FileChannel.open(file, StandardOpenOption.READ)) {
      if (fault != null && fault.kind == Fault.Kind.CORRUPT) {
        sendCorrupted(c, fc, start, length);
      } else {
        long pos = start;
        long stop = start + limit;
        ByteBuffer chunk = null;
        while (pos < stop) {
          long n = fc.transferTo(pos, stop - pos, c);
          if (n == 0) {
            // a full socket buffer (virtual threads use non-blocking sockets): this write blocks until there is room
            if (chunk == null) {
              chunk = ByteBuffer.allocateDirect(1 << 18);
            }
            chunk.clear().limit((int) Math.min(chunk.capacity(), stop - pos));
            n = fc.read(chunk, pos);
            if (n <= 0) {
              throw new IOException("file shrank");
            }
            chunk.flip();
            while (chunk.hasRemaining()) {
              c.write(chunk);
            }
          }
          pos += n;
          bodyBytes.addAndGet(n);
        }
      }
    }
    if (fault != null && limit < length) {
      switch (fault.kind) {
        case RESET_AFTER -> reset(c);
        case TRUNCATE_AFTER -> c.close();
        case STALL_AFTER -> {
          Thread.sleep(fault.delay.toMillis());
          reset(c);
        }
        default -> { }
      }
      return false;
    }
    return keepAlive;
  }

  private void sendCorrupted(SocketChannel c, FileChannel fc, long start, long length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(1 << 16);
    long pos = start;
    long stop = start + length;
    boolean flipped = false;
    while (pos < stop) {
      buf.clear().limit((int) Math.min(buf.capacity(), stop - pos));
      int n = fc.read(buf, pos);
      if (n <= 0) {
        throw new IOException("file shrank");
      }
      buf.flip();
      if (!flipped) {
        buf.put(n / 2, (byte) (buf.get(n / 2) ^ 0x5A));
        flipped = true;
      }
      while (buf.hasRemaining()) {
        c.write(buf);
      }
      pos += n;
      bodyBytes.addAndGet(n);
    }
  }

  private Fault nextFault(String path) {
    Deque<Fault> q = queued.get(path);
    if (q != null) {
      synchronized (q) {
        Fault f = q.poll();
        if (f != null) {
          return f;
        }
      }
    }
    return always.get(path);
  }

  /** {start, end} (inclusive), {} when the range should be ignored, null when unsatisfiable. */
  static long[] parseRange(String header, long size) {
    if (!header.startsWith("bytes=") || header.contains(",")) {
      return new long[0];
    }
    String spec = header.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return new long[0];
    }
    try {
      String a = spec.substring(0, dash).trim();
      String b = spec.substring(dash + 1).trim();
      if (a.isEmpty()) {
        long n = Long.parseLong(b);
        if (n <= 0) {
          return null;
        }
        return new long[] {Math.max(0, size - n), size - 1};
      }
      long s = Long.parseLong(a);
      long e = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
      if (s >= size || e < s) {
        return null;
      }
      return new long[] {s, e};
    } catch (NumberFormatException e) {
      return new long[0];
    }
  }

  private static byte[] simple(int status, String reason, Map<String, String> extra) {
    byte[] body = (status + " " + reason + "\n").getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason).append("\r\n");
    extra.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
    sb.append("Content-Type: text/plain\r\nContent-Length: ").append(body.length).append("\r\n\r\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.writeBytes(body);
    return out.toByteArray();
  }

  private static void send(SocketChannel c, byte[] bytes) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    while (b.hasRemaining()) {
      c.write(b);
    }
  }

  private static void reset(SocketChannel c) {
    try {
      c.setOption(StandardSocketOptions.SO_LINGER, 0);
      c.close();
    } catch (IOException ignored) {
      // already gone
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == '\r') {
          sb.setLength(len - 1);
        }
        return sb.toString();
      }
      sb.append((char) b);
      if (sb.length() > 16384) {
        throw new IOException("header line too long");
      }
    }
    return sb.isEmpty() ? null : sb.toString();
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
    } catch (IOException ignored) {
      // nothing to do
    }
    for (SocketChannel c : open) {
      try {
        c.close();
      } catch (IOException ignored) {
        // nothing to do
      }
    }
  }

  /** A fault the server injects into one response. */
  public static final class Fault {
    enum Kind { RESET_AFTER, TRUNCATE_AFTER, STALL_AFTER, STATUS, SLOW_START, CORRUPT, IGNORE_RANGE }

    final Kind kind;
    final long bytes;
    final int status;
    final Duration delay;

    private Fault(Kind kind, long bytes, int status, Duration delay) {
      this.kind = kind;
      this.bytes = bytes;
      this.status = status;
      this.delay = delay;
    }

    /** Sends the headers and {@code bytes} of the body, then resets the connection. */
    public static Fault resetAfter(long bytes) {
      return new Fault(Kind.RESET_AFTER, bytes, 0, null);
    }

    /** Sends the headers (with the full length) and {@code bytes} of the body, then closes the connection in order. */
    public static Fault truncateAfter(long bytes) {
      return new Fault(Kind.TRUNCATE_AFTER, bytes, 0, null);
    }

    /** Sends {@code bytes} of the body, then goes silent for {@code pause} and resets. */
    public static Fault stallAfter(long bytes, Duration pause) {
      return new Fault(Kind.STALL_AFTER, bytes, 0, pause);
    }

    /** Answers with {@code status} (e.g. 429, 500, 503) and no {@code Retry-After}. */
    public static Fault status(int status) {
      return new Fault(Kind.STATUS, 0, status, null);
    }

    /** Answers with {@code status} and {@code Retry-After} in whole seconds. */
    public static Fault status(int status, Duration retryAfter) {
      return new Fault(Kind.STATUS, 0, status, retryAfter);
    }

    /** Waits {@code delay} before answering. */
    public static Fault slowStart(Duration delay) {
      return new Fault(Kind.SLOW_START, 0, 0, delay);
    }

    /** Sends the full body with one byte changed, so checksums do not match. */
    public static Fault corrupt() {
      return new Fault(Kind.CORRUPT, 0, 0, null);
    }

    /** Answers a range request with the whole file ({@code 200}), as servers without range support do. */
    public static Fault ignoreRange() {
      return new Fault(Kind.IGNORE_RANGE, 0, 0, null);
    }

    @Override
    public String toString() {
      return kind.name().toLowerCase(Locale.ROOT) + (bytes > 0 ? "(" + bytes + ")" : "") + (status > 0 ? "(" + status + ")" : "");
    }
  }
}
