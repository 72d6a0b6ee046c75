package io.swath.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyProxyTest {
  /** An echo server on loopback. */
  static ServerSocket echo() throws IOException {
    ServerSocket s = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      while (!s.isClosed()) {
        try {
          Socket c = s.accept();
          Thread.ofVirtual().start(() -> {
            try (c; InputStream in = c.getInputStream(); OutputStream out = c.getOutputStream()) {
              in.transferTo(out);
            } catch (IOException ignored) {
              // closed
            }
          });
        } catch (IOException e) {
          return;
        }
      }
    });
    return s;
  }

  @Test
  void addsTheRoundTripTimeAndKeepsBytesInOrder() throws Exception {
    try (ServerSocket srv = echo(); LatencyProxy p = LatencyProxy.builder("127.0.0.1", srv.getLocalPort()).rtt(Duration.ofMillis(80)).start();
         Socket s = new Socket("127.0.0.1", p.port())) {
      byte[] msg = new byte[100_000];
      for (int i = 0; i < msg.length; i++) {
        msg[i] = (byte) (i * 7);
      }
      long t0 = System.nanoTime();
      s.getOutputStream().write(msg);
      byte[] back = s.getInputStream().readNBytes(msg.length);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(back).isEqualTo(msg);
      // echo goes through the proxy both ways: at least one full RTT
      assertThat(ms).isGreaterThanOrEqualTo(80);
    }
  }

  @Test
  void capsBandwidth() throws Exception {
    try (ServerSocket srv = echo();
         LatencyProxy p = LatencyProxy.builder("127.0.0.1", srv.getLocalPort()).bandwidth(1_000_000).start();
         Socket s = new Socket("127.0.0.1", p.port())) {
      byte[] msg = new byte[300_000];
      long t0 = System.nanoTime();
      Thread.ofVirtual().start(() -> {
        try {
          s.getOutputStream().write(msg);
        } catch (IOException ignored) {
          // closed
        }
      });
      s.getInputStream().readNBytes(msg.length);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      // 300 kB at 1 MB/s each way: at least ~0.3 s
      assertThat(ms).isGreaterThanOrEqualTo(250);
    }
  }

  @Test
  void cutsConnections() throws Exception {
    try (ServerSocket srv = echo(); LatencyProxy p = LatencyProxy.builder("127.0.0.1", srv.getLocalPort()).start();
         Socket s = new Socket("127.0.0.1", p.port())) {
      p.cutAfterServerBytes(1000);
      s.getOutputStream().write(new byte[5000]);
      assertThatThrownBy(() -> {
        InputStream in = s.getInputStream();
        byte[] all = in.readNBytes(5000);
        if (all.length < 5000) {
          throw new IOException("short read: " + all.length);
        }
      }).isInstanceOf(IOException.class);
    }
  }
}
