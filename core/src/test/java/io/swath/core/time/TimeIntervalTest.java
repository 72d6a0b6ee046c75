package io.swath.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeIntervalTest {
  static final Instant JAN = Instant.parse("2020-01-01T00:00:00Z");
  static final Instant FEB = Instant.parse("2020-02-01T00:00:00Z");
  static final long JAN_US = Times.micros(JAN);
  static final long FEB_US = Times.micros(FEB);
  static final long DAY_US = 86_400_000_000L;

  @Test
  void ofAcceptsEveryJavaTimeTypeAndStrings() {
    TimeInterval expected = TimeInterval.ofMicros(JAN_US, FEB_US);
    assertThat(TimeInterval.of(JAN, FEB)).isEqualTo(expected);
    assertThat(TimeInterval.of(LocalDate.of(2020, 1, 1), LocalDate.of(2020, 2, 1))).isEqualTo(expected);
    assertThat(TimeInterval.of(LocalDateTime.of(2020, 1, 1, 0, 0), LocalDateTime.of(2020, 2, 1, 0, 0))).isEqualTo(expected);
    assertThat(TimeInterval.of(OffsetDateTime.of(2020, 1, 1, 1, 0, 0, 0, ZoneOffset.ofHours(1)),
        OffsetDateTime.of(2020, 1, 31, 19, 0, 0, 0, ZoneOffset.ofHours(-5)))).isEqualTo(expected);
    assertThat(TimeInterval.of(ZonedDateTime.of(2020, 1, 1, 9, 0, 0, 0, ZoneId.of("Asia/Tokyo")),
        ZonedDateTime.of(2020, 2, 1, 0, 0, 0, 0, ZoneOffset.UTC))).isEqualTo(expected);
    assertThat(TimeInterval.of("2020-01-01", "2020-02-01T00:00:00Z")).isEqualTo(expected);
    assertThat(TimeInterval.of("2020-01-01T01:00:00+01:00", "2020-02-01T00:00:00.000000Z")).isEqualTo(expected);
  }

  @Test
  void nullAndDotsLeaveAnEndOpen() {
    TimeInterval from = TimeInterval.of(JAN, null);
    assertThat(from.start()).contains(JAN);
    assertThat(from.end()).isEmpty();
    assertThat(from.endMicros()).isEqualTo(OptionalLong.empty());
    assertThat(TimeInterval.of(JAN, "..")).isEqualTo(from);
    TimeInterval until = TimeInterval.of(null, FEB);
    assertThat(until.start()).isEqualTo(Optional.empty());
    assertThat(until.endMicros()).hasValue(FEB_US);
    assertThat(TimeInterval.of(null, null)).isEqualTo(TimeInterval.ALL);
  }

  @Test
  void rejectsUnknownTypesNamingThem() {
    assertThatThrownBy(() -> TimeInterval.of(42L, FEB))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("start")
        .hasMessageContaining("java.lang.Long");
    assertThatThrownBy(() -> TimeInterval.of(JAN, "next tuesday"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'next tuesday' is not a time");
  }

  @Test
  void startAfterEndShowsBothTimes() {
    assertThatThrownBy(() -> TimeInterval.of(FEB, JAN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("time interval start 2020-02-01T00:00:00Z is after its end 2020-01-01T00:00:00Z");
    assertThatThrownBy(() -> TimeInterval.parse("2020-02-01/2020-01-01T00:00:00Z"))
        .hasMessageContaining("2020-02-01T00:00:00Z is after its end 2020-01-01T00:00:00Z");
  }

  @Test
  void defaultIsHalfOpen() {
    TimeInterval t = TimeInterval.of(JAN, FEB);
    assertThat(t.startInclusive()).isTrue();
    assertThat(t.endExclusive()).isTrue();
    assertThat(t.contains(JAN_US - 1)).isFalse();
    assertThat(t.contains(JAN_US)).isTrue();
    assertThat(t.contains(FEB_US - 1)).isTrue();
    assertThat(t.contains(FEB_US)).isFalse();
    assertThat(t.toHalfOpenMicros()).isEqualTo(new TimeInterval.MicrosRange(JAN_US, FEB_US));
  }

  @Test
  void exclusiveStartAndInclusiveEnd() {
    TimeInterval t = TimeInterval.of(JAN, FEB).withStartExclusive().withEndInclusive();
    assertThat(t.startInclusive()).isFalse();
    assertThat(t.endExclusive()).isFalse();
    assertThat(t.contains(JAN_US)).isFalse();
    assertThat(t.contains(JAN_US + 1)).isTrue();
    assertThat(t.contains(FEB_US)).isTrue();
    assertThat(t.contains(FEB_US + 1)).isFalse();
    assertThat(t.toHalfOpenMicros()).isEqualTo(new TimeInterval.MicrosRange(JAN_US + 1, FEB_US + 1));
    assertThat(t.withStartInclusive().withEndExclusive()).isEqualTo(TimeInterval.of(JAN, FEB));
  }

  @Test
  void flagsOnOpenEndsAreIgnored() {
    TimeInterval from = TimeInterval.of(JAN, null);
    assertThat(from.withEndInclusive()).isSameAs(from);
    assertThat(from.endExclusive()).isTrue();
    assertThat(TimeInterval.ALL.withStartExclusive()).isSameAs(TimeInterval.ALL);
  }

  @Test
  void openEndsMapToLongExtremes() {
    assertThat(TimeInterval.ALL.toHalfOpenMicros()).isEqualTo(new TimeInterval.MicrosRange(Long.MIN_VALUE, Long.MAX_VALUE));
    assertThat(TimeInterval.of(JAN, null).toHalfOpenMicros()).isEqualTo(new TimeInterval.MicrosRange(JAN_US, Long.MAX_VALUE));
    assertThat(TimeInterval.of(null, FEB).withEndInclusive().toHalfOpenMicros())
        .isEqualTo(new TimeInterval.MicrosRange(Long.MIN_VALUE, FEB_US + 1));
    assertThat(TimeInterval.ALL.contains(Long.MIN_VALUE)).isTrue();
    assertThat(TimeInterval.ALL.contains(Long.MAX_VALUE)).isTrue();
    assertThat(TimeInterval.ofMicros(5, Long.MAX_VALUE).withEndInclusive().toHalfOpenMicros().hi()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void emptyIntervals() {
    TimeInterval empty = TimeInterval.of(JAN, JAN);
    assertThat(empty.isEmpty()).isTrue();
    assertThat(empty.contains(JAN_US)).isFalse();
    assertThat(empty.toHalfOpenMicros().isEmpty()).isTrue();
    assertThat(empty.intersects(TimeInterval.ALL)).isFalse();
    assertThat(TimeInterval.at(JAN).isEmpty()).isFalse();
    assertThat(TimeInterval.at(JAN).withStartExclusive().isEmpty()).isTrue();
    assertThat(TimeInterval.ofMicros(Long.MAX_VALUE, Long.MAX_VALUE).withStartExclusive().withEndInclusive().isEmpty()).isTrue();
  }

  @Test
  void intersects() {
    TimeInterval jan = TimeInterval.of(JAN, FEB);
    TimeInterval feb = TimeInterval.of(FEB, "2020-03-01");
    assertThat(jan.intersects(feb)).isFalse();
    assertThat(feb.intersects(jan)).isFalse();
    assertThat(jan.withEndInclusive().intersects(feb)).isTrue();
    assertThat(jan.withEndInclusive().intersects(feb.withStartExclusive())).isFalse();
    assertThat(jan.intersects(TimeInterval.at(FEB))).isFalse();
    assertThat(jan.intersects(TimeInterval.at("2020-01-15T12:00:00Z"))).isTrue();
    assertThat(TimeInterval.of(null, JAN).intersects(TimeInterval.of("2019-12-31", null))).isTrue();
    assertThat(TimeInterval.of(null, JAN).intersects(TimeInterval.of(JAN, null))).isFalse();
    assertThat(TimeInterval.ALL.intersects(jan)).isTrue();
  }

  @Test
  void containsInstantTruncatesToMicros() {
    TimeInterval t = TimeInterval.at(JAN.plusNanos(1500));
    assertThat(t.contains(JAN.plusNanos(1000))).isTrue();
    assertThat(t.contains(JAN.plusNanos(1999))).isTrue();
    assertThat(t.contains(JAN.plusNanos(2000))).isFalse();
  }

  @Test
  void stacTimesBetweenTwoMicrosecondsHoldOnlyTheMicrosecondsTheyReach() {
    long us = Times.micros(Instant.parse("2020-01-01T12:00:00.000001Z"));
    assertThat(TimeInterval.parseStac("2020-01-01T12:00:00.0000015Z").toHalfOpenMicros().isEmpty()).isTrue();
    assertThat(TimeInterval.parseStac("2020-01-01T12:00:00.0000015Z/2020-01-01T12:00:00.0000015Z").toHalfOpenMicros().isEmpty())
        .isTrue();
    assertThat(TimeInterval.parseStac("2020-01-01T12:00:00.0000005Z/2020-01-01T12:00:00.0000015Z").toHalfOpenMicros())
        .isEqualTo(new TimeInterval.MicrosRange(us, us + 1));
    assertThat(TimeInterval.parseStac("2020-01-01T12:00:00.000001Z").toHalfOpenMicros())
        .isEqualTo(new TimeInterval.MicrosRange(us, us + 1));
  }

  @Test
  void parsesClosedAndOpenIntervals() {
    TimeInterval jan = TimeInterval.of(JAN, FEB);
    assertThat(TimeInterval.parse("2020-01-01T00:00:00Z/2020-02-01T00:00:00Z")).isEqualTo(jan);
    assertThat(TimeInterval.parse("  2020-01-01T00:00:00Z / 2020-02-01T00:00:00Z ")).isEqualTo(jan);
    assertThat(TimeInterval.parse("2020-01-01T01:00:00+01:00/2020-02-01T00:00:00")).isEqualTo(jan);
    assertThat(TimeInterval.parse("../2020-02-01T00:00:00Z")).isEqualTo(TimeInterval.of(null, FEB));
    assertThat(TimeInterval.parse("/2020-02-01T00:00:00Z")).isEqualTo(TimeInterval.of(null, FEB));
    assertThat(TimeInterval.parse("2020-01-01T00:00:00Z/..")).isEqualTo(TimeInterval.of(JAN, null));
    assertThat(TimeInterval.parse("2020-01-01T00:00:00Z/")).isEqualTo(TimeInterval.of(JAN, null));
    assertThat(TimeInterval.parse("../..")).isEqualTo(TimeInterval.ALL);
    assertThat(TimeInterval.parse("..")).isEqualTo(TimeInterval.ALL);
  }

  @Test
  void singleInstantIsClosed() {
    TimeInterval t = TimeInterval.parse("2020-01-01T12:00:00.5Z");
    long us = Times.micros(Instant.parse("2020-01-01T12:00:00.500Z"));
    assertThat(t).isEqualTo(TimeInterval.at(Instant.parse("2020-01-01T12:00:00.500Z")));
    assertThat(t.startInclusive()).isTrue();
    assertThat(t.endExclusive()).isFalse();
    assertThat(t.contains(us)).isTrue();
    assertThat(t.contains(us - 1)).isFalse();
    assertThat(t.contains(us + 1)).isFalse();
    assertThat(t.toHalfOpenMicros()).isEqualTo(new TimeInterval.MicrosRange(us, us + 1));
  }

  @Test
  void datesCoverWholeDays() {
    assertThat(TimeInterval.parse("2020-01-01")).isEqualTo(TimeInterval.ofMicros(JAN_US, JAN_US + DAY_US));
    assertThat(TimeInterval.parse("2020-01-01/2020-02-01")).isEqualTo(TimeInterval.of(JAN, FEB));
    assertThat(TimeInterval.parse("../2020-02-01")).isEqualTo(TimeInterval.of(null, FEB));
    assertThat(TimeInterval.parse("2020-01-01/..")).isEqualTo(TimeInterval.of(JAN, null));
    assertThat(TimeInterval.parse("2020-01-01/2020-02-01T00:00:00Z")).isEqualTo(TimeInterval.of(JAN, FEB));
  }

  @Test
  void anEndIsLeftOutWhateverItsForm() {
    // the end of a/b is excluded whether it is written as a time, a date, a month or a year
    assertThat(TimeInterval.parse("2022-05-01/2022-06-01")).isEqualTo(TimeInterval.parse("2022-05"))
        .isEqualTo(TimeInterval.parse("2022-05/2022-06")).isEqualTo(TimeInterval.of("2022-05", "2022-06"))
        .isEqualTo(TimeInterval.of("2022-05-01", "2022-06-01"))
        .isEqualTo(TimeInterval.parse("2022-05-01T00:00:00Z/2022-06-01T00:00:00Z"));
    assertThat(TimeInterval.parse("2022-05-01/2022-06-01").contains(Instant.parse("2022-06-01T00:00:00Z"))).isFalse();
    assertThat(TimeInterval.parse("2020-01-01/2020-01-01").isEmpty()).isTrue();
  }

  @Test
  void stacDatetimeIncludesItsEnd() {
    assertThat(TimeInterval.parseStac("2020-01-01T00:00:00Z/2020-02-01T00:00:00Z"))
        .isEqualTo(TimeInterval.of(JAN, FEB).withEndInclusive());
    assertThat(TimeInterval.parseStac("2020-01-01/2020-01-31")).isEqualTo(TimeInterval.of(JAN, FEB));
    assertThat(TimeInterval.parseStac("2020-01-01/2020-01-01")).isEqualTo(TimeInterval.parse("2020-01-01"));
    assertThat(TimeInterval.parseStac("../2020-01-31")).isEqualTo(TimeInterval.of(null, FEB));
    assertThat(TimeInterval.parseStac("2019/2020")).isEqualTo(TimeInterval.of("2019-01-01", "2021-01-01"));
    assertThat(TimeInterval.parseStac("2020-01/2020-03")).isEqualTo(TimeInterval.of("2020-01-01", "2020-04-01"));
    assertThat(TimeInterval.parseStac("../2020")).isEqualTo(TimeInterval.of(null, "2021-01-01"));
    assertThat(TimeInterval.parseStac("2020-01-15/2020-02")).isEqualTo(TimeInterval.of("2020-01-15", "2020-03-01"));
    assertThat(TimeInterval.parseStac("2020-06")).isEqualTo(TimeInterval.parse("2020-06"));
    assertThat(TimeInterval.parseStac("2020-01-01T00:00:00Z/..")).isEqualTo(TimeInterval.of(JAN, null));
  }

  @Test
  void monthsAndYearsCoverAllOfThem() {
    assertThat(TimeInterval.parse("2020")).isEqualTo(TimeInterval.of("2020-01-01", "2021-01-01"));
    assertThat(TimeInterval.parse("2020-02")).isEqualTo(TimeInterval.of("2020-02-01", "2020-03-01"));
    assertThat(TimeInterval.parse("2020-12")).isEqualTo(TimeInterval.of("2020-12-01", "2021-01-01"));
    assertThat(TimeInterval.parse("2019/2021")).isEqualTo(TimeInterval.of("2019-01-01", "2021-01-01"));
    assertThat(TimeInterval.parse("2020-01/2020-03")).isEqualTo(TimeInterval.of("2020-01-01", "2020-03-01"));
    assertThat(TimeInterval.parse("2020-06/..")).isEqualTo(TimeInterval.of("2020-06-01", null));
    assertThat(TimeInterval.parse("../2020")).isEqualTo(TimeInterval.of(null, "2020-01-01"));
    assertThat(TimeInterval.parse("2020-01-15/2020-02")).isEqualTo(TimeInterval.of("2020-01-15", "2020-02-01"));
    assertThat(TimeInterval.parse("[2020/2021)")).isEqualTo(TimeInterval.of("2020-01-01", "2021-01-01"));
    assertThat(TimeInterval.of("2020", "2021")).isEqualTo(TimeInterval.parse("2020"));
    assertThatThrownBy(() -> TimeInterval.parse("2020-13")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'2020-13' is not a time interval").hasMessageContaining("not a month");
  }

  @Test
  void parsesIntervalNotation() {
    assertThat(TimeInterval.parse("[2020-01-01T00:00:00Z/2020-02-01T00:00:00Z]"))
        .isEqualTo(TimeInterval.of(JAN, FEB).withEndInclusive());
    assertThat(TimeInterval.parse("(2020-01-01T00:00:00Z/2020-02-01T00:00:00Z)"))
        .isEqualTo(TimeInterval.of(JAN, FEB).withStartExclusive());
    assertThat(TimeInterval.parse("[2020-01-01/2020-02-01)")).isEqualTo(TimeInterval.of(JAN, FEB));
    assertThat(TimeInterval.parse("(2020-01-01T00:00:00Z/..)")).isEqualTo(TimeInterval.of(JAN, null).withStartExclusive());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "tomorrow", "2020-01-01/2020-02-01/2020-03-01", "2020-13-01", "2020-01-01T25:00:00Z/..",
      "[2020-01-01T00:00:00Z]", "2020-01-01T00:00:00Z/soon"})
  void rejectsMalformedIntervalsSayingWhatIsAccepted(String s) {
    assertThatThrownBy(() -> TimeInterval.parse(s))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("'" + s + "' is not a time interval")
        .hasMessageContaining("expected a/b, ../b, a/..");
  }

  @Test
  void toStringPrintsTheStacForm() {
    assertThat(TimeInterval.of(JAN, FEB)).hasToString("2020-01-01T00:00:00Z/2020-02-01T00:00:00Z");
    assertThat(TimeInterval.of(JAN, null)).hasToString("2020-01-01T00:00:00Z/..");
    assertThat(TimeInterval.of(null, FEB)).hasToString("../2020-02-01T00:00:00Z");
    assertThat(TimeInterval.ALL).hasToString("../..");
    assertThat(TimeInterval.at(JAN.plusMillis(250))).hasToString("2020-01-01T00:00:00.250Z");
    assertThat(TimeInterval.of(JAN, FEB).withEndInclusive()).hasToString("[2020-01-01T00:00:00Z/2020-02-01T00:00:00Z]");
    assertThat(TimeInterval.of(JAN, FEB).withStartExclusive()).hasToString("(2020-01-01T00:00:00Z/2020-02-01T00:00:00Z)");
  }

  @Test
  void equalsAndHashCode() {
    assertThat(TimeInterval.of(JAN, FEB)).isEqualTo(TimeInterval.parse("2020-01-01/2020-02-01"))
        .hasSameHashCodeAs(TimeInterval.parse("2020-01-01/2020-02-01"));
    assertThat(TimeInterval.of(JAN, FEB)).isNotEqualTo(TimeInterval.of(JAN, FEB).withEndInclusive());
    assertThat(TimeInterval.of(JAN, null)).isNotEqualTo(TimeInterval.of(JAN, FEB));
    assertThat(TimeInterval.of(null, FEB)).isNotEqualTo(TimeInterval.of(Instant.EPOCH, FEB));
  }

  @Property
  void toStringParsesBack(@ForAll("intervals") TimeInterval t) {
    assertThat(TimeInterval.parse(t.toString())).isEqualTo(t);
  }

  @Property
  void containsAgreesWithTheHalfOpenRange(@ForAll("intervals") TimeInterval t, @ForAll("times") long us) {
    TimeInterval.MicrosRange r = t.toHalfOpenMicros();
    assertThat(t.contains(us)).isEqualTo(us >= r.lo() && us < r.hi());
  }

  @Property
  void intersectsIffSomeTimeIsInBoth(@ForAll("intervals") TimeInterval a, @ForAll("intervals") TimeInterval b) {
    TimeInterval.MicrosRange ra = a.toHalfOpenMicros();
    TimeInterval.MicrosRange rb = b.toHalfOpenMicros();
    assertThat(a.intersects(b)).isEqualTo(b.intersects(a)).isEqualTo(Math.max(ra.lo(), rb.lo()) < Math.min(ra.hi(), rb.hi()));
  }

  @Provide
  Arbitrary<Long> times() {
    // A narrow range, so that boundaries are hit often.
    return Arbitraries.longs().between(JAN_US - 5, JAN_US + 5);
  }

  @Provide
  Arbitrary<TimeInterval> intervals() {
    Arbitrary<Long> t = Arbitraries.longs().between(JAN_US - 4, JAN_US + 4).injectNull(0.2);
    Arbitrary<Boolean> flag = Arbitraries.of(true, false);
    return Combinators.combine(t, t, flag, flag).filter((a, b, x, y) -> a == null || b == null || a <= b)
        .as((a, b, startExcl, endIncl) -> {
          TimeInterval i = TimeInterval.of(a == null ? null : Times.fromMicros(a), b == null ? null : Times.fromMicros(b));
          i = startExcl ? i.withStartExclusive() : i;
          return endIncl ? i.withEndInclusive() : i;
        });
  }
}
