package io.swath.client;

import io.swath.core.time.Times;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A terminal progress bar: label, bar, count, rate and ETA. Bars that run at the same time are
 * drawn as a block of lines, one per bar, redrawn together at most ten times a second, so
 * concurrent queries never garble each other; a finished bar is printed once above the block.
 * When the output is not a terminal only the final lines are printed. Thread-safe. When the
 * total is unknown the fraction comes from {@link #fraction(double)} (e.g. progress through a
 * time range).
 */
public final class ProgressBar implements AutoCloseable {
  private final String label;
  private final Screen screen;
  private final long startNanos = System.nanoTime();
  private long total;
  private long done;
  private double fraction = -1;
  private boolean closed;

  /** A bar for {@code total} units (0 = unknown) on standard error. */
  public ProgressBar(String label, long total) {
    this(label, total, System.err);
  }

  ProgressBar(String label, long total, PrintStream out) {
    this.label = label;
    this.total = total;
    this.screen = Screen.of(out);
    screen.add(this);
  }

  /** Sets the total (0 = unknown). */
  public synchronized void total(long total) {
    this.total = total;
  }

  /** Adds {@code n} done units. */
  public void add(long n) {
    synchronized (this) {
      done += n;
    }
    screen.changed(false);
  }

  /** Sets the fraction done (0..1) when the total is unknown. */
  public synchronized void fraction(double f) {
    fraction = Math.max(0, Math.min(1, f));
  }

  /** Units done so far. */
  public synchronized long done() {
    return done;
  }

  synchronized String render(long now) {
    double secs = Math.max(1e-9, (now - startNanos) / 1e9);
    long shownTotal = total > 0 ? Math.max(total, done) : 0; // a total from statistics that have since grown
    double f = shownTotal > 0 ? (double) done / shownTotal : fraction;
    int width = 24;
    StringBuilder sb = new StringBuilder();
    sb.append(label).append(' ');
    if (f >= 0) {
      int fill = (int) Math.round(f * width);
      sb.append('[').append("#".repeat(fill)).append("-".repeat(width - fill)).append("] ")
          .append(String.format(Locale.ROOT, "%3d%% ", (int) Math.floor(f * 100)));
    }
    sb.append(String.format(Locale.ROOT, "%,d", done));
    if (shownTotal > 0) {
      sb.append(String.format(Locale.ROOT, "/%,d", shownTotal));
    }
    double rate = done / secs;
    sb.append(String.format(Locale.ROOT, " | %s/s", human(rate)));
    if (f > 0 && f < 1) {
      sb.append(" | ETA ").append(Times.shortText(Duration.ofMillis((long) (secs * (1 - f) / f * 1000))));
    } else {
      sb.append(" | ").append(Times.shortText(Duration.ofMillis((long) (secs * 1000))));
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

  /** Draws the final state on its own line and leaves the block of running bars. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (total <= 0 && fraction >= 0) {
        fraction = 1;
      }
    }
    screen.finish(this);
  }

  /** The running bars of one output stream, drawn as a block at the bottom. */
  static final class Screen {
    private static final Map<PrintStream, Screen> SCREENS = new IdentityHashMap<>();
    private final PrintStream out;
    private final boolean interactive;
    private final List<ProgressBar> active = new ArrayList<>();
    private int drawn; // lines of the block currently on screen
    private long lastDraw;

    private Screen(PrintStream out, boolean interactive) {
      this.out = out;
      this.interactive = interactive;
    }

    static synchronized Screen of(PrintStream out) {
      return SCREENS.computeIfAbsent(out, o -> new Screen(o, isTerminal(o)));
    }

    /**
     * Whether {@code out} is a terminal that understands cursor movement. A file, a pipe or a CI
     * log gets one plain line per finished bar and no escape codes. {@code SWATH_PROGRESS=ansi}
     * or {@code =plain} overrides the guess.
     */
    static boolean isTerminal(PrintStream out) {
      String forced = System.getenv("SWATH_PROGRESS");
      if ("ansi".equalsIgnoreCase(forced)) {
        return true;
      }
      if ("plain".equalsIgnoreCase(forced) || "dumb".equals(System.getenv("TERM"))) {
        return false;
      }
      int fd = out == System.err ? 2 : out == System.out ? 1 : -1;
      if (fd < 0) {
        return false;
      }
      java.nio.file.Path link = java.nio.file.Path.of("/proc/self/fd/" + fd);
      if (java.nio.file.Files.isDirectory(link.getParent())) {
        try {
          String target = java.nio.file.Files.readSymbolicLink(link).toString();
          return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (java.io.IOException | UnsupportedOperationException e) {
          return false;
        }
      }
      // no /proc (macOS, Windows): a console exists only when the standard streams are not redirected
      return System.console() != null;
    }

    synchronized void add(ProgressBar b) {
      active.add(b);
      changed(true);
    }

    synchronized void changed(boolean force) {
      long now = System.nanoTime();
      if (!interactive || (!force && now - lastDraw < 100_000_000L)) {
        return;
      }
      lastDraw = now;
      StringBuilder sb = new StringBuilder();
      up(sb);
      for (ProgressBar b : active) {
        sb.append("\r\033[2K").append(b.render(now)).append('\n');
      }
      drawn = active.size();
      out.print(sb);
      out.flush();
    }

    synchronized void finish(ProgressBar b) {
      long now = System.nanoTime();
      StringBuilder sb = new StringBuilder();
      if (interactive) {
        up(sb);
        sb.append("\r\033[2K");
      }
      sb.append(b.render(now)).append(System.lineSeparator());
      active.remove(b);
      if (interactive) {
        for (ProgressBar o : active) {
          sb.append("\r\033[2K").append(o.render(now)).append('\n');
        }
        // clear what is left of the old, taller block
        for (int i = active.size() + 1; i < drawn; i++) {
          sb.append("\r\033[2K\n");
        }
        int extra = Math.max(0, drawn - active.size() - 1);
        if (extra > 0) {
          sb.append("\033[").append(extra).append('A');
        }
        drawn = active.size();
        lastDraw = now;
      }
      out.print(sb);
      out.flush();
    }

    private void up(StringBuilder sb) {
      if (drawn > 0) {
        sb.append("\033[").append(drawn).append('A');
      }
    }
  }
}
