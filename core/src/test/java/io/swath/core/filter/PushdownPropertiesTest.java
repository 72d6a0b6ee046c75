package io.swath.core.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.core.geo.Geometries;
import io.swath.core.schema.DatasetKind;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import io.swath.core.time.Times;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The index bounds are sound: a row the filter selects always lies within them. */
class PushdownPropertiesTest {
  private static final Schema SCHEMA = Schema.forKind(DatasetKind.SPATIOTEMPORAL,
      List.of(Field.of("cloud_cover", FieldType.FLOAT64)));
  private static final long DAY = 86_400_000_000L;
  private static final long BASE = Times.micros(Instant.parse("2020-01-10T00:00:00Z"));

  private static Row at(long micros, String wkt) {
    Object[] values = {wkt == null ? null : Geometries.fromWkt(wkt), 1.0};
    return Row.of(values, micros, new UUID(0, 1), micros, "c");
  }

  /** Instants within a few days of BASE, often exactly on a day boundary or one microsecond off. */
  @Provide
  Arbitrary<Long> times() {
    Arbitrary<Long> days = Arbitraries.longs().between(-3, 3).map(d -> BASE + d * DAY);
    return Arbitraries.oneOf(days, Combinators.combine(days, Arbitraries.longs().between(-2, 2)).as(Long::sum),
        Arbitraries.longs().between(BASE - 3 * DAY, BASE + 3 * DAY));
  }

  @Provide
  Arbitrary<String> timeLiterals() {
    Arbitrary<String> ts = times().map(us -> "TIMESTAMP('" + Times.fromMicros(us) + "')");
    Arbitrary<String> date = Arbitraries.longs().between(-3, 3)
        .map(d -> "DATE('" + LocalDate.ofInstant(Times.fromMicros(BASE + d * DAY), ZoneOffset.UTC) + "')");
    Arbitrary<String> end = Arbitraries.oneOf(Arbitraries.just("'..'"),
        times().map(us -> "'" + Times.fromMicros(us) + "'"),
        Arbitraries.longs().between(-3, 3).map(d -> "'" + LocalDate.ofInstant(Times.fromMicros(BASE + d * DAY), ZoneOffset.UTC) + "'"));
    Arbitrary<String> interval = Combinators.combine(end, end).as((a, b) -> "INTERVAL(" + a + ", " + b + ")");
    return Arbitraries.oneOf(ts, date, interval);
  }

  @Provide
  Arbitrary<String> timeConditions() {
    Arbitrary<String> comparison = Combinators.combine(Arbitraries.of(Filter.ComparisonOp.class), timeLiterals(),
        Arbitraries.of(true, false)).as((op, lit, timeFirst) -> timeFirst
            ? "datetime " + op.symbol() + " " + lit : lit + " " + op.symbol() + " time");
    Arbitrary<String> temporal = Combinators.combine(Arbitraries.of(Filter.TemporalOp.class), timeLiterals(),
        Arbitraries.of(true, false)).as((op, lit, timeFirst) -> op.textName()
            + (timeFirst ? "(datetime, " + lit + ")" : "(" + lit + ", time)"));
    Arbitrary<String> between = Combinators.combine(timeLiterals(), timeLiterals())
        .as((a, b) -> "datetime BETWEEN " + a + " AND " + b);
    return Arbitraries.oneOf(comparison, temporal, between);
  }

  @Property(tries = 400)
  void timeRangeHoldsEveryMatch(@ForAll("timeConditions") String a, @ForAll("timeConditions") String b,
                                @ForAll("times") long t, @ForAll @IntRange(min = 1, max = 2) int conditions) {
    String text = conditions == 1 ? a : a + " AND " + b;
    BoundFilter f;
    try {
      f = Cql2.parseText(text).bind(SCHEMA);
    } catch (IllegalArgumentException invalid) {
      return; // e.g. an interval that starts after it ends, or an interval compared with '='
    }
    if (f.test(at(t, null))) {
      f.timeRange().ifPresent(r -> assertThat(r.contains(t)).as("%s selects %s but its range is %s", text,
          Times.fromMicros(t), r).isTrue());
    }
  }

