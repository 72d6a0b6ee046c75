package io.swath.server.workflows;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the calls that wait for work: per cluster, a version number that every new ready task
 * bumps. Runners waiting in a long poll on this server are woken in-process; other servers on the
 * same database learn of new work through PostgreSQL {@code LISTEN/NOTIFY} on
 * {@value #CHANNEL}. Also wakes the calls that wait for a job to finish.
 */
public final class TaskWakeups implements AutoCloseable {
  static final String CHANNEL = "swath_task_ready";
  private static final Logger LOG = LoggerFactory.getLogger(TaskWakeups.class);

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<String, Long> versions = new ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();
  private final String serverId;
  private volatile long jobVersion;
  private volatile boolean closed;
  private Thread listener;

  TaskWakeups(String serverId) {
    this.serverId = serverId;
  }

  /** Starts listening for notifications of other servers on a connection of its own. */
  void listen(DataSource ds) {
    listener = Thread.ofPlatform().daemon().name("swath-task-listener").start(() -> {
      while (!closed) {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
          s.execute("LISTEN " + CHANNEL);
          PGConnection pg = c.unwrap(PGConnection.class);
          while (!closed) {
            PGNotification[] ns = pg.getNotifications(500);
            if (ns == null) {
              continue;
            }
            for (PGNotification n : ns) {
              String p = n.getParameter();
              int sep = p.indexOf(':');
              if (sep > 0 && !p.substring(0, sep).equals(serverId)) {
                signal(p.substring(sep + 1));
              }
            }
          }
        } catch (SQLException e) {
          if (!closed) {
            LOG.debug("task notification listener: {}; reconnecting", e.getMessage());
            sleepQuietly(500);
          }
        }
      }
    });
  }

  /** The payload other servers receive for new work on {@code cluster}. */
  String payload(String cluster) {
    return serverId + ":" + cluster;
  }

  long version(String cluster) {
    return versions.getOrDefault(cluster, 0L);
  }

  void signal(String cluster) {
    lock.lock();
    try {
      versions.merge(cluster, 1L, Long::sum);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void signalJobFinished() {
    lock.lock();
    try {
      jobVersion++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  long jobVersion() {
    return jobVersion;
  }

  /** Waits until the cluster's version moves past {@code seen}, the deadline passes, or shutdown. */
  void await(String cluster, long seen, long deadlineNanos) throws InterruptedException {
    waiting.incrementAndGet();
    lock.lock();
    try {
      while (!closed && version(cluster) == seen) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return;
        }
        changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
      waiting.decrementAndGet();
    }
  }

  /** Waits until some job finishes, the deadline passes, or shutdown. */
  void awaitJob(long seen, long deadlineNanos) throws InterruptedException {
    lock.lock();
    try {
      while (!closed && jobVersion == seen) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
          return;
        }
        changed.awaitNanos(left);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Runners' long polls waiting for work on this server now. */
  int waiting() {
    return waiting.get();
  }

  boolean isClosed() {
    return closed;
  }

  /** Wakes every waiter for good; long polls answer at once from now on. */
  @Override
  public void close() {
    closed = true;
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
    if (listener != null) {
      try {
        listener.join(TimeUnit.SECONDS.toMillis(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
