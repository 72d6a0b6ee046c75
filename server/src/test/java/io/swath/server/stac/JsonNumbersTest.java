package io.swath.server.stac;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.StringWriter;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonNumbersTest {
  static String written(double d) throws Exception {
    StringWriter w = new StringWriter();
    try (JsonGenerator g = Json.FACTORY.createGenerator(w)) {
      JsonNumbers.writeDouble(g, d, new char[32]);
    }
    return w.toString();
  }

  @Test
  void doublesReadBackAsTheSameValue() throws Exception {
    Random r = new Random(7);
    for (int i = 0; i < 200_000; i++) {
      double d = switch (i % 4) {
        case 0 -> Math.round(r.nextGaussian() * 1e6) / 100.0;
        case 1 -> Math.round(r.nextDouble() * 1e12) / 1e8;
        case 2 -> r.nextDouble() * 360 - 180;
        default -> (r.nextLong() >> r.nextInt(64)) / 1e6;
      };
      String s = written(d);
      assertThat(Double.parseDouble(s)).as(s).isEqualTo(d);
    }
    assertThat(written(93.51)).isEqualTo("93.51");
    assertThat(written(0.0)).isEqualTo("0.0");
    assertThat(written(-0.0)).isEqualTo("-0.0");
    assertThat(written(1e300)).isEqualTo("1.0E300");
    assertThat(written(-2.5)).isEqualTo("-2.5");
    assertThat(written(0.000001)).isEqualTo("0.000001");
  }
}
