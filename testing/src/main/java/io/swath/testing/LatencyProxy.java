package io.swath.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy that makes a local link behave like a distant one: every byte is delayed
 * by half the round-trip time in each direction, each direction of each connection is capped at
 * a bandwidth, and connections can be cut on demand (all at once, or after a number of bytes) to
 * test resumption. Order within a connection is preserved.
 *
 * <pre>{@code
 * try (LatencyProxy proxy = LatencyProxy.builder("127.0.0.1", serverPort).rtt(Duration.ofMillis(50)).start()) {
 *   connect("127.0.0.1:" + proxy.port());
 * }
 * }</pre>
 *
 * <p>Listens on 127.0.0.1 only. Two platform threads per direction per connection: a virtual
 * thread blocked on a socket is woken through a poller, which added several milliseconds to each
 * round trip on a busy 2-core machine.
 */
public final class LatencyProxy implements AutoCloseable {
  private final ServerSocket server;
  private final InetSocketAddress target;
  private final long halfRttNanos;
  private final long bytesPerSecond;
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final AtomicLong forwarded = new AtomicLong();
  private volatile long cutAfterBytes = -1;
  private volatile boolean closed;

  private LatencyProxy(Builder b) throws IOException {
    this.target = new InetSocketAddress(b.host, b.port);
    this.halfRttNanos = b.rtt.toNanos() / 2;
    this.bytesPerSecond = b.bytesPerSecond;
    this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().name("proxy-accept-" + server.getLocalPort()).start(this::acceptLoop);
  }

  /** A proxy in front of {@code host:port}. */
  public static Builder builder(String host, int port) {
    return new Builder(host, port);
  }

  /** The local port clients connect to. */
  public int port() {
    return server.getLocalPort();
  }

  /** {@code 127.0.0.1:port}, as clients take it. */
  public String target() {
    return "127.0.0.1:" + port();
  }

  /** Bytes forwarded so far, both directions. */
  public long forwardedBytes() {
    return forwarded.get();
  }

  /** Open connections. */
  public int connections() {
    return links.size();
  }

  /** Cuts every open connection now (a reset, as when a network path fails). */
  public void cutAll() {
    for (Link l : links) {
      l.close();
    }
  }

  /**
   * Cuts every connection once it has forwarded {@code bytes} more bytes from the server to the
   * client, counted per connection from now; {@code -1} turns this off.
   */
  public void cutAfterServerBytes(long bytes) {
    this.cutAfterBytes = bytes;
    for (Link l : links) {
      l.downSinceArm.set(0);
    }
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = server.accept();
      } catch (IOException e) {
        return;
      }
      try {
        Socket upstream = new Socket();
        upstream.connect(target, 5000);
        client.setTcpNoDelay(true);
        upstream.setTcpNoDelay(true);
        Link link = new Link(client, upstream);
        links.add(link);
        link.start();
      } catch (IOException e) {
        closeQuietly(client);
      }
    }
  }

  /** One proxied connection. */
  private final class Link {
    final Socket client;
    final Socket upstream;
    final AtomicLong downSinceArm = new AtomicLong();
    volatile boolean done;

    Link(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void start() throws IOException {
      pipe(client.getInputStream(), upstream.getOutputStream(), false);
      pipe(upstream.getInputStream(), client.getOutputStream(), true);
    }

    private void pipe(InputStream in, OutputStream out, boolean down) {
      LinkedBlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
      Thread.ofPlatform().daemon().name("proxy-read").start(() -> {
        byte[] buf = new byte[64 << 10];
        try {
          int n;
          while ((n = in.read(buf)) >= 0) {
            byte[] copy = java.util.Arrays.copyOf(buf, n);
            queue.put(new Chunk(copy, System.nanoTime() + halfRttNanos));
          }
        } catch (IOException | InterruptedException e) {
          // connection ended
        }
        queue.add(Chunk.END);
      });
      Thread.ofPlatform().daemon().name("proxy-write").start(() -> {
        long sendFree = System.nanoTime(); // bandwidth pacing: when the link is free again
        try {
          while (true) {
            Chunk c = queue.take();
            if (c == Chunk.END) {
              break;
            }
            sleepUntil(c.due);
            int off = 0;
            while (off < c.data.length) {
              int n = c.data.length - off;
              if (bytesPerSecond > 0) {
                n = (int) Math.min(n, Math.max(1024, bytesPerSecond / 100)); // 10 ms slices
                long now = System.nanoTime();
                sendFree = Math.max(sendFree, now) + n * 1_000_000_000L / bytesPerSecond;
                sleepUntil(sendFree);
              }
              if (down && cutAfterBytes >= 0 && downSinceArm.addAndGet(n) > cutAfterBytes) {
                close();
                return;
              }
              out.write(c.data, off, n);
              off += n;
              forwarded.addAndGet(n);
            }
            out.flush();
          }
        } catch (IOException | InterruptedException e) {
          // connection ended
        }
        close();
      });
    }

    void close() {
      if (done) {
        return;
      }
      done = true;
      try {
        client.setSoLinger(true, 0); // reset, not an orderly close
      } catch (IOException ignored) {
        // already closed
      }
      closeQuietly(client);
      closeQuietly(upstream);
      links.remove(this);
    }
  }

  private record Chunk(byte[] data, long due) {
    static final Chunk END = new Chunk(new byte[0], 0);
  }

  private static void sleepUntil(long nanoTime) throws InterruptedException {
    long wait = nanoTime - System.nanoTime();
    if (wait > 0) {
      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly2(server);
    cutAll();
  }

  private static void closeQuietly2(ServerSocket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  /** Settings of a proxy. */
  public static final class Builder {
    private final String host;
    private final int port;
    private Duration rtt = Duration.ZERO;
    private long bytesPerSecond;

    private Builder(String host, int port) {
      this.host = Objects.requireNonNull(host, "host");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be between 1 and 65535, got " + port);
      }
      this.port = port;
    }

    /** Added round-trip time (half each way). */
    public Builder rtt(Duration rtt) {
      if (rtt.isNegative()) {
        throw new IllegalArgumentException("rtt must not be negative");
      }
      this.rtt = rtt;
      return this;
    }

    /** Bandwidth cap per direction per connection; 0 = none. */
    public Builder bandwidth(long bytesPerSecond) {
      if (bytesPerSecond < 0) {
        throw new IllegalArgumentException("bandwidth must not be negative");
      }
      this.bytesPerSecond = bytesPerSecond;
      return this;
    }

    /** Starts listening. */
    public LatencyProxy start() throws IOException {
      return new LatencyProxy(this);
    }
  }
}
