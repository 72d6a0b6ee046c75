package io.swath.imagery.render;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The snippet of one scene.
 *
 * @param item the scene (STAC id or datapoint id)
 * @param files the files written (data GeoTIFF, then the RGB GeoTIFF and PNG when visualized); empty when it failed
 * @param width columns of the snippet
 * @param height rows of the snippet
 * @param bytesFetched bytes read from the stores (headers and tiles)
 * @param elapsed wall time
 * @param failure why it failed, or null
 * @param skipped whether an earlier run with the same options had written it already (nothing was read)
 */
public record SnippetResult(String item, List<Path> files, int width, int height, long bytesFetched, Duration elapsed, String failure,
    boolean skipped) {
  /** Freezes the list. */
  public SnippetResult {
    files = List.copyOf(files);
  }

  /** Whether the snippet was written. */
  public boolean succeeded() {
    return failure == null;
  }
}
