package io.swath.imagery.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.core.geo.Geometries;
import io.swath.imagery.cog.DataType;
import io.swath.imagery.cog.GeoTransform;
import io.swath.imagery.cog.Raster;
import org.junit.jupiter.api.Test;

class MaskTest {
  @Test
  void pixelsOutsideATriangleBecomeNodata() {
    // a 100 x 100 WGS84 raster of 0.01 degree pixels from (10, 50); a triangle over its lower-left half
    double[] ones = new double[100 * 100];
    java.util.Arrays.fill(ones, 7);
    Raster r = new Raster(100, 100, DataType.UINT16, new double[][] {ones}, GeoTransform.northUp(10, 50, 0.01, 0.01), 4326, null, false);
    var triangle = Geometries.fromWkt("POLYGON((10 50, 10 49, 11 49, 10 50))");
    Raster m = Snippets.mask(r, triangle);
    assertThat(m.nodata()).isEqualTo(0.0);
    assertThat(m.get(0, 5, 95)).isEqualTo(7);   // lower left: inside
    assertThat(m.get(0, 95, 5)).isEqualTo(0);   // upper right: outside
    long inside = java.util.Arrays.stream(m.band(0)).filter(v -> v == 7).count();
    assertThat(inside).isBetween(4900L, 5100L);
    assertThat(r.get(0, 95, 5)).as("the input is untouched").isEqualTo(7);
  }
}
