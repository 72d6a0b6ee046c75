package io.swath.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine;

/** A retention or an interval: a duration as {@link DurationConverter} reads it ({@code 30d}), or {@code 0} / {@code off} for never (zero). */
final class RetentionConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    if (v.equals("0") || v.equals("off")) {
      return Duration.ZERO;
    }
    Duration d = new DurationConverter().convert(value);
    if (d.isNegative()) {
      throw new CommandLine.TypeConversionException("'" + value + "' is negative; write e.g. 30d, or 0 / off for never");
    }
    return d;
  }
}
