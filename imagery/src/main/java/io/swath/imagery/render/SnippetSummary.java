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
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%d scenes: %d snippets written, %d failed; %s fetched in %.2f s",
        results.size(), results.size() - failures().size(), failures().size(), DownloadSummary.bytesHuman(bytesFetched()),
        elapsed.toNanos() / 1e9));
    for (SnippetResult f : failures()) {
      sb.append(System.lineSeparator()).append("  FAILED ").append(f.item()).append(": ").append(f.failure());
    }
    return sb.toString();
  }
}
