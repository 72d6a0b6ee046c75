package io.swath.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;

/**
 * {@code swath --version}: the version, git commit and build time that the build wrote into
 * {@code io/swath/cli/build.properties} (a filtered resource; ./mvnw gives the commit), and the JVM.
 */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() throws IOException {
    Properties p = new Properties();
    try (InputStream in = VersionProvider.class.getResourceAsStream("build.properties")) {
      if (in != null) {
        p.load(in);
      }
    }
    return new String[] {
        "swath " + value(p, "version"),
        "build: commit " + value(p, "commit") + ", built " + value(p, "time"),
        "java: " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ") at " + System.getProperty("java.home")};
  }

  /** A property, or "unknown" when the build did not fill it in (a build by plain mvn leaves the commit's ${...}). */
  private static String value(Properties p, String key) {
    String v = p.getProperty(key, "").strip();
    return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
  }
}
