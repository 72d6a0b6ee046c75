package io.swath.server.db;

import java.sql.SQLException;

/**
 * What a {@link SQLException} means for the caller: a value of the request PostgreSQL refused, or a
 * database that is gone for the moment. One place for both the gRPC and the STAC error mapping.
 */
public final class SqlErrors {
  private SqlErrors() {}

  /** Whether PostgreSQL refused a value itself (SQLState class 22 "data exception", 54000 "program limit exceeded"). */
  public static boolean isBadValue(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("22") || state.equals("54000"));
  }

  /**
   * Whether the database connection was lost or refused: SQLState class 08 (connection exception),
   * 57P01..57P03 (the server is shutting down or starting), 53300 (too many connections), or a pooled
   * connection the pool already closed after such a failure (HikariCP throws it without a SQLState).
   */
  public static boolean isConnectionLost(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s) {
        String state = s.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("57P0") || state.equals("53300"))) {
          return true;
        }
        if (state == null && "Connection is closed".equals(s.getMessage())) {
          return true;
        }
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
