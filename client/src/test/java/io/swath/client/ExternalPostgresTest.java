package io.swath.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.core.schema.FieldType;
import io.swath.core.table.DatapointTable;
import io.swath.server.SwathServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The server on an external PostgreSQL (the Debian server package, version 15 or newer, started
 * here as its own user on a free loopback port) instead of the embedded one: same migrations,
 * same queries.
 */
class ExternalPostgresTest {
  static Path binaries() throws IOException {
    Path root = Path.of("/usr/lib/postgresql");
    if (!Files.isDirectory(root)) {
      throw new AssertionError("no PostgreSQL server under /usr/lib/postgresql (bin/test installs Debian's postgresql)");
    }
    try (Stream<Path> s = Files.list(root)) {
      return s.filter(p -> Files.isExecutable(p.resolve("bin/postgres")))
          .filter(p -> p.getFileName().toString().matches("\\d+") && Integer.parseInt(p.getFileName().toString()) >= 15)
          .max(Comparator.comparing(p -> Integer.parseInt(p.getFileName().toString())))
          .map(p -> p.resolve("bin"))
          .orElseThrow(() -> new AssertionError("no PostgreSQL 15+ server under /usr/lib/postgresql"));
    }
  }

  static String run(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new AssertionError(String.join(" ", cmd) + " failed:\n" + out);
    }
    return out;
  }

  /** Runs a PostgreSQL binary as the postgres user when we are root (PostgreSQL refuses root). */
  static List<String> asPostgres(Path bin, String tool, String... args) {
    List<String> cmd = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.add(bin.resolve(tool).toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  @Test
  void serverRunsOnAnExternalPostgresql() throws Exception {
    Path bin = binaries();
    Path dir = Files.createTempDirectory("swath-extpg");
    Path data = dir.resolve("data");
    // a cluster as a deployment has one: every connection needs the password
    byte[] secret = new byte[16];
    new SecureRandom().nextBytes(secret);
    String password = HexFormat.of().formatHex(secret);
    Path pwFile = dir.resolve("password");
    Files.writeString(pwFile, password + "\n");
    if ("root".equals(System.getProperty("user.name"))) {
      run(List.of("chown", "-R", "postgres", dir.toString()));
    }
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    run(asPostgres(bin, "initdb", "-D", data.toString(), "-U", "postgres", "--auth=scram-sha-256", "--pwfile=" + pwFile, "-E", "UTF8"));
    run(asPostgres(bin, "pg_ctl", "-D", data.toString(), "-l", dir.resolve("log").toString(), "-w", "-o",
        "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir, "start"));
    try (SwathServer server = SwathServer.builder().dbUrl("jdbc:postgresql://127.0.0.1:" + port + "/postgres")
        .dbCredentials("postgres", password).port(0).httpPort(0).build().start();
         DatasetsClient client = DatasetsClient.connect(server.target())) {
      assertThat(server.storageDescription()).contains("127.0.0.1:" + port);
      var ds = client.createDataset(DatasetSpec.builder("ext.pg.scenes").spatioTemporal().field("cloud", FieldType.FLOAT64).build());
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        rows.add(Map.of("time", Instant.parse("2020-01-01T00:00:00Z").plusSeconds(3600L * i), "cloud", (double) (i % 100),
            "geometry", "POLYGON ((" + (i % 360 - 180) + " 0, " + (i % 360 - 179) + " 0, " + (i % 360 - 179) + " 1, " + (i % 360 - 180)
                + " 0))"));
      }
      var c = ds.createCollection("s");
      assertThat(c.ingest(rows).created()).isEqualTo(2000);
      assertThat(c.ingest(rows).existing()).isEqualTo(2000);
      DatapointTable t = c.query(Query.time("2020-01-01", "2020-02-01").bbox(-180, -1, -100, 2).filter("cloud < 50").parallelism(3));
      long expected = 0;
      for (int i = 0; i < 744; i++) {
        int lon = i % 360 - 180;
        if (lon <= -100 && i % 100 < 50) {
          expected++;
        }
      }
      assertThat(t.size()).isEqualTo(expected);
      assertThat(c.info().count()).isEqualTo(2000);
    } finally {
      run(asPostgres(bin, "pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop"));
      run(List.of("rm", "-rf", dir.toString()));
    }
  }
}
