package io.swath.server.db;

import io.swath.server.db.Database.Health;
import io.swath.server.db.Database.State;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the database from a thread of its own: the embedded postmaster process every
 * {@value #PROCESS_CHECK_MS} ms, and a connection of its own every {@value #PROBE_MS} ms (or at
 * once when a call failed to get a connection). When the database is down it marks it so
 * ({@link Database#checkAvailable()} then fails calls at once), restarts the embedded PostgreSQL
 * or waits for the external one with a growing backoff, and marks it up again once it answers.
 * Logs one line when the database goes down and one when it is back.
 */
final class DatabaseWatchdog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);
  static final long PROCESS_CHECK_MS = 100;
  static final long PROBE_MS = 1000;
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

  private final Database db;
  private final EmbeddedPostgresProcess embedded;
  private final String url;
  private final Properties props = new Properties();
  private final Semaphore wakeups = new Semaphore(0);
  private volatile boolean closed;
  private Thread thread;
  private Connection probe;

  DatabaseWatchdog(Database db, EmbeddedPostgresProcess embedded, String url, String user, String password) {
    this.db = db;
    this.embedded = embedded;
    this.url = url;
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    props.setProperty("connectTimeout", "2");
    props.setProperty("socketTimeout", "10");
    props.setProperty("loginTimeout", "3");
    props.setProperty("ApplicationName", "swath-server-watchdog");
  }

  void start() {
    thread = Thread.ofPlatform().daemon().name("swath-db-watchdog").start(this::run);
  }

  /** Makes the watchdog check the database now. */
  void wake() {
    if (wakeups.availablePermits() == 0) {
      wakeups.release();
    }
  }

  private void run() {
    long nextProbe = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_MS);
    while (!closed) {
      boolean woken;
      try {
        woken = wakeups.tryAcquire(PROCESS_CHECK_MS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        break;
      }
      if (closed) {
        break;
      }
      String down = null;
      if (embedded != null && !embedded.isRunning()) {
        down = "the embedded PostgreSQL (pid " + embedded.pid() + ") exited";
      } else if (woken || System.nanoTime() >= nextProbe) {
        down = probe();
        nextProbe = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_MS);
      }
      if (down != null) {
        recover(down);
        nextProbe = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(PROBE_MS);
      }
    }
    closeProbe();
  }

  /** Null when the database answers on the watchdog's connection, else why not. */
  private String probe() {
    try {
      if (probe == null || probe.isClosed()) {
        probe = DriverManager.getConnection(url, props);
      }
      // generous: a database that is merely busy must not be taken for a dead one
      if (probe.isValid(5)) {
        return null;
      }
      closeProbe();
      return "the database did not answer on a connection of the watchdog";
    } catch (SQLException e) {
      closeProbe();
      if ("53300".equals(e.getSQLState())) {
        return null; // too many connections: it answers, it is only full
      }
      return e.getMessage();
    }
  }

  private void closeProbe() {
    if (probe != null) {
      try {
        probe.close();
      } catch (SQLException ignored) {
        // it is being dropped because it failed
      }
      probe = null;
    }
  }

  /** Marks the database down, then restarts it or waits for it until it answers again (or the server closes). */
  private void recover(String why) {
    if (shuttingDown()) {
      stopped();
      return;
    }
    Instant since = Instant.now();
    long t0 = System.nanoTime();
    closeProbe(); // opened before the outage, so dead
    int restarts = db.health().restarts();
    boolean restart = embedded != null && !embedded.isRunning();
    db.setHealth(new Health(restart ? State.RESTARTING : State.RECONNECTING, since, restarts, why));
    LOG.warn("database down: {}; {} (calls fail with UNAVAILABLE meanwhile)", why,
        restart ? "restarting it" : "reconnecting until it answers");
    Duration backoff = FIRST_BACKOFF;
    String lastLogged = why;
    int attempts = 0;
    boolean restarted = false;
    while (!closed) {
      String error;
      if (embedded != null && !embedded.isRunning()) {
        if (shuttingDown()) {
          stopped();
          return;
        }
        db.setHealth(new Health(State.RESTARTING, since, restarts, db.health().lastError()));
        try {
          embedded.restart();
          restarted = true;
          restarts++;
        } catch (Exception e) {
          error = "restart failed: " + e.getMessage();
          attempts++;
          lastLogged = logAttempt(error, lastLogged, attempts);
          db.setHealth(new Health(State.RESTARTING, since, restarts, error));
          if (!pause(backoff)) {
            return;
          }
          backoff = next(backoff);
          continue;
        }
      }
      error = probe();
      if (error == null) {
        db.recovered();
        db.setHealth(new Health(State.UP, Instant.now(), restarts, null));
        LOG.info("database back after {} ms{}", (System.nanoTime() - t0) / 1_000_000,
            restarted ? ": the embedded PostgreSQL was restarted (pid " + embedded.pid() + ", restart " + restarts + " since the server started)" : "");
        return;
      }
      attempts++;
      lastLogged = logAttempt(error, lastLogged, attempts);
      db.setHealth(new Health(db.health().state(), since, restarts, error));
      if (!pause(backoff)) {
        return;
      }
      backoff = next(backoff);
    }
  }

  /** The JVM is exiting and its shutdown hooks stop PostgreSQL: calls are told the server is shutting down. */
  private void stopped() {
    if (db.health().state() != State.STOPPED) {
      db.setHealth(new Health(State.STOPPED, Instant.now(), db.health().restarts(), null));
    }
  }

  /** Logs a failed attempt when its error differs from the last one logged; the same error again stays quiet. */
  private static String logAttempt(String error, String lastLogged, int attempt) {
    if (!error.equals(lastLogged)) {
      LOG.warn("database still down (attempt {}): {}", attempt, error);
    }
    return error;
  }

  private static Duration next(Duration backoff) {
    Duration d = backoff.multipliedBy(2);
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }

  /** Waits {@code d} (less when woken); false when the watchdog is closing. */
  private boolean pause(Duration d) {
    try {
      wakeups.tryAcquire(d.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      return false;
    }
    return !closed;
  }

  /**
   * Whether the JVM is exiting: then PostgreSQL is being stopped on purpose (by the shutdown
   * hooks) and must not be restarted. Adding a shutdown hook is refused exactly then.
   */
  private static boolean shuttingDown() {
    Thread probe = new Thread(() -> { });
    try {
      Runtime.getRuntime().addShutdownHook(probe);
      Runtime.getRuntime().removeShutdownHook(probe);
      return false;
    } catch (IllegalStateException e) {
      return true;
    }
  }

  @Override
  public void close() {
    closed = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt();
      try {
        t.join(TimeUnit.SECONDS.toMillis(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
