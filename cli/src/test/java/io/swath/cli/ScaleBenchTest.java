package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScaleBenchTest {
  @Test
  void sdkStacAndPostgisAgreeOnEveryQuery() throws Exception {
    String[] r = CommandLineTest.capture("bench", "scale", "--datapoints", "20000", "--seed", "11", "--runs", "2", "--json");
    assertThat(r[0]).as("exit code; stderr:%n%s", r[2]).isEqualTo("0");
    String[] lines = r[1].strip().split("\n");
    assertThat(lines).hasSize(1);
    JsonNode j = new ObjectMapper().readTree(lines[0]);
    assertThat(j.path("bench").asText()).isEqualTo("scale");
    assertThat(j.path("datapoints").asLong()).isEqualTo(20000);
    assertThat(j.path("counts_agree").asBoolean()).isTrue();
    assertThat(j.path("ingest_datapoints_per_s").asDouble()).isPositive();
    // a datapoint is its key columns, box and encoded row (a few hundred bytes) plus its index entries
    assertThat(j.path("bytes_per_datapoint").asDouble()).isBetween(200.0, 2000.0);
    assertThat(j.path("index_bytes_per_datapoint").asDouble()).isPositive();
    assertThat(j.path("postgis_bytes_per_datapoint").asDouble()).isPositive();
    // the STAC count came from numberMatched, not from paging
    assertThat(j.path("stac_count_from_number_matched").asBoolean()).isTrue();
    JsonNode q = j.path("queries");
    for (String name : List.of("day", "paris", "paris_month", "cloud", "find", "count", "europe")) {
      JsonNode one = q.path(name);
      assertThat(one.isObject()).as(name).isTrue();
      for (String k : List.of("swath_s", "stac_s", "postgis_s", "swath_best_s", "ratio")) {
        assertThat(one.path(k).asDouble()).as(name + "." + k).isPositive();
      }
      // at this size no granule falls on Paris within one month: that query may rightly find none
      assertThat(one.path("rows").asLong()).as(name + ".rows").isGreaterThanOrEqualTo(name.equals("paris_month") ? 0 : 1);
    }
    assertThat(q.path("find").path("rows").asLong()).isEqualTo(1);
    assertThat(q.path("europe").path("rows").asLong()).isEqualTo(100);
    // a seventh of the seven years is 2022: the count is about 20,000 / 7
    assertThat(q.path("count").path("rows").asLong()).isBetween(2500L, 3200L);
    assertThat(j.path("worst_ratio").asDouble()).isPositive();
    assertThat(r[2]).contains("scratch PostgreSQL 15 + PostGIS").contains("ingested 20,000 datapoints");
  }
}
