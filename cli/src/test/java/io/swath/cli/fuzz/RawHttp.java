package io.swath.cli.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * HTTP/1.1 over a plain socket, so requests can be anything (bytes no HTTP client library would
 * send) and a connection closed without an answer is seen as such.
 */
final class RawHttp {
  private RawHttp() {}

  /** What came back: the status (-1: the connection ended with no status line; -2: no answer in time). */
  record Answer(int status, String head, int bodyBytes) {
    boolean dropped() {
      return status < 0;
    }
  }

  /**
   * Sends {@code head} (request line and headers, without the blank line) and {@code body}; with
   * {@code slow}, in small pieces with pauses between, as a slow client would.
   */
  static Answer send(int port, String head, byte[] body, boolean slow, Random r, int timeoutMs) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(timeoutMs);
      ByteArrayOutputStream req = new ByteArrayOutputStream();
      req.write((head + "\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      req.write(body);
      byte[] all = req.toByteArray();
      OutputStream out = s.getOutputStream();
      try {
        if (slow) {
          // at most ~50 pieces, so a slow client takes up to about a second whatever it sends
          int piece = Math.max(1 + r.nextInt(64), all.length / 50);
          int i = 0;
          while (i < all.length) {
            int n = Math.min(all.length - i, piece);
            out.write(all, i, n);
            out.flush();
            i += n;
            Thread.sleep(r.nextInt(15)); // the client is slow by design: this is the input, not a wait
          }
        } else {
          out.write(all);
          out.flush();
        }
      } catch (IOException e) {
        // the server may answer (and close) before reading everything: read what it said
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      }
      InputStream in = s.getInputStream();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      byte[] buf = new byte[65536];
      try {
        int n;
        while ((n = in.read(buf)) > 0) {
          got.write(buf, 0, n);
          if (got.size() > 64 << 20) {
            break;
          }
        }
      } catch (SocketTimeoutException e) {
        if (got.size() == 0) {
          return new Answer(-2, "", 0);
        }
      } catch (IOException e) {
        if (got.size() == 0) {
          return new Answer(-1, e.toString(), 0);
        }
      }
      String text = got.toString(StandardCharsets.ISO_8859_1);
      int eol = text.indexOf("\r\n");
      if (!text.startsWith("HTTP/1.") || eol < 12) {
        return new Answer(-1, text.substring(0, Math.min(text.length(), 200)), 0);
      }
      int status;
      try {
        status = Integer.parseInt(text.substring(9, 12));
      } catch (NumberFormatException e) {
        return new Answer(-1, text.substring(0, eol), 0);
      }
      int headEnd = text.indexOf("\r\n\r\n");
      String answered = headEnd < 0 ? "" : text.substring(headEnd + 4, Math.min(text.length(), headEnd + 4 + 300));
      return new Answer(status, text.substring(0, headEnd < 0 ? eol : headEnd) + (status >= 500 ? "\n" + answered : ""),
          headEnd < 0 ? 0 : got.size() - headEnd - 4);
    }
  }
}
