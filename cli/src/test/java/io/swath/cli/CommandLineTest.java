package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class CommandLineTest {
  static String[] capture(String... args) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    System.setOut(new PrintStream(o, true));
    System.setErr(new PrintStream(e, true));
    try {
      int code = Main.run(args);
      return new String[] {Integer.toString(code), o.toString(), e.toString()};
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void helpTeachesEveryCommand() {
    String[] r = capture("--help");
    assertThat(r[0]).isEqualTo("0");
    for (String cmd : new String[] {"server", "datasets", "collections", "info", "query", "find", "ingest", "delete", "demo", "download", "snippets", "bench"}) {
      assertThat(r[1]).contains(cmd);
      String[] sub = capture(cmd, "--help");
      assertThat(sub[0]).as(cmd).isEqualTo("0");
      assertThat(sub[1]).as(cmd).contains("Usage: swath " + cmd);
    }
    assertThat(r[1]).contains("Exit codes");
  }

  @Test
  void serverHelpNamesTheLimitsAsTheCodeSetsThem() throws Exception {
    var batchField = io.swath.client.DatasetsClientBuilder.class.getDeclaredField("ingestBatchSize");
    batchField.setAccessible(true);
    int sdkBatch = (int) batchField.get(io.swath.client.DatasetsClient.builder());
    String[] r = capture("server", "--help");
    assertThat(r[0]).isEqualTo("0");
    String help = r[1].replaceAll("\\s+", " ");
    assertThat(help).contains("--key-rate-limit").contains("--key-burst").contains("--key-max-streams").contains("--max-query-streams")
        .contains("--query-slots").contains("--query-queue-timeout").contains("--max-message-size")
        .contains(io.swath.server.catalog.DatapointStore.MAX_INGEST_BATCH + " datapoints per ingest request")
        .contains("batches of " + sdkBatch + ")")
        .contains((io.swath.core.rules.StorageRules.MAX_ROW_BYTES >> 20) + " MiB per datapoint")
        .contains("and " + (io.swath.server.catalog.DatapointStore.MAX_PAGE_BYTES >> 20) + " MiB")
        .contains("docs/security.md")
        .contains("default: " + io.swath.server.security.KeyStreams.DEFAULT_MAX + ",");
  }

  @Test
  void versionNamesTheProjectVersionTheBuildAndTheJvm() throws Exception {
    String pom = java.nio.file.Files.readString(java.nio.file.Path.of("../pom.xml"));
    String version = pom.substring(pom.indexOf("<version>") + 9, pom.indexOf("</version>"));
    String[] r = capture("--version");
    assertThat(r[0]).isEqualTo("0");
    var lines = r[1].lines().toList();
    assertThat(lines.get(0)).isEqualTo("swath " + version);
    // ./mvnw gives the commit (git describe); a build by another Maven says "unknown"
    assertThat(lines.get(1)).matches("build: commit \\S+, built \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(lines.get(2)).startsWith("java: " + System.getProperty("java.version"));
  }

  @Test
  void badUsageExitsWith2AndSaysWhy() {
    String[] r = capture("query");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("DATASET");
    r = capture("nonsense");
    assertThat(r[0]).isEqualTo("2");
    r = capture("query", "a.b", "--bbox", "1,2,3", "--url", "127.0.0.1:1");
    assertThat(r[0]).isEqualTo("2");
    assertThat(r[2]).contains("--bbox needs four numbers");
  }

  @Test
  void unreachableServerExitsWith4() {
    String[] r = capture("datasets", "--url", "127.0.0.1:1");
    assertThat(r[0]).isEqualTo("4");
    assertThat(r[2]).contains("swath:").contains("127.0.0.1:1").containsIgnoringCase("connection refused");
    assertThat(r[2].strip().lines()).hasSize(1);
    r = capture("datasets", "--url", "nosuchhost.invalid:7777");
    assertThat(r[0]).isEqualTo("4");
    assertThat(r[2]).contains("nosuchhost.invalid:7777");
    assertThat(r[2].strip().lines()).hasSize(1);
  }
}
