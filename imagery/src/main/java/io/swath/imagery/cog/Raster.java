package io.swath.imagery.cog;

import java.util.Objects;

/**
 * A georeferenced block of pixels: {@code bands × height × width} samples of one
 * {@link DataType}, held as doubles (exact for every TIFF integer type up to 32 bits and for
 * floats), with the CRS (an EPSG code), the pixel-to-CRS transform and the nodata value.
 */
public final class Raster {
  private final int width;
  private final int height;
  private final DataType type;
  private final double[][] bands;
  private final GeoTransform transform;
  private final int epsg;
  private final Double nodata;
  private final boolean pixelIsPoint;

  /** A raster over the given sample arrays (one per band, row-major, {@code width * height} each). */
  public Raster(int width, int height, DataType type, double[][] bands, GeoTransform transform, int epsg, Double nodata,
                boolean pixelIsPoint) {
    if (width < 0 || height < 0) {
      throw new IllegalArgumentException("negative size " + width + "x" + height);
    }
    for (double[] b : bands) {
      if (b.length != width * height) {
        throw new IllegalArgumentException("a band has " + b.length + " samples, expected " + width * height);
      }
    }
    this.width = width;
    this.height = height;
    this.type = Objects.requireNonNull(type);
    this.bands = bands;
    this.transform = transform;
    this.epsg = epsg;
    this.nodata = nodata;
    this.pixelIsPoint = pixelIsPoint;
  }

  /** Columns. */
  public int width() {
    return width;
  }

  /** Rows. */
  public int height() {
    return height;
  }

  /** Number of bands. */
  public int bandCount() {
    return bands.length;
  }

  /** The sample type. */
  public DataType type() {
    return type;
  }

  /** One band's samples, row-major (the array itself, not a copy). */
  public double[] band(int b) {
    return bands[b];
  }

  /** The sample at (col, row) of band {@code b}. */
  public double get(int b, int col, int row) {
    return bands[b][row * width + col];
  }

  /** Pixel to CRS coordinates. */
  public GeoTransform transform() {
    return transform;
  }

  /** The CRS as an EPSG code (e.g. 32633 for UTM 33N, 4326 for WGS84). */
  public int epsg() {
    return epsg;
  }

  /** The nodata value, or null. */
  public Double nodata() {
    return nodata;
  }

  /** Whether coordinates refer to pixel centres (GeoTIFF RasterPixelIsPoint) rather than corners. */
  public boolean pixelIsPoint() {
    return pixelIsPoint;
  }

  /** A raster of the same size and georeferencing with other bands. */
  public Raster withBands(DataType newType, double[][] newBands) {
    return new Raster(width, height, newType, newBands, transform, epsg, nodata, pixelIsPoint);
  }

  /** Bands of several rasters of the same grid stacked into one (e.g. B08, B04, B03). */
  public static Raster stack(java.util.List<Raster> rasters) {
    Raster first = rasters.get(0);
    int n = rasters.stream().mapToInt(Raster::bandCount).sum();
    double[][] all = new double[n][];
    int i = 0;
    for (Raster r : rasters) {
      if (r.width != first.width || r.height != first.height) {
        throw new IllegalArgumentException("rasters differ in size: " + r.width + "x" + r.height + " vs " + first.width + "x" + first.height);
      }
      for (double[] b : r.bands) {
        all[i++] = b;
      }
    }
    return new Raster(first.width, first.height, first.type, all, first.transform, first.epsg, first.nodata, first.pixelIsPoint);
  }

  @Override
  public String toString() {
    return "Raster[" + width + "x" + height + "x" + bands.length + " " + type + " EPSG:" + epsg + "]";
  }
}