  /** A filter that says it is decided by its time range selects a time exactly when the range holds it. */
  @Property(tries = 1000)
  void aFilterDecidedByItsTimeRangeSelectsExactlyThatRange(@ForAll("timeConditions") String a, @ForAll("timeConditions") String b,
                                                          @ForAll("times") long t, @ForAll @IntRange(min = 1, max = 2) int conditions) {
    String text = conditions == 1 ? a : a + " AND " + b;
    BoundFilter f;
    try {
      f = Cql2.parseText(text).bind(SCHEMA);
    } catch (IllegalArgumentException invalid) {
      return;
    }
    if (f.isDecidedByTimeRange()) {
      TimeRange r = f.timeRange().orElseThrow();
      assertThat(f.test(at(t, null))).as("%s at %s, range %s", text, Times.fromMicros(t), r).isEqualTo(r.contains(t));
    }
  }

  @net.jqwik.api.Example
  void comparisonsAndBetweenOfTimeAreDecidedByTheTimeRange() {
    for (String text : List.of("datetime >= TIMESTAMP('2020-01-09T00:00:00Z') AND datetime < DATE('2020-01-11')",
        "time BETWEEN DATE('2020-01-09') AND DATE('2020-01-10')", "T_DURING(time, INTERVAL('2020-01-09', '2020-01-11'))")) {
      assertThat(Cql2.parseText(text).bind(SCHEMA).isDecidedByTimeRange()).as(text).isTrue();
    }
  }

  @Property(tries = 50)
  void conditionsOnFieldsOrWithOrAreNotDecidedByTheTimeRange(@ForAll("timeConditions") String a) {
    for (String text : List.of(a + " AND cloud_cover < 5", a + " OR time < TIMESTAMP('2020-01-09T00:00:00Z')", "NOT (" + a + ")",
        "time IN (TIMESTAMP('2020-01-09T00:00:00Z'), TIMESTAMP('2020-01-11T00:00:00Z'))")) {
      BoundFilter f;
      try {
        f = Cql2.parseText(text).bind(SCHEMA);
      } catch (IllegalArgumentException invalid) {
        continue;
      }
      assertThat(f.isDecidedByTimeRange()).as(text).isFalse();
    }
  }

  @Provide
  Arbitrary<String> spatialConditions() {
    Arbitrary<Integer> lon = Arbitraries.integers().between(-180, 180);
    Arbitrary<Integer> lat = Arbitraries.integers().between(-90, 90);
    Arbitrary<String> bbox = Combinators.combine(lon, lat, lon, lat).as((w, s, e, n) ->
        "BBOX(" + w + ", " + Math.min(s, n) + ", " + e + ", " + Math.max(s, n) + ")");
    Arbitrary<String> polygon = Combinators.combine(lon, lat, Arbitraries.integers().between(1, 40))
        .as((x, y, d) -> "POLYGON((" + x + " " + y + ", " + (x + d) + " " + y + ", " + x + " " + Math.min(90, y + d) + ", "
            + x + " " + y + "))");
    return Combinators.combine(Arbitraries.of(Filter.SpatialOp.class), Arbitraries.oneOf(bbox, polygon))
        .as((op, lit) -> op.textName() + "(geometry, " + lit + ")");
  }

  @Property(tries = 400)
  void boundingBoxHoldsEveryMatch(@ForAll("spatialConditions") String a, @ForAll("spatialConditions") String b,
                                  @ForAll @IntRange(min = -180, max = 180) int x, @ForAll @IntRange(min = -90, max = 90) int y) {
    BoundFilter f = Cql2.parseText(a + " AND " + b).bind(SCHEMA);
    if (f.test(at(BASE, "POINT (" + x + " " + y + ")"))) {
      f.boundingBox().ifPresent(box -> {
        boolean lonInside = box.crossesAntimeridian() ? x >= box.west() || x <= box.east()
            : x >= box.west() && x <= box.east();
        assertThat(lonInside && y >= box.south() && y <= box.north())
            .as("%s selects POINT (%d %d) outside %s", a + " AND " + b, x, y, box).isTrue();
      });
    }
  }
}
