package io.swath.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BoundedStatusMessagesTest {
  @Test
  void longAndBinaryMessagesAreCutAndEscaped() {
    assertThat(BoundedStatusMessages.bounded("dataset 'a.b' not found")).isEqualTo("dataset 'a.b' not found");
    assertThat(BoundedStatusMessages.bounded("a\0b\u0007c\nd")).isEqualTo("a\\u0000b\\u0007c\nd");
    String huge = "no dataset '" + "😀".repeat(10_000) + "'";
    String cut = BoundedStatusMessages.bounded(huge);
    assertThat(cut.substring(0, cut.indexOf('…')).getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(BoundedStatusMessages.MAX_BYTES);
    assertThat(cut).startsWith("no dataset '😀").endsWith("… (" + huge.length() + " characters in all)");
    assertThat(Character.isSurrogate(cut.charAt(cut.indexOf('…') - 1)) && Character.isHighSurrogate(cut.charAt(cut.indexOf('…') - 1)))
        .as("never half a character").isFalse();
  }
}
