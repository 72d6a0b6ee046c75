package io.swath.imagery.cog;

/**
 * The affine map from pixel (column, row) corners to CRS coordinates, as GDAL orders it:
 * {@code x = originX + col * pixelWidth + row * rowRotation},
 * {@code y = originY + col * colRotation + row * pixelHeight} ({@code pixelHeight} negative for
 * north-up images).
 *
 * @param originX x of the top-left corner of pixel (0, 0)
 * @param pixelWidth x step per column
 * @param rowRotation x step per row (0 north-up)
 * @param originY y of the top-left corner
 * @param colRotation y step per column (0 north-up)
 * @param pixelHeight y step per row (negative north-up)
 */
public record GeoTransform(double originX, double pixelWidth, double rowRotation, double originY, double colRotation, double pixelHeight) {
  /** A north-up transform. */
  public static GeoTransform northUp(double originX, double originY, double pixelWidth, double pixelHeight) {
    return new GeoTransform(originX, pixelWidth, 0, originY, 0, -Math.abs(pixelHeight));
  }

  /** Whether the image has no rotation. */
  public boolean isNorthUp() {
    return rowRotation == 0 && colRotation == 0;
  }

  /** The transform of a window starting at (col, row) and sampled every {@code scaleX}, {@code scaleY} pixels. */
  public GeoTransform window(double col, double row, double scaleX, double scaleY) {
    return new GeoTransform(originX + col * pixelWidth + row * rowRotation, pixelWidth * scaleX, rowRotation * scaleY,
        originY + col * colRotation + row * pixelHeight, colRotation * scaleX, pixelHeight * scaleY);
  }

  /** CRS x of a pixel position. */
  public double x(double col, double row) {
    return originX + col * pixelWidth + row * rowRotation;
  }

  /** CRS y of a pixel position. */
  public double y(double col, double row) {
    return originY + col * colRotation + row * pixelHeight;
  }

  /** Pixel column of CRS coordinates (north-up only). */
  public double col(double x) {
    return (x - originX) / pixelWidth;
  }

  /** Pixel row of CRS coordinates (north-up only). */
  public double row(double y) {
    return (y - originY) / pixelHeight;
  }

  /** As the six numbers GDAL prints. */
  public double[] toArray() {
    return new double[] {originX, pixelWidth, rowRotation, originY, colRotation, pixelHeight};
  }
}
