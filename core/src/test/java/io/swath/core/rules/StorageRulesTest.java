package io.swath.core.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.core.filter.Cql2;
import io.swath.core.geo.BoundingBox;
import io.swath.core.geo.Geometries;
import io.swath.core.schema.DatasetKind;
import io.swath.core.schema.DatasetSlug;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import io.swath.core.table.ByteSink;
import io.swath.core.table.RowCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;

class StorageRulesTest {
  static long us(String instant) {
    Instant i = Instant.parse(instant);
    return Math.addExact(Math.multiplyExact(i.getEpochSecond(), 1_000_000L), i.getNano() / 1000);
  }

  @Test
  void datapointTimesRunFrom1970To9999() {
    StorageRules.checkDatapointTime(0);
    StorageRules.checkDatapointTime(us("9999-12-31T23:59:59.999999Z"));
    assertThat(StorageRules.MAX_DATAPOINT_TIME_US).isEqualTo(us("9999-12-31T23:59:59.999999Z"));
    // the id layout holds every allowed time
    assertThat(StorageRules.MAX_DATAPOINT_TIME_US).isLessThanOrEqualTo(io.swath.core.id.DatapointId.MAX_TIME_US);
    assertThatThrownBy(() -> StorageRules.checkDatapointTime(us("+10000-01-01T00:00:00Z")))
        .hasMessageContaining("+10000-01-01T00:00:00Z").hasMessageContaining("1970-01-01T00:00:00Z .. 9999-12-31");
    assertThatThrownBy(() -> StorageRules.checkDatapointTime(-1)).hasMessageContaining("1969-12-31T23:59:59.999999Z");
    assertThatThrownBy(() -> StorageRules.checkDatapointTime(Long.MAX_VALUE)).hasMessageContaining("outside the supported range");
  }

  @Test
  void timestampValuesRunFromYear1To9999() {
    StorageRules.checkTimestamp("seen", us("0001-01-01T00:00:00Z"));
    StorageRules.checkTimestamp("seen", us("9999-12-31T23:59:59.999999Z"));
    assertThatThrownBy(() -> StorageRules.checkTimestamp("seen", us("0001-01-01T00:00:00Z") - 1))
        .hasMessageStartingWith("field 'seen' (timestamp): ");
    assertThatThrownBy(() -> StorageRules.checkTimestamp("seen", Long.MIN_VALUE)).hasMessageContaining("0001-01-01");
  }

  @Test
  void coordinatesAreFiniteAndOnTheGlobe() {
    StorageRules.checkCoordinate(180, 90);
    StorageRules.checkCoordinate(-180, -90);
    assertThatThrownBy(() -> StorageRules.checkCoordinate(0, 90.0000001)).hasMessageContaining("latitude 90.0000001 outside [-90, 90]");
    assertThatThrownBy(() -> StorageRules.checkCoordinate(0, 464)).hasMessageContaining("latitude 464.0");
    assertThatThrownBy(() -> StorageRules.checkCoordinate(-180.5, 0)).hasMessageContaining("longitude -180.5 outside [-180, 180]");
    assertThatThrownBy(() -> StorageRules.checkCoordinate(Double.NaN, 0)).hasMessageContaining("not finite");
  }

  static byte[] encode(Schema schema, Object... values) {
    ByteSink out = new ByteSink(64);
    RowCodec.encode(schema, values, out);
    return out.toByteArray();
  }

