package io.swath.core.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.core.filter.Expr.AccentI;
import io.swath.core.filter.Expr.Arithmetic;
import io.swath.core.filter.Expr.ArithmeticOp;
import io.swath.core.filter.Expr.ArrayLiteral;
import io.swath.core.filter.Expr.BboxLiteral;
import io.swath.core.filter.Expr.CaseI;
import io.swath.core.filter.Expr.DateLiteral;
import io.swath.core.filter.Expr.GeometryLiteral;
import io.swath.core.filter.Expr.IntervalLiteral;
import io.swath.core.filter.Expr.NumberLiteral;
import io.swath.core.filter.Expr.StringLiteral;
import io.swath.core.filter.Expr.TimestampLiteral;
import io.swath.core.filter.Filter.ArrayOp;
import io.swath.core.filter.Filter.ComparisonOp;
import io.swath.core.filter.Filter.SpatialOp;
import io.swath.core.filter.Filter.TemporalOp;
import io.swath.core.geo.Geometries;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;

/** Random filters survive both encodings: parse(toText(f)) and parse(toJson(f)) equal f. */
class Cql2RoundTripTest {
  private static final GeometryFactory GF = Geometries.FACTORY;

  @Property(tries = 600)
  void textRoundTrip(@ForAll("filters") Filter f) {
    String text = f.toText();
    assertThat(Cql2.parseText(text)).as(text).isEqualTo(f);
  }

  @Property(tries = 600)
  void jsonRoundTrip(@ForAll("filters") Filter f) {
    String json = f.toJson();
    assertThat(Cql2.parseJson(json)).as(json).isEqualTo(f);
  }

  @Provide
  Arbitrary<Filter> filters() {
    return filter(3);
  }

  // ---- conditions

  private Arbitrary<Filter> filter(int depth) {
    List<Arbitrary<? extends Filter>> leaves = List.of(comparison(depth), like(depth), between(depth), in(depth),
        isNull(depth), spatial(), temporal(), arrayPredicate(),
        Arbitraries.of(true, false).map(Filter.BooleanLiteral::new), function(depth).map(f -> (Filter) f));
    if (depth == 0) {
      return Arbitraries.oneOf(leaves);
    }
    Arbitrary<Filter> inner = Arbitraries.lazy(() -> filter(depth - 1));
    List<Arbitrary<? extends Filter>> all = new ArrayList<>(leaves);
    all.add(inner.list().ofMinSize(2).ofMaxSize(3).map(Filter.And::new));
    all.add(inner.list().ofMinSize(2).ofMaxSize(3).map(Filter.Or::new));
    all.add(inner.map(Filter.Not::new));
    return Arbitraries.oneOf(all);
  }

  private Arbitrary<Filter> comparison(int depth) {
    return Combinators.combine(Arbitraries.of(ComparisonOp.class), scalar(depth), scalar(depth))
        .as(Filter.Comparison::new);
  }

  private Arbitrary<Filter> like(int depth) {
    Arbitrary<Expr> pattern = Arbitraries.oneOf(strings(), strings().map(CaseI::new), strings().map(AccentI::new));
    return Combinators.combine(scalar(depth), pattern).as(Filter.Like::new);
  }

  private Arbitrary<Filter> between(int depth) {
    return Combinators.combine(scalar(depth), scalar(depth), scalar(depth)).as(Filter.Between::new);
  }

  private Arbitrary<Filter> in(int depth) {
    return Combinators.combine(scalar(depth), scalar(depth).list().ofMinSize(1).ofMaxSize(3)).as(Filter.In::new);
  }

  private Arbitrary<Filter> isNull(int depth) {
    return scalar(depth).map(Filter.IsNull::new);
  }

  private Arbitrary<Filter> spatial() {
    Arbitrary<Expr> operand = Arbitraries.oneOf(property(), geometry(), bbox());
    return Combinators.combine(Arbitraries.of(SpatialOp.class), operand, operand).as(Filter.SpatialPredicate::new);
  }

  private Arbitrary<Filter> temporal() {
    Arbitrary<Expr> operand = Arbitraries.oneOf(property(), timestamp(), date(), interval());
    return Combinators.combine(Arbitraries.of(TemporalOp.class), operand, operand).as(Filter.TemporalPredicate::new);
  }

  private Arbitrary<Filter> arrayPredicate() {
    Arbitrary<Expr> operand = Arbitraries.oneOf(property(), array(2));
    return Combinators.combine(Arbitraries.of(ArrayOp.class), operand, operand).as(Filter.ArrayPredicate::new);
  }

  private Arbitrary<Filter.FunctionCall> function(int depth) {
    return Combinators.combine(Arbitraries.of("foo", "Buffer", "my_func", "ns:fn"),
        scalar(Math.max(0, depth - 1)).list().ofMaxSize(3)).as(Filter.FunctionCall::new);
  }

  // ---- values

  private Arbitrary<Expr> scalar(int depth) {
    List<Arbitrary<? extends Expr>> leaves = List.of(property(), strings(), numbers(), timestamp(), date(),
        Arbitraries.of(true, false).map(Filter.BooleanLiteral::new));
    if (depth == 0) {
      return Arbitraries.oneOf(leaves);
    }
    Arbitrary<Expr> inner = Arbitraries.lazy(() -> scalar(depth - 1));
    List<Arbitrary<? extends Expr>> all = new ArrayList<>(leaves);
    all.add(Combinators.combine(Arbitraries.of(ArithmeticOp.class), inner, inner).as(Arithmetic::new));
    all.add(Combinators.combine(Arbitraries.of(ArithmeticOp.class), inner, inner).as(Arithmetic::new));
    all.add(inner.map(CaseI::new));
    all.add(inner.map(AccentI::new));
    all.add(function(depth - 1));
    all.add(Arbitraries.lazy(() -> filter(depth - 1)));
    return Arbitraries.oneOf(all);
  }

