package io.swath.core.stac;

import static io.swath.core.stac.JsonAssert.assertSameJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import io.swath.core.table.ByteSink;
import io.swath.core.table.RowCodec;
import io.swath.core.table.RowValues;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Geometry;

class StacItemsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static ObjectNode item(String id, String properties) {
    try {
      return (ObjectNode) JSON.readTree("""
          {"type":"Feature","stac_version":"1.0.0","id":"%s","collection":"c1",
           "geometry":{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,1],[0,0]]]},
           "bbox":[0,0,1,1],"properties":%s,"links":[],"assets":{"a":{"href":"x.tif","n":1}}}
          """.formatted(id, properties));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode viaRow(JsonNode item, StacSchema stac) {
    RowValues dp = StacItems.toDatapoint(item, stac);
    ByteSink sink = new ByteSink(256);
    RowCodec.encode(stac.schema(), dp.values(), sink);
    Object[] decoded = RowCodec.decode(stac.schema(), sink.array(), 0, sink.size());
    return StacItems.toItem(dp.timeMicros(), decoded, stac);
  }

  static void assertRoundTrips(List<? extends JsonNode> items, StacSchema stac) {
    for (JsonNode it : items) {
      assertSameJson(it, viaRow(it, stac), it.path("id").asText());
    }
  }

  @Test
  void integerAndFloatPropertiesKeepTheirValues() {
    List<ObjectNode> items = List.of(
        item("a", "{\"datetime\":\"2020-01-01T00:00:00Z\",\"n\":1,\"x\":0,\"big\":9007199254740993}"),
        item("b", "{\"datetime\":\"2020-01-02T00:00:00Z\",\"n\":2,\"x\":2.5,\"big\":1}"));
    StacSchema stac = StacSchemas.infer(items);
    assertThat(stac.schema().find("n").orElseThrow().type()).isEqualTo(FieldType.INT64);
    assertThat(stac.schema().find("x").orElseThrow().type()).isEqualTo(FieldType.FLOAT64);
    assertThat(stac.schema().find("big").orElseThrow().type()).isEqualTo(FieldType.INT64);
    assertRoundTrips(items, stac);
    JsonNode a = viaRow(items.get(0), stac);
    assertThat(a.at("/properties/n").isIntegralNumber()).isTrue();
    assertThat(a.at("/properties/big").asLong()).isEqualTo(9007199254740993L);
    // an integer literal in a float64 field comes back as an integer
    assertThat(a.at("/properties/x").isIntegralNumber()).isTrue();
    assertThat(a.at("/properties/x").longValue()).isZero();
    assertThat(viaRow(items.get(1), stac).at("/properties/x").isFloatingPointNumber()).isTrue();
    // json fields keep integers as integers
    assertThat(a.at("/assets/a/n").isIntegralNumber()).isTrue();
  }

  @Test
  void integersInsideFloatArraysAndBboxStayIntegers() {
    ObjectNode a = item("a", "{\"datetime\":\"2020-01-01T00:00:00Z\",\"proj:transform\":[0.5,0,500000,0,-0.5,4000000]}");
    a.putArray("bbox").add(1).add(2.5).add(3).add(4);
    ObjectNode b = item("b", "{\"datetime\":\"2020-01-02T00:00:00Z\",\"proj:transform\":[0.5,0.0,500000.0,0.0,-0.5,4000000.0]}");
    b.putArray("bbox").add(1.0).add(2.5).add(3.0).add(4.0);
    List<ObjectNode> items = List.of(a, b);
    StacSchema stac = StacSchemas.infer(items);
    assertThat(stac.schema().find("proj:transform").orElseThrow().type()).isEqualTo(FieldType.FLOAT64);
    assertRoundTrips(items, stac);
    JsonNode back = viaRow(a, stac);
    assertThat(back.at("/properties/proj:transform/1").isIntegralNumber()).isTrue();
    assertThat(back.at("/properties/proj:transform/0").isFloatingPointNumber()).isTrue();
    assertThat(back.at("/bbox/0").isIntegralNumber()).isTrue();
    assertThat(viaRow(b, stac).at("/properties/proj:transform/1").isFloatingPointNumber()).isTrue();
    // the field still holds the numbers, for searching
    RowValues dp = StacItems.toDatapoint(a, stac);
    assertThat(dp.values()[stac.schema().indexOf("proj:transform")]).isEqualTo(List.of(0.5, 0.0, 500000.0, 0.0, -0.5, 4000000.0));
  }

  @Test
  void hugeIntegersMixedWithFractionsBecomeJson() {
    List<ObjectNode> items = List.of(
        item("a", "{\"datetime\":\"2020-01-01T00:00:00Z\",\"v\":9007199254740993}"),
        item("b", "{\"datetime\":\"2020-01-02T00:00:00Z\",\"v\":0.5}"));
    StacSchema stac = StacSchemas.infer(items);
    assertThat(stac.schema().find("v").orElseThrow().type()).isEqualTo(FieldType.JSON);
    assertRoundTrips(items, stac);
    assertThat(viaRow(items.get(0), stac).at("/properties/v").asLong()).isEqualTo(9007199254740993L);
  }

  @Test
  void typesAreInferredAcrossItems() {
    List<ObjectNode> items = List.of(
        item("a", """
            {"datetime":"2020-01-01T00:00:00Z","s":"x","b":true,"t":"2020-01-01T10:00:00.100Z","arr":[1,2],
             "farr":[1,2.5],"sarr":["a"],"empty":[],"obj":{"k":1},"mixed":1,"nulls":null,"nested":[[1]],
             "withnull":[1,null],"offset":"2020-01-01T10:00:00+02:00","mixedfmt":"2020-01-01T10:00:00Z"}"""),
        item("b", """
            {"datetime":"2020-01-02T00:00:00Z","s":"y","b":false,"t":"2020-01-02T10:00:00.000Z","arr":[],
             "farr":[3],"sarr":[],"empty":[],"obj":{"k":2},"mixed":"one","nulls":null,"nested":[],
             "withnull":[],"offset":"2020-01-02T10:00:00+02:00","mixedfmt":"2020-01-02T10:00:00.5Z"}"""));
    StacSchema stac = StacSchemas.infer(items);
    Schema s = stac.schema();
    assertThat(s.find("s").orElseThrow().typeLabel()).isEqualTo("string");
    assertThat(s.find("b").orElseThrow().typeLabel()).isEqualTo("bool");
    // strings that look like times stay strings, whatever their format
    assertThat(s.find("t").orElseThrow().typeLabel()).isEqualTo("string");
    assertThat(s.find("offset").orElseThrow().typeLabel()).isEqualTo("string");
    assertThat(s.find("mixedfmt").orElseThrow().typeLabel()).isEqualTo("string");
    assertThat(stac.mapping().toJson()).doesNotContain("\"t\"");
    assertThat(s.find("arr").orElseThrow().typeLabel()).isEqualTo("int64[]");
    assertThat(s.find("farr").orElseThrow().typeLabel()).isEqualTo("float64[]");
    assertThat(s.find("sarr").orElseThrow().typeLabel()).isEqualTo("string[]");
    assertThat(s.find("empty").orElseThrow().typeLabel()).isEqualTo("string[]");
    assertThat(s.find("obj").orElseThrow().typeLabel()).isEqualTo("json");
    assertThat(s.find("mixed").orElseThrow().typeLabel()).isEqualTo("json");
    assertThat(s.find("nested").orElseThrow().typeLabel()).isEqualTo("json");
    assertThat(s.find("withnull").orElseThrow().typeLabel()).isEqualTo("json");
    assertThat(s.find("nulls")).isEmpty();
    assertRoundTrips(items, stac);
    RowValues dp = StacItems.toDatapoint(items.get(0), stac);
    assertThat(dp.values()[s.indexOf("t")]).isEqualTo("2020-01-01T10:00:00.100Z");
    assertThat(dp.values()[s.indexOf("arr")]).isEqualTo(List.of(1L, 2L));
    assertThat(dp.values()[0]).isInstanceOf(Geometry.class);
  }

  @Test
  void propertyNamesAreSanitizedAndMappedBack() {
    List<ObjectNode> items = List.of(item("a", """
        {"datetime":"2020-01-01T00:00:00Z","eo:cloud_cover":1.5,"Sat:Orbit State":"asc","sat:orbit_state":"x",
         "id":"p-id","collection":"p-col","geometry":"p-geom","stac_id":"p-sid","9lives":1,"":2,
         "%s":3}""".formatted("a".repeat(70))));
    StacSchema stac = StacSchemas.infer(items);
    Schema s = stac.schema();
    StacMapping m = stac.mapping();
    assertThat(s.find("eo:cloud_cover")).isPresent();
    assertThat(m.propertyName("eo:cloud_cover")).isEqualTo("eo:cloud_cover");
    // a valid name keeps it; the sanitized name that clashes with it moves aside
    assertThat(m.propertyName("sat:orbit_state")).isEqualTo("sat:orbit_state");
    assertThat(m.propertyName("property:sat:orbit_state")).isEqualTo("Sat:Orbit State");
    assertThat(m.propertyName("property:id")).isEqualTo("id");
    assertThat(m.propertyName("property:collection")).isEqualTo("collection");
    assertThat(m.propertyName("property:geometry")).isEqualTo("geometry");
    assertThat(m.propertyName("property:stac_id")).isEqualTo("stac_id");
    assertThat(m.propertyName("_9lives")).isEqualTo("9lives");
    assertThat(m.propertyName("_")).isEqualTo("");
    assertThat(m.propertyName("a".repeat(63))).isEqualTo("a".repeat(70));
    assertThat(m.renamedProperties()).hasSize(8);
    for (Field f : s.fields()) {
      assertThat(f.name()).matches("[a-z_][a-z0-9_:]{0,62}");
    }
    assertRoundTrips(items, stac);
    assertThat(StacMapping.fromJson(m.toJson())).isEqualTo(m);
  }

  @Test
  void nullsExtrasAndStartDatetimeArePreserved() {
    ObjectNode a = item("a", """
        {"datetime":null,"start_datetime":"2020-03-01T00:00:00Z","end_datetime":"2020-03-02T00:00:00Z","v":1.5,"s":"x"}""");
    ObjectNode b = item("b", """
        {"datetime":"2020-03-05T00:00:00.123456789Z","v":null,"s":"y"}""");
    b.put("custom:member", "kept");
    b.putNull("collection");
    b.remove("bbox");
    b.putNull("links");
    StacSchema stac = StacSchemas.infer(List.of(a, b));
    assertRoundTrips(List.of(a, b), stac);
    RowValues da = StacItems.toDatapoint(a, stac);
    assertThat(da.time()).isEqualTo(Instant.parse("2020-03-01T00:00:00Z"));
    RowValues db = StacItems.toDatapoint(b, stac);
    Schema s = stac.schema();
    // below a microsecond: the time is truncated, the text kept
    assertThat(db.time()).isEqualTo(Instant.parse("2020-03-05T00:00:00.123456Z"));
    assertThat(db.values()[s.indexOf(StacSchemas.STAC_DATETIME)]).isEqualTo("2020-03-05T00:00:00.123456789Z");
    assertThat(db.values()[s.indexOf(StacSchemas.BBOX)]).isNull();
    assertThat((String) db.values()[s.indexOf(StacSchemas.STAC_EXTRA)])
        .contains("\"custom:member\":\"kept\"", "\"collection\":null", "\"links\":null", "\"v\":null");
  }

  @Test
  void geometriesThatDoNotWriteBackIdenticallyAreKeptVerbatim() throws Exception {
    ObjectNode three = item("3d", "{\"datetime\":\"2020-01-01T00:00:00Z\"}");
    three.set("geometry", JSON.readTree("{\"type\":\"Point\",\"coordinates\":[10.5,20.25,300]}"));
    ObjectNode none = item("none", "{\"datetime\":\"2020-01-01T00:00:00Z\"}");
    none.putNull("geometry");
    StacSchema stac = StacSchemas.infer(List.of(three, none));
    assertRoundTrips(List.of(three, none), stac);
    RowValues dp = StacItems.toDatapoint(three, stac);
    assertThat(((Geometry) dp.values()[0]).getCoordinate().x).isEqualTo(10.5);
    assertThat((String) dp.values()[stac.schema().indexOf(StacSchemas.STAC_EXTRA)]).contains("300");
    assertThat(StacItems.toDatapoint(none, stac).values()[0]).isNull();
  }

  @Test
  void ndjsonReaderSkipsBlankLinesAndNamesBadOnes() throws Exception {
    String ok = item("a", "{\"datetime\":\"2020-01-01T00:00:00Z\",\"v\":1}").toString();
    StacSchema stac = StacSchemas.infer(new StringReader(ok + "\n\n" + ok + "\n"));
    assertThat(stac.schema().find("v")).isPresent();
    assertThatThrownBy(() -> StacSchemas.infer(new StringReader(ok + "\n{oops\n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 2");
    assertThatThrownBy(() -> StacSchemas.infer(new StringReader("[1]\n")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item 1 is not a JSON object");
  }

  @Test
  void itemsThatDoNotFitTheSchemaAreRefusedClearly() {
    StacSchema stac = StacSchemas.infer(List.of(item("a",
        "{\"datetime\":\"2020-01-01T00:00:00Z\",\"n\":1,\"t\":\"2020-01-01T00:00:00.000Z\",\"arr\":[\"x\"]}")));
    assertThatThrownBy(() -> StacItems.toDatapoint(item("b", "{\"datetime\":\"2020-01-01T00:00:00Z\",\"other\":1}"), stac))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item 'b'").hasMessageContaining("property 'other'");
    assertThatThrownBy(() -> StacItems.toDatapoint(item("c", "{\"datetime\":\"2020-01-01T00:00:00Z\",\"n\":1.5}"), stac))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item 'c'").hasMessageContaining("property 'n'")
        .hasMessageContaining("int64");
    // a time-like string is a string: any spelling fits
    assertRoundTrips(List.of(item("d", "{\"datetime\":\"2020-01-01T00:00:00Z\",\"t\":\"2020-01-01T00:00:00Z\"}")), stac);
    assertThatThrownBy(() -> StacItems.toDatapoint(item("e", "{\"datetime\":\"2020-01-01T00:00:00Z\",\"arr\":[null]}"), stac))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item 'e'").hasMessageContaining("property 'arr'");
    assertThatThrownBy(() -> StacItems.toDatapoint(item("f", "{\"datetime\":\"yesterday\"}"), stac))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item 'f'").hasMessageContaining("datetime");
    assertThatThrownBy(() -> StacItems.toDatapoint(item("g", "{\"datetime\":\"1960-01-01T00:00:00Z\"}"), stac))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item 'g'");
    assertThatThrownBy(() -> StacItems.toDatapoint(item("h", "{\"start_datetime\":\"2020-01-01T00:00:00Z\"}"), stac))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item 'h'").hasMessageContaining("datetime is missing");
    ObjectNode noId = item("x", "{\"datetime\":\"2020-01-01T00:00:00Z\"}");
    noId.remove("id");
    assertThatThrownBy(() -> StacItems.toDatapoint(noId, stac))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'id'");
    ObjectNode badGeom = item("i", "{\"datetime\":\"2020-01-01T00:00:00Z\"}");
    badGeom.putObject("geometry").put("type", "Polygon");
    assertThatThrownBy(() -> StacItems.toDatapoint(badGeom, stac))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("item 'i'").hasMessageContaining("geometry");
  }

  @Test
  void valuesThatDoNotFitTheirFieldAreKeptAsTheyCameWhenAsked() {
    StacSchema stac = StacSchemas.infer(List.of(item("a",
        "{\"datetime\":\"2020-01-01T00:00:00Z\",\"n\":1,\"s\":\"x\",\"b\":true,\"arr\":[\"x\"]}")));
    List<ObjectNode> odd = List.of(
        item("b", "{\"datetime\":\"2020-01-02T00:00:00Z\",\"n\":\"one\",\"s\":7,\"b\":\"yes\",\"arr\":[null]}"),
        item("c", "{\"datetime\":\"2020-01-03T00:00:00Z\",\"n\":1.5,\"s\":{\"k\":[1]},\"b\":false,\"arr\":\"x\"}"));
    Map<String, String> told = new java.util.TreeMap<>();
    for (ObjectNode it : odd) {
      RowValues dp = StacItems.toDatapoint(it, stac.schema(), stac.mapping(), told::put);
      ByteSink sink = new ByteSink(256);
      RowCodec.encode(stac.schema(), dp.values(), sink);
      Object[] decoded = RowCodec.decode(stac.schema(), sink.array(), 0, sink.size());
      assertSameJson(it, StacItems.toItem(dp.timeMicros(), decoded, stac), it.path("id").asText());
      // a value that fits keeps its field; one that does not leaves it null
      assertThat(decoded[stac.schema().indexOf("n")]).isNull();
      assertThat(decoded[stac.schema().indexOf("b")]).isEqualTo(it.path("id").asText().equals("c") ? false : null);
    }
    assertThat(told).containsOnlyKeys("n", "s", "b", "arr");
    assertThat(told.get("n")).contains("int64");
  }

  @Test
  void aHandWrittenSchemaWorksWithTheIdentityMapping() {
    List<Field> fields = new ArrayList<>();
    fields.add(Field.of("geometry", FieldType.GEOMETRY));
    fields.add(Field.of("stac_id", FieldType.STRING));
    fields.add(Field.of("bbox", FieldType.JSON));
    fields.add(Field.of("stac_extra", FieldType.JSON));
    fields.add(Field.of("eo:cloud_cover", FieldType.FLOAT64));
    Schema schema = Schema.of(fields);
    ObjectNode it = item("a", "{\"datetime\":\"2020-01-01T00:00:00Z\",\"eo:cloud_cover\":12}");
    RowValues dp = StacItems.toDatapoint(it, schema, StacMapping.identity());
    // no field for collection, stac_version, links, assets: they are kept in stac_extra
    assertThat((String) dp.values()[3]).contains("\"collection\":\"c1\"", "\"assets\"", "\"links\"", "\"stac_version\"");
    assertThat(dp.values()[2]).isEqualTo("[0,0,1,1]");
    assertSameJson(it, StacItems.toItem(dp.timeMicros(), dp.values(), schema, StacMapping.identity()), "hand schema");
    Schema wrong = Schema.of(Field.of("stac_id", FieldType.INT64));
    assertThatThrownBy(() -> StacItems.toDatapoint(it, wrong, StacMapping.identity()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'stac_id'");
  }

  @Test
  void timestampFormatsRenderExactly() {
    assertThat(TimestampFormat.pick(TimestampFormat.fitting("2020-01-01T10:00:00.000000Z"))).isEqualTo(new TimestampFormat(6, false));
    assertThat(TimestampFormat.pick(TimestampFormat.fitting("2020-01-01T10:00:00+00:00"))).isEqualTo(new TimestampFormat(0, true));
    int python = TimestampFormat.fitting("2020-01-01T10:00:00Z") & TimestampFormat.fitting("2020-01-01T10:00:00.250000Z");
    assertThat(TimestampFormat.pick(python)).isEqualTo(new TimestampFormat(TimestampFormat.MICROS_IF_NONZERO, false));
    int shortest = TimestampFormat.fitting("2020-01-01T10:00:00Z") & TimestampFormat.fitting("2020-01-01T10:00:00.250Z");
    assertThat(TimestampFormat.pick(shortest)).isEqualTo(TimestampFormat.DEFAULT);
    assertThat(TimestampFormat.fitting("2020-01-01T10:00:00.1234567Z")).isZero();
    assertThat(TimestampFormat.fitting("2020-01-01t10:00:00Z")).isZero();
    assertThat(TimestampFormat.fitting("2020-13-01T10:00:00Z")).isZero();
    assertThat(TimestampFormat.fitting("2020-01-01")).isZero();
    long us = TimestampFormat.parse("1999-12-31T23:59:59.123400Z");
    assertThat(new TimestampFormat(9, false).render(us)).isEqualTo("1999-12-31T23:59:59.123400000Z");
    assertThat(TimestampFormat.DEFAULT.render(us)).isEqualTo(Instant.parse("1999-12-31T23:59:59.1234Z").toString());
  }
}
