package io.swath.core.stac;

import static io.swath.core.stac.JsonAssert.assertSameJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import io.swath.core.table.ByteSink;
import io.swath.core.table.RowCodec;
import io.swath.core.table.RowValues;
import io.swath.core.testing.ProjectData;
import io.swath.core.time.Times;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every real STAC item in data/stac survives infer → toDatapoint → encode → decode → toItem. */
class StacRealItemsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Path> itemFiles() {
    return ProjectData.itemFiles().stream();
  }

  static List<JsonNode> read(Path file) {
    try (Stream<String> lines = Files.lines(file)) {
      List<JsonNode> out = new ArrayList<>();
      for (String line : (Iterable<String>) lines.filter(l -> !l.isBlank())::iterator) {
        out.add(JSON.readTree(line));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Round-trips every item through the row encoding and compares it with the original. */
  static void roundTrip(List<JsonNode> items, StacSchema stac, String source) {
    Schema schema = stac.schema();
    ByteSink sink = new ByteSink(4096);
    for (JsonNode item : items) {
      String context = source + " item " + item.path("id").asText();
      RowValues dp = StacItems.toDatapoint(item, stac);
      sink.reset();
      RowCodec.encode(schema, dp.values(), sink);
      RowCodec.validate(schema, sink.array(), 0, sink.size());
      Object[] decoded = RowCodec.decode(schema, sink.array(), 0, sink.size());
      JsonNode back = StacItems.toItem(dp.timeMicros(), decoded, stac);
      assertSameJson(item, back, context);
      // the time is the item's datetime
      assertThat(dp.timeMicros()).as(context).isEqualTo(Times.micros(Times.parseInstant(item.path("properties").path("datetime").asText())));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("itemFiles")
  void everyItemOfEachFileRoundTripsThroughTheRowEncoding(Path file) {
    List<JsonNode> items = read(file);
    assertThat(items).isNotEmpty();
    StacSchema stac = StacSchemas.infer(items);
    assertThat(stac.schema().field(0).name()).isEqualTo("geometry");
    roundTrip(items, stac, file.getFileName().toString());
  }

  @Test
  void allFilesInOneDatasetRoundTrip() {
    List<JsonNode> all = new ArrayList<>();
    for (Path f : ProjectData.itemFiles()) {
      all.addAll(read(f));
    }
    assertThat(all).hasSizeGreaterThan(1200);
    StacSchema stac = StacSchemas.infer(all);
    roundTrip(all, stac, "all files");
    // mixed across catalogs: earth-search writes proj:transform as integers, Planetary Computer with fractions
    assertThat(stac.schema().find("proj:transform").orElseThrow().typeLabel()).isEqualTo("float64[]");
  }

  @Test
  void landsatSchemaHasTheExpectedTypes() throws IOException {
    Path file = ProjectData.stacDir().resolve("planetary-computer/landsat-8-c2-l2.items.ndjson");
    StacSchema stac;
    try (Reader r = Files.newBufferedReader(file)) {
      stac = StacSchemas.infer(r);
    }
    assertThat(stac).isEqualTo(StacSchemas.infer(read(file)));
    Schema s = stac.schema();
    assertThat(s.fields().subList(0, StacSchemas.FIXED.size())).isEqualTo(StacSchemas.FIXED);
    assertThat(type(s, "eo:cloud_cover")).isEqualTo("float64");
    assertThat(type(s, "view:off_nadir")).isEqualTo("int64");
    assertThat(type(s, "proj:epsg")).isEqualTo("int64");
    assertThat(type(s, "instruments")).isEqualTo("string[]");
    assertThat(type(s, "proj:bbox")).isEqualTo("float64[]");
    assertThat(type(s, "landsat:wrs_path")).isEqualTo("string");
    assertThat(s.find("datetime")).isEmpty();
    // properties sorted by name after the fixed fields
    List<String> props = s.fields().subList(StacSchemas.FIXED.size(), s.size()).stream().map(Field::name).toList();
    assertThat(props).isSorted();
    assertThat(stac.mapping().renamedProperties()).isEmpty();
    assertThat(stac.mapping().datetimeFormat()).isEqualTo(new TimestampFormat(6, false));
  }

  @Test
  void sentinel2TimestampsAndMixedNumbers() {
    StacSchema stac = StacSchemas.infer(read(ProjectData.stacDir().resolve("earth-search/sentinel-2-l2a.items.ndjson")));
    Schema s = stac.schema();
    // JSON strings stay strings, also those that look like times
    assertThat(s.find("created").orElseThrow().type()).isEqualTo(FieldType.STRING);
    assertThat(s.find("s2:generation_time").orElseThrow().type()).isEqualTo(FieldType.STRING);
    // 0 in some items, 11.216991 in others
    assertThat(type(s, "s2:cloud_shadow_percentage")).isEqualTo("float64");
    assertThat(type(s, "s2:saturated_defective_pixel_percentage")).isEqualTo("int64");
    assertThat(type(s, "proj:centroid")).isEqualTo("json");
    assertThat(type(s, "earthsearch:boa_offset_applied")).isEqualTo("bool");
  }

  private static String type(Schema s, String name) {
    return s.find(name).orElseThrow(() -> new AssertionError("no field " + name + " in " + s)).typeLabel();
  }
}
