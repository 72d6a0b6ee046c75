package io.swath.core.geo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;

class WktTest {
  private static final GeometryFactory F = Geometries.FACTORY;

  @Property(tries = 1000)
  void readsBackExactlyAndWritesWhatJtsWritesWhereJtsIsExact(@ForAll("geometries") Geometry g) {
    String wkt = Geometries.toWkt(g);
    assertThat(sameBits(Geometries.fromWkt(wkt), g)).as(wkt).isTrue();
    if (sameBits(Geometries.fromWkt(g.toText()), g)) {
      assertThat(wkt).isEqualTo(g.toText());
    }
  }

  private static boolean sameBits(Geometry a, Geometry b) {
    Coordinate[] x = a.getCoordinates();
    Coordinate[] y = b.getCoordinates();
    if (!a.getGeometryType().equals(b.getGeometryType()) || a.getNumGeometries() != b.getNumGeometries() || x.length != y.length) {
      return false;
    }
    for (int i = 0; i < x.length; i++) {
      if (Double.doubleToLongBits(x[i].x) != Double.doubleToLongBits(y[i].x) || Double.doubleToLongBits(x[i].y) != Double.doubleToLongBits(y[i].y)) {
        return false;
      }
    }
    return true;
  }

  @Test
  void emptiesAndAwkwardNumbers() {
    List<Geometry> gs = List.of(F.createPoint(), F.createLineString(), F.createPolygon(), F.createMultiPoint(), F.createMultiLineString(),
        F.createMultiPolygon(), F.createGeometryCollection(), F.createLinearRing(),
        F.createGeometryCollection(new Geometry[] {F.createPoint(), point(1, 2)}),
        F.createMultiPolygon(new Polygon[] {F.createPolygon(), square(0, 0, 1)}),
        point(1e-7, -1e-12), point(1e15, 123456789012345.6), point(-0.0, 0.0), point(179.99999999999997, -89.5),
        point(2.5e-5, 1.0000000000000002), point(-1e20, 3e21));
    for (Geometry g : gs) {
      assertThat(Geometries.toWkt(g)).as(g.toText()).isEqualTo(g.toText());
      assertThat(sameBits(Geometries.fromWkt(Geometries.toWkt(g)), g)).as(g.toText()).isTrue();
    }
    // JTS rounds this one to 0.000375375; the exact double needs more digits
    assertThat(Geometries.toWkt(point(0.00037537499999999995, 1))).isEqualTo("POINT (0.00037537499999999995 1)");
  }

  private static Point point(double x, double y) {
    return F.createPoint(new Coordinate(x, y));
  }

  private static Polygon square(double x, double y, double side) {
    return F.createPolygon(new Coordinate[] {new Coordinate(x, y), new Coordinate(x + side, y), new Coordinate(x + side, y + side),
        new Coordinate(x, y + side), new Coordinate(x, y)});
  }

  @Provide
  Arbitrary<Geometry> geometries() {
    Arbitrary<Double> lon = Arbitraries.oneOf(Arbitraries.doubles().between(-180, 180).ofScale(14),
        Arbitraries.doubles().between(-180, 180).ofScale(3), Arbitraries.of(0.0, 1e-9, -123.0, 180.0));
    Arbitrary<Coordinate> c = Combinators.combine(lon, lon.map(v -> v / 2)).as(Coordinate::new);
    Arbitrary<Point> pt = c.map(F::createPoint);
    Arbitrary<LineString> line = c.list().ofMinSize(2).ofMaxSize(6).map(l -> F.createLineString(l.toArray(new Coordinate[0])));
    Arbitrary<Polygon> poly = Combinators.combine(c, Arbitraries.doubles().between(0.001, 10).ofScale(6), Arbitraries.integers().between(0, 2))
        .as((o, side, holes) -> {
          List<org.locationtech.jts.geom.LinearRing> inner = new ArrayList<>();
          for (int h = 0; h < holes; h++) {
            double s = side / 4;
            double x = o.x + s * (h + 0.2);
            inner.add(F.createLinearRing(square(x, o.y + s, s / 2).getCoordinates()));
          }
          return F.createPolygon(F.createLinearRing(square(o.x, o.y, side).getCoordinates()),
              inner.toArray(new org.locationtech.jts.geom.LinearRing[0]));
        });
    Arbitrary<Geometry> single = Arbitraries.oneOf(pt, line, poly);
    Arbitrary<Geometry> multi = Arbitraries.oneOf(
        pt.list().ofMinSize(1).ofMaxSize(4).map(l -> F.createMultiPoint(l.toArray(new Point[0]))),
        line.list().ofMinSize(1).ofMaxSize(3).map(l -> F.createMultiLineString(l.toArray(new LineString[0]))),
        poly.list().ofMinSize(1).ofMaxSize(3).map(l -> F.createMultiPolygon(l.toArray(new Polygon[0]))),
        single.list().ofMinSize(1).ofMaxSize(3).map(l -> F.createGeometryCollection(l.toArray(new Geometry[0]))));
    return Arbitraries.oneOf(single, multi);
  }
}
