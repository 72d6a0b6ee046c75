package io.swath.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.core.error.UnavailableException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL dies and cannot start again at first (its port is taken): the server keeps trying until it can. */
class EmbeddedRestartTest {
  @TempDir
  Path dir;

  @Test
  void aFailedRestartIsTriedAgainUntilPostgresRunsAndCommittedRowsAreBack() throws Exception {
    try (Database db = Database.embedded(dir, 4)) {
      try (Connection c = db.connection(); Statement st = c.createStatement()) {
        st.execute("CREATE TABLE restart_probe (x int)");
        st.execute("INSERT INTO restart_probe SELECT generate_series(1, 1000)");
      }
      List<String> pidFile = Files.readAllLines(dir.resolve("postgres").resolve("postmaster.pid"));
      long pid = Long.parseLong(pidFile.get(0).trim());
      int port = Integer.parseInt(pidFile.get(3).trim());
      assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly()).isTrue(); // SIGKILL

      // take its port, so that starting it again fails until the port is free
      ServerSocket squatter = new ServerSocket();
      squatter.setReuseAddress(true);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (!squatter.isBound()) {
        try {
          squatter.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
        } catch (java.net.BindException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
          Thread.sleep(5);
        }
      }
      try {
        awaitTrue(() -> db.health().lastError() != null && db.health().lastError().startsWith("restart failed"), 60,
            "a failed restart reported");
        Database.Health h = db.health();
        assertThat(h.state()).isEqualTo(Database.State.RESTARTING);
        assertThat(h.restarts()).isZero();
        long t0 = System.nanoTime();
        assertThatThrownBy(db::connection).isInstanceOf(UnavailableException.class)
            .hasMessageContaining("the database is down and being restarted").hasMessageContaining("restart failed");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1000);
      } finally {
        squatter.close();
      }

      awaitTrue(() -> db.health().up(), 60, "PostgreSQL running again");
      assertThat(db.health().restarts()).isEqualTo(1);
      assertThat(db.health().lastError()).isNull();
      try (Connection c = db.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM restart_probe")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(1000);
      }
      assertThat(Long.parseLong(Files.readAllLines(dir.resolve("postgres").resolve("postmaster.pid")).get(0).trim())).isNotEqualTo(pid);
    }
  }

  private static void awaitTrue(BooleanSupplier condition, int seconds, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
      }
      Thread.sleep(10);
    }
  }
}
