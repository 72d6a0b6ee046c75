package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.client.DatasetsClient;
import io.swath.client.Query;
import io.swath.imagery.asset.AssetAccess;
import io.swath.imagery.asset.S3Settings;
import io.swath.workflows.WorkflowsClient;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full run of a server process with API keys, and then the search for secrets in everything it
 * and its clients printed: the server's whole log, the command line's output and errors, SDK error
 * messages, {@code /metrics} and HTTP error bodies. The secrets are every API key's secret part
 * (valid, revoked and forged ones), the embedded database's password and an S3 secret key. The one
 * place a key may appear is where it is shown once: the output of the command that created it.
 */
class SecretsStayOutOfLogsTest {
  private static final Pattern READY = Pattern.compile("swath server ready: gRPC (\\S+), HTTP (\\S+)/health");
  private static final Pattern ADMIN = Pattern.compile("first admin key \\(shown only now[^)]*\\): (swk_\\S+)");

  @TempDir
  Path dir;

  /** The secret part of {@code swk_<id>_<secret>}. */
  private static String secret(String key) {
    return key.substring(key.indexOf('_', 4) + 1);
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void noSecretInAnyLogErrorOrMetricsOfAFullRun() throws Exception {
    Path data = dir.resolve("data");
    Path log = dir.resolve("server.log");
    Process server = BenchCommand.cli("server", "--data-dir", data.toString(), "--port", "0", "--http-port", "0", "--init-admin-key")
        .redirectOutput(log.toFile()).start();
    Map<String, String> secrets = new LinkedHashMap<>();
    List<String> printed = new ArrayList<>();   // everything clients saw, apart from each key's one showing
    String admin;
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      Matcher ready = READY.matcher("");
      while (!ready.reset(Files.readString(log)).find()) {
        assertThat(server.isAlive()).as("server process (log: %s)", Files.readString(log)).isTrue();
        assertThat(System.nanoTime()).as("server ready within 120 s (log: %s)", Files.readString(log)).isLessThan(deadline);
        Thread.sleep(50);
      }
      String target = ready.group(1);
      String http = ready.group(2);
      Matcher m = ADMIN.matcher(Files.readString(log));
      assertThat(m.find()).as("the first admin key is shown").isTrue();
      admin = m.group(1);
      secrets.put("admin key", secret(admin));
      secrets.put("database password", Files.readString(data.resolve("postgres.password")).trim());

      // keys made, used rightly and wrongly, revoked
      Map<String, String> keys = new LinkedHashMap<>();
      for (String[] k : new String[][] {{"writer", "write"}, {"reader", "read:open_data.*"}, {"runner", "runner"}}) {
        String[] r = CommandLineTest.capture("keys", "create", "--name", k[0], "--owner", "test", "--scope", k[1], "--url", target,
            "--api-key", admin);
        assertThat(r[0]).as(r[2]).isEqualTo("0");
        keys.put(k[0], r[1].trim());
        secrets.put(k[0] + " key", secret(r[1].trim()));
        printed.add(r[2]);
      }
      String writer = keys.get("writer");
      String reader = keys.get("reader");
      String forged = writer.substring(0, writer.indexOf('_', 4) + 1) + "F".repeat(secret(writer).length());
      secrets.put("forged key", secret(forged));

      Path items = DemoData.stacDir().orElseThrow().resolve("earth-search/sentinel-2-l2a.items.ndjson");
      String[] ingest = CommandLineTest.capture("ingest", "open_data.secrets.s2", items.toString(), "--url", target, "--api-key", writer);
      assertThat(ingest[0]).as(ingest[2]).isEqualTo("0");
      printed.addAll(List.of(ingest));
      printed.addAll(List.of(CommandLineTest.capture("query", "open_data.secrets.s2", "--url", target, "--api-key", reader)));
      for (String key : List.of(forged, reader, "not-a-key")) {
        String[] r = CommandLineTest.capture("delete", "open_data.secrets.s2", "--yes", "--url", target, "--api-key", key);
        assertThat(r[0]).as("deleting with a key that may not").isNotEqualTo("0");
        printed.addAll(List.of(r));
      }
      try (DatasetsClient sdk = DatasetsClient.builder().target(target).apiKey(forged).buildBlocking()) {
        printed.add(describe(assertThatThrownBy(() -> sdk.dataset("open_data.secrets.s2").info()).actual()));
      }
      try (DatasetsClient sdk = DatasetsClient.builder().target(target).apiKey(reader).buildBlocking()) {
        assertThat(sdk.dataset("open_data.secrets.s2").collections()).isNotEmpty();
        printed.add(describe(assertThatThrownBy(() -> sdk.deleteDataset("open_data.secrets.s2")).actual()));
        printed.add(describe(assertThatThrownBy(() -> sdk.dataset("open_data.secrets.s2").query(Query.all().filter("no_such_field > 1")))
            .actual()));
      }
      try (WorkflowsClient wf = WorkflowsClient.builder().target(target).apiKey(keys.get("runner")).build()) {
        printed.add(describe(assertThatThrownBy(() -> wf.jobs().list(5)).actual()));
      }

      // HTTP: STAC with a key, with a forged one, the metrics
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      for (String key : List.of(writer, forged, "swk_broken")) {
        for (String path : List.of("/collections", "/search?limit=3", "/collections/nope/items", "/metrics")) {
          HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(http + path)).header("Authorization", "Bearer " + key)
              .build(), HttpResponse.BodyHandlers.ofString());
          printed.add(r.statusCode() + " " + r.headers().map() + " " + r.body());
        }
      }
      HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(URI.create(http + "/metrics")).header("Authorization",
          "Bearer " + admin).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.body()).contains("swath_db_up");
      printed.add(metrics.body());

      String readerId = reader.substring(4, reader.indexOf('_', 4));
      printed.addAll(List.of(CommandLineTest.capture("keys", "revoke", readerId, "--url", target, "--api-key", admin)));
      printed.addAll(List.of(CommandLineTest.capture("keys", "list", "--url", target, "--api-key", admin)));
      printed.addAll(List.of(CommandLineTest.capture("query", "open_data.secrets.s2", "--url", target, "--api-key", reader)));

      // an S3 secret given to the SDK never shows in its errors, nor in the settings' text
      String s3Secret = "s3SecretKey" + Long.toHexString(System.nanoTime()) + "Zq";
      secrets.put("S3 secret key", s3Secret);
      int closed;
      try (ServerSocket s = new ServerSocket(0)) {
        closed = s.getLocalPort();
      }
      S3Settings s3 = S3Settings.builder().endpoint(URI.create("http://127.0.0.1:" + closed)).region("eu-central-1")
          .credentials("AKIASECRETSTEST", s3Secret).build();
      printed.add(s3.toString());
      try (AssetAccess access = AssetAccess.builder().s3(s3).build()) {
        printed.add(describe(assertThatThrownBy(() -> access.stat(URI.create("s3://bucket/scene/B04.tif"))).actual()));
      }
    } finally {
      server.destroy();
      if (!server.waitFor(60, TimeUnit.SECONDS)) {
        server.destroyForcibly();
      }
    }

    String serverLog = Files.readString(log, StandardCharsets.UTF_8);
    // the log did record the run: key use, denials and writes, by key name
    assertThat(serverLog).contains("key=writer", "key=reader", "denied");
    // the admin key shows once, in the line that hands it out
    assertThat(serverLog.split(Pattern.quote(secret(admin)), -1)).as("the admin key is shown exactly once").hasSize(2);
    String serverLogWithoutShowing = ADMIN.matcher(serverLog).replaceAll("first admin key (shown)");
    String everything = String.join("\n", printed);
    for (Map.Entry<String, String> s : secrets.entrySet()) {
      assertThat(s.getValue()).as(s.getKey()).hasSizeGreaterThanOrEqualTo(16);
      assertThat(serverLogWithoutShowing).as("the server's log holds the %s", s.getKey()).doesNotContain(s.getValue());
      assertThat(everything).as("what clients printed or received holds the %s", s.getKey()).doesNotContain(s.getValue());
    }
  }

  /** A throwable as a user sees it: its message, its causes and its stack trace. */
  private static String describe(Object t) {
    StringWriter w = new StringWriter();
    ((Throwable) t).printStackTrace(new PrintWriter(w));
    return w.toString();
  }
}
