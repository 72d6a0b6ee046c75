package io.swath.core.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

class GeoJsonTest {
  static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest
  @ValueSource(strings = {
      "POINT (13.4 52.52)",
      "POINT EMPTY",
      "LINESTRING (0 0, 1.5 2.25, -3 4)",
      "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 2 4, 4 4, 4 2, 2 2), (6 6, 6 8, 8 8, 6 6))",
      "MULTIPOINT ((0 0), (-120.5 33.25))",
      "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3, 4 2))",
      "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((170 -10, 180 -10, 180 10, 170 10, 170 -10), (172 -2, 172 2, 176 2, 172 -2)))",
      "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 3 3), POLYGON ((0 0, 1 0, 1 1, 0 0)))",
      "GEOMETRYCOLLECTION (MULTIPOINT ((1 2)), GEOMETRYCOLLECTION (POINT (5 5)))",
      "GEOMETRYCOLLECTION EMPTY",
      "POLYGON EMPTY",
  })
  void roundTrips(String wkt) throws Exception {
    Geometry g = Geometries.fromWkt(wkt);
    String json = Geometries.toGeoJson(g);
    JsonNode tree = JSON.readTree(json); // valid JSON
    assertThat(tree.path("type").asText()).isEqualTo(g.getGeometryType());
    Geometry back = Geometries.fromGeoJson(json);
    assertThat(back.equalsExact(g)).as("%s -> %s -> %s", wkt, json, back).isTrue();
    assertThat(back.getGeometryType()).isEqualTo(g.getGeometryType());
    assertThat(Geometries.fromGeoJson(tree).equalsExact(g)).isTrue();
  }

  @Test
  void writesTheRfc7946Shape() {
    Geometry p = Geometries.fromWkt("POLYGON ((0 0, 1 0, 1 1, 0 0), (0.2 0.1, 0.5 0.5, 0.8 0.1, 0.2 0.1))");
    assertThat(Geometries.toGeoJson(p)).isEqualTo(
        "{\"type\":\"Polygon\",\"coordinates\":[[[0.0,0.0],[1.0,0.0],[1.0,1.0],[0.0,0.0]],"
            + "[[0.2,0.1],[0.5,0.5],[0.8,0.1],[0.2,0.1]]]}");
    assertThat(Geometries.toGeoJson(Geometries.fromWkt("GEOMETRYCOLLECTION (POINT (1 2))")))
        .isEqualTo("{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"Point\",\"coordinates\":[1.0,2.0]}]}");
  }

  @Test
  void readsFeaturesAndIgnoresHeights() {
    Geometry g = Geometries.fromGeoJson("{\"type\":\"Feature\",\"properties\":{},"
        + "\"geometry\":{\"type\":\"Point\",\"coordinates\":[1.5,2.5,100]}}");
    assertThat(g.equalsExact(Geometries.fromWkt("POINT (1.5 2.5)"))).isTrue();
  }

  @Test
  void smallAndLargeCoordinatesKeepEveryDigit() throws Exception {
    double[] values = {1.2345678901234567e-5, -9.87654321e-9, 1e-20, 4.9e-324, 1.5e15, 1e20, 123456.789e10, -0.0001};
    for (double v : values) {
      String s = GeoJson.num(v);
      assertThat(s).doesNotContain("E").doesNotEndWith(".");
      assertThat(JSON.readTree(s).isNumber()).as(s).isTrue();
      assertThat(Double.parseDouble(s)).as(s).isEqualTo(v);
    }
    Geometry p = Geometries.FACTORY.createPoint(new Coordinate(1.2345678901234567e-5, -9.87654321e-9));
    assertThat(Geometries.fromGeoJson(Geometries.toGeoJson(p)).equalsExact(p)).isTrue();
  }

  @Property
  void everyFiniteCoordinateRoundTrips(@ForAll double x, @ForAll double y) throws Exception {
    if (!Double.isFinite(x) || !Double.isFinite(y)) {
      return;
    }
    Geometry p = Geometries.FACTORY.createPoint(new Coordinate(x, y));
    String json = Geometries.toGeoJson(p);
    JSON.readTree(json);
    Geometry back = Geometries.fromGeoJson(json);
    assertThat(back.getCoordinate().x).isEqualTo(x == 0 ? 0.0 : x);
    assertThat(back.getCoordinate().y).isEqualTo(y == 0 ? 0.0 : y);
  }

  @Test
  void refusesToWriteNonFiniteCoordinates() {
    Geometry p = Geometries.FACTORY.createPoint(new Coordinate(Double.NaN, 1));
    assertThatThrownBy(() -> Geometries.toGeoJson(p)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NaN");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "[1, 2]|must be an object",
      "{\"type\":\"Point\"}|has no 'coordinates' array",
      "{\"type\":\"Circle\",\"coordinates\":[1,2]}|unknown GeoJSON geometry type 'Circle'",
      "{\"type\":\"Point\",\"coordinates\":[\"1\",2]}|position must be [longitude, latitude]",
      "{\"type\":\"LineString\",\"coordinates\":[[1,2]]}|at least 2 are needed",
      "{\"type\":\"MultiLineString\",\"coordinates\":[5]}|must be an array of positions",
      "{\"type\":\"MultiPolygon\",\"coordinates\":[5]}|must be an array of rings",
      "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[1,1],[0,1]]]}|not closed",
      "{\"type\":\"Polygon\",\"coordinates\":[[[0,0],[1,0],[0,0]]]}|at least 4 are needed",
      "{\"type\":\"GeometryCollection\"}|has no 'geometries' array",
      "{\"type\":\"Feature\",\"geometry\":null}|must be an object",
      "{\"type\":|not valid JSON",
  })
  void rejectsMalformedGeoJson(String caseText) {
    String[] c = caseText.split("\\|");
    assertThatThrownBy(() -> Geometries.fromGeoJson(c[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(c[1]);
  }
}
