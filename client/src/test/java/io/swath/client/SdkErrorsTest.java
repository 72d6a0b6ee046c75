package io.swath.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.core.error.InvalidArgumentException;
import io.swath.core.error.NotFoundException;
import io.swath.core.error.SwathException;
import io.swath.core.schema.DatasetKind;
import io.swath.core.schema.Schema;
import io.swath.core.time.TimeInterval;
import java.time.Instant;
import java.util.List;
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
