package io.swath.core.time;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimesTest {
  @Test
  void formatWritesWhatInstantToStringWrites() {
    Random r = new Random(3);
    for (int i = 0; i < 100_000; i++) {
      long us = switch (i % 3) {
        case 0 -> r.nextLong(-62_000_000_000_000_000L, 250_000_000_000_000_000L);
        case 1 -> r.nextLong(0, 2_000_000_000L) * 1_000_000L;
        default -> r.nextLong(0, 2_000_000_000_000L) * 1000L;
      };
      assertThat(Times.format(us)).isEqualTo(Times.fromMicros(us).toString());
    }
    for (long us : new long[] {0, -1, 1, Long.MIN_VALUE, Long.MAX_VALUE, Times.micros(Instant.parse("9999-12-31T23:59:59.999999Z")),
        Times.micros(Instant.parse("0000-01-01T00:00:00Z")), Times.micros(Instant.parse("-0001-12-31T23:59:59Z"))}) {
      assertThat(Times.format(us)).isEqualTo(Times.fromMicros(us).toString());
    }
  }

  @Test
  void microsRoundTrip() {
    Instant t = Instant.parse("2020-06-01T12:34:56.789012Z");
    assertThat(Times.fromMicros(Times.micros(t))).isEqualTo(t);
    assertThat(Times.micros(Instant.parse("2020-06-01T12:34:56.789012999Z"))).isEqualTo(Times.micros(t));
  }

  @Test
  void shortTextOfDurations() {
    assertThat(Times.shortText(Duration.ofMillis(4200))).isEqualTo("4.2s");
    assertThat(Times.shortText(Duration.ofSeconds(187))).isEqualTo("3m07s");
    assertThat(Times.shortText(Duration.ofMinutes(125))).isEqualTo("2h05m");
  }

  @Test
  void parseInstantTakesLowercaseSeparatorsAndNineFractionDigits() {
    assertThat(Times.parseInstant("2025-08-10t06:33:04.058308000+05:30")).isEqualTo(Instant.parse("2025-08-10T01:03:04.058308Z"));
    assertThat(Times.parseInstant("2025-08-10t06:33:04z")).isEqualTo(Instant.parse("2025-08-10T06:33:04Z"));
  }
}
