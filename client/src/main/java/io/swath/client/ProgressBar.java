package io.swath.client;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * A one-line terminal progress bar: label, bar, count, rate and ETA. Redraws at most every
 * 100 ms on stderr; thread-safe. When the total is unknown the fraction comes from
 * {@link #fraction(double)} (e.g. progress through a time range).
 */
public final class ProgressBar implements AutoCloseable {
  private static final Object TERMINAL = new Object();
  private final String label;
  private final PrintStream out;
  private final long startNanos = System.nanoTime();
  private final boolean interactive;
  private long total;
  private long done;
  private double fraction = -1;
  private long lastDraw;
  private boolean closed;

  /** A bar for {@code total} units (0 = unknown). */
  public ProgressBar(String label, long total) {
    this(label, total, System.err);
  }

  ProgressBar(String label, long total, PrintStream out) {
    this.label = label;
    this.total = total;
    this.out = out;
    this.interactive = System.console() != null || System.getenv("TERM") != null;
    draw(true);
  }

  /** Sets the total (0 = unknown). */
  public synchronized void total(long total) {
    this.total = total;
  }

  /** Adds {@code n} done units. */
  public synchronized void add(long n) {
    done += n;
    draw(false);
  }

  /** Sets the fraction done (0..1) when the total is unknown. */
  public synchronized void fraction(double f) {
    fraction = Math.max(0, Math.min(1, f));
  }

  /** Units done so far. */
  public synchronized long done() {
    return done;
  }

  private void draw(boolean force) {
    long now = System.nanoTime();
    if (!force && now - lastDraw < 100_000_000L) {
      return;
    }
    lastDraw = now;
    String line = render(now);
    synchronized (TERMINAL) {
      if (interactive) {
        out.print("\r\033[2K" + line);
      }
      out.flush();
    }
  }

  String render(long now) {
    double secs = Math.max(1e-9, (now - startNanos) / 1e9);
    double f = total > 0 ? Math.min(1.0, (double) done / total) : fraction;
    int width = 24;
    StringBuilder sb = new StringBuilder();
    sb.append(label).append(' ');
    if (f >= 0) {
      int fill = (int) Math.round(f * width);
      sb.append('[').append("#".repeat(fill)).append("-".repeat(width - fill)).append("] ")
          .append(String.format(Locale.ROOT, "%3d%% ", (int) Math.floor(f * 100)));
    }
    sb.append(String.format(Locale.ROOT, "%,d", done));
    if (total > 0) {
      sb.append(String.format(Locale.ROOT, "/%,d", total));
    }
    double rate = done / secs;
    sb.append(String.format(Locale.ROOT, " | %s/s", human(rate)));
    if (f > 0 && f < 1) {
      sb.append(" | ETA ").append(format(Duration.ofMillis((long) (secs * (1 - f) / f * 1000))));
    } else {
      sb.append(" | ").append(format(Duration.ofMillis((long) (secs * 1000))));
    }
    return sb.toString();
  }

  static String human(double v) {
    if (v >= 1e6) {
      return String.format(Locale.ROOT, "%.2fM", v / 1e6);
    }
    if (v >= 1e3) {
      return String.format(Locale.ROOT, "%.1fk", v / 1e3);
    }
    return String.format(Locale.ROOT, "%.0f", v);
  }

  static String format(Duration d) {
    long s = d.toSeconds();
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
    if (s >= 60) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }

  /** Draws the final state and ends the line. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (total > 0) {
      done = Math.max(done, 0);
    } else if (fraction >= 0) {
      fraction = 1;
    }
    String line = render(System.nanoTime());
    synchronized (TERMINAL) {
      out.print((interactive ? "\r\033[2K" : "") + line + System.lineSeparator());
      out.flush();
    }
  }
}
