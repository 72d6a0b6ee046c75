package io.swath.imagery.download;

import io.swath.core.time.Times;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Progress bars for a batch of downloads: an overall bar (files, bytes, rate, ETA) and one bar per
 * running transfer (bytes, rate, ETA), redrawn in place ten times a second on a terminal. Where the
 * output is not a terminal, it prints one line per finished file instead. Failures and retries are
 * reported as they happen.
 *
 * <pre>{@code
 * try (DownloadProgress bars = new DownloadProgress(System.err, requests.size(), true)) {
 *   summary = downloader.downloadAll(requests, bars);
 * }
 * }</pre>
 */
public final class DownloadProgress implements DownloadListener, AutoCloseable {
  private static final int BAR = 24;
  private static final int MAX_FILE_BARS = 8;
  private final PrintStream out;
  private final boolean interactive;
  private final int files;
  private final long startNanos = System.nanoTime();
  private final Map<DownloadRequest, FileState> running = new LinkedHashMap<>();
  private final ScheduledExecutorService ticker;
  private final List<String> pending = new ArrayList<>();
  private long bytesDone;
  private int finished;
  private int failed;
  private int drawnLines;
  private boolean closed;

  /**
   * Bars for {@code files} downloads on {@code out}; {@code interactive} redraws in place (use
   * {@link #isTerminal()}), otherwise one line per finished file.
   */
  public DownloadProgress(PrintStream out, int files, boolean interactive) {
    this.out = out;
    this.files = files;
    this.interactive = interactive;
    if (interactive) {
      ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "swath-download-progress");
        t.setDaemon(true);
        return t;
      });
      ticker.scheduleAtFixedRate(this::redraw, 100, 100, TimeUnit.MILLISECONDS);
    } else {
      ticker = null;
    }
  }

  /** Whether standard error looks like a terminal (a console, or TERM set). */
  public static boolean isTerminal() {
    return System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM"));
  }

  private static final class FileState {
    final String name;
    final long startNanos = System.nanoTime();
    long total;
    long done;
    long resumedFrom;

    FileState(String name) {
      this.name = name;
    }
  }

  @Override
  public synchronized void started(DownloadRequest request, long totalBytes, long resumedFrom) {
    FileState s = running.computeIfAbsent(request, r -> new FileState(r.target().getFileName().toString()));
    s.total = totalBytes;
    s.done = resumedFrom;
    s.resumedFrom = resumedFrom;
    bytesDone += resumedFrom;
  }

  @Override
  public synchronized void progressed(DownloadRequest request, long bytes) {
    FileState s = running.get(request);
    if (s != null) {
      s.done += bytes;
    }
    bytesDone += bytes;
  }

  @Override
  public synchronized void retrying(DownloadRequest request, int attempt, String reason, Duration delay, long discarded) {
    FileState s = running.get(request);
    if (s != null) {
      s.done -= discarded;
    }
    bytesDone -= discarded;
    pending.add(String.format(Locale.ROOT, "retry %s (attempt %d failed: %s; next in %s)", request.target().getFileName(), attempt,
        reason, Times.shortText(delay)));
    if (!interactive) {
      flushPending();
    }
  }

  @Override
  public synchronized void finished(DownloadResult result) {
    FileState s = running.remove(result.request());
    finished++;
    if (s != null && !result.succeeded()) {
      bytesDone -= s.done; // the rate and total count bytes of files that arrived
    }
    if (!result.succeeded()) {
      failed++;
    }
    String line = switch (result.status()) {
      case DOWNLOADED -> interactive ? null : String.format(Locale.ROOT, "done %s (%s in %s)", result.request().target(),
          DownloadSummary.bytesHuman(result.size()), Times.shortText(result.elapsed()));
      case ALREADY_PRESENT -> interactive ? null : "present " + result.request().target();
      case FAILED -> "FAILED " + result.request().source() + ": " + result.failure();
      case CANCELLED -> "cancelled " + result.request().source();
    };
    if (line != null) {
      pending.add(line);
    }
    if (!interactive) {
      flushPending();
    }
  }

  private void flushPending() {
    for (String p : pending) {
      out.println(p);
    }
    pending.clear();
    out.flush();
  }

  private synchronized void redraw() {
    if (closed) {
      return;
    }
    draw(false);
  }

  private void draw(boolean last) {
    StringBuilder sb = new StringBuilder();
    if (drawnLines > 0) {
      sb.append("\033[").append(drawnLines).append('F'); // to the start of the first bar line
    }
    for (String p : pending) {
      sb.append("\033[2K").append(p).append('\n');
    }
    pending.clear();
    List<String> lines = new ArrayList<>();
    lines.add(overall());
    if (!last) {
      int n = 0;
      for (FileState s : running.values()) {
        if (n++ == MAX_FILE_BARS) {
          lines.add(String.format(Locale.ROOT, "  ... and %d more", running.size() - MAX_FILE_BARS));
          break;
        }
        lines.add(fileLine(s));
      }
    }
    for (String l : lines) {
      sb.append("\033[2K").append(l).append('\n');
    }
    // clear lines left over from a taller previous frame
    int extra = drawnLines - lines.size();
    for (int i = 0; i < extra; i++) {
      sb.append("\033[2K\n");
    }
    if (extra > 0) {
      sb.append("\033[").append(extra).append('F');
    }
    drawnLines = lines.size();
    out.print(sb);
    out.flush();
  }

  String overall() {
    double secs = Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9);
    double rate = bytesDone / secs;
    // finished files count whole, running ones by their share of bytes
    double partial = 0;
    for (FileState s : running.values()) {
      if (s.total > 0) {
        partial += Math.min(1, (double) s.done / s.total);
      }
    }
    double f = files == 0 ? 1 : Math.min(1, (finished + partial) / files);
    String eta = f > 0 && f < 1 ? "ETA " + Times.shortText(Duration.ofMillis((long) (secs * (1 - f) / f * 1000))) : Times.shortText(Duration.ofMillis((long) (secs * 1000)));
    return String.format(Locale.ROOT, "total %s %d/%d files%s | %s | %s/s | %s", bar(f), finished, files,
        failed > 0 ? " (" + failed + " failed)" : "", DownloadSummary.bytesHuman(bytesDone), DownloadSummary.bytesHuman((long) rate), eta);
  }

  private static String fileLine(FileState s) {
    double secs = Math.max(1e-9, (System.nanoTime() - s.startNanos) / 1e9);
    double rate = (s.done - s.resumedFrom) / secs;
    double f = s.total > 0 ? Math.min(1, (double) s.done / s.total) : -1;
    String eta = f > 0 && rate > 0 ? "ETA " + Times.shortText(Duration.ofMillis((long) ((s.total - s.done) / rate * 1000))) : "";
    String name = s.name.length() > 28 ? "…" + s.name.substring(s.name.length() - 27) : s.name;
    return String.format(Locale.ROOT, "  %-28s %s %s%s | %s/s %s", name, f >= 0 ? bar(f) : "[" + " ".repeat(BAR) + "]",
        DownloadSummary.bytesHuman(s.done), s.total > 0 ? "/" + DownloadSummary.bytesHuman(s.total) : "",
        DownloadSummary.bytesHuman((long) rate), eta);
  }

  private static String bar(double f) {
    int fill = (int) Math.round(Math.max(0, Math.min(1, f)) * BAR);
    return "[" + "#".repeat(fill) + "-".repeat(BAR - fill) + "] " + String.format(Locale.ROOT, "%3d%%", (int) Math.floor(f * 100));
  }

  /** Stops redrawing and leaves the final overall line. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (ticker != null) {
      ticker.shutdownNow();
      draw(true);
    } else {
      flushPending();
    }
  }
}
