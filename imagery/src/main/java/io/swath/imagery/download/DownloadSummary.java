package io.swath.imagery.download;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a batch of downloads: every {@link DownloadResult}, in request order.
 *
 * @param results one per request
 * @param elapsed wall time of the batch
 */
public record DownloadSummary(List<DownloadResult> results, Duration elapsed) {
  /** Freezes the list. */
  public DownloadSummary {
    results = List.copyOf(results);
  }

  /** Number of files asked for. */
  public int files() {
    return results.size();
  }

  /** Files downloaded now. */
  public long downloaded() {
    return count(DownloadResult.Status.DOWNLOADED);
  }

  /** Files that were already there and verified. */
  public long alreadyPresent() {
    return count(DownloadResult.Status.ALREADY_PRESENT);
  }

  /** Bytes received in this run. */
  public long bytesTransferred() {
    return results.stream().mapToLong(DownloadResult::transferred).sum();
  }

  /** Total size of the files now in place. */
  public long bytes() {
    return results.stream().filter(DownloadResult::succeeded).mapToLong(DownloadResult::size).sum();
  }

  /** The downloads that failed or were cancelled. */
  public List<DownloadResult> failures() {
    return results.stream().filter(r -> !r.succeeded()).toList();
  }

  /** Whether every file is in place and verified. */
  public boolean allSucceeded() {
    return results.stream().allMatch(DownloadResult::succeeded);
  }

  private long count(DownloadResult.Status s) {
    return results.stream().filter(r -> r.status() == s).count();
  }

  /** A few lines for people: counts, bytes, rate, and each failure with its reason. */
  public String describe() {
    double secs = Math.max(1e-9, elapsed.toNanos() / 1e9);
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%d files: %d downloaded, %d already present, %d failed; %s received in %.1f s (%s/s)",
        files(), downloaded(), alreadyPresent(), failures().size(), bytesHuman(bytesTransferred()), secs,
        bytesHuman((long) (bytesTransferred() / secs))));
    for (DownloadResult f : failures()) {
      sb.append(System.lineSeparator()).append("  ").append(f.status() == DownloadResult.Status.CANCELLED ? "cancelled " : "FAILED ")
          .append(f.request().source()).append(": ").append(f.failure());
    }
    return sb.toString();
  }

  /** Bytes as B, KB, MB, GB (powers of 1000). */
  public static String bytesHuman(long b) {
    if (b >= 1_000_000_000L) {
      return String.format(Locale.ROOT, "%.2f GB", b / 1e9);
    }
    if (b >= 1_000_000L) {
      return String.format(Locale.ROOT, "%.1f MB", b / 1e6);
    }
    if (b >= 1_000L) {
      return String.format(Locale.ROOT, "%.1f kB", b / 1e3);
    }
    return b + " B";
  }
}
