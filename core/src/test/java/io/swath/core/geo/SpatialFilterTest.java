package io.swath.core.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatObject;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.AffineTransformation;

class SpatialFilterTest {
  /** A footprint from longitude 179 to -179, as a producer would write it. */
  static final Geometry CROSSING = wkt("POLYGON ((179 -1, -179 -1, -179 1, 179 1, 179 -1))");
  /** A footprint around the north pole, down to latitude 80. */
  static final Geometry POLAR = wkt("POLYGON ((0 80, 90 80, 180 80, -90 80, 0 80))");

  static Geometry wkt(String s) {
    return Geometries.fromWkt(s);
  }

  static BoundingBox box(double w, double s, double e, double n) {
    return BoundingBox.of(w, s, e, n);
  }

  @Test
  void aFootprintAcrossTheAntimeridianMatchesOnBothSides() {
    assertThat(SpatialFilter.intersects(box(179.2, -0.5, 179.8, 0.5)).test(CROSSING)).isTrue();
    assertThat(SpatialFilter.intersects(box(-179.8, -0.5, -179.2, 0.5)).test(CROSSING)).isTrue();
    assertThat(SpatialFilter.intersects(box(-0.5, -0.5, 0.5, 0.5)).test(CROSSING)).isFalse();
    assertThat(SpatialFilter.intersects(box(170, -1, 178.9, 1)).test(CROSSING)).isFalse();
    assertThat(SpatialFilter.intersects(box(179.2, 2, 179.8, 3)).test(CROSSING)).isFalse();

    assertThat(SpatialFilter.contains(box(178, -2, -178, 2)).test(CROSSING)).isTrue();
    assertThat(SpatialFilter.contains(box(178, -2, 180, 2)).test(CROSSING)).isFalse();
    assertThat(SpatialFilter.contains(box(-180, -2, 180, 2)).test(CROSSING)).isTrue();
    assertThat(SpatialFilter.contains(box(-10, -2, 10, 2)).test(CROSSING)).isFalse();
  }

  @Test
  void aQueryBoxAcrossTheAntimeridian() {
    SpatialFilter f = SpatialFilter.intersects(box(170, -10, -170, 10));
    assertThat(f.boundingBoxes()).containsExactly(box(170, -10, 180, 10), box(-180, -10, -170, 10));
    assertThat(f.test(wkt("POLYGON ((174 0, 176 0, 176 1, 174 0))"))).isTrue();
    assertThat(f.test(wkt("POLYGON ((-176 0, -174 0, -174 1, -176 0))"))).isTrue();
    assertThat(f.test(wkt("POINT (-170 10)"))).isTrue();
    assertThat(f.test(CROSSING)).isTrue();
    assertThat(f.test(wkt("POLYGON ((-1 0, 1 0, 1 1, -1 0))"))).isFalse();
    assertThat(f.test(wkt("POLYGON ((150 0, 169 0, 169 1, 150 0))"))).isFalse();
    assertThat(f.test(wkt("POLYGON ((174 20, 176 20, 176 21, 174 20))"))).isFalse();
    assertThat(f.test(wkt("LINESTRING (160 0, -160 0)"))).isTrue();

    assertThat(f.mayMatch(box(175, 0, 176, 1))).isTrue();
    assertThat(f.mayMatch(box(-175, 0, -174, 1))).isTrue();
    assertThat(f.mayMatch(box(0, 0, 1, 1))).isFalse();

    SpatialFilter within = SpatialFilter.contains(box(170, -10, -170, 10));
    assertThat(within.test(CROSSING)).isTrue();
    assertThat(within.test(wkt("POLYGON ((-176 0, -174 0, -174 1, -176 0))"))).isTrue();
    assertThat(within.test(wkt("POLYGON ((165 0, 175 0, 175 1, 165 0))"))).isFalse();
    assertThat(within.test(wkt("POLYGON ((179 0, -165 0, -165 1, 179 0))"))).isFalse();
  }

  @Test
  void aPolygonQueryAcrossTheAntimeridian() {
    SpatialFilter f = SpatialFilter.intersects(wkt("POLYGON ((175 -5, -175 -5, -175 5, 175 5, 175 -5))"));
    assertThat(f.geometry().getNumGeometries()).isEqualTo(2);
    assertThat(f.test(wkt("POINT (-179 0)"))).isTrue();
    assertThat(f.test(wkt("POINT (179 0)"))).isTrue();
    assertThat(f.test(wkt("POINT (0 0)"))).isFalse();
  }

