package io.swath.core.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.fail;

import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import io.swath.core.table.ByteSink;
import io.swath.core.table.RowCodec;
import io.swath.core.table.RowValues;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiPolygon;
import org.locationtech.jts.geom.Polygon;

class LandsatCatalogTest {
  private static final long YEAR_START_US = Instant.parse("2020-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;
  private static final long YEAR_END_US = Instant.parse("2021-01-01T00:00:00Z").getEpochSecond() * 1_000_000L;

  @Test
  void collectionsAndSizes() {
    assertThat(LandsatCatalog.collections()).containsExactly("L1GT", "L1T", "L1TP", "L2SP");
    assertThat(LandsatCatalog.size("L1GT")).isEqualTo(19_624);
    assertThat(LandsatCatalog.size("L1T")).isEqualTo(1_281);
    assertThat(LandsatCatalog.size("L1TP")).isEqualTo(65_313);
    assertThat(LandsatCatalog.size("L2SP")).isEqualTo(25_375);
    assertThat(LandsatCatalog.totalSize()).isEqualTo(111_593);
    assertThatThrownBy(() -> LandsatCatalog.size("L9")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("L1TP");
    assertThatThrownBy(() -> LandsatCatalog.generate("L9", r -> { })).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void schemaIsSpatioTemporalWithAboutThirtyFields() {
    Schema s = LandsatCatalog.schema();
    assertThat(s.field(0).name()).isEqualTo("geometry");
    assertThat(s.field(0).type()).isEqualTo(FieldType.GEOMETRY);
    assertThat(s.size()).isBetween(25, 40);
    assertThat(s.find("view:off_nadir")).isPresent();
    assertThat(s.find("instruments").orElseThrow().typeLabel()).isEqualTo("string[]");
    assertThat(s.find("date_acquired").orElseThrow().type()).isEqualTo(FieldType.TIMESTAMP);
  }

  /** What one pass over a collection saw. */
  record Pass(int count, long crc, Set<String> sceneKeys, int multiPolygons) {}

  private static final Map<String, Pass> PASSES = new ConcurrentHashMap<>();

  /** Checks every row of a collection once per test run (the checks are the same for every test). */
  static Pass checked(String collection) {
    return PASSES.computeIfAbsent(collection, LandsatCatalogTest::check);
  }

  private static void require(boolean ok, Supplier<String> what, Object where) {
    if (!ok) {
      fail(where + ": " + what.get());
    }
  }

  static Pass check(String collection) {
    Schema schema = LandsatCatalog.schema();
    ByteSink sink = new ByteSink(1024);
    long[] last = {Long.MIN_VALUE};
    int[] count = new int[2];
    Set<String> keys = new HashSet<>();
    Map<String, Geometry> footprints = new HashMap<>();
    int path = schema.indexOf("wrs_path");
    int row = schema.indexOf("wrs_row");
    int level = schema.indexOf("processing_level");
    int productId = schema.indexOf("landsat_product_id");
    int cloud = schema.indexOf("cloud_cover");
    int sunElevation = schema.indexOf("sun_elevation");
    Pattern id = Pattern.compile("LC08_" + collection + "_\\d{6}_2020\\d{4}_20(20|21)\\d{4}_02_(T1|T2|RT)");
    CRC32 crc = new CRC32();
    LandsatCatalog.generate(collection, r -> {
      String where = collection + " row " + count[0];
      require(r.timeMicros() > last[0], () -> "times ascend", where);
      require(r.timeMicros() >= YEAR_START_US && r.timeMicros() < YEAR_END_US, () -> "time in 2020", where);
      last[0] = r.timeMicros();
      Object[] v = r.values();
      require(v.length == schema.size(), () -> "one value per field", where);
      Geometry g = (Geometry) v[0];
      // a path/row always has the same footprint: check each fully once, the repeats for equality
      Geometry seen = footprints.get(v[path] + "/" + v[row]);
      if (seen != null) {
        require(g.equalsExact(seen), () -> "the footprint of its path/row", where);
      } else {
        require(g.isValid(), () -> "valid footprint " + g, where);
        for (Coordinate c : g.getCoordinates()) {
          require(c.x >= -180 && c.x <= 180 && c.y >= -90 && c.y <= 90, () -> "footprint within lon/lat bounds " + g, where);
        }
        require(g.getArea() > 0.5, () -> "footprint of a scene's size " + g, where);
        footprints.put(v[path] + "/" + v[row], g);
      }
      if (g instanceof MultiPolygon) {
        count[1]++;
      } else {
        require(g instanceof Polygon, () -> "a polygon footprint", where);
      }
      require(collection.equals(v[level]), () -> "processing level", where);
      require(id.matcher((String) v[productId]).matches(), () -> "product id like USGS's: " + v[productId], where);
      require((long) v[path] >= 1 && (long) v[path] <= 233, () -> "path", where);
      require((long) v[row] >= 1 && (long) v[row] <= 122, () -> "daylit row", where);
      require((double) v[cloud] >= 0 && (double) v[cloud] <= 100, () -> "cloud cover", where);
      require((double) v[sunElevation] > 4.9 && (double) v[sunElevation] <= 90, () -> "sun elevation", where);
      keys.add(v[path] + "/" + v[row] + "@" + r.timeMicros());
      sink.reset();
      RowCodec.encode(schema, v, sink);
      RowCodec.validate(schema, sink.array(), 0, sink.size());
      crc.update(sink.array(), 0, sink.size());
      crc.update(Long.toString(r.timeMicros()).getBytes(StandardCharsets.US_ASCII));
      count[0]++;
    });
    return new Pass(count[0], crc.getValue(), keys, count[1]);
  }

  @ParameterizedTest
  @ValueSource(strings = {"L1GT", "L1T", "L1TP", "L2SP"})
  void everyCollectionHasItsExactSizeSortedValidRowsAndIsDeterministic(String collection) {
    Pass first = checked(collection);
    assertThat(first.count()).isEqualTo(LandsatCatalog.size(collection));
    assertThat(first.sceneKeys()).hasSize(first.count());
    CRC32 again = new CRC32();
    ByteSink sink = new ByteSink(1024);
    LandsatCatalog.generate(collection, r -> {
      sink.reset();
      RowCodec.encode(LandsatCatalog.schema(), r.values(), sink);
      again.update(sink.array(), 0, sink.size());
      again.update(Long.toString(r.timeMicros()).getBytes(StandardCharsets.US_ASCII));
    });
    assertThat(again.getValue()).as("same output on a second run").isEqualTo(first.crc());
  }

  @Test
  void levelTwoScenesAreL1tpScenesAndSomeFootprintsAreSplitAtTheAntimeridian() {
    Pass l1tp = checked("L1TP");
    Pass l2sp = checked("L2SP");
    assertThat(l1tp.sceneKeys().containsAll(l2sp.sceneKeys())).as("every L2SP scene is an L1TP scene").isTrue();
    int split = l1tp.multiPolygons() + checked("L1GT").multiPolygons() + l2sp.multiPolygons() + checked("L1T").multiPolygons();
    assertThat(split).isPositive();
  }

  @Test
  void withinAnOrbitScenesStepDownOnePath() {
    Schema schema = LandsatCatalog.schema();
    int path = schema.indexOf("wrs_path");
    int row = schema.indexOf("wrs_row");
    long[] prev = {Long.MIN_VALUE, 0, 0};
    int[] checked = {0};
    LandsatCatalog.generate("L1TP", r -> {
      long p = (long) r.values()[path];
      long w = (long) r.values()[row];
      long gap = prev[0] == Long.MIN_VALUE ? Long.MAX_VALUE : r.timeMicros() - prev[0];
      if (gap < 20 * 60_000_000L) {
        // one orbit sweeps a path from north to south, one row about every 24 s
        assertThat(p).isEqualTo(prev[1]);
        assertThat(w).isGreaterThan(prev[2]);
        assertThat(gap).isBetween((w - prev[2]) * 23_000_000L, (w - prev[2]) * 25_000_000L);
        checked[0]++;
      } else if (gap < 60 * 60_000_000L * 3 / 2 && gap > 50 * 60_000_000L) {
        // the next orbit, ~99 minutes after the previous pass started, is 16 paths further west
        assertThat(Math.floorMod(p - prev[1], 233)).isEqualTo(16L);
      }
      prev[0] = r.timeMicros();
      prev[1] = p;
      prev[2] = w;
    });
    assertThat(checked[0]).isGreaterThan(10_000);
  }

  @Test
  void generatingTheWholeCatalogIsQuick() {
    long start = System.nanoTime();
    long[] n = {0};
    for (String c : LandsatCatalog.collections()) {
      LandsatCatalog.generate(c, r -> n[0]++);
    }
    long ms = (System.nanoTime() - start) / 1_000_000;
    System.out.println("generated " + n[0] + " datapoints in " + ms + " ms");
    assertThat(n[0]).isEqualTo(111_593);
    assertThat(ms).as("a generous bound for a shared 2-core machine").isLessThan(10_000);
  }

  @Test
  void rowsAreIndependentObjects() {
    List<RowValues> a = LandsatCatalog.all("L1T");
    List<RowValues> b = LandsatCatalog.all("L1T");
    assertThat(a).isEqualTo(b);
    assertThat(a.get(0).values()[0]).isNotSameAs(b.get(0).values()[0]);
    assertThat(a.get(0).time()).isAfterOrEqualTo(Instant.parse("2020-01-01T00:00:00Z"));
  }
}
