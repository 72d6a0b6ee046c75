package io.swath.server.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The errors a real PostgreSQL and the pool give are read as the caller must see them. */
class SqlErrorsTest {
  @Test
  void aTerminatedBackendAndThePoolsClosedConnectionAreLostConnectionsNotBadValues() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        Database db = Database.external(pg.getJdbcUrl("postgres", "postgres"), null, null, 4)) {
      Connection victim = db.connection();
      int pid;
      try (Statement st = victim.createStatement(); var rs = st.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        pid = rs.getInt(1);
      }
      try (Connection killer = db.connection(); PreparedStatement ps = killer.prepareStatement("SELECT pg_terminate_backend(?)")) {
        ps.setInt(1, pid);
        ps.execute();
      }
      SQLException lost = catchThrowableOfType(() -> victim.createStatement().execute("SELECT 1"), SQLException.class);
      assertThat(SqlErrors.isConnectionLost(lost)).as("%s (SQLState %s)", lost, lost.getSQLState()).isTrue();
      assertThat(SqlErrors.isBadValue(lost)).isFalse();

      // the pool closed the connection after the failure: using it again fails without a SQLState
      SQLException closed = catchThrowableOfType(() -> victim.createStatement(), SQLException.class);
      assertThat(closed.getSQLState()).isNull();
      assertThat(SqlErrors.isConnectionLost(closed)).as("%s", closed).isTrue();
      victim.close();

      try (Connection c = db.connection(); Statement st = c.createStatement()) {
        SQLException bad = catchThrowableOfType(() -> st.execute("SELECT 'x'::int"), SQLException.class);
        assertThat(SqlErrors.isBadValue(bad)).as("%s", bad).isTrue();
        assertThat(SqlErrors.isConnectionLost(bad)).isFalse();
        SQLException missing = catchThrowableOfType(() -> st.execute("SELECT * FROM no_such_table"), SQLException.class);
        assertThat(SqlErrors.isConnectionLost(missing)).isFalse();
        assertThat(SqlErrors.isBadValue(missing)).isFalse();
      }
    }
  }
}
