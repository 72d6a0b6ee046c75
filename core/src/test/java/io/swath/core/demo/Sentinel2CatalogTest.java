package io.swath.core.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.core.table.RowValues;
import io.swath.core.time.Times;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

class Sentinel2CatalogTest {
  private static List<RowValues> rows(long n, long seed) {
    List<RowValues> out = new ArrayList<>();
    Sentinel2Catalog.generate(n, seed, out::add);
    return out;
  }

  @Test
  void sameSeedSameRowsOtherSeedOtherRows() {
    List<RowValues> a = rows(2000, 5);
    assertThat(rows(2000, 5)).isEqualTo(a);
    assertThat(rows(2000, 6)).isNotEqualTo(a);
  }

  @Test
  void granulesAreTimeOrderedOnLandOrIceAndAbout110KmWide() {
    long seed = System.nanoTime();
    System.out.println("Sentinel2CatalogTest seed " + seed);
    List<RowValues> all = rows(20_000, seed);
    assertThat(all).hasSize(20_000);
    Set<String> ids = new HashSet<>();
    long last = Long.MIN_VALUE;
    int split = 0;
    int polar = 0;
    for (RowValues r : all) {
      assertThat(r.timeMicros()).as("seed %d", seed).isGreaterThanOrEqualTo(last)
          .isGreaterThanOrEqualTo(Times.micros(Sentinel2Catalog.START)).isLessThan(Times.micros(Sentinel2Catalog.END));
      last = r.timeMicros();
      assertThat(r.values()).hasSize(Sentinel2Catalog.schema().size());
      assertThat(ids.add((String) r.values()[Sentinel2Catalog.STAC_ID])).as("unique stac_id, seed %d", seed).isTrue();
      Geometry g = (Geometry) r.values()[Sentinel2Catalog.GEOMETRY];
      assertThat(g.isValid()).as("valid footprint %s, seed %d", g, seed).isTrue();
      Envelope e = g.getEnvelopeInternal();
      assertThat(e.getMinX()).isGreaterThanOrEqualTo(-180);
      assertThat(e.getMaxX()).isLessThanOrEqualTo(180);
      if (g.getNumGeometries() == 2) {
        split++;
        assertThat(e.getWidth()).as("a split granule touches both sides of the antimeridian").isGreaterThan(359);
      } else {
        double km = e.getHeight() * 111.2;
        assertThat(km).as("north-south extent, seed %d", seed).isBetween(105.0, 135.0);
      }
      Geometry c = g.getNumGeometries() == 2 ? g.getGeometryN(0) : g;
      double lat = c.getCentroid().getY();
      if (Math.abs(lat) > 70) {
        polar++;
      }
      double cloud = (Double) r.values()[6];
      assertThat(cloud).isBetween(0.0, 100.0);
    }
    assertThat(split).as("granules across the antimeridian, seed %d", seed).isPositive();
    assertThat(polar).as("granules beyond 70° of latitude, seed %d", seed).isGreaterThan(200);
    for (RowValues r : all.subList(0, 500)) {
      Geometry g = (Geometry) r.values()[Sentinel2Catalog.GEOMETRY];
      var p = g.getNumGeometries() == 2 ? null : g.getCentroid();
      if (p != null) {
        assertThat(LandMask.near(p.getX(), p.getY())).as("land or ice under the granule, seed %d", seed).isNotEqualTo(LandMask.WATER);
      }
    }
  }

  @Test
  void negativeCountIsRefused() {
    assertThatThrownBy(() -> Sentinel2Catalog.generate(-1, 1, r -> { })).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("count");
  }
}
