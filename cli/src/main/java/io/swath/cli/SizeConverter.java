package io.swath.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Reads byte sizes as people write them: {@code 512}, {@code 16k}, {@code 256m}, {@code 1g} (binary units: k = 1024). */
final class SizeConverter implements CommandLine.ITypeConverter<Integer> {
  private static final Pattern SIZE = Pattern.compile("(\\d+)([kmg]?)(i?b)?");

  @Override
  public Integer convert(String value) {
    Matcher m = SIZE.matcher(value.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new CommandLine.TypeConversionException("'" + value + "' is not a size; write e.g. 16k, 256m or 1g");
    }
    long n = Long.parseLong(m.group(1));
    long bytes = switch (m.group(2)) {
      case "k" -> n << 10;
      case "m" -> n << 20;
      case "g" -> n << 30;
      default -> n;
    };
    if (bytes > Integer.MAX_VALUE) {
      throw new CommandLine.TypeConversionException("'" + value + "' is too large: at most 2g - 1");
    }
    return (int) bytes;
  }
}
