package io.swath.server.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.core.geo.BoundingBox;
import io.swath.core.geo.Geometries;
import io.swath.core.geo.SpatialFilter;
import java.util.List;
import org.junit.jupiter.api.Test;

class FootprintsTest {
  @Test
  void aBoxSettlesFootprintsInsideIt() {
    List<double[]> sure = Footprints.sure(SpatialFilter.intersects(BoundingBox.of(-10, 35, 30, 60).toGeometry()));
    assertThat(sure).hasSize(1);
    assertThat(sure.get(0)).containsExactly(-10, 35, 30, 60);
  }

  @Test
  void aBoxAcrossTheAntimeridianSettlesBothParts() {
    List<double[]> sure = Footprints.sure(SpatialFilter.contains(BoundingBox.of(170, -10, -170, 10).toGeometry()));
    assertThat(sure).hasSize(2);
    assertThat(sure).anySatisfy(b -> assertThat(b).containsExactly(170, -10, 180, 10))
        .anySatisfy(b -> assertThat(b).containsExactly(-180, -10, -170, 10));
  }

  @Test
  void aWideBoxWithVerticesAlongItsSidesIsStillABox() {
    assertThat(Footprints.sure(SpatialFilter.intersects(BoundingBox.of(-170, 0, 170, 10).toGeometry()))).hasSize(1);
  }

  @Test
  void otherPolygonsSettleNothing() {
    assertThat(Footprints.sure(SpatialFilter.intersects(Geometries.fromWkt("POLYGON ((0 0, 10 0, 0 10, 0 0))")))).isNull();
    assertThat(Footprints.sure(SpatialFilter.intersects(Geometries.fromWkt("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), "
        + "(2 2, 3 2, 3 3, 2 3, 2 2))")))).isNull();
    assertThat(Footprints.sure(SpatialFilter.intersects(Geometries.fromWkt("POINT (1 2)")))).isNull();
  }
}
