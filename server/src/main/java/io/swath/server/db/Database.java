package io.swath.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the server stores everything in: an embedded instance under a data directory,
 * or an external one given by a JDBC URL. Migrates the schema on open.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  private final HikariDataSource pool;
  private final EmbeddedPostgresProcess embedded;
  private final String description;

  private Database(HikariDataSource pool, EmbeddedPostgresProcess embedded, String description) {
    this.pool = pool;
    this.embedded = embedded;
    this.description = description;
  }

  /** Starts (or reuses) an embedded PostgreSQL under {@code dataDir}/postgres and migrates it. */
  public static Database embedded(Path dataDir, int poolSize) {
    EmbeddedPostgresProcess pg = EmbeddedPostgresProcess.start(dataDir.resolve("postgres"));
    try {
      return open(pg.jdbcUrl(), "postgres", null, poolSize, pg, "embedded PostgreSQL in " + pg.directory() + " (port " + pg.port() + ")");
    } catch (RuntimeException e) {
      pg.close();
      throw e;
    }
  }

  /** Connects to an external PostgreSQL (15+) and migrates it. */
  public static Database external(String jdbcUrl, String user, String password, int poolSize) {
    return open(jdbcUrl, user, password, poolSize, null, "PostgreSQL at " + jdbcUrl.replaceAll("password=[^&]*", "password=***"));
  }

  private static Database open(String url, String user, String password, int poolSize, EmbeddedPostgresProcess pg, String desc) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    if (user != null) {
      cfg.setUsername(user);
    }
    if (password != null) {
      cfg.setPassword(password);
    }
    cfg.setMaximumPoolSize(poolSize);
    cfg.setMinimumIdle(Math.min(2, poolSize));
    cfg.setPoolName("swath-db");
    cfg.setConnectionTimeout(30_000);
    // binary transfer for typed getters; server-side prepared statements from the first use
    cfg.addDataSourceProperty("prepareThreshold", "-1");
    cfg.addDataSourceProperty("binaryTransfer", "true");
    cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
    cfg.addDataSourceProperty("ApplicationName", "swath-server");
    HikariDataSource ds = new HikariDataSource(cfg);
    try {
      Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    LOG.info("storage: {}", desc);
    return new Database(ds, pg, desc);
  }

  /** The connection pool. */
  public DataSource dataSource() {
    return pool;
  }

  /** The pool's counts (active, idle, waiting, total connections), for metrics. */
  public com.zaxxer.hikari.HikariPoolMXBean poolStats() {
    return pool.getHikariPoolMXBean();
  }

  /** The most connections the pool opens. */
  public int maxConnections() {
    return pool.getMaximumPoolSize();
  }

  /** A pooled connection. */
  public Connection connection() throws SQLException {
    return pool.getConnection();
  }

  /** Work done on one connection inside a transaction. */
  @FunctionalInterface
  public interface Work<T> {
    /** Runs with auto-commit off; the caller commits or rolls back. */
    T run(Connection c) throws SQLException;
  }

  /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
  public <T> T inTransaction(Work<T> work) throws SQLException {
    try (Connection c = connection()) {
      c.setAutoCommit(false);
      try {
        T out = work.run(c);
        c.commit();
        return out;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    }
  }

  /**
   * Drops a connection taken from {@link #connection()} that is in an unknown protocol state (e.g.
   * a result left half read): the pool closes it in the background and opens another. The caller
   * must not use or close {@code c} afterwards.
   */
  public void evict(Connection c) {
    pool.evictConnection(c);
  }

  /** Where the data lives, for logs. */
  public String description() {
    return description;
  }

  @Override
  public void close() {
    pool.close();
    if (embedded != null) {
      embedded.close();
    }
  }
}
