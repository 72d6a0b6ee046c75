package io.swath.server.workflows;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.swath.server.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The one connection source of the workflow store's transactions: a pool of its own, the retry of
 * a transaction on deadlock or serialization failure, and what a transaction leaves to do once it
 * committed (wake runners here and, through NOTIFY, on other servers; wake job waiters; a timer
 * per retry delay).
 */
final class Transactions implements AutoCloseable {
  private final Database db;
  /** Connections for the transactions of the store, set up for its statements (see {@link #pool}). */
  private final HikariDataSource txPool;
  /** Jobs known to have started, so claims skip the update that marks a job running. */
  private final Set<UUID> startedJobs = ConcurrentHashMap.newKeySet();
  private final TaskWakeups wakeups;
  private final ScheduledExecutorService timers;

  Transactions(Database db, TaskWakeups wakeups) {
    this.db = db;
    this.wakeups = wakeups;
    this.txPool = pool(db);
    db.onRecovery(() -> txPool.getHikariPoolMXBean().softEvictConnections());
    this.timers = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "swath-retry-timer");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * A small pool of its own on the same database. The queue changes size faster than statistics
   * follow: with stale statistics the planner would sort the whole queue instead of reading the
   * ready index in order. Plans made for the actual arguments, without sorts or bitmap scans, keep
   * every claim an ordered index read.
   */
  private static HikariDataSource pool(Database db) {
    HikariConfig main;
    try {
      main = db.dataSource().unwrap(HikariDataSource.class);
    } catch (SQLException e) {
      throw new IllegalStateException("the workflows store needs the server's Hikari pool", e);
    }
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(main.getJdbcUrl());
    cfg.setUsername(main.getUsername());
    cfg.setPassword(main.getPassword());
    cfg.setDataSourceProperties(main.getDataSourceProperties());
    cfg.setPoolName("swath-workflows");
    cfg.setMaximumPoolSize(Math.max(4, main.getMaximumPoolSize() / 2));
    cfg.setMinimumIdle(2);
    cfg.setConnectionTimeout(30_000);
    cfg.setConnectionInitSql("SET plan_cache_mode = force_custom_plan; SET enable_sort = off; SET enable_bitmapscan = off");
    return new HikariDataSource(cfg);
  }

  /** A connection of the server's main pool, for reads outside a transaction of the store. */
  Connection connection() throws SQLException {
    return db.connection();
  }

  /** Whether a claim of a task of {@code job} can skip marking the job running. */
  Set<UUID> startedJobs() {
    return startedJobs;
  }

  /** What a transaction leaves to do once it committed: wake runners, wake job waiters. */
  static final class Effects {
    final Set<String> clusters = new HashSet<>();
    final Map<String, Long> delayed = new HashMap<>();
    final Set<UUID> started = new HashSet<>();
    /** Jobs for which this transaction stored or handed back queue rows (see {@link Propagation#dropQueueRowsOfStoppedJobs}). */
    final Set<UUID> queuedJobs = new HashSet<>();
    boolean jobFinished;
  }

  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} in one transaction, again on deadlock or serialization failure (nothing of a
   * failed attempt stays), then applies its effects.
   */
  <T> T tx(Function<Effects, Work<T>> work) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      Effects fx = new Effects();
      T result;
      db.checkAvailable();
      try (Connection c = txPool.getConnection()) {
        c.setAutoCommit(false);
        try {
          result = work.apply(fx).run(c);
          if (!fx.clusters.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify('" + TaskWakeups.CHANNEL + "', x) FROM unnest(?::text[]) x")) {
              ps.setArray(1, c.createArrayOf("text", fx.clusters.stream().map(wakeups::payload).toArray()));
              ps.executeQuery().close();
            }
          }
          c.commit();
        } catch (SQLException | RuntimeException e) {
          c.rollback();
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      } catch (SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if ((state.equals("40P01") || state.equals("40001")) && attempt < 8) {
          continue;
        }
        throw e;
      }
      if (startedJobs.size() > 100_000) {
        startedJobs.clear();
      }
      startedJobs.addAll(fx.started);
      fx.clusters.forEach(wakeups::signal);
      fx.delayed.forEach((cluster, ms) -> timers.schedule(() -> wakeups.signal(cluster), ms + 1, TimeUnit.MILLISECONDS));
      if (fx.jobFinished) {
        wakeups.signalJobFinished();
      }
      return result;
    }
  }

  @Override
  public void close() {
    timers.shutdownNow();
    txPool.close();
  }
}
