package io.swath.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.core.error.UnavailableException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An external PostgreSQL that stops: calls fail at once while it is gone, and the server reconnects when it is back. */
class DatabaseReconnectTest {
  @TempDir
  Path dir;

  @Test
  void externalDatabaseThatStopsFailsCallsAtOnceAndIsReconnectedWhenBack() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    EmbeddedPostgres pg = start(port);
    try (Database db = Database.external(pg.getJdbcUrl("postgres", "postgres"), null, null, 4)) {
      try (Connection c = db.connection(); Statement st = c.createStatement()) {
        st.execute("CREATE TABLE reconnect_probe (x int)");
        st.execute("INSERT INTO reconnect_probe VALUES (1)");
      }
      assertThat(db.health().state()).isEqualTo(Database.State.UP);

      pg.close();
      awaitTrue(() -> !db.health().up(), 10, "the database marked down");
      Database.Health down = db.health();
      assertThat(down.state()).isEqualTo(Database.State.RECONNECTING);
      assertThat(down.lastError()).isNotBlank();
      long t0 = System.nanoTime();
      assertThatThrownBy(db::connection).isInstanceOf(UnavailableException.class)
          .hasMessageContaining("the database is not answering and the server is reconnecting");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1000);

      pg = start(port);
      awaitTrue(() -> db.health().up(), 60, "the database marked up again");
      assertThat(db.health().restarts()).isZero();
      try (Connection c = db.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM reconnect_probe")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getLong(1)).isEqualTo(1);
      }
    } finally {
      pg.close();
    }
  }

  private EmbeddedPostgres start(int port) throws Exception {
    return EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port).start();
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
