package io.swath.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.core.error.InvalidArgumentException;
import io.swath.core.geo.BoundingBox;
import io.swath.core.geo.Geometries;
import io.swath.core.geo.SpatialFilter;
import io.swath.core.schema.FieldType;
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
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;

/**
 * Random counts (time ranges with open ends, boxes including ones across the antimeridian,
 * polygons, within, field and time filters, one or two collections) on a real server equal the
 * number of matching datapoints found by a brute-force scan in memory, and the size of the same
 * query's result.
 */
class CountPropertyTest {
  static final int N = 4_000;
  static final Instant T0 = Instant.parse("2020-01-01T00:00:00Z");
  static final long YEAR_S = 365L * 86_400;
  static DatasetsClient client;
  static DatasetClient dataset;
  static final Map<String, List<Map<String, Object>>> data = new HashMap<>();

  @BeforeContainer
  static void load() {
    client = DatasetsClient.connect(TestServers.shared().target());
    dataset = client.createDataset(DatasetSpec.builder(TestServers.slug("count")).spatioTemporal()
        .field("cloud_cover", FieldType.FLOAT64).field("platform", FieldType.STRING).build());
    Random r = new Random(7);
    for (String name : List.of("a", "b")) {
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < (name.equals("a") ? N * 3 / 4 : N / 4); i++) {
        Map<String, Object> m = new HashMap<>();
        m.put("time", T0.plusMillis((long) (r.nextDouble() * YEAR_S * 1000)).plusNanos(r.nextInt(1000) * 1000L));
        m.put("geometry", footprint(r));
        m.put("cloud_cover", r.nextInt(10) == 0 ? null : Math.round(r.nextDouble() * 1000) / 10.0);
        m.put("platform", r.nextBoolean() ? "sentinel-2a" : "sentinel-2b");
        rows.add(m);
      }
      data.put(name, rows);
      assertThat(dataset.createCollection(name).ingest(rows).created()).isEqualTo(rows.size());
    }
  }

  /** Boxes and triangles of 0.1° to 4°, a few wide ones; those near the antimeridian wrap around it. */
  static Geometry footprint(Random r) {
    double lon = -180 + r.nextDouble() * 360;
    double lat = -80 + r.nextDouble() * 160;
    double w = r.nextInt(50) == 0 ? 20 + r.nextDouble() * 60 : 0.1 + r.nextDouble() * 4;
    double h = 0.1 + r.nextDouble() * 4;
    List<Coordinate> ring = new ArrayList<>(List.of(new Coordinate(lon, lat), new Coordinate(lon + w, lat),
        new Coordinate(lon + w, lat + h)));
    if (r.nextBoolean()) {
      ring.add(new Coordinate(lon, lat + h)); // a box, else a triangle
    }
    ring.add(new Coordinate(lon, lat));
    for (Coordinate c : ring) {
      if (c.x > 180) {
        c.x -= 360;
      }
    }
    return Geometries.FACTORY.createPolygon(ring.toArray(Coordinate[]::new));
  }

  @AfterContainer
  static void close() {
    client.close();
  }

  enum Place { NONE, BOX, POLYGON, WITHIN }

  enum Filter { NONE, CLOUD, PLATFORM, TIME, TIME_AND_CLOUD }

  /** Seconds after T0 of the start (null: open) and the length (null: open end). */
  record Time(Long startS, Long lengthS, boolean startExclusive) {}

  record Case(Time time, Place place, BoundingBox box, Filter filter, double cloud, long filterStartS, boolean both, long limit) {}

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<BoundingBox> box = Combinators.combine(Arbitraries.doubles().between(-180, 180), Arbitraries.doubles().between(-85, 60),
        Arbitraries.doubles().between(0.5, 90), Arbitraries.doubles().between(0.5, 40)).as((w, s, dw, dh) -> {
          double e = w + dw > 180 ? w + dw - 360 : w + dw; // west > east: across the antimeridian
          return BoundingBox.of(w, s, e, Math.min(90, s + dh));
        });
    Arbitrary<Long> start = Arbitraries.longs().between(-86_400, YEAR_S).injectNull(0.3);
    Arbitrary<Long> length = Arbitraries.longs().between(0, YEAR_S / 2).injectNull(0.3);
    Arbitrary<Time> time = Combinators.combine(start, length, Arbitraries.of(true, false)).as(Time::new);
    return Combinators.combine(time, Arbitraries.of(Place.class), box,
        Arbitraries.of(Filter.class), Arbitraries.doubles().between(0, 100).ofScale(1), Arbitraries.longs().between(0, YEAR_S),
        Arbitraries.of(true, false), Arbitraries.of(0L, 0L, 0L, 50L)).as(Case::new);
  }

  @Property(tries = 60)
  void countEqualsBruteForceAndTheQuerysResult(@ForAll("cases") Case c) throws Exception {
    Time tc = c.time();
    TimeInterval ti = TimeInterval.of(tc.startS() == null ? null : T0.plusSeconds(tc.startS()),
        tc.lengthS() == null ? null : T0.plusSeconds((tc.startS() == null ? 0 : tc.startS()) + tc.lengthS()));
    if (tc.startExclusive() && tc.startS() != null) {
      ti = ti.withStartExclusive();
    }
    Query q = Query.time(ti).limit(c.limit());
    SpatialFilter sf = null;
    switch (c.place()) {
      case NONE -> { }
      case BOX -> {
        q = q.bbox(c.box());
        sf = SpatialFilter.intersects(c.box());
      }
      case POLYGON -> {
        Geometry triangle = triangle(c.box());
        q = q.intersects(triangle);
        sf = SpatialFilter.intersects(triangle);
      }
      case WITHIN -> {
        Geometry g = c.box().toGeometry();
        q = q.within(g);
        sf = SpatialFilter.contains(g);
      }
    }
    Instant fs = T0.plusSeconds(c.filterStartS());
    Instant fe = fs.plusSeconds(YEAR_S / 3);
    String time = "time >= TIMESTAMP('" + fs + "') AND time < TIMESTAMP('" + fe + "')";
    q = switch (c.filter()) {
      case NONE -> q;
      case CLOUD -> q.filter("cloud_cover < " + c.cloud());
      case PLATFORM -> q.filter("platform = 'sentinel-2a'");
      case TIME -> q.filter(time);
      case TIME_AND_CLOUD -> q.filter(time + " AND cloud_cover < " + c.cloud());
    };
    long expected = 0;
    for (String name : c.both() ? List.of("a", "b") : List.of("a")) {
      for (Map<String, Object> m : data.get(name)) {
        Instant t = (Instant) m.get("time");
        Double cloud = (Double) m.get("cloud_cover");
        boolean inTime = ti.contains(Times.micros(t));
        boolean inPlace = sf == null || sf.test(Geometries.normalize((Geometry) m.get("geometry")));
        boolean inTimeFilter = !t.isBefore(fs) && t.isBefore(fe);
        boolean cloudy = cloud != null && cloud < c.cloud();
        boolean filtered = switch (c.filter()) {
          case NONE -> true;
          case CLOUD -> cloudy;
          case PLATFORM -> m.get("platform").equals("sentinel-2a");
          case TIME -> inTimeFilter;
          case TIME_AND_CLOUD -> inTimeFilter && cloudy;
        };
        if (inTime && inPlace && filtered) {
          expected++;
        }
      }
    }
    if (c.limit() > 0) {
      expected = Math.min(expected, c.limit());
    }
    long count;
    long loaded;
    if (c.both()) {
      count = tc.startExclusive() ? dataset.count(q) : dataset.async().count(q).get();
      loaded = dataset.query(q.skipData(true)).size();
    } else {
      CollectionClient a = dataset.collection("a");
      count = tc.startExclusive() ? a.count(q) : a.async().count(q).get();
      loaded = a.query(q.skipData(true)).size();
    }
    assertThat(count).as("%s", c).isEqualTo(expected).isEqualTo(loaded);
  }

  @Property(tries = 30)
  void countsOfRandomFieldFiltersEqualBruteForceAndTheQuerysResult(@ForAll long seed, @ForAll boolean both) throws Exception {
    RandomFilters.Node f = new RandomFilters(seed, List.of("cloud_cover"), List.of("platform"),
        List.of(0L, 1L, 42L, 100L, -1L, 0.0, 10.5, 50.0, 99.9), List.of("sentinel-2a", "sentinel-2b", "sentinel-2c")).next(3);
    Random r = new Random(seed);
    BoundingBox box = r.nextBoolean() ? null : BoundingBox.of(-180 + r.nextDouble() * 300, -60, 0 + r.nextDouble() * 180, 60);
    Query q = Query.all().filter(f.text());
    SpatialFilter sf = null;
    if (box != null) {
      q = q.bbox(box);
      sf = SpatialFilter.intersects(box);
    }
    long expected = 0;
    for (String name : both ? List.of("a", "b") : List.of("a")) {
      for (Map<String, Object> m : data.get(name)) {
        if ((sf == null || sf.test(Geometries.normalize((Geometry) m.get("geometry")))) && Boolean.TRUE.equals(f.eval(m))) {
          expected++;
        }
      }
    }
    long count = both ? dataset.count(q) : dataset.collection("a").count(q);
    long loaded = both ? dataset.query(q.skipData(true)).size() : dataset.collection("a").query(q.skipData(true)).size();
    assertThat(count).as("%s in %s", f.text(), box).isEqualTo(expected).isEqualTo(loaded);
  }

  /** A triangle inside {@code box} (a polygon that is not a box, so the exact test decides every candidate). */
  static Geometry triangle(BoundingBox box) {
    double e = box.east() < box.west() ? box.east() + 360 : box.east();
    Coordinate[] ring = {new Coordinate(box.west(), box.south()), new Coordinate(e, box.south()),
        new Coordinate(box.west(), box.north()), new Coordinate(box.west(), box.south())};
    for (Coordinate c : ring) {
      if (c.x > 180) {
        c.x -= 360;
      }
    }
    return Geometries.asDrawn(Geometries.FACTORY.createPolygon(ring));
  }

  /** Large boxes, where most footprints lie inside (settled by their boxes) and many cross the edges (tested exactly). */
  @Example
  void largeBoxesInBothModes() {
    for (BoundingBox box : List.of(BoundingBox.of(-40, -30, 40, 30), BoundingBox.of(120, -60, -100, 60))) {
      for (boolean within : List.of(false, true)) {
        SpatialFilter sf = within ? SpatialFilter.contains(box.toGeometry()) : SpatialFilter.intersects(box.toGeometry());
        long expected = data.get("a").stream().filter(m -> sf.test(Geometries.normalize((Geometry) m.get("geometry")))).count();
        Query q = within ? Query.all().within(box.toGeometry()) : Query.all().bbox(box);
        assertThat(dataset.collection("a").count(q)).as("%s %s", within ? "within" : "intersects", box).isEqualTo(expected);
      }
    }
  }

  @Example
  void aBadFilterOrPlaceIsATypedError() {
    CollectionClient a = dataset.collection("a");
    assertThatThrownBy(() -> a.count(Query.all().filter("no_such_field > 1"))).isInstanceOf(InvalidArgumentException.class)
        .hasMessageContaining("no_such_field");
    assertThatThrownBy(() -> a.count(null)).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("query is null");
    assertThat(a.count(Query.all())).isEqualTo(N * 3 / 4);
    assertThat(dataset.count(Query.all())).isEqualTo(N);
    assertThat(dataset.count(Query.all().collections("b"))).isEqualTo(N / 4);
  }
}
