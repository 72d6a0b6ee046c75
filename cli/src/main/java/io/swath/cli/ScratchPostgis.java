package io.swath.cli;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL 15 + PostGIS cluster on loopback for benchmarks: {@code initdb} into a
 * temporary folder, {@code pg_ctl start} on a free port, {@code CREATE EXTENSION postgis}; closing
 * it (or the JVM ending, as on Ctrl-C) stops the cluster and deletes the folder. Needs the Debian
 * packages {@code postgresql-15} and {@code postgresql-15-postgis-3}; as root, the cluster runs as
 * the {@code postgres} user, since PostgreSQL refuses to run as root.
 */
final class ScratchPostgis implements AutoCloseable {
  private static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");

  private final Path dir;
  private final Path data;
  private final int port;
  /** The password of role {@code postgres}: random, the cluster requires it on every connection. */
  private final String password;
  private final Thread onExit;
  private boolean stopped;

  private ScratchPostgis(Path dir, int port) {
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
    byte[] b = new byte[24];
    new SecureRandom().nextBytes(b);
    this.password = HexFormat.of().formatHex(b);
    this.onExit = new Thread(this::stopQuietly, "scratch-postgis-stop");
  }

  /** Starts a fresh cluster with PostGIS in database {@code postgres}. */
  static ScratchPostgis start() throws Exception {
    if (!Files.isExecutable(BIN.resolve("pg_ctl"))) {
      throw new IllegalStateException("PostgreSQL 15 is not installed (no " + BIN.resolve("pg_ctl")
          + "); install the Debian packages postgresql-15 and postgresql-15-postgis-3");
    }
    if (!Files.exists(Path.of("/usr/share/postgresql/15/extension/postgis.control"))) {
      throw new IllegalStateException("PostGIS for PostgreSQL 15 is not installed; install the Debian package postgresql-15-postgis-3");
    }
    Path dir = Files.createTempDirectory("swath-postgis");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    ScratchPostgis pg = new ScratchPostgis(dir, port);
    Path pwFile = dir.resolve("password");
    Files.writeString(pwFile, pg.password + "\n");
    if (isRoot()) {
      run(List.of("chown", "-R", "postgres", dir.toString()));
    }
    Runtime.getRuntime().addShutdownHook(pg.onExit);
    try {
      run(asPostgres("initdb", "-D", pg.data.toString(), "-U", "postgres", "--auth=scram-sha-256", "--pwfile=" + pwFile, "-E", "UTF8"));
      run(asPostgres("pg_ctl", "-D", pg.data.toString(), "-l", dir.resolve("log").toString(), "-w", "-o",
          "-p " + port + " -c listen_addresses=127.0.0.1 -k " + dir + " -c shared_buffers=256MB -c fsync=off"
              + " -c synchronous_commit=off -c max_wal_size=4GB", "start"));
      try (Connection c = pg.connect()) {
        c.createStatement().execute("CREATE EXTENSION postgis");
      }
    } catch (Exception e) {
      pg.close();
      throw e;
    }
    return pg;
  }

  /** A new connection to database {@code postgres} as user {@code postgres}. */
  Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", password);
  }

  int port() {
    return port;
  }

  @Override
  public synchronized void close() throws Exception {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      Runtime.getRuntime().removeShutdownHook(onExit);
    } catch (IllegalStateException shuttingDown) {
      // the hook is what is running us
    }
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        run(asPostgres("pg_ctl", "-D", data.toString(), "-m", "fast", "-w", "stop"));
      }
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private void stopQuietly() {
    try {
      close();
    } catch (Exception e) {
      System.err.println("could not stop the scratch PostgreSQL in " + dir + ": " + e.getMessage());
    }
  }

  private static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static List<String> asPostgres(String tool, String... args) {
    List<String> cmd = new ArrayList<>();
    if (isRoot()) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.add(BIN.resolve(tool).toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static void run(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(String.join(" ", cmd) + " failed:\n" + out);
    }
  }
}
