package io.swath.imagery.render;

import io.swath.imagery.download.DownloadSummary;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The snippets of a batch of scenes.
 *
 * @param results one per scene, in scene order
 * @param elapsed wall time
 */
public record SnippetSummary(List<SnippetResult> results, Duration elapsed) {
  /** Freezes the list. */
  public SnippetSummary {
    results = List.copyOf(results);
  }

  /** Scenes whose snippet failed. */
  public List<SnippetResult> failures() {
    return results.stream().filter(r -> !r.succeeded()).toList();
  }

  /** Whether every snippet was written. */
  public boolean allSucceeded() {
    return failures().isEmpty();
  }

  /** Bytes read from the stores. */
  public long bytesFetched() {
    return results.stream().mapToLong(SnippetResult::bytesFetched).sum();
  }

  /** A few lines for people. */
  public String describe() {
    long skipped = results.stream().filter(SnippetResult::skipped).count();
    long written = results.size() - failures().size() - skipped;
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s: %s written, %s%d failed; %s fetched in %.2f s",
        count(results.size(), "scene"), count(written, "snippet"), skipped > 0 ? skipped + " already there, " : "", failures().size(),
        DownloadSummary.bytesHuman(bytesFetched()), elapsed.toNanos() / 1e9));
    for (SnippetResult f : failures()) {
      sb.append(System.lineSeparator()).append("  FAILED ").append(f.item()).append(": ").append(f.failure());
    }
    return sb.toString();
  }

  /** A count with its noun: {@code 1 scene}, {@code 2 scenes}. */
  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }
}
