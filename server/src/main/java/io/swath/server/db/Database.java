package io.swath.server.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import io.swath.core.error.UnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL the server stores everything in: an embedded instance under a data directory,
 * or an external one given by a JDBC URL. Migrates the schema on open.
 *
 * <p>A watchdog keeps it available: when the embedded PostgreSQL dies it is started again (it
 * replays its write-ahead log, so every committed write is back); when an external one stops
 * answering the server reconnects once it is back. Meanwhile {@link #connection()} fails at once
 * with an {@link UnavailableException} saying so, instead of waiting for the pool's timeout;
 * {@link #health()} tells monitoring what is going on.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  /** How long one wait for a pooled connection lasts before the database's state is checked again. */
  private static final long WAIT_SLICE_MS = 250;
  private final HikariDataSource pool;
  private final EmbeddedPostgresProcess embedded;
  private final String description;
  private final List<Runnable> recoveryListeners = new CopyOnWriteArrayList<>();
  private final DatabaseWatchdog watchdog;
  private volatile Health health = new Health(State.UP, Instant.now(), 0, null);

  private Database(HikariDataSource pool, EmbeddedPostgresProcess embedded, String description, String url, String user,
                   String password) {
    this.pool = pool;
    this.embedded = embedded;
    this.description = description;
    this.watchdog = new DatabaseWatchdog(this, embedded, url, user, password);
  }

  /** What the server knows of its database right now. */
  public enum State {
    /** It answers. */
    UP,
    /** The embedded PostgreSQL died; the server is starting it again. */
    RESTARTING,
    /** It does not answer; the server tries again until it does. */
    RECONNECTING,
    /** The server closed it. */
    STOPPED;

    /** The state's name in {@code /health} and metrics: {@code up}, {@code restarting}, ... */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * The database's state and since when it holds, how often the embedded PostgreSQL was
   * restarted since the server started, and the last error seen while it was down (null when none).
   */
  public record Health(State state, Instant since, int restarts, String lastError) {
    /** Whether the database answers. */
    public boolean up() {
      return state == State.UP;
    }
  }

  /** Starts (or reuses) an embedded PostgreSQL under {@code dataDir}/postgres and migrates it. */
  public static Database embedded(Path dataDir, int poolSize) {
    EmbeddedPostgresProcess pg = EmbeddedPostgresProcess.start(dataDir.resolve("postgres"));
    try {
      return open(pg.jdbcUrl(), "postgres", pg.password(), poolSize, pg, "embedded PostgreSQL in " + pg.directory() + " (port " + pg.port() + ")");
    } catch (RuntimeException e) {
      pg.close();
      throw e;
    }
  }

  /**
   * How to reach the embedded PostgreSQL of the server whose data directory is {@code dataDir} while
   * that server runs (for tools and tests that read its tables directly): its port from
   * {@code postmaster.pid}, its password from {@code postgres.password}.
   *
   * @throws IllegalStateException when no embedded PostgreSQL runs there, or its password file cannot be read
   */
  public static Login embeddedLogin(Path dataDir) {
    Path cluster = dataDir.resolve("postgres");
    try {
      List<String> pid = Files.readAllLines(cluster.resolve("postmaster.pid"));
      if (pid.size() < 4) {
        throw new IllegalStateException(cluster.resolve("postmaster.pid") + " does not name a port yet");
      }
      String password = Files.readString(EmbeddedPassword.file(cluster)).strip();
      return new Login("jdbc:postgresql://127.0.0.1:" + pid.get(3).trim() + "/postgres", "postgres", password);
    } catch (IOException e) {
      throw new IllegalStateException("no embedded PostgreSQL runs in " + cluster + " (or its password cannot be read): " + e, e);
    }
  }

  /** A JDBC URL with the user and password to connect with. */
  public record Login(String jdbcUrl, String user, String password) {
    @Override
    public String toString() {
      return "Login[" + jdbcUrl + ", user=" + user + ", password=***]";
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
    Database db = new Database(ds, pg, desc, url, user, password);
    db.watchdog.start();
    return db;
  }

  /** The database's state now. */
  public Health health() {
    return health;
  }

  void setHealth(Health h) {
    health = h;
  }

  /** Runs {@code r} each time the database is back after being down (e.g. to drop the connections of another pool). */
  public void onRecovery(Runnable r) {
    recoveryListeners.add(r);
  }

  void recovered() {
    // connections opened before the outage are dead: close them now rather than fail their next check
    pool.getHikariPoolMXBean().softEvictConnections();
    for (Runnable r : recoveryListeners) {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.warn("after the database came back: {}", e.toString());
      }
    }
  }

  /** Throws an {@link UnavailableException} at once when the database is known to be down. */
  public void checkAvailable() {
    Health h = health;
    if (!h.up()) {
      throw unavailable(h);
    }
  }

  /** What a call that needs the database while it is down is told. */
  static UnavailableException unavailable(Health h) {
    String since = DateTimeFormatter.ISO_INSTANT.format(h.since().atOffset(ZoneOffset.UTC).withNano(0));
    String why = h.lastError() == null ? "" : " (" + h.lastError() + ")";
    return new UnavailableException(switch (h.state()) {
      case RESTARTING -> "the database is down and being restarted (since " + since + ")" + why + "; retry shortly";
      case RECONNECTING -> "the database is not answering and the server is reconnecting (since " + since + ")" + why + "; retry shortly";
      case STOPPED -> "the server is shutting down";
      case UP -> "the database is unavailable" + why;
    });
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

  /**
   * A pooled connection. Fails at once with an {@link UnavailableException} when the database is
   * known to be down, also while waiting for a connection when it goes down meanwhile.
   */
  public Connection connection() throws SQLException {
    checkAvailable();
    HikariPool hp = (HikariPool) pool.getHikariPoolMXBean();
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pool.getConnectionTimeout());
    while (true) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      try {
        return hp == null ? pool.getConnection() : hp.getConnection(Math.max(1, Math.min(left, WAIT_SLICE_MS)));
      } catch (SQLException e) {
        checkAvailable();
        if (!(e instanceof SQLTransientConnectionException) || System.nanoTime() >= deadline) {
          watchdog.wake();
          throw e;
        }
      }
    }
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
    watchdog.close();
    health = new Health(State.STOPPED, Instant.now(), health.restarts(), null);
    pool.close();
    if (embedded != null) {
      embedded.close();
    }
  }
}