  @Test
  void rowsAreCheckedValueByValue() {
    Schema s = Schema.forKind(DatasetKind.SPATIOTEMPORAL, List.of(Field.of("meta", FieldType.JSON),
        Field.arrayOf("parts", FieldType.GEOMETRY), Field.of("seen", FieldType.TIMESTAMP)));
    double[] env = new double[4];
    byte[] ok = encode(s, "POINT (10 20)", "{\"a\":[1,2]}", List.of("POINT (1 1)"), Instant.parse("2020-01-01T00:00:00Z"));
    assertThat(StorageRules.checkRow(s, ok, 0, ok.length, env)).isTrue();
    assertThat(env).containsExactly(10, 20, 10, 20);

    // raw WKB skips the SDK's normalization: the rules catch what it lets through
    byte[] offGlobe = Geometries.toWkb(Geometries.FACTORY.createPoint(new Coordinate(10, 464)));
    ByteSink raw = new ByteSink(64);
    raw.writeVarint(1);
    raw.write(0);
    raw.writeBytes(offGlobe);
    byte[] bad = raw.toByteArray();
    assertThatThrownBy(() -> StorageRules.checkRow(s, bad, 0, bad.length, env))
        .hasMessageStartingWith("field 'geometry': ").hasMessageContaining("latitude 464.0");

    ByteSink arr = new ByteSink(64);
    arr.writeVarint(3);
    arr.write(0b001); // geometry null
    arr.writeString("{}");
    arr.writeVarint(1);
    arr.writeBytes(offGlobe);
    byte[] badPart = arr.toByteArray();
    assertThatThrownBy(() -> StorageRules.checkRow(s, badPart, 0, badPart.length, env))
        .hasMessageStartingWith("field 'parts': ").hasMessageContaining("latitude 464.0");

    byte[] badJson = encode(s, null, "{\"a\":1}{}", null, null);
    // the SDK writes JSON text as given: the rules find the second value
    assertThatThrownBy(() -> StorageRules.checkRow(s, badJson, 0, badJson.length, env))
        .hasMessageContaining("field 'meta' (json) is not valid JSON: more than one value");
    byte[] deep = encode(s, null, "[".repeat(65) + "]".repeat(65), null, null);
    assertThatThrownBy(() -> StorageRules.checkRow(s, deep, 0, deep.length, env)).hasMessageContaining("more than 64 levels deep");
    byte[] deepOk = encode(s, null, "[".repeat(64) + "]".repeat(64), null, null);
    assertThat(StorageRules.checkRow(s, deepOk, 0, deepOk.length, env)).isFalse();

    byte[] late = encode(s, null, null, null, Instant.parse("+10000-01-01T00:00:00Z"));
    assertThatThrownBy(() -> StorageRules.checkRow(s, late, 0, late.length, env)).hasMessageStartingWith("field 'seen' (timestamp)");

    byte[] big = encode(s, null, "\"" + "x".repeat(StorageRules.MAX_ROW_BYTES) + "\"", null, null);
    assertThatThrownBy(() -> StorageRules.checkRow(s, big, 0, big.length, env)).hasMessageContaining("at most 1048576 bytes");
  }

  @Test
  void jsonMustBeOneValue() {
    StorageRules.checkJson("x", "1");
    StorageRules.checkJson("x", " {\"a\": [true, null, \"s\"]} ");
    assertThatThrownBy(() -> StorageRules.checkJson("x", "")).hasMessage("x is not valid JSON: it is empty");
    assertThatThrownBy(() -> StorageRules.checkJson("x", "{\"a\":")).hasMessageStartingWith("x is not valid JSON");
    assertThatThrownBy(() -> StorageRules.checkJson("x", "NaN")).hasMessageStartingWith("x is not valid JSON");
    assertThatThrownBy(() -> StorageRules.checkJson("x", "{\"a\": \"\u0000\"}")).hasMessageStartingWith("x is not valid JSON");
    assertThatThrownBy(() -> StorageRules.checkJson("x", "{\"a\":1}" + "[".repeat(10_000))).hasMessageContaining("more than one value");
    assertThatThrownBy(() -> StorageRules.checkJson("x", "[".repeat(10_000))).hasMessageContaining("64 levels");
  }

  @Test
  void schemasNamesAndDescriptions() {
    List<Field> many = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      many.add(Field.of("f" + i, FieldType.INT64));
    }
    assertThatCode(() -> Schema.forKind(DatasetKind.TEMPORAL, many)).doesNotThrowAnyException();
    many.add(Field.of("f1000", FieldType.INT64));
    assertThatThrownBy(() -> Schema.forKind(DatasetKind.TEMPORAL, many)).hasMessage("a dataset schema may have at most 1000 fields, got 1001");
    assertThatThrownBy(() -> Schema.forKind(DatasetKind.TEMPORAL, List.of(new Field("a", FieldType.INT64, false, "x\u0007"))))
        .hasMessage("the description of field 'a' contains control character U+0007 at index 1");

    StorageRules.checkDescription("dataset 'a.b'", "two\nlines\twith a tab\r\n");
    assertThatThrownBy(() -> StorageRules.checkDescription("dataset 'a.b'", "d".repeat(10_001)))
        .hasMessage("the description of dataset 'a.b' has 10001 characters; at most 10000 are allowed");

    assertThat(StorageRules.checkCollectionName("s2-l2a_v1.0")).isEqualTo("s2-l2a_v1.0");
    StorageRules.checkCollectionName("c".repeat(128));
    assertThatThrownBy(() -> StorageRules.checkCollectionName("c".repeat(129))).hasMessageContaining("at most 128 characters");
    assertThatThrownBy(() -> StorageRules.checkCollectionName("a\u0000b")).hasMessageContaining("'a\\u0000b'");
    assertThatThrownBy(() -> StorageRules.checkCollectionName("")).hasMessageContaining("''");

