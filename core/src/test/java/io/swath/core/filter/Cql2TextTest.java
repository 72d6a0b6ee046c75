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
import io.swath.core.filter.Expr.Property;
import io.swath.core.filter.Expr.StringLiteral;
import io.swath.core.filter.Expr.TimestampLiteral;
import io.swath.core.filter.Filter.And;
import io.swath.core.filter.Filter.ArrayOp;
import io.swath.core.filter.Filter.ArrayPredicate;
import io.swath.core.filter.Filter.Between;
import io.swath.core.filter.Filter.BooleanLiteral;
import io.swath.core.filter.Filter.Comparison;
import io.swath.core.filter.Filter.ComparisonOp;
import io.swath.core.filter.Filter.FunctionCall;
import io.swath.core.filter.Filter.In;
import io.swath.core.filter.Filter.IsNull;
import io.swath.core.filter.Filter.Like;
import io.swath.core.filter.Filter.Not;
import io.swath.core.filter.Filter.Or;
import io.swath.core.filter.Filter.SpatialOp;
import io.swath.core.filter.Filter.SpatialPredicate;
import io.swath.core.filter.Filter.TemporalOp;
import io.swath.core.filter.Filter.TemporalPredicate;
import io.swath.core.geo.Geometries;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class Cql2TextTest {
  static Property p(String name) {
    return new Property(name);
  }

  static StringLiteral s(String v) {
    return new StringLiteral(v);
  }

  static NumberLiteral n(long v) {
    return new NumberLiteral(v);
  }

  static NumberLiteral n(double v) {
    return new NumberLiteral(v);
  }

  static Filter parse(String text) {
    Filter f = Cql2.parseText(text);
    // every parsed filter survives both encodings
    assertThat(Cql2.parseText(f.toText())).as("text round trip of %s", f.toText()).isEqualTo(f);
    assertThat(Cql2.parseJson(f.toJson())).as("JSON round trip of %s", f.toJson()).isEqualTo(f);
    return f;
  }

  @Test
  void stacExamples() {
    assertThat(parse("eo:cloud_cover < 20 AND platform = 'landsat-8'")).isEqualTo(new And(List.of(
        new Comparison(ComparisonOp.LT, p("eo:cloud_cover"), n(20)),
        new Comparison(ComparisonOp.EQ, p("platform"), s("landsat-8")))));
    assertThat(parse("\"eo:cloud_cover\" BETWEEN 0 AND 50")).isEqualTo(new Between(p("eo:cloud_cover"), n(0), n(50)));
    assertThat(parse("platform IN ('landsat-8','landsat-9')"))
        .isEqualTo(new In(p("platform"), List.of(s("landsat-8"), s("landsat-9"))));
    assertThat(parse("NOT (a IS NULL)")).isEqualTo(new Not(new IsNull(p("a"))));
    assertThat(parse("name LIKE 'LC08%'")).isEqualTo(new Like(p("name"), s("LC08%")));
    assertThat(parse("T_INTERSECTS(datetime, INTERVAL('2020-01-01T00:00:00Z','2020-02-01T00:00:00Z'))"))
        .isEqualTo(new TemporalPredicate(TemporalOp.INTERSECTS, p("datetime"), new IntervalLiteral(
            new TimestampLiteral(Instant.parse("2020-01-01T00:00:00Z")),
            new TimestampLiteral(Instant.parse("2020-02-01T00:00:00Z")))));
    assertThat(parse("S_INTERSECTS(geometry, POLYGON((-77.1 38.9, -77.0 39.9, -76.9 38.8, -77.1 38.9)))"))
        .isEqualTo(new SpatialPredicate(SpatialOp.INTERSECTS, p("geometry"), new GeometryLiteral(
            Geometries.fromWkt("POLYGON((-77.1 38.9, -77.0 39.9, -76.9 38.8, -77.1 38.9))"))));
    assertThat(parse("S_INTERSECTS(geometry, BBOX(-118, 33.8, -117.9, 34)) AND sat:orbit_state = 'ascending'"))
        .isEqualTo(new And(List.of(
            new SpatialPredicate(SpatialOp.INTERSECTS, p("geometry"), new BboxLiteral(-118, 33.8, -117.9, 34)),
            new Comparison(ComparisonOp.EQ, p("sat:orbit_state"), s("ascending")))));
    assertThat(parse("T_INTERSECTS(INTERVAL(start_datetime, end_datetime), INTERVAL('2020-01-01', '..'))"))
        .isEqualTo(new TemporalPredicate(TemporalOp.INTERSECTS,
            new IntervalLiteral(p("start_datetime"), p("end_datetime")),
            new IntervalLiteral(new DateLiteral(LocalDate.of(2020, 1, 1)), null)));
  }

  @Test
  void keywordsAreCaseInsensitive() {
    Filter upper = parse("a = 1 AND NOT b IS NULL OR c LIKE 'x' AND d BETWEEN 1 AND 2 AND e IN (1) AND f = TRUE");
    Filter lower = parse("a = 1 and not b is null or c like 'x' and d between 1 and 2 and e in (1) and f = true");
    Filter mixed = parse("a = 1 And Not b Is Null Or c Like 'x' aNd d Between 1 AND 2 AND e In (1) AND f = True");
    assertThat(lower).isEqualTo(upper);
    assertThat(mixed).isEqualTo(upper);
    assertThat(parse("s_intersects(geometry, point(1 2))")).isEqualTo(parse("S_INTERSECTS(geometry, POINT(1 2))"));
    assertThat(parse("t_after(datetime, timestamp('2020-01-01T00:00:00Z'))"))
        .isEqualTo(parse("T_AFTER(datetime, TIMESTAMP('2020-01-01T00:00:00Z'))"));
  }

  @Test
  void precedenceOfLogicalOperators() {
    Comparison a = new Comparison(ComparisonOp.EQ, p("a"), n(1));
    Comparison b = new Comparison(ComparisonOp.EQ, p("b"), n(2));
    Comparison c = new Comparison(ComparisonOp.EQ, p("c"), n(3));
    assertThat(parse("a = 1 OR b = 2 AND c = 3")).isEqualTo(new Or(List.of(a, new And(List.of(b, c)))));
    assertThat(parse("(a = 1 OR b = 2) AND c = 3")).isEqualTo(new And(List.of(new Or(List.of(a, b)), c)));
    assertThat(parse("NOT a = 1 AND b = 2")).isEqualTo(new And(List.of(new Not(a), b)));
    assertThat(parse("a = 1 AND b = 2 AND c = 3")).isEqualTo(new And(List.of(a, b, c)));
    assertThat(parse("(a = 1 AND b = 2) AND c = 3")).isEqualTo(new And(List.of(new And(List.of(a, b)), c)));
    assertThat(parse("NOT NOT a = 1")).isEqualTo(new Not(new Not(a)));
  }

  @ParameterizedTest
  @EnumSource(ComparisonOp.class)
  void comparisonOperators(ComparisonOp op) {
    assertThat(parse("cloud_cover " + op.symbol() + " 10.5"))
        .isEqualTo(new Comparison(op, p("cloud_cover"), n(10.5)));
    assertThat(parse("10.5" + op.symbol() + "cloud_cover")).isEqualTo(new Comparison(op, n(10.5), p("cloud_cover")));
  }

  @Test
  void notEqualMayBeWrittenWithBang() {
    assertThat(parse("a != 'x'")).isEqualTo(new Comparison(ComparisonOp.NE, p("a"), s("x")));
  }

  @Test
  void negatedPredicates() {
    assertThat(parse("owner NOT LIKE '%Mike%'")).isEqualTo(new Not(new Like(p("owner"), s("%Mike%"))));
    assertThat(parse("v NOT BETWEEN 10 AND 20")).isEqualTo(new Not(new Between(p("v"), n(10), n(20))));
    assertThat(parse("category NOT IN (1,2,3)")).isEqualTo(new Not(new In(p("category"), List.of(n(1), n(2), n(3)))));
    assertThat(parse("geometry IS NOT NULL")).isEqualTo(new Not(new IsNull(p("geometry"))));
    assertThat(parse("NOT \"name\" LIKE 'foo%'")).isEqualTo(parse("\"name\" NOT LIKE 'foo%'"));
  }

  @Test
  void literals() {
    assertThat(parse("a = 'it''s'")).isEqualTo(new Comparison(ComparisonOp.EQ, p("a"), s("it's")));
    assertThat(parse("a = ''")).isEqualTo(new Comparison(ComparisonOp.EQ, p("a"), s("")));
    assertThat(parse("a = 'back\\slash'")).isEqualTo(new Comparison(ComparisonOp.EQ, p("a"), s("back\\slash")));
    assertThat(parse("a = 'Straße Οδος'")).isEqualTo(new Comparison(ComparisonOp.EQ, p("a"), s("Straße Οδος")));
    assertThat(parse("a = -5")).isEqualTo(new Comparison(ComparisonOp.EQ, p("a"), n(-5)));
    assertThat(parse("a = +5")).isEqualTo(new Comparison(ComparisonOp.EQ, p("a"), n(5)));
    assertThat(parse("a = 5.")).isEqualTo(new Comparison(ComparisonOp.EQ, p("a"), n(5.0)));
    assertThat(parse("a = .5")).isEqualTo(new Comparison(ComparisonOp.EQ, p("a"), n(0.5)));
    assertThat(parse("a = 1.5e3")).isEqualTo(new Comparison(ComparisonOp.EQ, p("a"), n(1500.0)));
    assertThat(parse("a = 2E-2")).isEqualTo(new Comparison(ComparisonOp.EQ, p("a"), n(0.02)));
    assertThat(parse("a = -9223372036854775808")).isEqualTo(new Comparison(ComparisonOp.EQ, p("a"), n(Long.MIN_VALUE)));
    assertThat(parse("a = 9223372036854775808"))
        .isEqualTo(new Comparison(ComparisonOp.EQ, p("a"), n(9.223372036854775808e18)));
    assertThat(parse("a = TRUE")).isEqualTo(new Comparison(ComparisonOp.EQ, p("a"), new BooleanLiteral(true)));
    assertThat(parse("FALSE")).isEqualTo(new BooleanLiteral(false));
    assertThat(parse("updated >= DATE('1970-01-01')"))
        .isEqualTo(new Comparison(ComparisonOp.GE, p("updated"), new DateLiteral(LocalDate.of(1970, 1, 1))));
    assertThat(parse("t < TIMESTAMP('2012-08-10T05:30:00.123456Z')")).isEqualTo(new Comparison(ComparisonOp.LT, p("t"),
        new TimestampLiteral(Instant.parse("2012-08-10T05:30:00.123456Z"))));
  }

  @Test
  void propertyNames() {
    assertThat(parse("eo:cloud_cover = 1")).isEqualTo(parse("\"eo:cloud_cover\" = 1"));
    assertThat(parse("a.b = 1")).isEqualTo(new Comparison(ComparisonOp.EQ, p("a.b"), n(1)));
    assertThat(parse("\"with space\" = 1")).isEqualTo(new Comparison(ComparisonOp.EQ, p("with space"), n(1)));
    assertThat(parse("\"say \"\"hi\"\"\" = 1")).isEqualTo(new Comparison(ComparisonOp.EQ, p("say \"hi\""), n(1)));
    assertThat(parse("\"and\" = 1")).isEqualTo(new Comparison(ComparisonOp.EQ, p("and"), n(1)));
    assertThat(parse("date = 1")).isEqualTo(new Comparison(ComparisonOp.EQ, p("date"), n(1)));
    assertThat(parse("ΟΔΟΣ = 1")).isEqualTo(new Comparison(ComparisonOp.EQ, p("ΟΔΟΣ"), n(1)));
    assertThat(new Comparison(ComparisonOp.EQ, p("and"), n(1)).toText()).isEqualTo("\"and\" = 1");
    assertThat(new Comparison(ComparisonOp.EQ, p("eo:cloud_cover"), n(1)).toText()).isEqualTo("eo:cloud_cover = 1");
  }

  @Test
  void arithmetic() {
    assertThat(parse("balance-150.0 > 0")).isEqualTo(new Comparison(ComparisonOp.GT,
        new Arithmetic(ArithmeticOp.SUB, p("balance"), n(150.0)), n(0)));
    assertThat(parse("vehicle_height > (bridge_clearance-1)")).isEqualTo(new Comparison(ComparisonOp.GT,
        p("vehicle_height"), new Arithmetic(ArithmeticOp.SUB, p("bridge_clearance"), n(1))));
    assertThat(parse("a + b * c = 1")).isEqualTo(parse("a + (b * c) = 1"));
    assertThat(parse("(a + b) * c = 1")).isEqualTo(new Comparison(ComparisonOp.EQ,
        new Arithmetic(ArithmeticOp.MUL, new Arithmetic(ArithmeticOp.ADD, p("a"), p("b")), p("c")), n(1)));
    assertThat(parse("a - b - c = 1")).isEqualTo(parse("(a - b) - c = 1"));
    assertThat(parse("a ^ b ^ c = 1")).isEqualTo(parse("a ^ (b ^ c) = 1"));
    assertThat(parse("0 = (foo % 2)")).isEqualTo(new Comparison(ComparisonOp.EQ, n(0),
        new Arithmetic(ArithmeticOp.MOD, p("foo"), n(2))));
    assertThat(parse("1 = (foo div 2)")).isEqualTo(new Comparison(ComparisonOp.EQ, n(1),
        new Arithmetic(ArithmeticOp.INTDIV, p("foo"), n(2))));
    assertThat(parse("v = - foo * 2.0 + bar / 6.1234 - x ^ 2.0"))
        .isEqualTo(parse("v = ((((-1 * foo) * 2.0) + (bar / 6.1234)) - (x ^ 2.0))"));
    assertThat(new Arithmetic(ArithmeticOp.SUB, p("a"), new Arithmetic(ArithmeticOp.SUB, p("b"), p("c"))).toText())
        .isEqualTo("a - (b - c)");
  }

  @ParameterizedTest
  @EnumSource(SpatialOp.class)
  void spatialFunctions(SpatialOp op) {
    assertThat(parse(op.textName() + "(geometry, POINT(36.3 32.2))")).isEqualTo(new SpatialPredicate(op, p("geometry"),
        new GeometryLiteral(Geometries.fromWkt("POINT(36.3 32.2)"))));
  }

  @Test
  void geometryLiterals() {
    for (String wkt : List.of("POINT (1 2)", "LINESTRING (0 0, 1 1, 2 0)", "POLYGON ((0 0, 10 0, 10 10, 0 0))",
        "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0), (2 2, 3 2, 3 3, 2 2))", "MULTIPOINT ((1 2), (3 4))",
        "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))", "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
        "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))", "POINT EMPTY",
        "POLYGON ((0.30000000000000004 1e-7, 179.12345678901234 -89.5, 0 0, 0.30000000000000004 1e-7))")) {
      Filter f = parse("S_EQUALS(g, " + wkt + ")");
      assertThat(f).isEqualTo(new SpatialPredicate(SpatialOp.EQUALS, p("g"), new GeometryLiteral(Geometries.fromWkt(wkt))));
    }
    assertThat(parse("S_WITHIN(POLYGON Z ((0 0 1, 1 0 1, 1 1 1, 0 0 1)), geometry)")).isInstanceOf(SpatialPredicate.class);
    assertThat(parse("S_WITHIN(location, BBOX(-118,33.8,-117.9,34))")).isEqualTo(new SpatialPredicate(SpatialOp.WITHIN,
        p("location"), new BboxLiteral(-118, 33.8, -117.9, 34)));
    assertThat(parse("S_INTERSECTS(geometry, BBOX(-128.1, -1.1, -99999.0, 180.0, 90.0, 100000.0))"))
        .isEqualTo(new SpatialPredicate(SpatialOp.INTERSECTS, p("geometry"),
            new BboxLiteral(List.of(-128.1, -1.1, -99999.0, 180.0, 90.0, 100000.0))));
  }

  @ParameterizedTest
  @EnumSource(TemporalOp.class)
  void temporalFunctions(TemporalOp op) {
    assertThat(parse(op.textName() + "(INTERVAL(starts_at, ends_at), INTERVAL('1991-10-07T08:21:06.393262Z', '..'))"))
        .isEqualTo(new TemporalPredicate(op, new IntervalLiteral(p("starts_at"), p("ends_at")), new IntervalLiteral(
            new TimestampLiteral(Instant.parse("1991-10-07T08:21:06.393262Z")), null)));
  }

  @Test
  void temporalLiterals() {
    assertThat(parse("T_BEFORE(built, DATE('2015-01-01'))")).isEqualTo(new TemporalPredicate(TemporalOp.BEFORE,
        p("built"), new DateLiteral(LocalDate.of(2015, 1, 1))));
    assertThat(parse("T_DURING(INTERVAL('..', '2005-01-10'), INTERVAL(DATE('2000-01-01'), TIMESTAMP('2010-01-01T00:00:00Z')))"))
        .isEqualTo(new TemporalPredicate(TemporalOp.DURING,
            new IntervalLiteral(null, new DateLiteral(LocalDate.of(2005, 1, 10))),
            new IntervalLiteral(new DateLiteral(LocalDate.of(2000, 1, 1)),
                new TimestampLiteral(Instant.parse("2010-01-01T00:00:00Z")))));
  }

  @ParameterizedTest
  @EnumSource(ArrayOp.class)
  void arrayFunctions(ArrayOp op) {
    assertThat(parse(op.textName() + "(layer:ids, ('layers-ca','layers-us'))")).isEqualTo(new ArrayPredicate(op,
        p("layer:ids"), new ArrayLiteral(List.of(s("layers-ca"), s("layers-us")))));
  }

  @Test
  void arrays() {
    assertThat(parse("A_CONTAINS(tags, ('a'))")).isEqualTo(new ArrayPredicate(ArrayOp.CONTAINS, p("tags"),
        new ArrayLiteral(List.of(s("a")))));
    assertThat(parse("A_CONTAINS(tags, ())")).isEqualTo(new ArrayPredicate(ArrayOp.CONTAINS, p("tags"),
        new ArrayLiteral(List.of())));
    assertThat(parse("A_EQUALS(('a', TRUE, 1.0, 8, ('x')), \"values\")")).isEqualTo(new ArrayPredicate(ArrayOp.EQUALS,
        new ArrayLiteral(List.of(s("a"), new BooleanLiteral(true), n(1.0), n(8), new ArrayLiteral(List.of(s("x"))))),
        p("values")));
    assertThat(parse("A_OVERLAPS(v, (TIMESTAMP('2012-08-10T05:30:00Z'), DATE('2010-02-10'), FALSE))"))
        .isInstanceOf(ArrayPredicate.class);
    // a parenthesized expression followed by an operator is not an array
    assertThat(parse("A_CONTAINS(v, ((1 + 2) * 3, 4))")).isEqualTo(new ArrayPredicate(ArrayOp.CONTAINS, p("v"),
        new ArrayLiteral(List.of(new Arithmetic(ArithmeticOp.MUL, new Arithmetic(ArithmeticOp.ADD, n(1), n(2)), n(3)),
            n(4)))));
  }

  @Test
  void caseAndAccentInsensitivity() {
    assertThat(parse("CASEI(road_class) IN (CASEI('Οδος'),CASEI('Straße'))")).isEqualTo(new In(new CaseI(p("road_class")),
        List.of(new CaseI(s("Οδος")), new CaseI(s("Straße")))));
    assertThat(parse("ACCENTI(etat_vol) = ACCENTI('débárquér')")).isEqualTo(new Comparison(ComparisonOp.EQ,
        new AccentI(p("etat_vol")), new AccentI(s("débárquér"))));
    assertThat(parse("\"name\" LIKE CASEI('FOO%')")).isEqualTo(new Like(p("name"), new CaseI(s("FOO%"))));
  }

  @Test
  void functionsParseButAreNotBuiltIn() {
    assertThat(parse("Foo(\"geometry\") = TRUE")).isEqualTo(new Comparison(ComparisonOp.EQ,
        new FunctionCall("Foo", List.of(p("geometry"))), new BooleanLiteral(true)));
    assertThat(parse("FALSE <> Bar(\"geometry\", 100, 'a', 'b', FALSE)")).isInstanceOf(Comparison.class);
    assertThat(parse("S_WITHIN(road, Buffer(geometry, 10, 'm'))")).isInstanceOf(SpatialPredicate.class);
    assertThat(parse("isValid()")).isEqualTo(new FunctionCall("isValid", List.of()));
  }

  @Test
  void valuesInValuePositions() {
    assertThat(parse("(a > 1) = TRUE")).isEqualTo(new Comparison(ComparisonOp.EQ,
        new Comparison(ComparisonOp.GT, p("a"), n(1)), new BooleanLiteral(true)));
    assertThat(parse("(a > 1 OR b = 2) IS NULL")).isInstanceOf(IsNull.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "floors>5",
      "taxes <= 500",
      "owner LIKE '%Jones%'",
      "swimming_pool = true",
      "swimming_pool=true AND (floors>5 OR  material LIKE 'brick%' OR  material LIKE '%brick')",
      "(floors>5 AND material='brick') OR swimming_pool=true",
      "NOT (floors<5) OR swimming_pool=true",
      "(owner LIKE 'mike%' OR owner LIKE 'Mike%') AND floors<4",
      "eo:cloud_cover BETWEEN 0.1 AND 0.2\nAND landsat:wrs_row=28\nAND landsat:wrs_path=203",
      "eo:instrument LIKE 'OLI%' AND S_INTERSECTS(footprint,POLYGON((43.5845 -79.5442, 43.6079 -79.4893, "
          + "43.5677 -79.4632, 43.5845 -79.5442)))",
      "T_DURING(INTERVAL(starts_at, ends_at), INTERVAL('2017-06-10T07:30:00Z', '2017-06-11T10:30:00Z'))",
      "T_AFTER(\"updated_at\", DATE('2010-02-10'))",
      "S_DISJOINT(\"geometry\", MULTIPOLYGON (((144.02 45.17, -1.1 0.0, 180.0 47.8, 144.02 45.17))))",
      "S_TOUCHES(\"geometry\", MULTILINESTRING ((-1.9 -0.99999, 75.29 1.5), (-1.9 -1.1, 1.5 8.547371)))",
      "\"value\" <= (2 ^ \"foo\")",
      "CASEI(geophys:SURVEY_NAME) LIKE CASEI('%calcutta%')",
      "  \t\nfloors\n>\n5\n  "})
  void examples(String text) {
    assertThat(parse(text)).isNotNull();
  }
}
