package io.swath.imagery.render;

import io.swath.imagery.cog.DataType;
import io.swath.imagery.cog.Raster;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.imageio.ImageIO;
import org.locationtech.jts.geom.Geometry;

/**
 * How to turn bands into an 8-bit picture: the first three bands of a raster become red, green
 * and blue (a false-colour composite when they are, say, B08/B04/B03), each stretched linearly
 * from {@code min} to {@code max}, then brightened with {@code gamma}
 * ({@code out = in^(1/gamma)}), and a region outlined on top.
 *
 * <pre>{@code
 * Visualization v = Visualization.builder().stretch(0, 5000).gamma(1.35).outline(Color.YELLOW, 2).build();
 * Raster rgb = v.render(raster, regionWgs84);
 * v.writePng(rgb, Path.of("scene.png"));
 * }</pre>
 */
public final class Visualization {
  private final double min;
  private final double max;
  private final double gamma;
  private final Color outline;
  private final float outlineWidth;

  private Visualization(Builder b) {
    this.min = b.min;
    this.max = b.max;
    this.gamma = b.gamma;
    this.outline = b.outline;
    this.outlineWidth = b.outlineWidth;
  }

  /** A builder: stretch 0–3000, gamma 1, yellow outline 2 px wide. */
  public static Builder builder() {
    return new Builder();
  }

  /** The lower end of the stretch. */
  public double min() {
    return min;
  }

  /** The upper end of the stretch. */
  public double max() {
    return max;
  }

  /** The gamma. */
  public double gamma() {
    return gamma;
  }

  /** The 8-bit value of a sample: stretched, gamma-corrected, rounded. */
  public int byteOf(double v) {
    if (Double.isNaN(v)) {
      return 0;
    }
    double f = (v - min) / (max - min);
    f = Math.max(0, Math.min(1, f));
    if (gamma != 1) {
      f = Math.pow(f, 1 / gamma);
    }
    return (int) Math.round(f * 255);
  }

  /**
   * An 8-bit RGB raster of the first three bands (one band is shown as grey), on the same grid,
   * with {@code region} (WGS84, may be null) outlined. Nodata pixels are black.
   */
  public Raster render(Raster r, Geometry region) {
    int n = r.width() * r.height();
    double[][] rgb = new double[3][n];
    for (int c = 0; c < 3; c++) {
      double[] src = r.band(Math.min(c, r.bandCount() - 1));
      double[] dst = rgb[c];
      for (int i = 0; i < n; i++) {
        double v = src[i];
        dst[i] = r.nodata() != null && v == r.nodata() ? 0 : byteOf(v);
      }
    }
    Raster out = new Raster(r.width(), r.height(), DataType.UINT8, rgb, r.transform(), r.epsg(), null, false);
    if (region != null && outline != null) {
      out = outline(out, region);
    }
    return out;
  }

  private Raster outline(Raster rgb, Geometry region) {
    BufferedImage img = toImage(rgb);
    Graphics2D g = img.createGraphics();
    try {
      g.setColor(outline);
      g.setStroke(new BasicStroke(outlineWidth));
      var gt = rgb.transform();
      for (double[][] ring : io.swath.imagery.cog.Projections.rings(region, rgb.epsg())) {
        Path2D.Double p = new Path2D.Double();
        for (int i = 0; i < ring.length; i++) {
          double col = (ring[i][0] - gt.originX()) / gt.pixelWidth();
          double row = (ring[i][1] - gt.originY()) / gt.pixelHeight();
          if (i == 0) {
            p.moveTo(col, row);
          } else {
            p.lineTo(col, row);
          }
        }
        g.draw(p);
      }
    } finally {
      g.dispose();
    }
    return fromImage(img, rgb);
  }

  /** The RGB raster as an image. */
  public static BufferedImage toImage(Raster rgb) {
    BufferedImage img = new BufferedImage(Math.max(1, rgb.width()), Math.max(1, rgb.height()), BufferedImage.TYPE_INT_RGB);
    double[] r = rgb.band(0);
    double[] gr = rgb.band(Math.min(1, rgb.bandCount() - 1));
    double[] b = rgb.band(Math.min(2, rgb.bandCount() - 1));
    int[] px = new int[rgb.width() * rgb.height()];
    for (int i = 0; i < px.length; i++) {
      px[i] = ((int) r[i] << 16) | ((int) gr[i] << 8) | (int) b[i];
    }
    img.setRGB(0, 0, rgb.width(), rgb.height(), px, 0, rgb.width());
    return img;
  }

  private static Raster fromImage(BufferedImage img, Raster like) {
    int n = like.width() * like.height();
    int[] px = img.getRGB(0, 0, like.width(), like.height(), null, 0, like.width());
    double[][] bands = new double[3][n];
    for (int i = 0; i < n; i++) {
      bands[0][i] = (px[i] >> 16) & 0xff;
      bands[1][i] = (px[i] >> 8) & 0xff;
      bands[2][i] = px[i] & 0xff;
    }
    return like.withBands(DataType.UINT8, bands);
  }

  /** Writes an RGB raster as PNG (via a temporary file, renamed into place). */
  public static void writePng(Raster rgb, Path path) throws IOException {
    Path tmp = path.resolveSibling(path.getFileName() + ".part");
    if (!ImageIO.write(toImage(rgb), "png", tmp.toFile())) {
      throw new IOException("no PNG writer");
    }
    Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Builds a {@link Visualization}. */
  public static final class Builder {
    private double min = 0;
    private double max = 3000;
    private double gamma = 1;
    private Color outline = Color.YELLOW;
    private float outlineWidth = 2;

    private Builder() {}

    /** The linear stretch: {@code min} maps to 0, {@code max} to 255. */
    public Builder stretch(double min, double max) {
      if (!(max > min)) {
        throw new IllegalArgumentException("stretch needs max > min, got " + min + "," + max);
      }
      this.min = min;
      this.max = max;
      return this;
    }

    /** Gamma (> 0; above 1 brightens). */
    public Builder gamma(double gamma) {
      if (!(gamma > 0)) {
        throw new IllegalArgumentException("gamma must be positive, got " + gamma);
      }
      this.gamma = gamma;
      return this;
    }

    /** The outline colour and width in pixels; a null colour paints no outline. */
    public Builder outline(Color color, float width) {
      if (!(width > 0) || width > 100) {
        throw new IllegalArgumentException("outline width must be above 0 and at most 100 pixels, got " + width);
      }
      this.outline = color;
      this.outlineWidth = width;
      return this;
    }

    /** No outline. */
    public Builder noOutline() {
      this.outline = null;
      return this;
    }

    /** The visualization. */
    public Visualization build() {
      return new Visualization(this);
    }
  }

  @Override
  public String toString() {
    String line = outline == null ? "no outline"
        : String.format(java.util.Locale.ROOT, "outline #%06x %s px", outline.getRGB() & 0xffffff, outlineWidth);
    return "Visualization[stretch " + min + ".." + max + ", gamma " + gamma + ", " + line + "]";
  }

}