  @Test
  void aPolarFootprint() {
    assertThat(SpatialFilter.intersects(box(100, 86, 110, 88)).test(POLAR)).isTrue();
    assertThat(SpatialFilter.intersects(box(-180, 89, -179, 90)).test(POLAR)).isTrue();
    assertThat(SpatialFilter.intersects(box(-10, 70, 10, 75)).test(POLAR)).isFalse();
    assertThat(SpatialFilter.intersects(box(-10, 75, 10, 80.5)).test(POLAR)).isTrue();
    assertThat(SpatialFilter.intersects(wkt("POINT (42 90)")).test(POLAR)).isTrue();

    assertThat(SpatialFilter.contains(box(-180, 75, 180, 90)).test(POLAR)).isTrue();
    assertThat(SpatialFilter.contains(box(0, 75, 180, 90)).test(POLAR)).isFalse();
    assertThat(SpatialFilter.contains(box(-180, 85, 180, 90)).test(POLAR)).isFalse();

    // the polar region as the query
    SpatialFilter cap = SpatialFilter.contains(POLAR);
    assertThat(cap.boundingBoxes()).containsExactly(box(-180, 80, 180, 90));
    assertThat(cap.test(wkt("POLYGON ((170 85, -170 85, -170 86, 170 86, 170 85))"))).isTrue();
    assertThat(cap.test(wkt("POLYGON ((170 75, -170 75, -170 86, 170 86, 170 75))"))).isFalse();
  }

  @Test
  void regionsMeetingOnlyAtTheAntimeridianTouch() {
    // 180 and -180 are one meridian: a box up to 180 touches a footprint starting at -180
    SpatialFilter f = SpatialFilter.intersects(box(170, 0, 180, 10));
    assertThat(f.test(wkt("POLYGON ((-180 2, -175 2, -175 4, -180 4, -180 2))"))).isTrue();
    assertThat(f.test(wkt("POINT (-180 5)"))).isTrue();
    assertThat(f.test(wkt("POLYGON ((-180 12, -175 12, -175 14, -180 14, -180 12))"))).isFalse();
    assertThat(f.test(wkt("POLYGON ((-179 2, -175 2, -175 4, -179 4, -179 2))"))).isFalse();
    assertThat(SpatialFilter.intersects(box(-180, 0, -170, 10)).test(wkt("POINT (180 5)"))).isTrue();

    SpatialFilter within = SpatialFilter.contains(box(170, 0, 180, 10));
    assertThat(within.test(wkt("LINESTRING (-180 2, -180 4)"))).isTrue();
    assertThat(within.test(wkt("MULTIPOINT ((-180 2), (175 3))"))).isTrue();
    assertThat(within.test(wkt("LINESTRING (-180 2, -179 4)"))).isFalse();
  }

  @Test
  void nullAndEmptyFootprintsNeverMatch() {
    SpatialFilter f = SpatialFilter.intersects(BoundingBox.WORLD);
    assertThat(f.test(null)).isFalse();
    assertThat(f.test(wkt("POLYGON EMPTY"))).isFalse();
    assertThat(f.test(wkt("POINT (0 0)"))).isTrue();
  }

