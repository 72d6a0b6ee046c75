package io.swath.imagery.asset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The lean HTTP/1.1 path against a hand-written server: chunked bodies, keep-alive reuse, redirects left to HttpClient. */
class PlainHttpTest {
  @Test
  void readsChunkedBodiesReusesConnectionsAndHandsRedirectsOn() throws Exception {
    AtomicInteger connections = new AtomicInteger();
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual().start(() -> {
        while (!server.isClosed()) {
          try {
            Socket s = server.accept();
            connections.incrementAndGet();
            Thread.ofVirtual().start(() -> answer(s));
          } catch (Exception e) {
            return;
          }
        }
      });
      URI base = URI.create("http://127.0.0.1:" + server.getLocalPort());
      PlainHttp http = new PlainHttp(Duration.ofSeconds(5), Duration.ofSeconds(5));
      for (int i = 0; i < 3; i++) {
        try (AssetBody b = http.open(base.resolve("/chunked"), 0, null)) {
          assertThat(new String(b.stream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello, chunked world");
        }
      }
      assertThat(connections.get()).as("keep-alive: one connection for three requests").isEqualTo(1);
      try (AssetAccess access = AssetAccess.create(); AssetBody b = access.open(base.resolve("/moved"), 0, null)) {
        assertThat(new String(b.stream().readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello, chunked world");
      }
    }
  }

  private static void answer(Socket s) {
    try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
      while (true) {
        StringBuilder head = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
          head.append((char) c);
          if (head.toString().endsWith("\r\n\r\n")) {
            break;
          }
        }
        if (c < 0) {
          return;
        }
        String path = head.toString().split(" ")[1];
        if (path.equals("/moved")) {
          out.write(("HTTP/1.1 302 Found\r\nLocation: /chunked\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        } else {
          out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n8;ext=1\r\n, chunke\r\n7\r\nd world\r\n0\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
        }
        out.flush();
      }
    } catch (Exception ignored) {
      // client gone
    }
  }
}
