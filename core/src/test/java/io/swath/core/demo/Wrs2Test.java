package io.swath.core.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swath.core.geo.Geometries;
import io.swath.core.testing.ProjectData;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;

/** The orbital model against real Landsat 8 scenes (Planetary Computer, 2016–2022). */
class Wrs2Test {
  @Test
  void sceneCentresAndTimesMatchRealLandsat8Scenes() throws Exception {
    ObjectMapper json = new ObjectMapper();
    List<String> lines = Files.readAllLines(ProjectData.stacDir().resolve("planetary-computer/landsat-8-c2-l2.items.ndjson"));
    assertThat(lines).hasSizeGreaterThan(100);
    for (String line : lines) {
      JsonNode item = json.readTree(line);
      JsonNode p = item.get("properties");
      int path = Integer.parseInt(p.get("landsat:wrs_path").asText());
      int row = Integer.parseInt(p.get("landsat:wrs_row").asText());
      Point real = Geometries.fromGeoJson(item.get("geometry")).getCentroid();
      double[] model = Wrs2.centre(path, row);
      double km = 111.2 * Math.hypot(model[0] - real.getY(), Wrs2.wrap(model[1] - real.getX()) * Math.cos(Math.toRadians(real.getY())));
      assertThat(km).as(item.get("id").asText() + " centre offset, km").isLessThan(15);
      assertThat(Acquisitions.CELL_SURFACE[Acquisitions.cell(path, row)]).as("a real scene is over land").isNotEqualTo((byte) LandMask.WATER);

      // the scene time is on the model's schedule for that path and row, to a couple of minutes
      Instant t = Instant.parse(p.get("datetime").asText());
      long us = t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
      long k = Math.round((us - Wrs2.rowOffsetUs(row) - Acquisitions.ORBIT0_NODE_US) / Wrs2.PERIOD_US);
      int modelPath = (int) Math.floorMod(Acquisitions.ORBIT0_PATH - 1 + 16 * k, (long) Wrs2.PATHS) + 1;
      long modelUs = Acquisitions.ORBIT0_NODE_US + Math.round(k * Wrs2.PERIOD_US) + Wrs2.rowOffsetUs(row);
      assertThat(modelPath).as(item.get("id").asText() + " path on the model's schedule").isEqualTo(path);
      assertThat(Math.abs(modelUs - us) / 60e6).as(item.get("id").asText() + " minutes off").isLessThan(3);
    }
  }

  @Test
  void footprintsAreAboutLandsatSceneSizeAndSplitAtTheAntimeridian() {
    Geometry g = Wrs2.toGeometry(Wrs2.footprint(45, 34));
    assertThat(g.isValid()).isTrue();
    // 185 km x 180 km at 37 degrees north, in square degrees
    double expected = 185.0 * 180.0 / (111.2 * 111.2 * Math.cos(Math.toRadians(37.3)));
    assertThat(g.getArea()).isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(5));
    int split = 0;
    for (int path = 1; path <= Wrs2.PATHS; path++) {
      for (int row = 1; row <= Wrs2.DAY_ROWS; row++) {
        double[][] rings = Wrs2.footprint(path, row);
        Geometry f = Wrs2.toGeometry(rings);
        assertThat(f.isValid()).as(path + "/" + row).isTrue();
        assertThat(f.getEnvelopeInternal().getMinX()).isGreaterThanOrEqualTo(-180);
        assertThat(f.getEnvelopeInternal().getMaxX()).isLessThanOrEqualTo(180);
        if (rings.length > 1) {
          split++;
          assertThat(Math.abs(f.getGeometryN(0).getEnvelopeInternal().centre().x)).isGreaterThan(170);
        }
      }
    }
    // every path crosses the antimeridian once on its daylit half
    assertThat(split).isBetween(Wrs2.PATHS / 2, Wrs2.PATHS * 3);
  }

  @Test
  void sunIsHighAtLocalNoonInSummerAndLowInWinter() {
    long june = Instant.parse("2020-06-21T12:00:00Z").getEpochSecond() * 1_000_000L;
    Sun.Ephemeris e = Sun.at(june);
    double lat = Math.toRadians(23.44);
    double h = e.hourAngle(0, 0);
    double elevation = Math.toDegrees(Math.asin(Sun.sinElevation(Math.sin(lat), Math.cos(lat), e.declination(), h)));
    assertThat(elevation).isGreaterThan(88);
    long december = Instant.parse("2020-12-21T12:00:00Z").getEpochSecond() * 1_000_000L;
    e = Sun.at(december);
    lat = Math.toRadians(60);
    double low = Math.toDegrees(Math.asin(Sun.sinElevation(Math.sin(lat), Math.cos(lat), e.declination(), e.hourAngle(0, 0))));
    assertThat(low).isBetween(5.5, 7.5);
    assertThat(Sun.distanceAu(december)).isCloseTo(0.984, org.assertj.core.data.Offset.offset(0.002));
  }
}
