package io.swath.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.core.error.InvalidArgumentException;
import io.swath.core.error.NotFoundException;
import io.swath.core.error.SwathException;
import io.swath.core.schema.DatasetKind;
import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import io.swath.core.time.TimeInterval;
import io.swath.testing.TestServers;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the SDK throws on bad input is a typed Swath exception that says what was wrong; values print readably. */
class SdkErrorsTest {
  @Test
  void badTimesAndPlacesAreInvalidArguments() {
    assertThatThrownBy(() -> Query.time("2020-13")).isInstanceOf(InvalidArgumentException.class)
        .isInstanceOf(SwathException.class).hasMessageContaining("2020-13");
    assertThatThrownBy(() -> Query.time("2020-02-01", "2020-01-01")).isInstanceOf(InvalidArgumentException.class);
    assertThatThrownBy(() -> Query.time("yesterday", null)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("yesterday");
    assertThatThrownBy(() -> Query.all().bbox(0, 0, 1, 95)).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("95");
    assertThatThrownBy(() -> Query.all().limit(-1)).isInstanceOf(InvalidArgumentException.class);
  }

  @Test
  void theSdkChecksTheServersStorageRulesBeforeSending() {
    try (DatasetsClient client = DatasetsClient.connect(TestServers.shared().target())) {
      DatasetClient ds = client.createDataset(DatasetSpec.builder(TestServers.slug("rules")).spatioTemporal()
          .field("meta", FieldType.JSON).field("seen", FieldType.TIMESTAMP).build());
      CollectionClient c = ds.createCollection("s");
      Instant t = Instant.parse("2020-01-01T00:00:00Z");
      // thrown by the SDK itself (the cause is the rule's own exception, not a gRPC status), naming the datapoint
      assertThatThrownBy(() -> c.ingest(List.of(Map.of("time", t, "geometry", "POINT (1 1)", "seen", Instant.parse("+10000-01-01T00:00:00Z")))))
          .isInstanceOf(InvalidArgumentException.class).hasCauseInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("datapoint 0").hasMessageContaining("field 'seen' (timestamp)");
      assertThatThrownBy(() -> c.ingest(List.of(Map.of("time", t, "geometry", "POINT (1 1)", "meta", "[".repeat(65) + "]".repeat(65)))))
          .isInstanceOf(InvalidArgumentException.class).hasCauseInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("64 levels");
      assertThatThrownBy(() -> c.ingest(List.of(Map.of("time", Instant.parse("+10000-01-01T00:00:00Z"), "geometry", "POINT (1 1)"))))
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("9999-12-31");
      assertThatThrownBy(() -> ds.createCollection("bad\u0000name")).isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("'bad\\u0000name'");
      assertThatThrownBy(() -> DatasetSpec.builder(TestServers.slug("rules")).description("a\u0000b").build())
          .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("control character U+0000");
      assertThatThrownBy(() -> DatasetSpec.builder("a." + "b".repeat(10_000)).build()).isInstanceOf(InvalidArgumentException.class)
          .message().hasSizeLessThan(400);
      assertThat(c.info().count()).isZero();
      assertThat(c.ingest(List.of(Map.of("time", t, "geometry", "POINT (1 1)", "meta", "{}"))).created()).isEqualTo(1);
    }
  }

  @Test
  void monthsAndYearsWorkAsEndsToo() {
    assertThat(Query.time("2020-01", "2020-02").interval()).isEqualTo(Query.time("2020-01").interval());
    assertThat(Query.time("2019", "2021").interval()).isEqualTo(TimeInterval.of("2019-01-01", "2021-01-01"));
  }

  @Test
  void groupLookupsSayWhatExists() {
    DatasetGroup root = DatasetGroup.of(List.of(
        new DatasetInfo("open_data.usgs.landsat", DatasetKind.TEMPORAL, "", Schema.of(List.of()), Instant.EPOCH, Instant.EPOCH)));
    assertThat(root.group("open_data").group("usgs").dataset("landsat").slug()).isEqualTo("open_data.usgs.landsat");
    assertThatThrownBy(() -> root.group("closed_data")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("closed_data").hasMessageContaining("open_data");
    assertThatThrownBy(() -> root.group("open_data").dataset("nope")).isInstanceOf(NotFoundException.class)
        .hasMessageContaining("nope");
  }

  @Test
  void availabilityIsAnIntervalThatPrints() {
    Instant first = Instant.parse("2020-01-01T00:00:00Z");
    Instant last = Instant.parse("2020-12-31T23:59:59Z");
    CollectionInfo info = new CollectionInfo("a.b", "L1TP", "", 2, first, last);
    TimeInterval all = info.availability().orElseThrow();
    assertThat(all).hasToString("[2020-01-01T00:00:00Z/2020-12-31T23:59:59Z]");
    assertThat(all.contains(last)).isTrue();
    assertThat(new CollectionInfo("a.b", "empty", "", 0, null, null).availability()).isEmpty();
  }
}
