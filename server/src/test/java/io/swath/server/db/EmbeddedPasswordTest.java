package io.swath.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL requires a random password kept in an owner-only file: connections
 * without it are refused, restarts keep working, and a cluster made when it trusted local
 * connections is upgraded in place on its first start.
 */
class EmbeddedPasswordTest {
  @TempDir
  Path dir;

  @Test
  void aNewClusterRequiresThePasswordKeptInAnOwnerOnlyFile() throws Exception {
    Path file = dir.resolve("postgres.password");
    try (Database db = Database.embedded(dir, 2)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
      String pw = Files.readString(file).strip();
      assertThat(pw).hasSizeGreaterThanOrEqualTo(40);
      Database.Login login = Database.embeddedLogin(dir);
      assertThat(login.password()).isEqualTo(pw);
      assertThat(login.toString()).doesNotContain(pw);

      assertRefusedWithoutPassword(login);
      assertThatThrownBy(() -> DriverManager.getConnection(login.jdbcUrl(), "postgres", "not-the-password").close())
          .isInstanceOf(SQLException.class).hasMessageContaining("password authentication failed");
      try (Connection c = DriverManager.getConnection(login.jdbcUrl(), login.user(), login.password()); Statement st = c.createStatement()) {
        st.execute("CREATE TABLE pw_probe (x int)");
        st.execute("INSERT INTO pw_probe VALUES (42)");
      }
      assertThat(Files.readString(dir.resolve("postgres/pg_hba.conf"))).doesNotContain("trust").contains("scram-sha-256");
    }

    // a restart reads the same password and keeps requiring it
    try (Database db = Database.embedded(dir, 2)) {
      assertThat(count(db, "SELECT x FROM pw_probe")).isEqualTo(42);
      assertRefusedWithoutPassword(Database.embeddedLogin(dir));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
  }

  @Test
  void aClusterThatTrustedLocalConnectionsIsUpgradedOnItsFirstStart() throws Exception {
    // a cluster as servers made it before: initdb -A trust, no password file
    Path cluster = dir.resolve("postgres");
    try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(cluster).setCleanDataDirectory(false).start();
         Connection c = DriverManager.getConnection(old.getJdbcUrl("postgres", "postgres"));
         Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA legacy"); // beside the server's own tables, which a server of then made in public
      st.execute("CREATE TABLE legacy.old_probe (x int)");
      st.execute("INSERT INTO legacy.old_probe VALUES (7)");
    }
    assertThat(EmbeddedPassword.trustsSomeone(cluster)).isTrue();
    assertThat(dir.resolve("postgres.password")).doesNotExist();

    try (Database db = Database.embedded(dir, 2)) {
      assertThat(count(db, "SELECT x FROM legacy.old_probe")).isEqualTo(7);
      Path file = dir.resolve("postgres.password");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
      assertThat(EmbeddedPassword.trustsSomeone(cluster)).isFalse();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(cluster.resolve("pg_hba.conf")))).isEqualTo("rw-------");
      Database.Login login = Database.embeddedLogin(dir);
      // PostgreSQL reads pg_hba.conf again on the reload the upgrade asked for; wait for it to apply
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (connectsWithoutPassword(login)) {
        assertThat(System.nanoTime()).as("connections without the password refused after the upgrade").isLessThan(deadline);
        Thread.onSpinWait();
      }
      assertRefusedWithoutPassword(login);
    }

    // and the next start finds it upgraded
    try (Database db = Database.embedded(dir, 2)) {
      assertThat(count(db, "SELECT x FROM legacy.old_probe")).isEqualTo(7);
      assertRefusedWithoutPassword(Database.embeddedLogin(dir));
    }
  }

  @Test
  void aLostPasswordFileIsReportedAtOnceWithTheWayOut() throws Exception {
    try (Database db = Database.embedded(dir, 2)) {
      assertThat(db.health().up()).isTrue();
    }
    Files.delete(dir.resolve("postgres.password"));
    long t0 = System.nanoTime();
    assertThatThrownBy(() -> Database.embedded(dir, 2).close())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("postgres.password is missing")
        .hasMessageContaining("pg_hba.conf");
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(10);
  }

  @Test
  void aPasswordFileOthersCanReadIsMadeOwnerOnly() throws Exception {
    try (Database db = Database.embedded(dir, 2)) {
      assertThat(db.health().up()).isTrue();
    }
    Path file = dir.resolve("postgres.password");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    try (Database db = Database.embedded(dir, 2)) {
      assertThat(db.health().up()).isTrue();
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
  }

  private static void assertRefusedWithoutPassword(Database.Login login) {
    assertThatThrownBy(() -> DriverManager.getConnection(login.jdbcUrl(), "postgres", null).close())
        .isInstanceOf(SQLException.class).hasMessageContaining("no password was provided");
  }

  private static boolean connectsWithoutPassword(Database.Login login) {
    try (Connection c = DriverManager.getConnection(login.jdbcUrl(), "postgres", null)) {
      return true;
    } catch (SQLException e) {
      return false;
    }
  }

  private static long count(Database db, String sql) throws SQLException {
    try (Connection c = db.connection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      assertThat(rs.next()).isTrue();
      return rs.getLong(1);
    }
  }
}
