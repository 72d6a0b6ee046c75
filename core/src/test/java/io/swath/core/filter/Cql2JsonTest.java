package io.swath.core.filter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swath.core.filter.Expr.BboxLiteral;
import io.swath.core.filter.Expr.GeometryLiteral;
import io.swath.core.filter.Expr.NumberLiteral;
import io.swath.core.filter.Expr.Property;
import io.swath.core.filter.Filter.Between;
import io.swath.core.filter.Filter.BooleanLiteral;
import io.swath.core.filter.Filter.SpatialOp;
import io.swath.core.filter.Filter.SpatialPredicate;
import io.swath.core.geo.Geometries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Cql2JsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Asserts that the JSON and the text parse to the same tree, and that both encodings round-trip. */
  private static void same(String json, String text) throws Exception {
    Filter fromJson = Cql2.parseJson(json);
    assertThat(fromJson).isEqualTo(Cql2.parseText(text));
    assertThat(Cql2.parseJson(JSON.readTree(json))).isEqualTo(fromJson);
    assertThat(Cql2.parseJson(fromJson.toJson())).isEqualTo(fromJson);
    assertThat(Cql2.parseText(fromJson.toText())).isEqualTo(fromJson);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      {"op":"and","args":[{"op":"<","args":[{"property":"eo:cloud_cover"},20]},{"op":"=","args":[{"property":"platform"},"landsat-8"]}]} | eo:cloud_cover < 20 AND platform = 'landsat-8'
      {"op":"or","args":[{"op":"=","args":[{"property":"a"},0.1]},{"op":"=","args":[{"property":"a"},0.2]}]} | a = 0.1 OR a = 0.2
      {"op":"not","args":[{"op":"isNull","args":[{"property":"a"}]}]} | NOT (a IS NULL)
      {"op":"<>","args":[{"property":"a"},"x"]} | a <> 'x'
      {"op":"<=","args":[{"property":"a"},1]} | a <= 1
      {"op":">=","args":[{"property":"a"},1]} | a >= 1
      {"op":">","args":[{"property":"a"},-1.5]} | a > -1.5
      {"op":"like","args":[{"property":"name"},"LC08%"]} | name LIKE 'LC08%'
      {"op":"between","args":[{"property":"eo:cloud_cover"},0,50]} | "eo:cloud_cover" BETWEEN 0 AND 50
      {"op":"in","args":[{"property":"platform"},["landsat-8","landsat-9"]]} | platform IN ('landsat-8','landsat-9')
      {"op":"=","args":[{"property":"flag"},true]} | flag = TRUE
      {"op":"s_intersects","args":[{"property":"geometry"},{"type":"Point","coordinates":[36.3,32.2]}]} | S_INTERSECTS(geometry, POINT(36.3 32.2))
      {"op":"s_within","args":[{"property":"location"},{"bbox":[-118,33.8,-117.9,34]}]} | S_WITHIN(location, BBOX(-118, 33.8, -117.9, 34))
      {"op":"t_intersects","args":[{"property":"datetime"},{"interval":["2020-01-01T00:00:00Z","2020-02-01T00:00:00Z"]}]} | T_INTERSECTS(datetime, INTERVAL('2020-01-01T00:00:00Z','2020-02-01T00:00:00Z'))
      {"op":"t_during","args":[{"interval":[{"property":"starts_at"},{"property":"ends_at"}]},{"interval":["2005-01-10",".."]}]} | T_DURING(INTERVAL(starts_at, ends_at), INTERVAL('2005-01-10', '..'))
      {"op":"t_metBy","args":[{"property":"a"},{"timestamp":"2010-02-10T05:29:20.073225Z"}]} | T_METBY(a, TIMESTAMP('2010-02-10T05:29:20.073225Z'))
      {"op":"t_before","args":[{"property":"built"},{"date":"2015-01-01"}]} | T_BEFORE(built, DATE('2015-01-01'))
      {"op":"a_containedBy","args":[{"property":"values"},["a","b","c"]]} | A_CONTAINEDBY("values", ('a', 'b', 'c'))
      {"op":"a_overlaps","args":[{"property":"values"},[{"timestamp":"2012-08-10T05:30:00Z"},{"date":"2010-02-10"},false]]} | A_OVERLAPS("values", (TIMESTAMP('2012-08-10T05:30:00Z'), DATE('2010-02-10'), FALSE))
      {"op":"=","args":[{"op":"casei","args":[{"property":"owner"}]},{"op":"casei","args":["somebody else"]}]} | CASEI("owner") = CASEI('somebody else')
      {"op":"=","args":[{"op":"accenti","args":[{"property":"owner"}]},{"op":"accenti","args":["Beyoncé"]}]} | ACCENTI("owner") = ACCENTI('Beyoncé')
      {"op":">","args":[{"property":"value"},{"op":"+","args":[{"property":"foo"},10]}]} | "value" > ("foo" + 10)
      {"op":"=","args":[0,{"op":"%","args":[{"property":"foo"},2]}]} | 0 = ("foo" % 2)
      {"op":"=","args":[1,{"op":"div","args":[{"property":"foo"},2]}]} | 1 = ("foo" div 2)
      {"op":"<=","args":[{"property":"value"},{"op":"^","args":[2,{"property":"foo"}]}]} | "value" <= (2 ^ "foo")
      {"op":"=","args":[{"op":"Foo","args":[{"property":"geometry"}]},true]} | Foo("geometry") = TRUE
      """)
  void jsonMatchesText(String json, String text) throws Exception {
    same(json, text);
  }

  @Test
  void operatorNamesAreCaseInsensitiveOnInput() throws Exception {
    same("{\"op\":\"AND\",\"args\":[{\"op\":\"IsNull\",\"args\":[{\"property\":\"a\"}]},"
        + "{\"op\":\"S_INTERSECTS\",\"args\":[{\"property\":\"g\"},{\"bbox\":[0,0,1,1]}]}]}",
        "a IS NULL AND S_INTERSECTS(g, BBOX(0, 0, 1, 1))");
    same("{\"op\":\"t_metby\",\"args\":[{\"property\":\"a\"},{\"date\":\"2020-01-01\"}]}", "T_METBY(a, DATE('2020-01-01'))");
  }

  @Test
  void outputUsesTheSchemaSpelling() {
    assertThat(Cql2.parseText("a IS NULL AND T_METBY(a, b) AND A_CONTAINEDBY(x, ('a'))").toJson()).isEqualTo(
        "{\"op\":\"and\",\"args\":[{\"op\":\"isNull\",\"args\":[{\"property\":\"a\"}]},"
            + "{\"op\":\"t_metBy\",\"args\":[{\"property\":\"a\"},{\"property\":\"b\"}]},"
            + "{\"op\":\"a_containedBy\",\"args\":[{\"property\":\"x\"},[\"a\"]]}]}");
    assertThat(Cql2.parseText("T_INTERSECTS(datetime, INTERVAL('2020-01-01', '..'))").toJson()).isEqualTo(
        "{\"op\":\"t_intersects\",\"args\":[{\"property\":\"datetime\"},{\"interval\":[\"2020-01-01\",\"..\"]}]}");
  }

  @Test
  void topLevelBoolean() {
    assertThat(Cql2.parseJson("true")).isEqualTo(new BooleanLiteral(true));
  }

  @Test
  void geoJsonGeometries() throws Exception {
    String polygon = "{\"type\":\"Polygon\",\"coordinates\":[[[-10,-10],[10,-10],[10,10],[-10,-10]]]}";
    Filter f = Cql2.parseJson("{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"}," + polygon + "]}");
    assertThat(f).isEqualTo(new SpatialPredicate(SpatialOp.INTERSECTS, new Property("geometry"),
        new GeometryLiteral(Geometries.fromWkt("POLYGON ((-10 -10, 10 -10, 10 10, -10 -10))"))));
    same("{\"op\":\"s_equals\",\"args\":[{\"type\":\"GeometryCollection\",\"geometries\":[{\"type\":\"Point\","
        + "\"coordinates\":[1.9,2.00001]},{\"type\":\"LineString\",\"coordinates\":[[0,0],[1,1]]}]},{\"property\":\"g\"}]}",
        "S_EQUALS(GEOMETRYCOLLECTION (POINT (1.9 2.00001), LINESTRING (0 0, 1 1)), g)");
    same("{\"op\":\"s_crosses\",\"args\":[{\"property\":\"g\"},{\"type\":\"MultiPolygon\",\"coordinates\":"
        + "[[[[0,0],[1,0],[1,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,5]]]]}]}",
        "S_CROSSES(g, MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5))))");
  }

  @Test
  void numbersKeepTheirKind() {
    Filter f = Cql2.parseJson("{\"op\":\"in\",\"args\":[{\"property\":\"a\"},[5,5.0,12345678901234567890,1e300]]}");
    assertThat(((Filter.In) f).list()).containsExactly(new NumberLiteral(5L), new NumberLiteral(5.0),
        new NumberLiteral(1.2345678901234567e19), new NumberLiteral(1e300));
    assertThat(Cql2.parseJson(f.toJson())).isEqualTo(f);
  }

  @Test
  void draftForms() {
    assertThat(Cql2.parseJson("{\"op\":\"between\",\"args\":[{\"property\":\"a\"},[1,2]]}"))
        .isEqualTo(new Between(new Property("a"), new NumberLiteral(1L), new NumberLiteral(2L)));
    assertThat(Cql2.parseJson("{\"op\":\"=\",\"args\":[{\"casei\":{\"property\":\"a\"}},{\"casei\":\"X\"}]}"))
        .isEqualTo(Cql2.parseText("CASEI(a) = CASEI('X')"));
    assertThat(Cql2.parseJson("{\"op\":\"and\",\"args\":[{\"op\":\"=\",\"args\":[{\"property\":\"a\"},1]}]}"))
        .isEqualTo(Cql2.parseText("a = 1"));
  }

  @Test
  void bboxWithElevations() throws Exception {
    same("{\"op\":\"s_intersects\",\"args\":[{\"property\":\"geometry\"},{\"bbox\":[-128.1,-1.1,-99999.0,180.0,90.0,100000.0]}]}",
        "S_INTERSECTS(geometry, BBOX(-128.1, -1.1, -99999.0, 180.0, 90.0, 100000.0))");
    BboxLiteral b = new BboxLiteral(java.util.List.of(-128.1, -1.1, -99999.0, 180.0, 90.0, 100000.0));
    assertThat(b.west()).isEqualTo(-128.1);
    assertThat(b.east()).isEqualTo(180.0);
    assertThat(b.north()).isEqualTo(90.0);
  }

  @Test
  void filterLang() {
    Filter text = Cql2.parse("a = 1", "cql2-text");
    assertThat(Cql2.parse("{\"op\":\"=\",\"args\":[{\"property\":\"a\"},1]}", "CQL2-JSON")).isEqualTo(text);
    assertThat(Cql2.parse(" {\"op\":\"=\",\"args\":[{\"property\":\"a\"},1]}", null)).isEqualTo(text);
    assertThat(Cql2.parse("a = 1", null)).isEqualTo(text);
    assertThatThrownBy(() -> Cql2.parse("a = 1", "ecql")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unknown filter-lang 'ecql' (expected cql2-text or cql2-json)");
  }
}
