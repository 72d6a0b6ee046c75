package io.swath.imagery.cog;

/**
 * A rectangle of pixels in one level of an image.
 *
 * @param col first column
 * @param row first row
 * @param width columns
 * @param height rows
 */
public record PixelWindow(int col, int row, int width, int height) {
  /** Validates the size. */
  public PixelWindow {
    if (width < 0 || height < 0) {
      throw new IllegalArgumentException("negative window size " + width + "x" + height);
    }
  }

  /** Whether the window holds no pixel. */
  public boolean isEmpty() {
    return width == 0 || height == 0;
  }
}