    // long values are cut in messages, so an error stays a short status
    String huge = "x".repeat(10_000);
    assertThatThrownBy(() -> StorageRules.checkCollectionName(huge)).message().hasSizeLessThan(300).contains("… (10000 characters)");
    assertThatThrownBy(() -> DatasetSlug.of("a." + huge)).message().hasSizeLessThan(400);
    assertThatThrownBy(() -> Field.of(huge, FieldType.INT64)).message().hasSizeLessThan(300);
    assertThat(StorageRules.echo("abc")).isEqualTo("'abc'");
    assertThat(StorageRules.echo(null)).isEqualTo("null");
  }

  @Test
  void jobsAndTasks() {
    StorageRules.checkJob("  nightly resize  ", "");
    StorageRules.checkJob("j".repeat(200), "k".repeat(256));
    assertThatThrownBy(() -> StorageRules.checkJob(" ", "")).hasMessage("job name must not be empty");
    assertThatThrownBy(() -> StorageRules.checkJob("j".repeat(201), "")).hasMessageContaining("at most 200 characters");
    assertThatThrownBy(() -> StorageRules.checkJob("j", "k".repeat(257))).hasMessageContaining("idempotency key")
        .hasMessageContaining("at most 256");
    StorageRules.checkTask("root task", "resize", "", "");
    StorageRules.checkTask("root task", "resize", "Resize", "{\"w\": 10}");
    assertThatThrownBy(() -> StorageRules.checkTask("root task", "resize", "d".repeat(201), "{}")).hasMessageContaining("display label");
    assertThatThrownBy(() -> StorageRules.checkTask("root task", "resize", "", "{")).hasMessageContaining("the input of root task ('resize')")
        .hasMessageContaining("not valid JSON");
    String big = "\"" + "é".repeat(StorageRules.MAX_TASK_INPUT_BYTES / 2) + "\"";
    assertThatThrownBy(() -> StorageRules.checkTask("subtask 3", "t", "", big)).hasMessageContaining("at most 1048576 (1 MiB)");
  }

  @Test
  void clampedBoxesAreAlwaysValid() {
    assertThat(BoundingBox.clamped(10, 20, 30, 464)).isEqualTo(BoundingBox.of(10, 20, 30, 90));
    assertThat(BoundingBox.clamped(-200, -300, 200, -100)).isEqualTo(BoundingBox.of(-180, -90, 180, -90));
    assertThat(BoundingBox.clamped(0, 50, 1, 10)).isEqualTo(BoundingBox.of(0, 10, 1, 50));
    assertThat(BoundingBox.clamped(Double.NaN, Double.NaN, Double.POSITIVE_INFINITY, Double.NaN)).isEqualTo(BoundingBox.WORLD);
    assertThat(BoundingBox.clamped(170, -10, -170, 10).crossesAntimeridian()).isTrue();
  }

  @Test
  void offTheGlobeFootprintsNeverMatchASpatialFilter() {
    var filter = io.swath.core.geo.SpatialFilter.intersects(BoundingBox.WORLD.toGeometry());
    assertThat(filter.test(Geometries.FACTORY.createPoint(new Coordinate(10, 464)))).isFalse();
    assertThat(filter.test(Geometries.FACTORY.createPoint(new Coordinate(10, 46)))).isTrue();
  }

  @Test
  void cql2NestingIsLimited() {
    String ok = "(".repeat(Cql2.MAX_NESTING - 1) + "a < 1" + ")".repeat(Cql2.MAX_NESTING - 1);
    assertThatCode(() -> Cql2.parseText(ok)).doesNotThrowAnyException();
    for (String deep : List.of("(".repeat(10_000) + "a < 1" + ")".repeat(10_000), "NOT ".repeat(10_000) + "a < 1",
        "a < " + "-".repeat(10_000) + "1", "a < " + "2 ^ ".repeat(10_000) + "1", "a IN " + "(".repeat(10_000) + "1" + ")".repeat(10_000))) {
      assertThatThrownBy(() -> Cql2.parseText(deep)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("nested more than 100 levels deep");
    }
    String jsonOk = "{\"op\":\"not\",\"args\":[".repeat(99) + "true" + "]}".repeat(99);
    assertThatCode(() -> Cql2.parseJson(jsonOk)).doesNotThrowAnyException();
    String jsonDeep = "{\"op\":\"not\",\"args\":[".repeat(150) + "true" + "]}".repeat(150);
    assertThatThrownBy(() -> Cql2.parseJson(jsonDeep)).hasMessageContaining("nested more than 100 operations deep");
    String jsonHuge = "{\"op\":\"not\",\"args\":[".repeat(10_000) + "true" + "]}".repeat(10_000);
    assertThatThrownBy(() -> Cql2.parseJson(jsonHuge)).isInstanceOf(IllegalArgumentException.class);
  }
}