  @Test
  void rejectsBadQueries() {
    assertThatThrownBy(() -> SpatialFilter.intersects(wkt("POLYGON EMPTY")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-empty");
    assertThatThrownBy(() -> SpatialFilter.contains(wkt("POINT (0 100)")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("latitude 100.0");
    // a stored footprint off the globe (from before the rules) matches nothing rather than failing the query
    assertThat(SpatialFilter.intersects(box(-180, -90, 180, 90)).test(wkt("POINT (0 -91)"))).isFalse();
  }

  @Test
  void valueSemantics() {
    SpatialFilter a = SpatialFilter.intersects(box(170, -10, -170, 10));
    SpatialFilter b = SpatialFilter.of(SpatialFilter.Mode.INTERSECTS, box(170, -10, -170, 10).toGeometry());
    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(SpatialFilter.contains(box(170, -10, -170, 10)));
    assertThat(a.mode()).isEqualTo(SpatialFilter.Mode.INTERSECTS);
    assertThat(a.toString()).startsWith("SpatialFilter[INTERSECTS MULTIPOLYGON");
  }

  // ---- properties against an oracle that knows nothing of splitting: it compares the shapes in
  // one continuous longitude frame, trying the query shifted by -360, 0 and +360 degrees.

  /**
   * A star-shaped footprint: {@code frame} has continuous longitudes (possibly beyond 180);
   * {@code raw} has each longitude wrapped into [-180, 180], as a producer would write it.
   */
  record Footprint(Polygon frame, Polygon raw) {
    @Override
    public String toString() {
      return raw.toText();
    }
  }

  /** A query box; {@code frame} spans [west, west + width], possibly beyond 180. */
  record Box(BoundingBox box, Geometry frame) {
    @Override
    public String toString() {
      return box.toString();
    }
  }

  @Provide
  Arbitrary<Footprint> footprints() {
    Arbitrary<Double> cx = Arbitraries.doubles().between(-180, 180).ofScale(5);
    Arbitrary<Double> cy = Arbitraries.doubles().between(-70, 70).ofScale(5);
    Arbitrary<Double> size = Arbitraries.doubles().between(0.05, 6).ofScale(5);
    Arbitrary<Double> turn = Arbitraries.doubles().between(0, 6.2832).ofScale(4);
    Arbitrary<double[]> radii = Arbitraries.doubles().between(0.3, 1).ofScale(4).array(double[].class).ofSize(6);
    return Combinators.combine(cx, cy, size, turn, radii).as((x, y, s, t, r) -> {
      Coordinate[] frame = new Coordinate[r.length + 1];
      Coordinate[] raw = new Coordinate[r.length + 1];
      for (int i = 0; i < r.length; i++) {
        double a = t + 2 * Math.PI * i / r.length;
        frame[i] = new Coordinate(x + s * r[i] * Math.cos(a), y + s * r[i] * Math.sin(a));
        double lon = frame[i].x > 180 ? frame[i].x - 360 : frame[i].x < -180 ? frame[i].x + 360 : frame[i].x;
        raw[i] = new Coordinate(lon, frame[i].y);
      }
      frame[r.length] = frame[0].copy();
      raw[r.length] = raw[0].copy();
      return new Footprint(Geometries.FACTORY.createPolygon(frame), Geometries.FACTORY.createPolygon(raw));
    });
  }

  @Provide
  Arbitrary<Box> boxes() {
    // Coarse edges (1/100 degree) so that boxes often start or end exactly at the antimeridian.
    Arbitrary<Double> west = Arbitraries.doubles().between(-180, 180).ofScale(2);
    Arbitrary<Double> width = Arbitraries.doubles().between(0.1, 30).ofScale(2);
    Arbitrary<Double> south = Arbitraries.doubles().between(-80, 70).ofScale(2);
    Arbitrary<Double> height = Arbitraries.doubles().between(0.1, 15).ofScale(2);
    return Combinators.combine(west, width, south, height).as((w, dw, s, dh) -> {
      double e = w + dw;
      BoundingBox b = BoundingBox.of(w, s, e > 180 ? e - 360 : e, s + dh);
      return new Box(b, Geometries.FACTORY.toGeometry(new Envelope(w, e, s, s + dh)));
    });
  }

  static Geometry shifted(Geometry g, int turns) {
    return AffineTransformation.translationInstance(360.0 * turns, 0).transform(g);
  }

  static boolean oracleIntersects(Geometry query, Geometry footprint) {
    for (int k = -1; k <= 1; k++) {
      if (shifted(query, k).intersects(footprint)) {
        return true;
      }
    }
    return false;
  }

  static boolean oracleCovers(Geometry query, Geometry footprint) {
    for (int k = -1; k <= 1; k++) {
      if (shifted(query, k).covers(footprint)) {
        return true;
      }
    }
    return false;
  }

  @Property(tries = 2000)
  void intersectsAgreesWithTheOracle(@ForAll("boxes") Box q, @ForAll("footprints") Footprint f) {
    assertThat(SpatialFilter.intersects(q.box()).test(f.raw())).isEqualTo(oracleIntersects(q.frame(), f.frame()));
  }

  @Property(tries = 2000)
  void containsAgreesWithTheOracle(@ForAll("boxes") Box q, @ForAll("footprints") Footprint f) {
    assertThat(SpatialFilter.contains(q.box()).test(f.raw())).isEqualTo(oracleCovers(q.frame(), f.frame()));
  }

  @Property(tries = 1000)
  void footprintQueriesAgreeWithTheOracle(@ForAll("footprints") Footprint q, @ForAll("footprints") Footprint f) {
    assertThat(SpatialFilter.intersects(q.raw()).test(f.raw())).isEqualTo(oracleIntersects(q.frame(), f.frame()));
  }

  @Property(tries = 1000)
  void thePrefilterNeverDropsAMatch(@ForAll("boxes") Box q, @ForAll("footprints") Footprint f) {
    SpatialFilter filter = SpatialFilter.intersects(q.box());
    if (filter.test(f.raw())) {
      assertThat(filter.mayMatch(BoundingBox.ofGeometry(f.raw()))).isTrue();
    }
  }

  @Property(tries = 1000)
  void normalizingKeepsEveryPointInOrOut(@ForAll("footprints") Footprint f,
      @ForAll("unitSquare") double u, @ForAll("unitSquare") double v) {
    Envelope e = f.frame().getEnvelopeInternal();
    double x = e.getMinX() - 0.5 + u * (e.getWidth() + 1);
    double y = e.getMinY() - 0.5 + v * (e.getHeight() + 1);
    boolean inside = f.frame().covers(Geometries.FACTORY.createPoint(new Coordinate(x, y)));
    double lon = x > 180 ? x - 360 : x < -180 ? x + 360 : x;
    Geometry n = Geometries.normalize(f.raw());
    assertThat(n.covers(Geometries.FACTORY.createPoint(new Coordinate(lon, y)))).isEqualTo(inside);
    assertThat(n.getArea()).isCloseTo(f.frame().getArea(), org.assertj.core.api.Assertions.within(1e-9));
    assertThatObject(Geometries.normalize(n)).isSameAs(n);
  }

  @Provide
  Arbitrary<Double> unitSquare() {
    return Arbitraries.doubles().between(0, 1).ofScale(6);
  }
}
