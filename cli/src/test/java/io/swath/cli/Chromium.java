package io.swath.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swath.testing.TestServers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's {@code chromium}, headless, driven over the DevTools protocol: navigate, run script in
 * the page, wait for a condition the page reaches, click with real mouse events and take
 * screenshots. One browser with one tab per instance; script errors the page throws are
 * collected.
 */
final class Chromium implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("DevTools listening on (ws://\\S+)");

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final List<String> exceptions = Collections.synchronizedList(new ArrayList<>());

  private Chromium(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  /** Starts a browser with a {@code width} × {@code height} window showing an empty page. */
  static Chromium start(int width, int height) throws IOException, InterruptedException {
    Path profile = TestServers.tempDir("swath-chromium");
    String exe = Files.isExecutable(Path.of("/usr/bin/chromium")) ? "/usr/bin/chromium" : "chromium";
    Process p = new ProcessBuilder(exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
        "--user-data-dir=" + profile.toAbsolutePath(), "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1",
        "--window-size=" + width + "," + height, "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    // the browser says where its DevTools endpoint listens on stderr; the rest of stderr is kept
    CompletableFuture<String> browserUrl = new CompletableFuture<>();
    StringBuilder err = new StringBuilder();
    Thread.ofVirtual().start(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8))) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          synchronized (err) {
            err.append(line).append('\n');
          }
          Matcher m = LISTENING.matcher(line);
          if (m.find()) {
            browserUrl.complete(m.group(1));
          }
        }
      } catch (IOException e) {
        browserUrl.completeExceptionally(e);
      }
      browserUrl.completeExceptionally(new IOException("chromium ended without a DevTools endpoint:\n" + err));
    });
    URI browser;
    try {
      browser = URI.create(browserUrl.get(60, TimeUnit.SECONDS));
    } catch (ExecutionException | TimeoutException e) {
      p.destroyForcibly();
      throw new IOException("chromium did not start: " + e.getMessage(), e);
    }
    HttpClient http = HttpClient.newHttpClient();
    JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create("http://" + browser.getAuthority() + "/json/list")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    String pageUrl = null;
    for (JsonNode t : targets) {
      if (t.path("type").asText().equals("page")) {
        pageUrl = t.path("webSocketDebuggerUrl").asText();
      }
    }
    if (pageUrl == null) {
      p.destroyForcibly();
      throw new IOException("chromium has no page to drive: " + targets);
    }
    CompletableFuture<Chromium> ready = new CompletableFuture<>();
    WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), new WebSocket.Listener() {
      private final StringBuilder message = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
        message.append(data);
        if (last) {
          String text = message.toString();
          message.setLength(0);
          ready.thenAccept(c -> c.receive(text));
        }
        w.request(1);
        return null;
      }
    }).join();
    Chromium c = new Chromium(p, profile, ws);
    ready.complete(c);
    c.call("Runtime.enable", JSON.createObjectNode());
    c.call("Page.enable", JSON.createObjectNode());
    return c;
  }

  private void receive(String text) {
    JsonNode m;
    try {
      m = JSON.readTree(text);
    } catch (IOException e) {
      return;
    }
    if (m.has("id")) {
      CompletableFuture<JsonNode> f = pending.remove(m.path("id").asInt());
      if (f != null) {
        if (m.has("error")) {
          f.completeExceptionally(new IllegalStateException(m.path("error").toString()));
        } else {
          f.complete(m.path("result"));
        }
      }
    } else if (m.path("method").asText().equals("Runtime.exceptionThrown")) {
      JsonNode d = m.path("params").path("exceptionDetails");
      exceptions.add(d.path("exception").path("description").asText(d.path("text").asText()));
    }
  }

  /** Sends DevTools command {@code method} and waits for its result. */
  synchronized JsonNode call(String method, ObjectNode params) {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    ObjectNode msg = JSON.createObjectNode().put("id", id).put("method", method);
    msg.set("params", params);
    socket.sendText(msg.toString(), true).join();
    try {
      return f.get(120, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(method + " interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(method + " failed: " + e.getMessage(), e);
    }
  }

  /** Opens {@code url} in the tab. */
  void navigate(String url) {
    JsonNode r = call("Page.navigate", JSON.createObjectNode().put("url", url));
    if (r.has("errorText")) {
      throw new IllegalStateException("cannot open " + url + ": " + r.path("errorText").asText());
    }
  }

  /** The value of {@code expression} in the page; a promise is awaited. */
  JsonNode eval(String expression) {
    JsonNode r = call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression).put("awaitPromise", true)
        .put("returnByValue", true));
    if (r.has("exceptionDetails")) {
      JsonNode d = r.path("exceptionDetails");
      throw new IllegalStateException("script failed: " + d.path("exception").path("description").asText(d.path("text").asText())
          + "\nin: " + expression);
    }
    return r.path("result").path("value");
  }

  /**
   * Waits until {@code condition} (script) is truthy in the page, checked in the page every 50 ms,
   * and returns its value; fails after {@code timeoutMs} with what {@code describe} (script)
   * says then.
   */
  JsonNode waitFor(String condition, long timeoutMs, String describe) {
    String script = "new Promise((resolve, reject) => { const t0 = Date.now(); (function check() {"
        + " let v; try { v = (" + condition + "); } catch (e) { v = undefined; }"
        + " if (v) resolve(v); else if (Date.now() - t0 > " + timeoutMs + ") {"
        + " let d; try { d = (" + describe + "); } catch (e) { d = String(e); }"
        + " reject(new Error('timed out waiting for: ' + " + JSON.valueToTree(condition) + " + '; ' + d)); }"
        + " else setTimeout(check, 50); })(); })";
    for (int attempt = 0; ; attempt++) {
      try {
        return eval(script);
      } catch (IllegalStateException e) {
        // a navigation replaced the page the script ran in: wait again in the new one
        if (attempt < 5 && e.getMessage().contains("context was destroyed")) {
          continue;
        }
        throw e;
      }
    }
  }

  /** Clicks the middle of the element {@code selector} matches, with real mouse events. */
  void click(String selector) {
    JsonNode xy = eval("(() => { const e = document.querySelector(" + JSON.valueToTree(selector) + ");"
        + " if (!e) throw new Error('nothing matches ' + " + JSON.valueToTree(selector) + ");"
        + " e.scrollIntoView({ block: 'center', inline: 'center' }); const r = e.getBoundingClientRect();"
        + " return [r.left + r.width / 2, r.top + r.height / 2]; })()");
    clickAt(xy.get(0).asDouble(), xy.get(1).asDouble());
  }

  /** Clicks at {@code (x, y)} in the viewport with real mouse events. */
  void clickAt(double x, double y) {
    call("Input.dispatchMouseEvent", JSON.createObjectNode().put("type", "mouseMoved").put("x", x).put("y", y));
    for (String type : List.of("mousePressed", "mouseReleased")) {
      call("Input.dispatchMouseEvent", JSON.createObjectNode().put("type", type).put("x", x).put("y", y).put("button", "left")
          .put("clickCount", 1));
    }
  }

  /** Types {@code text} into the focused element, as key events. */
  void type(String text) {
    call("Input.insertText", JSON.createObjectNode().put("text", text));
  }

  /** A PNG of the viewport, written to {@code png}. */
  Path screenshot(Path png) throws IOException {
    JsonNode r = call("Page.captureScreenshot", JSON.createObjectNode().put("format", "png"));
    Files.write(png, Base64.getDecoder().decode(r.path("data").asText()));
    return png;
  }

  /** Uncaught script errors the pages threw so far. */
  List<String> exceptions() {
    synchronized (exceptions) {
      return List.copyOf(exceptions);
    }
  }

  @Override
  public void close() throws InterruptedException {
    try {
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      // the browser is stopped below either way
    }
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
    }
    TestServers.deleteTree(profile);
  }
}
