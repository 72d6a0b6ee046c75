package io.swath.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.core.error.AlreadyExistsException;
import io.swath.core.error.FailedPreconditionException;
import io.swath.core.error.InvalidArgumentException;
import io.swath.core.error.NotFoundException;
import io.swath.core.id.DatapointId;
import io.swath.core.schema.FieldType;
import io.swath.core.table.Datapoint;
import io.swath.core.table.DatapointTable;
import io.swath.testing.TestServers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CatalogEndToEndTest {
  static DatasetsClient client;

  @BeforeAll
  static void connect() {
    client = DatasetsClient.connect(TestServers.shared().target());
  }

  @AfterAll
  static void close() {
    client.close();
  }

  record Reading(Instant time, double temperature, String station, long count) {}

  static DatasetSpec spec(String slug) {
    return DatasetSpec.builder(slug).description("sensor readings")
        .field("temperature", FieldType.FLOAT64).field("station", FieldType.STRING).field("count", FieldType.INT64).build();
  }

  @Test
  void createIngestQueryFindDelete() {
    String slug = TestServers.slug("readings");
    DatasetClient ds = client.createDataset(spec(slug));
    assertThat(ds.info().schema().size()).isEqualTo(3);
    CollectionClient c = ds.createCollection("A");
    List<Reading> rows = new ArrayList<>();
    for (int i = 0; i < 25_000; i++) {
      rows.add(new Reading(Instant.parse("2020-01-01T00:00:00Z").plusSeconds(i * 60L), 20 + i % 10, "s" + (i % 7), i));
    }
    IngestResult r = c.ingest(rows);
    assertThat(r.created()).isEqualTo(25_000);
    assertThat(r.existing()).isZero();
    assertThat(r.ids()).hasSize(25_000);
    // idempotent
    IngestResult again = c.ingest(rows.subList(0, 1000));
    assertThat(again.created()).isZero();
    assertThat(again.existing()).isEqualTo(1000);
    assertThat(again.ids()).isEqualTo(r.ids().subList(0, 1000));

    CollectionInfo info = c.info();
    assertThat(info.count()).isEqualTo(25_000);
    assertThat(info.firstTime()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
    assertThat(info.lastTime()).isEqualTo(Instant.parse("2020-01-01T00:00:00Z").plusSeconds(24_999 * 60L));

    DatapointTable all = c.query(Query.all());
    assertThat(all.size()).isEqualTo(25_000);
    for (int i = 1; i < all.size(); i++) {
      assertThat(all.timeMicros(i)).isGreaterThan(all.timeMicros(i - 1));
    }
    assertThat(all.doubles("temperature").getDouble(13)).isEqualTo(23.0);
    assertThat(all.strings("station").get(13)).isEqualTo("s6");
    assertThat(all.longs("count").getLong(24_999)).isEqualTo(24_999);
    assertThat(all.as(Reading.class).get(5)).isEqualTo(rows.get(5));

    // [start, end): the first hour is 60 datapoints
    DatapointTable hour = c.query(Query.time("2020-01-01T00:00:00Z", "2020-01-01T01:00:00Z"));
    assertThat(hour.size()).isEqualTo(60);
    assertThat(c.query(Query.time("2020-01-01T00:00:00Z", "2020-01-01T01:00:00Z").endInclusive()).size()).isEqualTo(61);
    assertThat(c.query(Query.time("2020-01-01T00:00:00Z", "2020-01-01T01:00:00Z").startExclusive()).size()).isEqualTo(59);
    assertThat(c.query(Query.time("2020-01-01T00:00:00Z/2020-01-01T01:00:00Z")).size()).isEqualTo(60);
    assertThat(c.query(Query.time("../2020-01-01T01:00:00Z")).size()).isEqualTo(60);
    assertThat(c.query(Query.time("2020-01-01T00:10:00Z")).size()).isEqualTo(1);
    assertThat(c.query(Query.all().limit(7)).size()).isEqualTo(7);

    DatapointTable skip = c.query(Query.all().skipData(true).limit(100));
    assertThat(skip.isSkipData()).isTrue();
    assertThat(skip.id(0)).isEqualTo(all.id(0));

    Datapoint one = c.find(all.id(42));
    assertThat(one.time()).isEqualTo(all.time(42));
    assertThat(one.getString("station")).isEqualTo(all.strings("station").get(42));
    DatapointId missing = DatapointId.of(0, 1);
    assertThatThrownBy(() -> c.find(missing)).isInstanceOf(NotFoundException.class).hasMessageContaining(missing.toString());

    assertThat(c.delete(List.of(all.id(0), all.id(1), missing))).isEqualTo(2);
    assertThat(c.info().count()).isEqualTo(24_998);
    assertThat(c.info().firstTime()).isEqualTo(all.time(2));
  }

  @Test
  void errorsAreTypedAndSayWhatWasWrong() {
    String slug = TestServers.slug("errors");
    client.createDataset(spec(slug));
    assertThatThrownBy(() -> client.createDataset(spec(slug))).isInstanceOf(AlreadyExistsException.class).hasMessageContaining(slug);
    assertThatThrownBy(() -> client.dataset(slug + "x")).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> client.dataset("NoDots")).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("segments");
    DatasetClient ds = client.dataset(slug);
    assertThatThrownBy(() -> ds.collection("nope")).isInstanceOf(NotFoundException.class).hasMessageContaining("nope");
    CollectionClient c = ds.createCollection("c");
    assertThatThrownBy(() -> c.ingest(List.of(Map.of("time", "2020-01-01", "temperature", "hot"))))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("temperature");
    assertThatThrownBy(() -> c.ingest(List.of(Map.of("time", "2020-01-01", "colour", 1))))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("unknown field 'colour'");
    assertThatThrownBy(() -> c.ingest(List.of(Map.of("temperature", 1.0))))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("time");
    // nothing of a failed batch is stored
    assertThat(c.info().count()).isZero();
    c.ingest(List.of(Map.of("time", "2020-01-01", "temperature", 1.5)));
    // breaking schema change refused, appending allowed
    var removed = DatasetSpec.builder(slug).field("temperature", FieldType.FLOAT64).build();
    assertThatThrownBy(() -> client.createOrUpdateDataset(removed)).isInstanceOf(FailedPreconditionException.class)
        .hasMessageContaining("station");
    var retyped = DatasetSpec.builder(slug).field("temperature", FieldType.STRING).field("station", FieldType.STRING)
        .field("count", FieldType.INT64).build();
    assertThatThrownBy(() -> client.createOrUpdateDataset(retyped)).isInstanceOf(FailedPreconditionException.class)
        .hasMessageContaining("float64");
    DatasetClient widened = client.createOrUpdateDataset(spec(slug).toBuilder().field("humidity", FieldType.FLOAT64).build());
    assertThat(widened.info().schema().size()).isEqualTo(4);
    DatapointTable t = widened.collection("c").query(Query.all());
    assertThat(t.size()).isEqualTo(1);
    assertThat(t.doubles("humidity").isNull(0)).isTrue();
  }

  @Test
  void anInt64FieldWidensToFloat64AndKeepsItsStoredValues() {
    String slug = TestServers.slug("widen");
    CollectionClient c = client.createDataset(spec(slug)).createCollection("c");
    c.ingest(List.of(Map.of("time", "2020-01-01", "temperature", 1.5, "count", 7L),
        Map.of("time", "2020-01-02", "temperature", 2.5, "count", -3L), Map.of("time", "2020-01-03", "temperature", 3.5)));
    var spec = DatasetSpec.builder(slug).description("sensor readings")
        .field("temperature", FieldType.FLOAT64).field("station", FieldType.STRING).field("count", FieldType.FLOAT64).build();
    DatasetClient widened = client.createOrUpdateDataset(spec);
    assertThat(widened.info().schema().find("count").orElseThrow().type()).isEqualTo(FieldType.FLOAT64);
    CollectionClient after = widened.collection("c");
    after.ingest(List.of(Map.of("time", "2020-01-04", "temperature", 4.5, "count", 0.25)));
    DatapointTable t = after.query(Query.all());
    assertThat(t.size()).isEqualTo(4);
    assertThat(t.doubles("count").getDouble(0)).isEqualTo(7.0);
    assertThat(t.doubles("count").getDouble(1)).isEqualTo(-3.0);
    assertThat(t.doubles("count").isNull(2)).isTrue();
    assertThat(t.doubles("count").getDouble(3)).isEqualTo(0.25);
    assertThat(after.query(Query.all().filter("count > 0")).size()).isEqualTo(2);
    // narrowing back, or another retyping, is still refused
    var narrowed = DatasetSpec.builder(slug).field("temperature", FieldType.FLOAT64).field("station", FieldType.STRING)
        .field("count", FieldType.INT64).build();
    assertThatThrownBy(() -> client.createOrUpdateDataset(narrowed)).isInstanceOf(FailedPreconditionException.class)
        .hasMessageContaining("count");
  }

  @Test
  void filtersAndBadFilters() {
    String slug = TestServers.slug("filters");
    CollectionClient c = client.createDataset(spec(slug)).createCollection("c");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      rows.add(Map.of("time", Instant.parse("2021-03-01T00:00:00Z").plusSeconds(i), "temperature", (double) i, "station", "s" + i % 3,
          "count", (long) i));
    }
    c.ingest(rows);
    assertThat(c.query(Query.all().filter("temperature < 10 AND station = 's1'")).size()).isEqualTo(3);
    assertThat(c.query(Query.all().filter("count BETWEEN 10 AND 19 OR station IN ('s2') AND count < 3")).size()).isEqualTo(11);
    assertThat(c.query(Query.all().filter("time >= TIMESTAMP('2021-03-01T00:01:00Z')")).size()).isEqualTo(40);
    assertThatThrownBy(() -> c.query(Query.all().filter("temprature < 3"))).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("temprature").hasMessageContaining("temperature");
    assertThatThrownBy(() -> c.query(Query.all().filter("temperature < AND"))).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("column");
    assertThatThrownBy(() -> c.query(Query.all().filter("temperature < 'warm'"))).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("float64");
    assertThatThrownBy(() -> c.query(Query.all().bbox(0, 0, 1, 1))).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("temporal");
  }

  @Test
  void largeAndTinyRowsComeBackIntact() {
    String slug = TestServers.slug("sizes");
    CollectionClient c = client.createDataset(spec(slug)).createCollection("c");
    java.util.Random r = new java.util.Random(7);
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      int len = i % 50 == 0 ? 150_000 + r.nextInt(100_000) : r.nextInt(40);
      StringBuilder sb = new StringBuilder(len);
      for (int k = 0; k < len; k++) {
        sb.append((char) ('a' + r.nextInt(26)));
      }
      rows.add(Map.of("time", Instant.parse("2022-01-01T00:00:00Z").plusMillis(i), "station", sb.toString(), "count", (long) i));
    }
    c.ingest(rows);
    DatapointTable t = c.query(Query.all().pageSize(7));
    assertThat(t.size()).isEqualTo(400);
    for (int i = 0; i < 400; i++) {
      assertThat(t.strings("station").get(i)).isEqualTo(rows.get(i).get("station"));
      assertThat(t.longs("count").getLong(i)).isEqualTo(i);
    }
  }

  @Test
  void streamsStoppedEarlyLeaveTheServerHealthy() throws Exception {
    String slug = TestServers.slug("early");
    CollectionClient c = client.createDataset(spec(slug)).createCollection("c");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 30_000; i++) {
      rows.add(Map.of("time", Instant.parse("2023-01-01T00:00:00Z").plusSeconds(i), "count", (long) i, "station", "x".repeat(i % 300)));
    }
    c.ingest(rows);
    for (int round = 0; round < 20; round++) {
      // limit with a server-side filter stops reading long before the end
      DatapointTable few = c.query(Query.all().filter("count >= 100").limit(5).pageSize(2));
      assertThat(few.longs("count").stream().boxed().toList()).containsExactly(100L, 101L, 102L, 103L, 104L);
      // a client that cancels mid-stream
      var f = c.async().query(Query.all().pageSize(50));
      Thread.sleep(round % 4);
      f.cancel(true);
    }
    // every pooled connection still works
    List<java.util.concurrent.CompletableFuture<DatapointTable>> all = new ArrayList<>();
    for (int i = 0; i < 24; i++) {
      all.add(c.async().query(Query.all()));
    }
    for (var f : all) {
      assertThat(f.get().size()).isEqualTo(30_000);
    }
  }

  @Test
  void concurrentIngestsOfTheSameDataStoreItOnce() throws Exception {
    String slug = TestServers.slug("race");
    CollectionClient c = client.createDataset(spec(slug)).createCollection("c");
    List<Map<String, Object>> rows = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      rows.add(Map.of("time", Instant.parse("2024-05-01T00:00:00Z").plusMillis(i * 7L), "count", (long) i));
    }
    List<java.util.concurrent.CompletableFuture<IngestResult>> fs = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      List<Map<String, Object>> mine = new ArrayList<>(rows);
      java.util.Collections.shuffle(mine, new java.util.Random(k));
      fs.add(c.async().ingest(mine));
    }
    long created = 0;
    long existing = 0;
    for (var f : fs) {
      created += f.get().created();
      existing += f.get().existing();
    }
    assertThat(created).isEqualTo(20_000);
    assertThat(existing).isEqualTo(60_000);
    assertThat(c.info().count()).isEqualTo(20_000);
    assertThat(c.query(Query.all()).size()).isEqualTo(20_000);
  }

  @Test
  void datasetTreeAndDeletes() {
    String slug = TestServers.slug("tree");
    client.createDataset(spec(slug));
    DatasetGroup root = client.datasets();
    String[] seg = slug.split("\\.");
    assertThat(root.group(seg[0]).group(seg[1]).dataset(seg[2]).slug()).isEqualTo(slug);
    client.dataset(slug).createCollection("x").ingest(List.of(Map.of("time", Instant.EPOCH.plusSeconds(5))));
    assertThat(client.deleteDataset(slug)).isEqualTo(1);
    assertThatThrownBy(() -> client.dataset(slug)).isInstanceOf(NotFoundException.class);
  }
}
