package io.swath.core.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swath.core.geo.Geometries;
import io.swath.core.id.DatapointId;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DatapointTableTest {
  static final Schema SCHEMA = Schema.of(Field.of("geometry", FieldType.GEOMETRY), Field.of("name", FieldType.STRING),
      Field.of("cloud", FieldType.FLOAT64), Field.of("n", FieldType.INT64), Field.of("ok", FieldType.BOOL),
      Field.of("seen", FieldType.TIMESTAMP), Field.of("dur", FieldType.DURATION), Field.of("raw", FieldType.BYTES),
      Field.of("ref", FieldType.UUID), Field.arrayOf("bands", FieldType.STRING), Field.of("meta", FieldType.JSON));

  static DatapointTable table() {
    DatapointTable.Builder b = DatapointTable.builder(SCHEMA);
    b.addRow("A", DatapointId.of(1_000_000, 1), 1_000_000, 5, new Object[] {"POINT (10 20)", "first, \"quoted\"", 12.5, 7L, true,
        "2020-01-01T00:00:00Z", Duration.ofSeconds(90), new byte[] {1, 2}, UUID.fromString("00000000-0000-0000-0000-000000000001"),
        List.of("B4", "B8"), "{\"a\":1}"});
    b.addRow("B", DatapointId.of(2_000_000, 2), 2_000_000, 6, new Object[] {null, "second", null, null, null, null, null, null, null,
        null, null});
    return b.build();
  }

  record Row(Instant time, String collection, String name, Double cloud, long n) {}

  @Test
  void typedColumnsRowsAndRecords() {
    DatapointTable t = table();
    assertThat(t.size()).isEqualTo(2);
    assertThat(t.collection(1)).isEqualTo("B");
    assertThat(t.doubles("cloud").getDouble(0)).isEqualTo(12.5);
    assertThat(t.doubles("cloud").isNull(1)).isTrue();
    assertThat(t.longs("seen").getLong(0)).isEqualTo(Instant.parse("2020-01-01T00:00:00Z").getEpochSecond() * 1_000_000);
    assertThat(t.column("dur").get(0)).isEqualTo(Duration.ofSeconds(90));
    assertThat(t.column("bands").get(0)).isEqualTo(List.of("B4", "B8"));
    assertThat(t.geometries("geometry").get(0).toText()).isEqualTo("POINT (10 20)");
    assertThat(t.bools("ok").getBool(0)).isTrue();
    assertThat(t.row(0).getString("name")).isEqualTo("first, \"quoted\"");
    assertThat(t.as(Row.class)).containsExactly(new Row(Instant.ofEpochSecond(1), "A", "first, \"quoted\"", 12.5, 7),
        new Row(Instant.ofEpochSecond(2), "B", "second", null, 0));
    assertThatThrownBy(() -> t.doubles("name")).hasMessageContaining("not float64");
    assertThatThrownBy(() -> t.column("nope")).hasMessageContaining("no column 'nope'");
    DatapointTable both = DatapointTable.concat(List.of(t.slice(1, 2), t.slice(0, 1)));
    assertThat(both.strings("name").get(0)).isEqualTo("second");
    assertThat(both.collection(1)).isEqualTo("A");
    assertThat(both.column("bands").get(1)).isEqualTo(List.of("B4", "B8"));
    assertThat(t.select("name").columnNames()).containsExactly("name");
  }

  @Test
  void csvQuotesAndKeepsEveryColumn() {
    StringBuilder sb = new StringBuilder();
    TableWriters.write(table(), TableWriters.Format.CSV, sb);
    List<String> lines = sb.toString().lines().toList();
    assertThat(lines.get(0)).isEqualTo("time,id,ingestion_time,collection,geometry,name,cloud,n,ok,seen,dur,raw,ref,bands,meta");
    assertThat(lines.get(1)).contains("POINT (10 20),\"first, \"\"quoted\"\"\",12.5,7,true,2020-01-01T00:00:00Z,PT1M30S,AQI=,");
    assertThat(lines.get(2)).endsWith(",B,,second,,,,,,,,,");
  }

  @Test
  void pageByPageIsTheSameDocumentAsTheWholeTable() throws Exception {
    DatapointTable t = table();
    for (TableWriters.Format f : TableWriters.Format.values()) {
      StringBuilder whole = new StringBuilder();
      TableWriters.write(t, f, whole);
      StringBuilder paged = new StringBuilder();
      TableWriters.PageWriter w = TableWriters.pages(f, t.columnNames(), paged);
      w.write(t.slice(0, 1));
      w.write(t.slice(1, 1));
      w.write(t.slice(1, 2));
      w.finish();
      w.finish();
      assertThat(paged.toString()).as(f.name()).isEqualTo(whole.toString());
      assertThat(w.rows()).isEqualTo(2);
      assertThatThrownBy(() -> w.write(t)).isInstanceOf(IllegalStateException.class);
    }
    StringBuilder none = new StringBuilder();
    TableWriters.pages(TableWriters.Format.CSV, List.of("name", "cloud"), none).finish();
    assertThat(none.toString()).isEqualTo("time,id,ingestion_time,collection,name,cloud\r\n");
    StringBuilder empty = new StringBuilder();
    TableWriters.pages(TableWriters.Format.GEOJSON, List.of(), empty).finish();
    assertThat(new ObjectMapper().readTree(empty.toString()).get("features")).isEmpty();
  }

  @Test
  void jsonStringsReadBackAsWritten() throws Exception {
    ObjectMapper json = new ObjectMapper();
    java.util.Random r = new java.util.Random(11);
    List<String> samples = new java.util.ArrayList<>(List.of("", "plain", "a\"b", "back\\slash", "tab\tnew\nline\r", "\u0000\u001f\u007f",
        "Zürich – 東京", "\"", "\\"));
    for (int i = 0; i < 2000; i++) {
      char[] c = new char[r.nextInt(12)];
      for (int j = 0; j < c.length; j++) {
        c[j] = (char) (r.nextInt(4) == 0 ? r.nextInt(0x20) : r.nextInt(0x20, 0x800));
      }
      samples.add(new String(c));
    }
    for (String s : samples) {
      StringBuilder sb = new StringBuilder();
      TableWriters.str(s, sb);
      assertThat(json.readTree(sb.toString()).asText()).as(sb.toString()).isEqualTo(s);
    }
  }

  @Test
  void ndjsonAndGeoJsonAreValidJson() throws Exception {
    ObjectMapper json = new ObjectMapper();
    StringBuilder nd = new StringBuilder();
    TableWriters.write(table(), TableWriters.Format.NDJSON, nd);
    List<JsonNode> rows = nd.toString().lines().map(l -> {
      try {
        return json.readTree(l);
      } catch (Exception e) {
        throw new AssertionError(l, e);
      }
    }).toList();
    assertThat(rows).hasSize(2);
    assertThat(rows.get(0).get("name").asText()).isEqualTo("first, \"quoted\"");
    assertThat(rows.get(0).get("seen").asText()).isEqualTo("2020-01-01T00:00:00Z");
    assertThat(rows.get(0).get("time").asText()).isEqualTo("1970-01-01T00:00:01Z");
    assertThat(rows.get(0).get("geometry").get("type").asText()).isEqualTo("Point");
    assertThat(rows.get(0).get("meta").get("a").asInt()).isEqualTo(1);
    assertThat(rows.get(0).get("bands").get(1).asText()).isEqualTo("B8");
    assertThat(rows.get(1).get("cloud").isNull()).isTrue();
    StringBuilder geo = new StringBuilder();
    TableWriters.write(table(), TableWriters.Format.GEOJSON, geo);
    JsonNode fc = json.readTree(geo.toString());
    assertThat(fc.get("type").asText()).isEqualTo("FeatureCollection");
    assertThat(fc.get("features")).hasSize(2);
    assertThat(Geometries.fromGeoJson(fc.get("features").get(0).get("geometry")).toText()).isEqualTo("POINT (10 20)");
    assertThat(fc.get("features").get(1).get("geometry").isNull()).isTrue();
    assertThat(fc.get("features").get(0).get("properties").get("name").asText()).isEqualTo("first, \"quoted\"");
  }
}
