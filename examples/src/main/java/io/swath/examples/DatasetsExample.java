package io.swath.examples;

import io.swath.client.CollectionClient;
import io.swath.client.DatasetSpec;
import io.swath.client.DatasetsClient;
import io.swath.client.IngestResult;
import io.swath.client.Query;
import io.swath.core.schema.FieldType;
import io.swath.core.table.DatapointTable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The blocking datasets client: create a dataset, ingest records, query them back. */
public class DatasetsExample {
  /** One datapoint: components fill the fields of the same name (temperature, station). */
  public record Reading(Instant time, String station, double temperature) {}

  public static void main(String[] args) {
    try (DatasetsClient client = DatasetsClient.connect()) {          // SWATH_URL, or localhost:7777
      var dataset = client.createOrUpdateDataset(DatasetSpec.builder("examples.weather.readings")
          .field("station", FieldType.STRING)
          .field("temperature", FieldType.FLOAT64)
          .build());
      CollectionClient hourly = dataset.createCollection("hourly");

      List<Reading> readings = new ArrayList<>();
      for (int h = 0; h < 24 * 31; h++) {                               // January 2024, every hour
        readings.add(new Reading(Instant.parse("2024-01-01T00:00:00Z").plusSeconds(3600L * h), "ZRH", h % 24 - 5.0));
      }
      IngestResult result = hourly.ingest(readings);                    // idempotent: a rerun creates nothing
      System.out.println("ingested: " + result.created() + " created, " + result.existing() + " existing");

      DatapointTable week = hourly.query(Query.time("2024-01-08", "2024-01-15").filter("temperature > 0"));
      double mean = week.doubles("temperature").stream().average().orElse(Double.NaN);
      System.out.println("second week: " + week.size() + " readings above 0, mean " + mean);
      System.out.println(hourly.info());
    }
  }
}
