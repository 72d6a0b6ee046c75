package io.swath.core.filter;

import io.swath.core.geo.BoundingBox;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.core.geo.Geometries;
import io.swath.core.schema.DatasetKind;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import io.swath.core.table.ByteSink;
import io.swath.core.table.RowCodec;
import io.swath.core.time.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BoundFilterTest {
  static final Schema SCHEMA = Schema.forKind(DatasetKind.SPATIOTEMPORAL, List.of(
      Field.of("cloud_cover", FieldType.FLOAT64),
      Field.of("platform", FieldType.STRING),
      Field.of("path", FieldType.INT64),
      Field.arrayOf("tags", FieldType.STRING),
      Field.of("start_datetime", FieldType.TIMESTAMP),
      Field.of("end_datetime", FieldType.TIMESTAMP),
      Field.of("flag", FieldType.BOOL),
      Field.of("scene", FieldType.UUID),
      Field.of("exposure", FieldType.DURATION),
      Field.of("title", FieldType.STRING),
      Field.of("assets", FieldType.JSON),
      Field.arrayOf("counts", FieldType.INT64),
      Field.of("eo:cloud_cover", FieldType.FLOAT64)));

  static final Instant T0 = Instant.parse("2020-01-15T10:30:00Z");
  static final UUID ID = UUID.fromString("fa7e1920-9107-422d-a3db-c468cbc5d6df");

  /** A row with the given field values (by name), time T0, id ID and collection "L1T". */
  static Row row(Object... nameValues) {
    return rowAt(T0, nameValues);
  }

  static Row rowAt(Instant time, Object... nameValues) {
    Object[] values = new Object[SCHEMA.size()];
    for (int i = 0; i < nameValues.length; i += 2) {
      int at = SCHEMA.indexOf((String) nameValues[i]);
      assertThat(at).as("field %s", nameValues[i]).isNotNegative();
      values[at] = nameValues[i + 1];
    }
    return Row.of(values, Times.micros(time), ID, Times.micros(time.plusSeconds(3600)), "L1T");
  }

  static BoundFilter bind(String text) {
    BoundFilter text1 = Cql2.parseText(text).bind(SCHEMA);
    assertThat(Cql2.bind(Cql2.parseJson(text1.filter().toJson()), SCHEMA).filter()).isEqualTo(text1.filter());
    return text1;
  }

  static Boolean eval(String filter, Row row) {
    BoundFilter f = bind(filter);
    Boolean result = f.evaluate(row);
    assertThat(f.test(row)).isEqualTo(Boolean.TRUE.equals(result));
    return result;
  }

  // ---- evaluation

  @Test
  void numbers() {
    assertThat(eval("cloud_cover < 20", row("cloud_cover", 10.0))).isTrue();
    assertThat(eval("cloud_cover < 20", row("cloud_cover", 30.0))).isFalse();
    assertThat(eval("20 > cloud_cover", row("cloud_cover", 10.0))).isTrue();
    assertThat(eval("cloud_cover = 10", row("cloud_cover", 10.0))).isTrue();
    assertThat(eval("path = 5.0", row("path", 5L))).isTrue();
    assertThat(eval("path > 4.5", row("path", 5L))).isTrue();
    assertThat(eval("path < 5.5 AND path >= 5", row("path", 5L))).isTrue();
    assertThat(eval("path = 9007199254740993", row("path", 9007199254740993L))).isTrue();
    assertThat(eval("path = 9007199254740993", row("path", 9007199254740992L))).isFalse();
    assertThat(eval("path = 9007199254740992.0", row("path", 9007199254740993L))).isFalse();
    assertThat(eval("cloud_cover <> 1", row("cloud_cover", 2.0))).isTrue();
    assertThat(eval("cloud_cover = 0", row("cloud_cover", -0.0))).isTrue();
    assertThat(eval("cloud_cover > 1e308", row("cloud_cover", Double.NaN))).isTrue();
    assertThat(eval("cloud_cover > path", row("cloud_cover", 5.5, "path", 5L))).isTrue();
    assertThat(eval("\"eo:cloud_cover\" BETWEEN 0 AND 50", row("eo:cloud_cover", 50.0))).isTrue();
    assertThat(eval("eo:cloud_cover BETWEEN 0 AND 50", row("eo:cloud_cover", 50.5))).isFalse();
    assertThat(eval("path IN (1, 5, 7.5)", row("path", 5L))).isTrue();
    assertThat(eval("path IN (1, 5.0)", row("path", 5L))).isTrue();
    assertThat(eval("path IN (1, 7.5)", row("path", 5L))).isFalse();
    assertThat(eval("cloud_cover IN (1, 5)", row("cloud_cover", 5.0))).isTrue();
  }

  @Test
  void arithmetic() {
    assertThat(eval("cloud_cover * 2 > 30", row("cloud_cover", 16.0))).isTrue();
    assertThat(eval("path div 2 = 2", row("path", 5L))).isTrue();
    assertThat(eval("path % 2 = 1", row("path", 5L))).isTrue();
    assertThat(eval("path / 2 = 2.5", row("path", 5L))).isTrue();
    assertThat(eval("path ^ 2 = 25", row("path", 5L))).isTrue();
    assertThat(eval("-path = -5", row("path", 5L))).isTrue();
    assertThat(eval("path + 9223372036854775807 > 0", row("path", 5L))).isTrue();
    assertThat(eval("path - cloud_cover = 0.5", row("path", 5L, "cloud_cover", 4.5))).isTrue();
    assertThat(eval("path / cloud_cover > 0", row("path", 5L, "cloud_cover", 0.0))).isNull();
    assertThat(eval("path div cloud_cover > 0", row("path", 5L, "cloud_cover", 0.0))).isNull();
    assertThat(eval("path + cloud_cover > 0", row("path", 5L))).isNull();
  }

  @Test
  void threeValuedLogic() {
    Row noCloud = row("platform", "landsat-8");
    assertThat(eval("cloud_cover < 20", noCloud)).isNull();
    assertThat(eval("NOT (cloud_cover < 20)", noCloud)).isNull();
    assertThat(eval("cloud_cover < 20 OR platform = 'landsat-8'", noCloud)).isTrue();
    assertThat(eval("cloud_cover < 20 OR platform = 'sentinel-2'", noCloud)).isNull();
    assertThat(eval("cloud_cover < 20 AND platform = 'sentinel-2'", noCloud)).isFalse();
    assertThat(eval("cloud_cover < 20 AND platform = 'landsat-8'", noCloud)).isNull();
    assertThat(eval("cloud_cover IS NULL", noCloud)).isTrue();
    assertThat(eval("cloud_cover IS NOT NULL", noCloud)).isFalse();
    assertThat(eval("NOT (cloud_cover IS NULL)", row("cloud_cover", 1.0))).isTrue();
    assertThat(eval("cloud_cover IN (1, 2)", noCloud)).isNull();
    assertThat(eval("platform IN ('a', 'b')", row())).isNull();
    assertThat(eval("platform NOT IN ('a', 'b')", row())).isNull();
    assertThat(eval("platform LIKE 'a%'", row())).isNull();
    assertThat(eval("cloud_cover BETWEEN 1 AND 2", noCloud)).isNull();
    assertThat(eval("(cloud_cover < 20) IS NULL", noCloud)).isTrue();
    assertThat(eval("(cloud_cover < 20) = FALSE", noCloud)).isNull();
    assertThat(eval("TRUE", noCloud)).isTrue();
    assertThat(eval("NOT TRUE", noCloud)).isFalse();
  }

  @Test
  void text() {
    Row r = row("platform", "landsat-8", "title", "Débárquér à Paris");
    assertThat(eval("platform = 'landsat-8'", r)).isTrue();
    assertThat(eval("platform < 'm'", r)).isTrue();
    assertThat(eval("platform IN ('landsat-8','landsat-9')", r)).isTrue();
    assertThat(eval("platform IN ('landsat-7','landsat-9')", r)).isFalse();
    assertThat(eval("CASEI(platform) = CASEI('LANDSAT-8')", r)).isTrue();
    assertThat(eval("CASEI(platform) IN (CASEI('Landsat-8'), 'x')", r)).isTrue();
    assertThat(eval("ACCENTI(title) = ACCENTI('Debarquer a Paris')", r)).isTrue();
    assertThat(eval("CASEI(ACCENTI(title)) LIKE CASEI('%PARIS')", r)).isTrue();
    assertThat(eval("CASEI(title) = CASEI('STRASSE')", row("title", "Straße"))).isTrue();
    assertThat(eval("collection = 'L1T'", r)).isTrue();
  }

  @Test
  void likeMatchesATimestampAsItsRfc3339Text() {
    Row r = rowAt(T0, "start_datetime", Instant.parse("2025-07-31T14:13:59.775Z"));
    assertThat(eval("start_datetime LIKE '2025-07%'", r)).isTrue();
    assertThat(eval("start_datetime LIKE '%T14:13:59.775Z'", r)).isTrue();
    assertThat(eval("start_datetime LIKE '2025-08%'", r)).isFalse();
    assertThat(eval("NOT start_datetime LIKE '2025-08%'", r)).isTrue();
    assertThat(eval("start_datetime LIKE '2025%'", row())).isNull();
    assertThat(eval("time LIKE '2020-01-15T10:30:00Z'", r)).isTrue();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      LC08%         | LC08_L2SP_044034 | true
      LC08%         | LE07_L2SP_044034 | false
      %L2SP%        | LC08_L2SP_044034 | true
      %034          | LC08_L2SP_044034 | true
      %035          | LC08_L2SP_044034 | false
      LC0_\\_L2SP%  | LC08_L2SP_044034 | true
      LC0_\\_L2SP%  | LC08XL2SP_044034 | false
      LC08_L2SP_044034 | LC08_L2SP_044034 | true
      LC08          | LC08_L2SP_044034 | false
      100\\%        | 100%             | true
      100\\%        | 1000             | false
      %             |                  | true
      _             |                  | false
      a%b%c         | aXXbYYc          | true
      a%b%c         | aXXcYYb          | false
      .*            | anything         | false
      """)
  void like(String pattern, String value, boolean expected) {
    assertThat(eval("platform LIKE '" + pattern.replace("'", "''") + "'", row("platform", value == null ? "" : value)))
        .isEqualTo(expected);
  }

  @Test
  void timestamps() {
    Row r = row("start_datetime", Instant.parse("2020-01-01T00:00:00Z"), "end_datetime", Instant.parse("2020-01-31T12:00:00Z"));
    assertThat(eval("datetime >= TIMESTAMP('2020-01-01T00:00:00Z') AND datetime < TIMESTAMP('2020-02-01T00:00:00Z')", r))
        .isTrue();
    assertThat(eval("time = TIMESTAMP('2020-01-15T10:30:00Z')", r)).isTrue();
    assertThat(eval("time > '2020-01-15T10:29:59.999999Z'", r)).isTrue();
    assertThat(eval("datetime = DATE('2020-01-15')", r)).isTrue();
    assertThat(eval("datetime <= DATE('2020-01-15')", r)).isTrue();
    assertThat(eval("datetime < DATE('2020-01-15')", r)).isFalse();
    assertThat(eval("datetime > DATE('2020-01-14')", r)).isTrue();
    assertThat(eval("datetime > '2020-01-15'", r)).isFalse();
    assertThat(eval("datetime >= '2020-01-15'", r)).isTrue();
    assertThat(eval("datetime BETWEEN '2020-01-01' AND '2020-01-15'", r)).isTrue();
    assertThat(eval("datetime IN (DATE('2020-01-15'), DATE('2021-01-01'))", r)).isTrue();
    assertThat(eval("ingestion_time = TIMESTAMP('2020-01-15T11:30:00Z')", r)).isTrue();
    assertThat(eval("end_datetime > start_datetime", r)).isTrue();
    assertThat(eval("end_datetime > TIMESTAMP('2020-02-01T00:00:00Z')", r)).isFalse();
    assertThat(eval("end_datetime > TIMESTAMP('2020-02-01T00:00:00Z')", row())).isNull();
  }

  @Test
  void aStringComparedWithATimeIsReadAsOne() {
    // as text with text
    assertThat(eval("title < '2020-02'", row("title", "2020-01-15T10:30:00.5+01:00"))).isTrue();
    assertThat(eval("title = 'no time'", row("title", "2020-01-15T10:30:00Z"))).isFalse();
    // as a time with a time, whatever its offset, case or fraction
    assertThat(eval("title >= TIMESTAMP('2020-01-15T09:30:00Z')", row("title", "2020-01-15t10:30:00.5+01:00"))).isTrue();
    assertThat(eval("title > TIMESTAMP('2020-01-15T09:30:00.5Z')", row("title", "2020-01-15T10:30:00.5+01:00"))).isFalse();
    assertThat(eval("title = TIMESTAMP('2020-01-15T09:30:00.5Z')", row("title", "2020-01-15T09:30:00.500000z"))).isTrue();
    assertThat(eval("title < DATE('2020-01-16')", row("title", "2020-01-15T23:00:00Z"))).isTrue();
    assertThat(eval("title BETWEEN TIMESTAMP('2020-01-01T00:00:00Z') AND TIMESTAMP('2020-02-01T00:00:00Z')",
        row("title", "2020-01-15T23:00:00Z"))).isTrue();
    assertThat(eval("T_AFTER(title, TIMESTAMP('2020-01-01T00:00:00Z'))", row("title", "2020-01-15T23:00:00Z"))).isTrue();
    assertThat(eval("T_DURING(title, INTERVAL('2020-01-01', '2020-01-10'))", row("title", "2020-01-15T23:00:00Z"))).isFalse();
    assertThat(eval("datetime < title", row("title", "2020-01-15T10:30:01Z"))).isTrue();
    // text that is no time (a date alone, no offset) is null: unknown, not false
    assertThat(eval("title > TIMESTAMP('2020-01-01T00:00:00Z')", row("title", "2020-01-15"))).isNull();
    assertThat(eval("title > TIMESTAMP('2020-01-01T00:00:00Z')", row("title", "2020-01-15T10:00:00"))).isNull();
    assertThat(eval("NOT (title > TIMESTAMP('2020-01-01T00:00:00Z'))", row("title", "soon"))).isNull();
    assertThat(eval("title > TIMESTAMP('2020-01-01T00:00:00Z')", row())).isNull();
  }

  @Test
  void timestampsBetweenTwoMicrosecondsCompareAsWritten() {
    Row r = row(); // datetime T0 = 2020-01-15T10:30:00Z
    String x = "TIMESTAMP('2020-01-15T10:30:00.000000001Z')";
    assertThat(eval("datetime < " + x, r)).isTrue();
    assertThat(eval("datetime <= " + x, r)).isTrue();
    assertThat(eval("datetime = " + x, r)).isFalse();
    assertThat(eval("datetime <> " + x, r)).isTrue();
    assertThat(eval("datetime > " + x, r)).isFalse();
    assertThat(eval("datetime >= " + x, r)).isFalse();
    assertThat(eval(x + " > datetime", r)).isTrue();
    assertThat(eval(x + " <= datetime", r)).isFalse();
    assertThat(range("datetime = " + x).startMicros()).isEqualTo(range("datetime = " + x).endMicros());
    assertThat(range("datetime < " + x).endMicros()).isEqualTo(Times.micros(T0) + 1);
  }

  @Test
  void temporalFunctions() {
    Row r = row("start_datetime", Instant.parse("2020-01-10T00:00:00Z"), "end_datetime", Instant.parse("2020-01-20T00:00:00Z"));
    assertThat(eval("T_INTERSECTS(datetime, INTERVAL('2020-01-01T00:00:00Z','2020-02-01T00:00:00Z'))", r)).isTrue();
    assertThat(eval("T_INTERSECTS(datetime, INTERVAL('2020-01-16T00:00:00Z','..'))", r)).isFalse();
    assertThat(eval("T_INTERSECTS(datetime, INTERVAL('..', '2020-01-15'))", r)).isTrue();
    assertThat(eval("T_INTERSECTS(datetime, DATE('2020-01-15'))", r)).isTrue();
    assertThat(eval("T_BEFORE(datetime, '2020-01-16')", r)).isTrue();
    assertThat(eval("T_AFTER(datetime, INTERVAL('2020-01-01', '2020-01-14'))", r)).isTrue();
    assertThat(eval("T_DURING(datetime, INTERVAL(start_datetime, end_datetime))", r)).isTrue();
    assertThat(eval("T_DURING(INTERVAL(start_datetime, end_datetime), INTERVAL('2020-01-01', '2020-01-31'))", r)).isTrue();
    assertThat(eval("T_CONTAINS(INTERVAL(start_datetime, end_datetime), datetime)", r)).isTrue();
    assertThat(eval("T_STARTS(INTERVAL(start_datetime, end_datetime), INTERVAL('2020-01-10T00:00:00Z', '..'))", r)).isTrue();
    assertThat(eval("T_STARTEDBY(INTERVAL('2020-01-10T00:00:00Z', '2020-02-01'), INTERVAL(start_datetime, end_datetime))", r))
        .isTrue();
    assertThat(eval("T_FINISHES(INTERVAL(start_datetime, end_datetime), INTERVAL('..', '2020-01-20T00:00:00Z'))", r)).isTrue();
    assertThat(eval("T_FINISHEDBY(INTERVAL('2020-01-01', '2020-01-20T00:00:00Z'), INTERVAL(start_datetime, end_datetime))", r))
        .isTrue();
    assertThat(eval("T_MEETS(INTERVAL(start_datetime, end_datetime), INTERVAL('2020-01-20T00:00:00Z', '..'))", r)).isTrue();
    assertThat(eval("T_METBY(INTERVAL(start_datetime, end_datetime), INTERVAL('..', '2020-01-10T00:00:00Z'))", r)).isTrue();
    assertThat(eval("T_OVERLAPS(INTERVAL(start_datetime, end_datetime), INTERVAL('2020-01-15', '2020-01-25'))", r)).isTrue();
    assertThat(eval("T_OVERLAPPEDBY(INTERVAL(start_datetime, end_datetime), INTERVAL('2020-01-05', '2020-01-15'))", r))
        .isTrue();
    assertThat(eval("T_EQUALS(INTERVAL(start_datetime, end_datetime), "
        + "INTERVAL('2020-01-10T00:00:00Z', '2020-01-20T00:00:00Z'))", r)).isTrue();
    assertThat(eval("T_DISJOINT(datetime, INTERVAL('2020-02-01', '..'))", r)).isTrue();
    assertThat(eval("T_EQUALS(datetime, TIMESTAMP('2020-01-15T10:30:00Z'))", r)).isTrue();
    assertThat(eval("T_INTERSECTS(INTERVAL(start_datetime, end_datetime), DATE('2020-01-01'))", row("start_datetime",
        Instant.parse("2020-01-10T00:00:00Z")))).isNull();
    assertThat(eval("T_AFTER(start_datetime, DATE('2020-01-01'))", row())).isNull();
  }

  @Test
  void spatial() {
    Row inside = row("geometry", Geometries.fromWkt("POLYGON ((1 1, 2 1, 2 2, 1 2, 1 1))"));
    Row outside = row("geometry", Geometries.fromWkt("POINT (50 50)"));
    String square = "POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))";
    assertThat(eval("S_INTERSECTS(geometry, " + square + ")", inside)).isTrue();
    assertThat(eval("S_INTERSECTS(geometry, " + square + ")", outside)).isFalse();
    assertThat(eval("S_INTERSECTS(" + square + ", geometry)", inside)).isTrue();
    assertThat(eval("S_INTERSECTS(geometry, " + square + ")", row())).isNull();
    assertThat(eval("S_WITHIN(geometry, " + square + ")", inside)).isTrue();
    assertThat(eval("S_WITHIN(" + square + ", geometry)", inside)).isFalse();
    assertThat(eval("S_CONTAINS(" + square + ", geometry)", inside)).isTrue();
    assertThat(eval("S_CONTAINS(geometry, POINT(1.5 1.5))", inside)).isTrue();
    assertThat(eval("S_DISJOINT(geometry, " + square + ")", outside)).isTrue();
    assertThat(eval("S_EQUALS(geometry, POLYGON((2 2, 1 2, 1 1, 2 1, 2 2)))", inside)).isTrue();
    assertThat(eval("S_TOUCHES(geometry, POLYGON((2 1, 3 1, 3 2, 2 2, 2 1)))", inside)).isTrue();
    assertThat(eval("S_OVERLAPS(geometry, POLYGON((1.5 1.5, 3 1.5, 3 3, 1.5 3, 1.5 1.5)))", inside)).isTrue();
    assertThat(eval("S_CROSSES(geometry, LINESTRING(0 1.5, 3 1.5))", inside)).isTrue();
    assertThat(eval("S_INTERSECTS(geometry, BBOX(0, 0, 10, 10))", inside)).isTrue();
    assertThat(eval("S_INTERSECTS(geometry, GEOMETRYCOLLECTION(POINT(1.5 1.5), LINESTRING(40 40, 41 41)))", inside)).isTrue();
    assertThat(eval("S_CROSSES(geometry, GEOMETRYCOLLECTION(POINT(70 70), LINESTRING(0 1.5, 3 1.5)))", inside)).isTrue();
    assertThat(eval("S_INTERSECTS(POINT(1 1), " + square + ")", inside)).isTrue();
    // a box crossing the antimeridian covers 170..180 and -180..-170
    Row fiji = row("geometry", Geometries.fromWkt("POINT (178 -17)"));
    Row samoa = row("geometry", Geometries.fromWkt("POINT (-172 -14)"));
    Row africa = row("geometry", Geometries.fromWkt("POINT (20 0)"));
    assertThat(eval("S_INTERSECTS(geometry, BBOX(170, -20, -170, -10))", fiji)).isTrue();
    assertThat(eval("S_INTERSECTS(geometry, BBOX(170, -20, -170, -10))", samoa)).isTrue();
    assertThat(eval("S_INTERSECTS(geometry, BBOX(170, -20, -170, -10))", africa)).isFalse();
  }

  @Test
  void arrays() {
    Row r = row("tags", List.of("a", "b", "c"), "counts", List.of(1L, 2L));
    assertThat(eval("A_CONTAINS(tags, ('a', 'b'))", r)).isTrue();
    assertThat(eval("A_CONTAINS(tags, ('a', 'x'))", r)).isFalse();
    assertThat(eval("A_CONTAINEDBY(tags, ('a', 'b', 'c', 'd'))", r)).isTrue();
    assertThat(eval("A_CONTAINEDBY(tags, ('a', 'b'))", r)).isFalse();
    assertThat(eval("A_EQUALS(tags, ('c', 'b', 'a', 'a'))", r)).isTrue();
    assertThat(eval("A_EQUALS(tags, ('a', 'b'))", r)).isFalse();
    assertThat(eval("A_OVERLAPS(tags, ('x', 'c'))", r)).isTrue();
    assertThat(eval("A_OVERLAPS(tags, ('x', 'y'))", r)).isFalse();
    assertThat(eval("A_OVERLAPS(('x', 'c'), tags)", r)).isTrue();
    assertThat(eval("A_CONTAINS(counts, (2.0))", r)).isTrue();
    assertThat(eval("A_CONTAINS(tags, (platform))", row("tags", List.of("a"), "platform", "a"))).isTrue();
    assertThat(eval("A_CONTAINS(tags, ())", r)).isTrue();
    assertThat(eval("A_CONTAINS(tags, ('a'))", row())).isNull();
  }

  @Test
  void otherTypes() {
    Row r = row("flag", true, "scene", ID, "exposure", Duration.ofMillis(1500));
    assertThat(eval("flag = TRUE", r)).isTrue();
    assertThat(eval("flag <> TRUE", r)).isFalse();
    assertThat(eval("scene = 'fa7e1920-9107-422d-a3db-c468cbc5d6df'", r)).isTrue();
    assertThat(eval("scene IN ('fa7e1920-9107-422d-a3db-c468cbc5d6df', '00000000-0000-0000-0000-000000000000')", r)).isTrue();
    assertThat(eval("id = 'fa7e1920-9107-422d-a3db-c468cbc5d6df'", r)).isTrue();
    assertThat(eval("\"id\" <> 'fa7e1920-9107-422d-a3db-c468cbc5d6df'", r)).isFalse();
    assertThat(eval("id = scene", r)).isTrue();
    assertThat(eval("exposure > 'PT1S'", r)).isTrue();
    assertThat(eval("exposure < 'PT1S'", r)).isFalse();
    assertThat(eval("assets IS NULL", r)).isTrue();
  }

  @Test
  void rowsDecodedByRowCodec() {
    Object[] values = new Object[SCHEMA.size()];
    values[SCHEMA.indexOf("geometry")] = Geometries.fromWkt("POINT (5 5)");
    values[SCHEMA.indexOf("cloud_cover")] = 12.5;
    values[SCHEMA.indexOf("path")] = 44L;
    values[SCHEMA.indexOf("tags")] = List.of("oli", "tirs");
    values[SCHEMA.indexOf("start_datetime")] = Instant.parse("2020-01-01T00:00:00Z");
    values[SCHEMA.indexOf("exposure")] = Duration.ofSeconds(2);
    ByteSink sink = new ByteSink(256);
    RowCodec.encode(SCHEMA, values, sink);
    Object[] decoded = RowCodec.decode(SCHEMA, sink.array(), 0, sink.size());
    Row r = Row.of(decoded, Times.micros(T0), ID, Times.micros(T0), "L2SP");
    assertThat(eval("S_INTERSECTS(geometry, BBOX(0, 0, 10, 10)) AND cloud_cover < 20 AND path = 44 "
        + "AND A_CONTAINS(tags, ('oli')) AND start_datetime < datetime AND exposure = 'PT2S' AND platform IS NULL", r))
        .isTrue();
  }

  // ---- binding errors

  private static void bindFails(String filter, String message) {
    assertThatThrownBy(() -> Cql2.parseText(filter).bind(SCHEMA)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("CQL2 filter: " + message);
  }

  @Test
  void unknownProperty() {
    bindFails("clod_cover < 20", "no field 'clod_cover' in this dataset (did you mean 'cloud_cover'?); fields are time, "
        + "datetime, id, ingestion_time, collection, geometry, cloud_cover, platform, path, tags, start_datetime, "
        + "end_datetime, flag, scene, exposure, title, assets, counts, eo:cloud_cover");
    assertThatThrownBy(() -> Cql2.parseText("xyzzy = 1").bind(SCHEMA)).hasMessageStartingWith(
        "CQL2 filter: no field 'xyzzy' in this dataset; fields are time, datetime, id,");
    Schema temporal = Schema.of(Field.of("cloud_cover", FieldType.FLOAT64));
    assertThatThrownBy(() -> Cql2.parseText("S_INTERSECTS(geometry, POINT(1 1))").bind(temporal)).hasMessage(
        "CQL2 filter: no field 'geometry' in this dataset; fields are time, datetime, id, ingestion_time, collection, "
            + "cloud_cover");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      cloud_cover = 'abc'                  | cloud_cover is float64, cannot compare with 'abc'
      'abc' = cloud_cover                  | cloud_cover is float64, cannot compare with 'abc'
      platform < 5                         | platform is string, cannot compare with 5
      platform = cloud_cover               | platform is string, cannot compare with cloud_cover (float64)
      time > 'abc'                         | time is timestamp, cannot compare with 'abc'
      datetime = 5                         | datetime is timestamp, cannot compare with 5
      id = 'not-a-uuid'                    | id is uuid, cannot compare with 'not-a-uuid'
      exposure > '5 minutes'               | exposure is duration, cannot compare with '5 minutes'
      flag = 1                             | flag is bool, cannot compare with 1
      cloud_cover IN (1, 'a')              | cloud_cover is float64, cannot compare with 'a'
      cloud_cover BETWEEN 'a' AND 5        | cloud_cover is float64, cannot compare with 'a'
      tags = 'a'                           | tags is string[]; compare arrays with A_EQUALS, A_CONTAINS, A_CONTAINEDBY or A_OVERLAPS
      geometry = POINT(1 1)                | geometry is geometry; compare geometries with the S_ functions (S_EQUALS, S_INTERSECTS, ...)
      assets = '{}'                        | assets is json, cannot compare with '{}'
      assets = assets                      | assets is json; json values can only be tested with IS NULL
      time = INTERVAL('2020-01-01', '..')  | INTERVAL('2020-01-01', '..') is an interval; compare intervals with the T_ functions (T_INTERSECTS, T_DURING, ...)
      cloud_cover LIKE '1%'                | LIKE needs text; cloud_cover is float64
      platform LIKE title                  | the pattern of LIKE must be a text literal (optionally in CASEI or ACCENTI), got title
      CASEI(cloud_cover) = 'a'             | CASEI needs text; cloud_cover is float64
      platform + 1 > 2                     | arithmetic (+) needs numbers; platform is string
      S_INTERSECTS(cloud_cover, POINT(1 1)) | S_INTERSECTS needs geometries; cloud_cover is float64
      T_AFTER(time, 'soon')                | T_AFTER needs timestamps, dates or intervals; 'soon' is string
      T_DURING(INTERVAL(platform, '..'), time) | the ends of INTERVAL(platform, '..') must be timestamps or dates; platform is string
      T_DURING(time, INTERVAL('2020-02-01', '2020-01-01')) | INTERVAL('2020-02-01', '2020-01-01') starts after it ends
      A_CONTAINS(platform, ('a'))          | A_CONTAINS needs arrays; platform is string
      A_CONTAINS(tags, (1, 2))             | tags is string[], cannot compare with 1
      A_OVERLAPS(tags, counts)             | A_OVERLAPS: tags is string[], cannot compare with counts (int64[])
      Foo(geometry)                        | function 'Foo' is not supported; Swath supports the CQL2 functions CASEI, ACCENTI and the S_, T_ and A_ predicates
      """)
  void typeErrors(String filter, String message) {
    bindFails(filter, message);
  }

  @Test
  void divisionByZero() {
    bindFails("cloud_cover > 1 / 0", "1 / 0 divides by zero");
    assertThat(eval("cloud_cover / 0 > 2", row("cloud_cover", 1.0))).isNull();
  }

  @Test
  void datetimeIsAnAliasUnlessTheSchemaHasIt() {
    Schema own = Schema.of(Field.of("datetime", FieldType.STRING));
    Row r = Row.of(new Object[] {"x"}, 0, ID, 0, "c");
    assertThat(Cql2.parseText("datetime = 'x'").bind(own).test(r)).isTrue();
    assertThat(Cql2.parseText("time = TIMESTAMP('1970-01-01T00:00:00Z')").bind(own).test(r)).isTrue();
  }

  // ---- pushdown

  static TimeRange range(String filter) {
    return bind(filter).timeRange().orElse(null);
  }

  static long us(String instant) {
    return Times.micros(Instant.parse(instant));
  }

  @Test
  void timeRange() {
    assertThat(range("datetime >= TIMESTAMP('2020-01-01T00:00:00Z') AND datetime < TIMESTAMP('2020-02-01T00:00:00Z') "
        + "AND cloud_cover < 20")).isEqualTo(new TimeRange(us("2020-01-01T00:00:00Z"), us("2020-02-01T00:00:00Z")));
    assertThat(range("T_INTERSECTS(datetime, INTERVAL('2020-01-01T00:00:00Z','2020-02-01T00:00:00Z'))"))
        .isEqualTo(new TimeRange(us("2020-01-01T00:00:00Z"), us("2020-02-01T00:00:00Z") + 1));
    assertThat(range("T_INTERSECTS(INTERVAL('2020-01-01','2020-01-31'), time)"))
        .isEqualTo(new TimeRange(us("2020-01-01T00:00:00Z"), us("2020-02-01T00:00:00Z")));
    assertThat(range("datetime BETWEEN '2020-01-01' AND '2020-01-31'"))
        .isEqualTo(new TimeRange(us("2020-01-01T00:00:00Z"), us("2020-02-01T00:00:00Z")));
    assertThat(range("time = DATE('2020-01-15')"))
        .isEqualTo(new TimeRange(us("2020-01-15T00:00:00Z"), us("2020-01-16T00:00:00Z")));
    assertThat(range("TIMESTAMP('2020-01-01T00:00:00Z') < time")).isEqualTo(new TimeRange(us("2020-01-01T00:00:00Z") + 1, null));
    assertThat(range("T_AFTER(datetime, INTERVAL('..', '2020-01-01T00:00:00Z')) AND (cloud_cover < 5 OR path = 1)"))
        .isEqualTo(new TimeRange(us("2020-01-01T00:00:00Z") + 1, null));
    assertThat(range("datetime IN (DATE('2020-01-15'), TIMESTAMP('2020-03-01T00:00:00Z'))"))
        .isEqualTo(new TimeRange(us("2020-01-15T00:00:00Z"), us("2020-03-01T00:00:00Z") + 1));
    assertThat(range("datetime > DATE('2020-02-01') AND datetime < DATE('2020-01-01')").isEmpty()).isTrue();
    assertThat(range("T_OVERLAPS(datetime, INTERVAL('2020-01-01', '2020-02-01'))").isEmpty()).isTrue();
    assertThat(range("datetime > DATE('2020-02-01') OR datetime < DATE('2020-01-01')")).isNull();
    assertThat(range("NOT (datetime < DATE('2020-01-01'))")).isNull();
    assertThat(range("T_DISJOINT(datetime, DATE('2020-01-01'))")).isNull();
    assertThat(range("start_datetime > DATE('2020-01-01')")).isNull();
    assertThat(range("datetime <> DATE('2020-01-01')")).isNull();
    assertThat(range("cloud_cover < 5")).isNull();
  }

  static BoundingBox box(String filter) {
    return bind(filter).boundingBox().orElse(null);
  }

  @Test
  void boundingBox() {
    assertThat(box("S_INTERSECTS(geometry, BBOX(5, 45, 10, 48)) AND cloud_cover < 20"))
        .isEqualTo(BoundingBox.of(5, 45, 10, 48));
    assertThat(box("S_INTERSECTS(POLYGON((0 0, 10 0, 10 5, 0 0)), geometry)")).isEqualTo(BoundingBox.of(0, 0, 10, 5));
    assertThat(box("S_WITHIN(geometry, BBOX(0, 0, 10, 10)) AND S_INTERSECTS(geometry, BBOX(5, -5, 20, 5))"))
        .isEqualTo(BoundingBox.of(5, 0, 10, 5));
    BoundingBox crossing = box("S_INTERSECTS(geometry, BBOX(170, -20, -170, -10))");
    assertThat(crossing).isEqualTo(BoundingBox.of(170, -20, -170, -10));
    assertThat(crossing.crossesAntimeridian()).isTrue();
    assertThat(box("S_DISJOINT(geometry, BBOX(5, 45, 10, 48))")).isNull();
    assertThat(box("S_INTERSECTS(geometry, BBOX(5, 45, 10, 48)) OR cloud_cover < 5")).isNull();
    assertThat(box("cloud_cover < 5")).isNull();
  }

  @Test
  void referencedFields() {
    BoundFilter f = bind("cloud_cover < 20 AND A_CONTAINS(tags, ('a')) AND datetime > '2020-01-01'");
    assertThat(f.referencedFields()).containsExactly(SCHEMA.indexOf("cloud_cover"), SCHEMA.indexOf("tags"));
    assertThat(f.toString()).isEqualTo("cloud_cover < 20 AND A_CONTAINS(tags, ('a')) AND datetime > '2020-01-01'");
    assertThat(f.schema()).isSameAs(SCHEMA);
  }

  @Test
  void boundFiltersAreSharedAcrossThreads() throws Exception {
    BoundFilter f = bind("S_INTERSECTS(geometry, POLYGON((0 0, 10 0, 10 10, 0 10, 0 0))) AND cloud_cover < 50");
    Map<Integer, Row> rows = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      rows.put(i, row("geometry", Geometries.fromWkt("POINT (" + (i % 20) + " 5)"), "cloud_cover", (double) (i % 100)));
    }
    List<Thread> threads = new java.util.ArrayList<>();
    java.util.concurrent.atomic.AtomicInteger matches = new java.util.concurrent.atomic.AtomicInteger();
    for (int t = 0; t < 4; t++) {
      threads.add(Thread.ofPlatform().start(() -> rows.values().forEach(r -> {
        if (f.test(r)) {
          matches.incrementAndGet();
        }
      })));
    }
    for (Thread t : threads) {
      t.join();
    }
    long expected = rows.values().stream().filter(f).count();
    assertThat(matches.get()).isEqualTo(4 * expected);
    assertThat(expected).isEqualTo(64);
  }
}
