package io.swath.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.core.geo.BoundingBox;
import io.swath.core.geo.Geometries;
import io.swath.core.geo.SpatialFilter;
import io.swath.core.schema.FieldType;
import io.swath.core.table.DatapointTable;
import io.swath.core.time.TimeInterval;
import io.swath.core.time.Times;
import io.swath.testing.TestServers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

/**
 * Random time / place / field queries against a real server return exactly what a brute-force
 * scan of the same datapoints in memory returns.
 */
class QueryPropertyTest {
  static final int N = 3_000;
  static DatasetsClient client;
  static CollectionClient collection;
  static final List<Map<String, Object>> data = new ArrayList<>();
  static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");

  @BeforeContainer
  static void load() {
    client = DatasetsClient.connect(TestServers.shared().target());
    String slug = TestServers.slug("prop");
    DatasetClient ds = client.createDataset(DatasetSpec.builder(slug).spatioTemporal()
        .field("cloud_cover", FieldType.FLOAT64).field("platform", FieldType.STRING).field("path", FieldType.INT64).build());
    collection = ds.createCollection("scenes");
    Random r = new Random(42);
    for (int i = 0; i < N; i++) {
      Map<String, Object> m = new HashMap<>();
      // random times with sub-second precision, some sharing the same second
      m.put("time", T0.plusMillis((long) (r.nextDouble() * 365L * 86_400_000L)).plusNanos(r.nextInt(1000) * 1000L));
      double lon = -180 + r.nextDouble() * 360;
      double lat = -80 + r.nextDouble() * 160;
      double w = 0.5 + r.nextDouble() * 3;
      double h = 0.5 + r.nextDouble() * 3;
      // footprints near the antimeridian wrap around it
      Coordinate[] ring = {new Coordinate(lon, lat), new Coordinate(lon + w, lat), new Coordinate(lon + w, lat + h),
          new Coordinate(lon, lat + h), new Coordinate(lon, lat)};
      for (Coordinate c : ring) {
        if (c.x > 180) {
          c.x -= 360;
        }
      }
      m.put("geometry", Geometries.FACTORY.createPolygon(ring));
      m.put("cloud_cover", r.nextInt(10) == 0 ? null : Math.round(r.nextDouble() * 1000) / 10.0);
      m.put("platform", r.nextBoolean() ? "landsat-8" : "landsat-9");
      m.put("path", (long) r.nextInt(233) + 1);
      data.add(m);
    }
    assertThat(collection.ingest(data).created()).isEqualTo(N);
  }

  @AfterContainer
  static void close() {
    client.close();
  }

  record Case(long startOffsetMin, long lengthMin, boolean startExclusive, boolean endInclusive, BoundingBox box, Double maxCloud,
      String platform, int parallelism) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<BoundingBox> box = Combinators.combine(Arbitraries.doubles().between(-180, 180), Arbitraries.doubles().between(-85, 60),
        Arbitraries.doubles().between(0.1, 60), Arbitraries.doubles().between(0.1, 30)).as((w, s, dw, dh) -> {
          double e = w + dw > 180 ? w + dw - 360 : w + dw;
          return BoundingBox.of(w, s, e, Math.min(90, s + dh));
        });
    return Combinators.combine(Arbitraries.longs().between(-1000, 530_000), Arbitraries.longs().between(0, 200_000),
        Arbitraries.of(true, false), Arbitraries.of(true, false), box.injectNull(0.3),
        Arbitraries.doubles().between(0, 100).ofScale(1).injectNull(0.4), Arbitraries.of("landsat-8", "landsat-9").injectNull(0.5),
        Arbitraries.integers().between(0, 7)).as(Case::new);
  }

  @Property(tries = 40)
  void queryEqualsBruteForce(@ForAll("cases") Case c) {
    Instant start = T0.plusSeconds(c.startOffsetMin() * 60);
    Instant end = start.plusSeconds(c.lengthMin() * 60);
    TimeInterval ti = TimeInterval.of(start, end);
    if (c.startExclusive()) {
      ti = ti.withStartExclusive();
    }
    if (c.endInclusive()) {
      ti = ti.withEndInclusive();
    }
    Query q = Query.time(ti).parallelism(c.parallelism());
    SpatialFilter sf = null;
    if (c.box() != null) {
      q = q.bbox(c.box());
      sf = SpatialFilter.intersects(c.box());
    }
    List<String> cql = new ArrayList<>();
    if (c.maxCloud() != null) {
      cql.add("cloud_cover < " + c.maxCloud());
    }
    if (c.platform() != null) {
      cql.add("platform = '" + c.platform() + "'");
    }
    if (!cql.isEmpty()) {
      q = q.filter(String.join(" AND ", cql));
    }
    DatapointTable got = collection.query(q);
    List<Long> expected = new ArrayList<>();
    for (Map<String, Object> m : data) {
      long t = Times.micros((Instant) m.get("time"));
      if (!ti.contains(t)) {
        continue;
      }
      if (sf != null && !sf.test(Geometries.normalize((Geometry) m.get("geometry")))) {
        continue;
      }
      if (c.maxCloud() != null && (m.get("cloud_cover") == null || (Double) m.get("cloud_cover") >= c.maxCloud())) {
        continue;
      }
      if (c.platform() != null && !c.platform().equals(m.get("platform"))) {
        continue;
      }
      expected.add(t);
    }
    expected.sort(null);
    List<Long> actual = new ArrayList<>();
    for (int i = 0; i < got.size(); i++) {
      actual.add(got.timeMicros(i));
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Property(tries = 40)
  void randomFieldFiltersEqualBruteForce(@ForAll long seed, @ForAll("offsets") long startMin, @ForAll("offsets") long lengthMin) {
    RandomFilters.Node f = new RandomFilters(seed, List.of("cloud_cover", "path"), List.of("platform"),
        List.of(0L, 1L, 42L, 117L, 233L, 300L, -1L, 0.0, 10.5, 50.0, 99.9, 100.0, 116.5), List.of("landsat-8", "landsat-9", "landsat-7", "it's"))
        .next(3);
    Instant start = T0.plusSeconds(startMin * 60);
    TimeInterval ti = TimeInterval.of(start, start.plusSeconds(lengthMin * 60));
    DatapointTable got = collection.query(Query.time(ti).filter(f.text()).parallelism((int) Math.floorMod(seed, 4)));
    List<Long> expected = new ArrayList<>();
    for (Map<String, Object> m : data) {
      long t = Times.micros((Instant) m.get("time"));
      if (ti.contains(t) && Boolean.TRUE.equals(f.eval(m))) {
        expected.add(t);
      }
    }
    expected.sort(null);
    List<Long> actual = new ArrayList<>();
    for (int i = 0; i < got.size(); i++) {
      actual.add(got.timeMicros(i));
    }
    assertThat(actual).as("%s", f.text()).isEqualTo(expected);
  }

  @Provide
  Arbitrary<Long> offsets() {
    return Arbitraries.longs().between(0, 530_000);
  }
}
