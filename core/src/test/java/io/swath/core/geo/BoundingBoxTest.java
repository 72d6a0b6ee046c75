package io.swath.core.geo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatObject;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

class BoundingBoxTest {
  @Test
  void validatesRanges() {
    assertThatThrownBy(() -> BoundingBox.of(-181, 0, 10, 10)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bounding box west -181.0 is outside [-180, 180] degrees");
    assertThatThrownBy(() -> BoundingBox.of(0, -91, 10, 10)).hasMessage("bounding box south -91.0 is outside [-90, 90] degrees");
    assertThatThrownBy(() -> BoundingBox.of(0, 0, 180.5, 10)).hasMessage("bounding box east 180.5 is outside [-180, 180] degrees");
    assertThatThrownBy(() -> BoundingBox.of(0, 0, 10, Double.NaN)).hasMessage("bounding box north NaN is outside [-90, 90] degrees");
    assertThatThrownBy(() -> BoundingBox.of(0, 20, 10, 10))
        .hasMessage("bounding box south 20.0 is north of its north 10.0 (the order is west, south, east, north)");
    assertThatThrownBy(() -> new BoundingBox(0, 0, 10, 95)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void westGreaterThanEastCrossesTheAntimeridian() {
    BoundingBox b = BoundingBox.of(170, -10, -170, 10);
    assertThat(b.crossesAntimeridian()).isTrue();
    assertThat(b.parts()).containsExactly(BoundingBox.of(170, -10, 180, 10), BoundingBox.of(-180, -10, -170, 10));
    assertThat(BoundingBox.of(-10, -10, 10, 10).parts()).containsExactly(BoundingBox.of(-10, -10, 10, 10));
    assertThat(BoundingBox.WORLD.crossesAntimeridian()).isFalse();
    // a zero-width part on the antimeridian is an edge of the other part
    assertThat(BoundingBox.of(180, 0, -170, 10).parts()).containsExactly(BoundingBox.of(-180, 0, -170, 10));
    assertThat(BoundingBox.of(170, 0, -180, 10).parts()).containsExactly(BoundingBox.of(170, 0, 180, 10));
    assertThatObject(BoundingBox.of(180, 0, -170, 10).toGeometry()).isInstanceOf(Polygon.class);
  }

  @Test
  void parsesStacBboxStrings() {
    assertThat(BoundingBox.parse("-10.5, 40 ,2,50.25")).isEqualTo(BoundingBox.of(-10.5, 40, 2, 50.25));
    assertThat(BoundingBox.parse("170,-10,0,-170,10,1000")).isEqualTo(BoundingBox.of(170, -10, -170, 10));
    assertThatThrownBy(() -> BoundingBox.parse("1,2,3")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'1,2,3' is not a bounding box: expected west,south,east,north in degrees");
    assertThatThrownBy(() -> BoundingBox.parse("1,2,x,4")).hasMessageContaining("'x' is not a number");
    assertThatThrownBy(() -> BoundingBox.parse("0,50,10,40")).hasMessageContaining("south 50.0 is north of its north 40.0");
  }

  @Test
  void toGeometry() {
    Geometry g = BoundingBox.of(-10, -5, 10, 5).toGeometry();
    assertThatObject(g).isInstanceOf(Polygon.class);
    assertThat(g.getArea()).isEqualTo(200.0);
    assertThat(g.getSRID()).isEqualTo(4326);
    assertThat(org.locationtech.jts.algorithm.Orientation.isCCW(((Polygon) g).getExteriorRing().getCoordinateSequence())).isTrue();

    Geometry crossing = BoundingBox.of(170, -10, -170, 10).toGeometry();
    assertThatObject(crossing).isInstanceOf(MultiPolygon.class);
    assertThat(crossing.getNumGeometries()).isEqualTo(2);
    assertThat(crossing.getArea()).isEqualTo(400.0);
    assertThat(crossing.getGeometryN(0).getEnvelopeInternal().getMinX()).isEqualTo(170.0);
    assertThat(crossing.getGeometryN(1).getEnvelopeInternal().getMaxX()).isEqualTo(-170.0);
    assertThatObject(Geometries.normalize(crossing)).isSameAs(crossing);

    assertThatObject(BoundingBox.of(5, 6, 5, 6).toGeometry()).isInstanceOf(Point.class);
    assertThatObject(BoundingBox.of(5, 6, 7, 6).toGeometry()).isInstanceOf(LineString.class);
  }

  @Test
  void intersects() {
    BoundingBox crossing = BoundingBox.of(170, -10, -170, 10);
    assertThat(crossing.intersects(BoundingBox.of(175, 0, 176, 1))).isTrue();
    assertThat(crossing.intersects(BoundingBox.of(-176, 0, -175, 1))).isTrue();
    assertThat(crossing.intersects(BoundingBox.of(-1, 0, 1, 1))).isFalse();
    assertThat(crossing.intersects(BoundingBox.of(175, 20, 176, 21))).isFalse();
    assertThat(crossing.intersects(BoundingBox.of(179, -1, -179, 1))).isTrue();
    assertThat(BoundingBox.of(0, 0, 10, 10).intersects(BoundingBox.of(10, 10, 20, 20))).isTrue();
    assertThat(BoundingBox.of(0, 0, 10, 10).intersects(BoundingBox.of(10.5, 0, 20, 20))).isFalse();
    // 180 and -180 are one meridian
    assertThat(BoundingBox.of(170, 0, 180, 10).intersects(BoundingBox.of(-180, 5, -175, 6))).isTrue();
    assertThat(BoundingBox.of(-180, 5, -175, 6).intersects(BoundingBox.of(170, 0, 180, 10))).isTrue();
  }

  @Test
  void containsPoints() {
    BoundingBox crossing = BoundingBox.of(170, -10, -170, 10);
    assertThat(crossing.contains(175, 0)).isTrue();
    assertThat(crossing.contains(-175, 0)).isTrue();
    assertThat(crossing.contains(180, 0)).isTrue();
    assertThat(crossing.contains(-180, 0)).isTrue();
    assertThat(crossing.contains(0, 0)).isFalse();
    assertThat(crossing.contains(175, 11)).isFalse();
    assertThat(BoundingBox.of(170, 0, 180, 10).contains(-180, 5)).isTrue();
  }

  @Test
  void ofGeometryIsTheEnvelope() {
    assertThat(BoundingBox.ofGeometry(Geometries.fromWkt("POLYGON ((1 2, 5 2, 3 7, 1 2))"))).isEqualTo(BoundingBox.of(1, 2, 5, 7));
    assertThat(BoundingBox.ofGeometry(Geometries.fromWkt("POINT (3 4)"))).isEqualTo(BoundingBox.of(3, 4, 3, 4));
    assertThatThrownBy(() -> BoundingBox.ofGeometry(Geometries.fromWkt("POLYGON EMPTY")))
        .hasMessage("an empty geometry has no bounding box");
  }

  @Test
  void ofGeometryCrossesTheAntimeridianWhenThatIsNarrower() {
    // a raw footprint from 179 to -179, and the same already split
    Geometry raw = Geometries.fromWkt("POLYGON ((179 -1, -179 -1, -179 1, 179 1, 179 -1))");
    assertThat(BoundingBox.ofGeometry(raw)).isEqualTo(BoundingBox.of(179, -1, -179, 1));
    assertThat(BoundingBox.ofGeometry(Geometries.normalize(raw))).isEqualTo(BoundingBox.of(179, -1, -179, 1));
    // RFC 7946 section 5.2: points in the Fiji archipelago
    Geometry fiji = Geometries.fromWkt("MULTIPOINT ((177 -20), (-178 -16), (178.5 -17))");
    assertThat(BoundingBox.ofGeometry(fiji)).isEqualTo(BoundingBox.of(177, -20, -178, -16));
    // the narrower of the two boxes wins: 170° around 0, then 160° across the antimeridian
    assertThat(BoundingBox.ofGeometry(Geometries.fromWkt("MULTIPOINT ((-80 0), (90 1))"))).isEqualTo(BoundingBox.of(-80, 0, 90, 1));
    assertThat(BoundingBox.ofGeometry(Geometries.fromWkt("MULTIPOINT ((-100 0), (100 1))"))).isEqualTo(BoundingBox.of(100, 0, -100, 1));
  }

  @Test
  void envelopesNeverCross() {
    Geometry raw = Geometries.fromWkt("POLYGON ((179 -1, -179 -1, -179 1, 179 1, 179 -1))");
    assertThat(Geometries.envelopes(raw)).containsExactly(BoundingBox.of(179, -1, 180, 1), BoundingBox.of(-180, -1, -179, 1));
    assertThat(Geometries.envelopes(Geometries.fromWkt("LINESTRING (1 1, 2 3)"))).containsExactly(BoundingBox.of(1, 1, 2, 3));
  }

  @Test
  void boxesWiderThanHalfTheGlobeStayAsGiven() {
    // only west > east crosses the antimeridian: -179..179 is nearly the whole globe, not 2 degrees across it
    for (BoundingBox b : new BoundingBox[] {BoundingBox.of(-179, -90, 179, 90), BoundingBox.of(-100, 44, 100, 45),
        BoundingBox.of(-170, 0, 170, 0), BoundingBox.WORLD}) {
      Geometry g = b.toGeometry();
      assertThatObject(Geometries.normalize(g)).as(b.toString()).isSameAs(g);
      assertThat(g.getEnvelopeInternal().getMinX()).isEqualTo(b.west());
      assertThat(g.getEnvelopeInternal().getMaxX()).isEqualTo(b.east());
      assertThat(SpatialFilter.intersects(b).test(Geometries.fromWkt("POINT (0 " + b.south() + ")"))).as(b.toString()).isTrue();
      assertThat(Geometries.envelopes(g)).containsExactly(b);
    }
    assertThat(SpatialFilter.intersects(BoundingBox.of(-179, -90, 179, 90)).test(Geometries.fromWkt("POINT (179.5 0)"))).isFalse();
    assertThat(SpatialFilter.intersects(BoundingBox.of(179, -90, -179, 90)).test(Geometries.fromWkt("POINT (0 0)"))).isFalse();
  }

  @Test
  void polygonsDrawnWideAreReadAsDrawn() {
    Geometry wide = Geometries.fromWkt("POLYGON ((-179 -10, 179 -10, 179 10, -179 10, -179 -10))");
    Geometry drawn = Geometries.asDrawn(wide);
    assertThat(drawn.getEnvelopeInternal()).isEqualTo(wide.getEnvelopeInternal());
    assertThat(Geometries.normalize(drawn).covers(Geometries.fromWkt("POINT (0 0)"))).isTrue();
    assertThat(Geometries.normalize(drawn).getArea()).isEqualTo(wide.getArea());
    // edges within 180 degrees need nothing
    Geometry small = Geometries.fromWkt("POLYGON ((0 0, 10 0, 10 10, 0 0))");
    assertThatObject(Geometries.asDrawn(small)).isSameAs(small);
    // an edge from 175 to -175 runs west across the map as drawn, not 10 degrees across the antimeridian
    Geometry across = Geometries.asDrawn(Geometries.fromWkt("POLYGON ((175 -5, -175 -5, -175 5, 175 5, 175 -5))"));
    assertThat(Geometries.normalize(across).covers(Geometries.fromWkt("POINT (0 0)"))).isTrue();
    assertThat(Geometries.normalize(across).covers(Geometries.fromWkt("POINT (179 0)"))).isFalse();
  }
}
