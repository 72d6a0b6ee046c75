package io.swath.core.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatObject;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.algorithm.Orientation;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

/** {@link Geometries#normalize}, implemented by {@link Antimeridian}. */
class AntimeridianTest {
  static Geometry wkt(String s) {
    return Geometries.fromWkt(s);
  }

  static Geometry point(double lon, double lat) {
    return Geometries.FACTORY.createPoint(new Coordinate(lon, lat));
  }

  /** Every part within [-180, 180], valid, and normalizing again changes nothing. */
  static void assertNormalized(Geometry g) {
    Envelope e = g.getEnvelopeInternal();
    assertThat(e.getMinX()).isGreaterThanOrEqualTo(-180);
    assertThat(e.getMaxX()).isLessThanOrEqualTo(180);
    assertThat(g.isValid()).as("valid: %s", g).isTrue();
    assertThatObject(Geometries.normalize(g)).isSameAs(g);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "POINT (180 0)",
      "POINT (-180 90)",
      "LINESTRING (-90 0, 90 0)",
      "LINESTRING (0 0, 180 0)",
      "POLYGON ((-10 -10, 10 -10, 10 10, -10 10, -10 -10), (-1 -1, -1 1, 1 1, 1 -1, -1 -1))",
      "POLYGON ((90 0, 180 0, 180 10, 90 0))",
      "MULTIPOLYGON (((170 -10, 180 -10, 180 10, 170 10, 170 -10)), ((-180 -10, -170 -10, -170 10, -180 10, -180 -10)))",
      "POLYGON ((-180 80, 180 80, 180 90, -180 90, -180 80))",
      "POLYGON ((-180 -90, 180 -90, 180 90, -180 90, -180 -90))",
      "GEOMETRYCOLLECTION (POINT (1 1), LINESTRING (0 0, 1 1))",
      "POLYGON EMPTY",
  })
  void leavesGeometriesThatDoNotCrossAlone(String s) {
    Geometry g = wkt(s);
    assertThatObject(Geometries.normalize(g)).isSameAs(g);
  }

  @Test
  void splitsAPolygonCrossingTheAntimeridian() {
    Geometry g = wkt("POLYGON ((179 -1, -179.3 -1, -179.3 1, 179 1, 179 -1))");
    Geometry n = Geometries.normalize(g);
    assertThatObject(n).isInstanceOf(MultiPolygon.class);
    assertThat(n.getNumGeometries()).isEqualTo(2);
    assertNormalized(n);
    assertThat(n.getArea()).isCloseTo(2 * 1.7, within(1e-9));
    Envelope east = n.getGeometryN(0).getEnvelopeInternal();
    Envelope west = n.getGeometryN(1).getEnvelopeInternal();
    if (east.getMinX() < 0) {
      Envelope t = east;
      east = west;
      west = t;
    }
    assertThatObject(east).isEqualTo(new Envelope(179, 180, -1, 1));
    // the input's coordinates are kept exactly, not as -179.3 + 360 - 360
    assertThatObject(west).isEqualTo(new Envelope(-180, -179.3, -1, 1));
    for (int i = 0; i < n.getNumGeometries(); i++) {
      Polygon p = (Polygon) n.getGeometryN(i);
      assertThat(Orientation.isCCW(p.getExteriorRing().getCoordinateSequence())).as("RFC 7946 orientation").isTrue();
    }
  }

  @Test
  void acceptsLongitudesBeyond180() {
    Geometry continuous = wkt("POLYGON ((170 0, 190 0, 190 10, 170 10, 170 0))");
    Geometry n = Geometries.normalize(continuous);
    assertNormalized(n);
    assertThat(n.getNumGeometries()).isEqualTo(2);
    assertThat(n.getArea()).isCloseTo(200, within(1e-9));
    assertThat(n.covers(point(-175, 5))).isTrue();
    assertThat(n.covers(point(175, 5))).isTrue();
    assertThat(Geometries.normalize(wkt("POLYGON ((-170 0, 170 0, 170 10, -170 10, -170 0))")).equalsNorm(n)).isTrue();

    Geometry beyond = Geometries.normalize(wkt("POLYGON ((190 0, 200 0, 200 10, 190 0))"));
    assertThatObject(beyond).isInstanceOf(Polygon.class);
    assertThatObject(beyond.getEnvelopeInternal()).isEqualTo(new Envelope(-170, -160, 0, 10));
    assertThat(Geometries.normalize(point(190, 5)).equalsExact(point(-170, 5))).isTrue();
    assertThat(Geometries.normalize(point(-540, 5)).equalsExact(point(-180, 5))).isTrue();
  }

  @Test
  void splitsAConcaveFootprintThatCrossesSeveralTimes() {
    // a U shape whose arms both cross the antimeridian
    Geometry g = wkt("POLYGON ((178 0, -178 0, -178 10, 178 10, 178 8, -179 8, -179 2, 178 2, 178 0))");
    Geometry n = Geometries.normalize(g);
    assertNormalized(n);
    assertThat(n.getArea()).isCloseTo(4 * 10 - 3 * 6, within(1e-9));
    assertThat(n.covers(point(-178.5, 5))).isTrue();
    assertThat(n.covers(point(179.5, 5))).isFalse();
    assertThat(n.covers(point(179.5, 9))).isTrue();
  }

  @Test
  void splitsHolesToo() {
    Geometry g = wkt("POLYGON ((170 -10, -170 -10, -170 10, 170 10, 170 -10), (175 -5, 175 5, -175 5, -175 -5, 175 -5))");
    Geometry n = Geometries.normalize(g);
    assertNormalized(n);
    assertThat(n.getArea()).isCloseTo(20 * 20 - 10 * 10, within(1e-9));
    assertThat(n.covers(point(179, 0))).isFalse();
    assertThat(n.covers(point(-179, 0))).isFalse();
    assertThat(n.covers(point(-172, 0))).isTrue();
    assertThat(n.covers(point(172, 0))).isTrue();
  }

  @Test
  void splitsLineStrings() {
    Geometry n = Geometries.normalize(wkt("LINESTRING (170 0, -170 10, -160 10)"));
    assertThatObject(n).isInstanceOf(MultiLineString.class);
    assertNormalized(n);
    assertThat(n.getGeometryN(0).equalsExact(wkt("LINESTRING (170 0, 180 5)"))).as(n.toText()).isTrue();
    assertThat(n.getGeometryN(1).equalsExact(wkt("LINESTRING (-180 5, -170 10, -160 10)"))).as(n.toText()).isTrue();

    Geometry back = Geometries.normalize(wkt("LINESTRING (-170 0, 170 0, 160 1, -175 2)"));
    assertThat(back.getNumGeometries()).isEqualTo(3);
    assertNormalized(back);
    assertThat(back.getLength()).isCloseTo(20 + Math.hypot(10, 1) + Math.hypot(25, 1), within(1e-9));

    Geometry multi = Geometries.normalize(wkt("MULTILINESTRING ((0 0, 1 1), (179 0, -179 0))"));
    assertThat(multi.getNumGeometries()).isEqualTo(3);
    assertThatObject(multi.getGeometryN(0)).isInstanceOf(LineString.class);
  }

  @Test
  void splitsInsideMultiPolygonsAndCollections() {
    Geometry mp = wkt("MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((179 0, -179 0, -179 1, 179 0)))");
    Geometry n = Geometries.normalize(mp);
    assertThatObject(n).isInstanceOf(MultiPolygon.class);
    assertThat(n.getNumGeometries()).isEqualTo(3);
    assertNormalized(n);

    Geometry gc = wkt("GEOMETRYCOLLECTION (POINT (1 1), POLYGON ((179 0, -179 0, -179 1, 179 0)))");
    Geometry m = Geometries.normalize(gc);
    assertThat(m.getNumGeometries()).isEqualTo(2);
    assertThatObject(m.getGeometryN(0)).isSameAs(gc.getGeometryN(0));
    assertThatObject(m.getGeometryN(1)).isInstanceOf(MultiPolygon.class);
  }

  @Test
  void aRingAroundTheNorthPoleReachesThePole() {
    Geometry ring = wkt("POLYGON ((0 80, 60 82, 120 81, 180 80, -120 83, -60 80, 0 80))");
    Geometry n = Geometries.normalize(ring);
    assertThatObject(n).isInstanceOf(Polygon.class);
    assertNormalized(n);
    assertThatObject(n.getEnvelopeInternal()).isEqualTo(new Envelope(-180, 180, 80, 90));
    assertThat(n.covers(point(0, 89.9))).isTrue();
    assertThat(n.covers(point(-150, 85))).isTrue();
    assertThat(n.covers(point(150, 85))).isTrue();
    assertThat(n.covers(point(60, 81))).isFalse();
    assertThat(n.covers(point(0, 70))).isFalse();
    assertThat(n.covers(point(-180, 89))).isTrue();
    assertThat(n.covers(point(180, 89))).isTrue();
    // every input vertex is still there, exactly
    for (Coordinate c : ring.getCoordinates()) {
      assertThat(n.getBoundary().distance(point(c.x, c.y))).as("%s", c).isZero();
    }
  }

  @Test
  void aRingAroundTheSouthPoleReachesThePole() {
    // westward this time, starting away from the antimeridian
    Geometry ring = wkt("POLYGON ((30 -70, -60 -72, -150 -71, 120 -75, 30 -70))");
    Geometry n = Geometries.normalize(ring);
    assertNormalized(n);
    assertThatObject(n.getEnvelopeInternal()).isEqualTo(new Envelope(-180, 180, -90, -70));
    assertThat(n.covers(point(0, -89))).isTrue();
    assertThat(n.covers(point(179.99, -80))).isTrue();
    assertThat(n.covers(point(30, -69))).isFalse();
  }

  @Test
  void aPolarRingWithAHole() {
    Geometry ring = wkt("POLYGON ((0 70, 90 70, 180 70, -90 70, 0 70), (10 80, 20 80, 20 85, 10 80))");
    Geometry n = Geometries.normalize(ring);
    assertNormalized(n);
    assertThat(n.covers(point(0, 89))).isTrue();
    assertThat(n.covers(point(18, 82))).isFalse();
  }

  @Test
  void aPolarBandIsTheDifferenceOfTwoCaps() {
    Geometry band = wkt("POLYGON ((0 60, 120 60, -120 60, 0 60), (0 80, 120 80, -120 80, 0 80))");
    Geometry n = Geometries.normalize(band);
    assertNormalized(n);
    assertThat(n.covers(point(-170, 65))).isTrue();
    assertThat(n.covers(point(-170, 85))).isFalse();
    assertThat(n.covers(point(0, 89))).isFalse();
  }

  @Test
  void rejectsARingWindingTwiceAroundAPole() {
    List<Coordinate> cs = new ArrayList<>();
    for (int i = 0; i <= 8; i++) {
      double lon = i * 90.0 % 360;
      cs.add(new Coordinate(lon > 180 ? lon - 360 : lon, 80 + i * 0.1));
    }
    cs.add(new Coordinate(0, 80));
    Geometry g = Geometries.FACTORY.createPolygon(cs.toArray(Coordinate[]::new));
    assertThatThrownBy(() -> Geometries.normalize(g)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("winds 2 times around a pole");
  }

  @Test
  void validatesCoordinatesNamingTheBadOne() {
    assertThatThrownBy(() -> Geometries.normalize(wkt("LINESTRING (0 0, 10 95)")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("coordinate (10.0, 95.0) has latitude 95.0 outside [-90, 90] (positions are longitude, latitude)");
    assertThatThrownBy(() -> Geometries.normalize(Geometries.FACTORY.createPoint(new Coordinate(Double.NaN, 1))))
        .hasMessage("coordinate (NaN, 1.0) is not finite");
    assertThatThrownBy(() -> Geometries.normalize(Geometries.FACTORY.createPoint(new Coordinate(1, Double.NEGATIVE_INFINITY))))
        .hasMessage("coordinate (1.0, -Infinity) is not finite");
  }

  /**
   * Random rings once around a pole (either pole, either direction, starting anywhere) become a
   * cap whose points are exactly those beyond the ring: north of it for the north pole.
   */
  @Property(tries = 1000)
  void polarRingsBecomeCaps(@ForAll @IntRange(min = 4, max = 12) int n, @ForAll("longitudes") double start,
      @ForAll long seed, @ForAll boolean westward, @ForAll boolean south,
      @ForAll("longitudes") double probeLon, @ForAll("unit") double probeLat) {
    Random random = new Random(seed);
    double[] weights = new double[n];
    double total = 0;
    for (int i = 0; i < n; i++) {
      weights[i] = 1 + random.nextDouble(); // so no edge spans 180 degrees or more
      total += weights[i];
    }
    double sign = south ? -1 : 1;
    double[] lons = new double[n + 1]; // continuous, start .. start + 360
    double[] lats = new double[n + 1];
    lons[0] = start;
    for (int i = 0; i < n; i++) {
      lats[i] = sign * (55 + 30 * random.nextDouble());
      lons[i + 1] = lons[i] + 360 * weights[i] / total;
    }
    lons[n] = start + 360;
    lats[n] = lats[0];
    Coordinate[] ring = new Coordinate[n + 1];
    for (int i = 0; i <= n; i++) {
      int k = westward ? n - i : i;
      double lon = lons[k] >= 180 ? lons[k] - 360 : lons[k];
      ring[i] = new Coordinate(i == n ? ring[0].x : lon, lats[k]);
    }
    Geometry cap = Geometries.normalize(Geometries.FACTORY.createPolygon(ring));
    assertThatObject(cap).isInstanceOf(Polygon.class);
    assertNormalized(cap);
    assertThat(cap.getEnvelopeInternal().getWidth()).isEqualTo(360);
    assertThat(south ? cap.getEnvelopeInternal().getMinY() : cap.getEnvelopeInternal().getMaxY()).isEqualTo(sign * 90);

    // the ring's latitude at the probe's longitude, interpolated along the ring
    double q = probeLon < start ? probeLon + 360 : probeLon;
    int i = 0;
    while (i < n - 1 && lons[i + 1] < q) {
      i++;
    }
    double ringLat = lats[i] + (lats[i + 1] - lats[i]) * (q - lons[i]) / (lons[i + 1] - lons[i]);
    double lat = sign * (50 + 40 * probeLat);
    boolean beyond = south ? lat < ringLat : lat > ringLat;
    assertThat(cap.covers(point(probeLon, lat))).as("(%s, %s) ring at %s: %s", probeLon, lat, ringLat, cap).isEqualTo(beyond);
  }

  @Provide
  Arbitrary<Double> longitudes() {
    return Arbitraries.doubles().between(-180, 179.99999).ofScale(5);
  }

  @Provide
  Arbitrary<Double> unit() {
    return Arbitraries.doubles().between(0, 1).ofScale(6);
  }

  @Test
  void aCrossingPolygonWithoutAreaKeepsItsOutline() {
    Geometry flat = wkt("POLYGON ((170 0, -170 0, 175 0, 170 0))");
    Geometry n = Geometries.normalize(flat);
    assertThatObject(n).isInstanceOf(MultiLineString.class);
    assertNormalized(n);
    assertThat(n.covers(point(-175, 0))).isTrue();
    assertThat(n.covers(point(179, 0))).isTrue();
  }

  @Test
  void pointsOnlyWrap() {
    Geometry p = point(179.5, 3);
    assertThatObject(Geometries.normalize(p)).isSameAs(p).isInstanceOf(Point.class);
  }

  @Test
  void longitudesFarOffTheGlobeAreRefusedAtOnceNotWrappedTurnByTurn() {
    // found by the fuzz suite: a query polygon with a vertex at -8.2e304 made the server add a
    // vertex per 180° of its edge (or cut it per turn of 360°), which never ends
    Geometry far = Geometries.fromWkt("POLYGON ((0 0, 30 0, -8.229186103190533E304 30, 0 30, 0 0))");
    assertThatThrownBy(() -> Geometries.asDrawn(far)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has longitude -8.229186103190533E304 outside [-540, 540]");
    assertThatThrownBy(() -> Geometries.normalize(far)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside [-540, 540]");
    assertThatThrownBy(() -> SpatialFilter.intersects(far).boundingBoxes()).isInstanceOf(IllegalArgumentException.class);
    // one turn beyond the antimeridian still reads as before
    Geometry oneTurn = Geometries.fromWkt("POLYGON ((170 0, 540 0, 540 10, 170 10, 170 0))");
    assertThat(Geometries.asDrawn(oneTurn).getNumPoints()).isGreaterThan(5);
    assertThat(Geometries.normalize(oneTurn).isEmpty()).isFalse();
  }
}