  private Arbitrary<Expr> property() {
    return Arbitraries.of("cloud_cover", "eo:cloud_cover", "platform", "a.b", "x y", "and", "Date", "quote\"d",
        "ΟΔΟΣ", "_x", ":colon", "s_intersects", "NULL", "123", "datetime", "geometry", "é").map(Expr.Property::new);
  }

  private Arbitrary<Expr> strings() {
    return Arbitraries.strings().withCharRange(' ', '~').withChars('é', 'ß', 'Ο', '\n', '\t', '\'', '"', '\\', '%', '_')
        .ofMaxLength(8).map(StringLiteral::new);
  }

  private Arbitrary<Expr> numbers() {
    return Arbitraries.oneOf(
        Arbitraries.longs().map(NumberLiteral::new),
        Arbitraries.integers().between(-1000, 1000).map(i -> new NumberLiteral((long) i)),
        Arbitraries.doubles().filter(Double::isFinite).map(NumberLiteral::new),
        Arbitraries.of(0.0, -0.0, 1e-300, 1e300, 0.1, 2.5, -7.25).map(NumberLiteral::new));
  }

  private Arbitrary<Expr> timestamp() {
    return instants().map(TimestampLiteral::new);
  }

  private Arbitrary<Instant> instants() {
    Arbitrary<Long> seconds = Arbitraries.longs().between(-2_208_988_800L, 4_102_444_800L);
    Arbitrary<Integer> nanos = Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(0, 999_999).map(u -> u * 1000),
        Arbitraries.integers().between(0, 999_999_999));
    return Combinators.combine(seconds, nanos).as(Instant::ofEpochSecond);
  }

  private Arbitrary<Expr> date() {
    return Arbitraries.longs().between(LocalDate.of(1900, 1, 1).toEpochDay(), LocalDate.of(2100, 12, 31).toEpochDay())
        .map(d -> new DateLiteral(LocalDate.ofEpochDay(d)));
  }

  private Arbitrary<Expr> interval() {
    Arbitrary<Expr> end = Arbitraries.oneOf(timestamp(), date(), property()).injectNull(0.3);
    return Combinators.combine(end, end).as(IntervalLiteral::new);
  }

  private Arbitrary<Expr> array(int depth) {
    List<Arbitrary<? extends Expr>> elements = new ArrayList<>(List.of(strings(), numbers(), property(), timestamp(),
        date(), Arbitraries.of(true, false).map(Filter.BooleanLiteral::new)));
    if (depth > 0) {
      elements.add(Arbitraries.lazy(() -> array(depth - 1)));
    }
    return Arbitraries.oneOf(elements).list().ofMaxSize(3).map(ArrayLiteral::new);
  }

  private Arbitrary<Expr> bbox() {
    Arbitrary<Double> lon = Arbitraries.integers().between(-180_000_000, 180_000_000).map(i -> i / 1e6);
    Arbitrary<Double> lat = Arbitraries.integers().between(-90_000_000, 90_000_000).map(i -> i / 1e6);
    return Combinators.combine(lon, lat, lon, lat).as(BboxLiteral::new);
  }

  private Arbitrary<Coordinate> coordinate() {
    Arbitrary<Double> lon = Arbitraries.integers().between(-180_000_000, 180_000_000).map(i -> i / 1e6);
    Arbitrary<Double> lat = Arbitraries.integers().between(-90_000_000, 90_000_000).map(i -> i / 1e6);
    return Combinators.combine(lon, lat).as(Coordinate::new);
  }

  private Arbitrary<Geometry> point() {
    return coordinate().map(GF::createPoint);
  }

  private Arbitrary<Geometry> line() {
    return coordinate().list().ofMinSize(2).ofMaxSize(4).map(cs -> GF.createLineString(cs.toArray(Coordinate[]::new)));
  }

  private Arbitrary<Geometry> polygon() {
    return coordinate().list().ofMinSize(3).ofMaxSize(5).map(cs -> {
      List<Coordinate> ring = new ArrayList<>(cs);
      ring.add(cs.get(0).copy());
      return GF.createPolygon(ring.toArray(Coordinate[]::new));
    });
  }

  private Arbitrary<Expr> geometry() {
    Arbitrary<Geometry> simple = Arbitraries.oneOf(point(), line(), polygon());
    return Arbitraries.oneOf(
        simple,
        point().list().ofMinSize(1).ofMaxSize(3).map(ps -> GF.createMultiPoint(ps.stream()
            .map(p -> (org.locationtech.jts.geom.Point) p).toArray(org.locationtech.jts.geom.Point[]::new))),
        line().list().ofMinSize(1).ofMaxSize(2).map(ls -> GF.createMultiLineString(ls.stream()
            .map(l -> (org.locationtech.jts.geom.LineString) l).toArray(org.locationtech.jts.geom.LineString[]::new))),
        polygon().list().ofMinSize(1).ofMaxSize(2).map(ps -> GF.createMultiPolygon(ps.stream()
            .map(p -> (org.locationtech.jts.geom.Polygon) p).toArray(org.locationtech.jts.geom.Polygon[]::new))),
        simple.list().ofMinSize(1).ofMaxSize(3).map(gs -> GF.createGeometryCollection(gs.toArray(Geometry[]::new))))
        .map(GeometryLiteral::new);
  }
}
