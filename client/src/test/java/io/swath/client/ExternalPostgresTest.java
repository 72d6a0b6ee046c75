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

  /** A scratch cluster of the Debian server, password-protected as a deployment's is, on a free loopback port. */
  static final class Cluster implements AutoCloseable {
    final Path bin;
    final Path dir;
    final Path data;
    final int port;
    final String password;

    Cluster() throws Exception {
      bin = binaries();
      dir = Files.createTempDirectory("swath-extpg");
      data = dir.resolve("data");
      // a cluster as a deployment has one: every connection needs the password
      byte[] secret = new byte[16];
      new SecureRandom().nextBytes(secret);
      password = HexFormat.of().formatHex(secret);
      Path pwFile = dir.resolve("password");
      Files.writeString(pwFile, password + "\n");
      if ("root".equals(System.getProperty("user.name"))) {
        run(List.of("chown", "-R", "postgres", dir.toString()));
      }
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      run(asPostgres(bin, "initdb", "-D", data.toString(), "-U", "postgres", "--auth=scram-sha-256", "--pwfile=" + pwFile, "-E", "UTF8"));
      run(asPostgres(bin, "pg_ctl", "-D", data.toString(), "-l", dir.resolve("log").toString(), "-w", "-o",
          "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir, "start"));
    }

    SwathServer.Builder server() {
      return SwathServer.builder().dbUrl("jdbc:postgresql://127.0.0.1:" + port + "/postgres").dbCredentials("postgres", password)
          .port(0).httpPort(0);
    }

    @Override
    public void close() throws Exception {
      try {
        run(asPostgres(bin, "pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop"));
      } finally {
        run(List.of("rm", "-rf", dir.toString()));
      }
    }
  }

  /** A footprint of one degree at longitude {@code i % 360 - 180}, a datapoint an hour from 2020-01-01. */
  static Map<String, Object> row(int i) {
    return Map.of("time", Instant.parse("2020-01-01T00:00:00Z").plusSeconds(3600L * i), "cloud", (double) (i % 100),
        "geometry", "POLYGON ((" + (i % 360 - 180) + " 0, " + (i % 360 - 179) + " 0, " + (i % 360 - 179) + " 1, " + (i % 360 - 180)
            + " 0))");
  }

  @Test
  void serverRunsOnAnExternalPostgresql() throws Exception {
    try (Cluster pg = new Cluster();
         SwathServer server = pg.server().build().start();
         DatasetsClient client = DatasetsClient.connect(server.target())) {
      assertThat(server.storageDescription()).contains("127.0.0.1:" + pg.port);
      var ds = client.createDataset(DatasetSpec.builder("ext.pg.scenes").spatioTemporal().field("cloud", FieldType.FLOAT64).build());
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        rows.add(row(i));
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
    }
  }

  /**
   * Several servers on one external database, as behind a load balancer: what one writes the
   * others read at once, concurrent ingests of overlapping batches into one collection through two
   * servers store each datapoint once and count it once, and a deletion through one is seen by
   * the other.
   */
  @Test
  void severalServersShareOneExternalDatabase() throws Exception {
    try (Cluster pg = new Cluster();
         SwathServer a = pg.server().build().start();
         SwathServer b = pg.server().build().start();
         DatasetsClient viaA = DatasetsClient.connect(a.target());
         DatasetsClient viaB = DatasetsClient.connect(b.target())) {
      viaA.createDataset(DatasetSpec.builder("ext.pg.shared").spatioTemporal().field("cloud", FieldType.FLOAT64).build())
          .createCollection("s");
      var ca = viaA.dataset("ext.pg.shared").collection("s");
      var cb = viaB.dataset("ext.pg.shared").collection("s");   // created through A, found through B
      // A writes rows 0..5999 and B rows 3000..8999, in batches of 1,000, at the same time
      int[][] ranges = {{0, 6000}, {3000, 9000}};
      var clients = List.of(ca, cb);
      List<java.util.concurrent.Future<long[]>> done = new ArrayList<>();
      var pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      try {
        for (int k = 0; k < 2; k++) {
          int[] r = ranges[k];
          var c = clients.get(k);
          done.add(pool.submit(() -> {
            long created = 0;
            long existing = 0;
            for (int from = r[0]; from < r[1]; from += 1000) {
              List<Map<String, Object>> batch = new ArrayList<>();
              for (int i = from; i < from + 1000; i++) {
                batch.add(row(i));
              }
              IngestResult res = c.ingest(batch);
              created += res.created();
              existing += res.existing();
            }
            return new long[] {created, existing};
          }));
        }
        long created = 0;
        long existing = 0;
        for (var f : done) {
          long[] r = f.get(120, TimeUnit.SECONDS);
          created += r[0];
          existing += r[1];
        }
        assertThat(created).isEqualTo(9000);   // each datapoint stored once, whoever came first
        assertThat(existing).isEqualTo(3000);
      } finally {
        pool.shutdownNow();
      }
      assertThat(ca.info().count()).isEqualTo(9000);
      assertThat(cb.info().count()).isEqualTo(9000);
      // counts and queries through either server agree with a count by hand
      Query week = Query.time("2020-03-01", "2020-03-08").filter("cloud < 30");
      long expected = 0;
      for (int i = 0; i < 9000; i++) {
        Instant t = Instant.parse("2020-01-01T00:00:00Z").plusSeconds(3600L * i);
        if (!t.isBefore(Instant.parse("2020-03-01T00:00:00Z")) && t.isBefore(Instant.parse("2020-03-08T00:00:00Z")) && i % 100 < 30) {
          expected++;
        }
      }
      assertThat(expected).isPositive();
      assertThat(ca.count(week)).isEqualTo(expected);
      assertThat(cb.count(week)).isEqualTo(expected);
      assertThat(cb.count(Query.time("2020-01-01", "2022-01-01"))).isEqualTo(9000);
      DatapointTable fromA = ca.query(week);
      DatapointTable fromB = cb.query(week);
      assertThat(fromA.size()).isEqualTo(expected);
      assertThat(ids(fromB)).isEqualTo(ids(fromA));
      // a deletion through B is seen through A
      var gone = ids(fromA).subList(0, 10);
      assertThat(cb.delete(gone)).isEqualTo(10);
      assertThat(ca.count(week)).isEqualTo(expected - 10);
      assertThat(ca.info().count()).isEqualTo(8990);
    }
  }

  private static List<io.swath.core.id.DatapointId> ids(DatapointTable t) {
    List<io.swath.core.id.DatapointId> out = new ArrayList<>();
    for (int i = 0; i < t.size(); i++) {
      out.add(t.id(i));
    }
    return out;
  }
}
