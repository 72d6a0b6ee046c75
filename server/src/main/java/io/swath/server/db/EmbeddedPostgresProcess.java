package io.swath.server.db;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded PostgreSQL (binaries from Maven Central) whose data directory survives restarts.
 * A postmaster left running by a server that was killed is detected through
 * {@code postmaster.pid} and shut down cleanly before the new one starts, so a restart after
 * {@code kill -9} works and keeps every committed write.
 */
final class EmbeddedPostgresProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresProcess.class);
  private final EmbeddedPostgres pg;
  private final Path dir;

  private EmbeddedPostgresProcess(EmbeddedPostgres pg, Path dir) {
    this.pg = pg;
    this.dir = dir;
  }

  static EmbeddedPostgresProcess start(Path dir) {
    try {
      Files.createDirectories(dir);
      stopOrphan(dir);
      EmbeddedPostgres pg = EmbeddedPostgres.builder()
          .setDataDirectory(dir)
          .setCleanDataDirectory(false)
          .setPGStartupWait(Duration.ofSeconds(60))
          // Acknowledged writes must survive a crash: keep PostgreSQL's durable defaults.
          .setServerConfig("synchronous_commit", "on")
          .setServerConfig("fsync", "on")
          .setServerConfig("max_connections", "200")
          .setServerConfig("shared_buffers", "256MB")
          .setServerConfig("work_mem", "32MB")
          .setServerConfig("max_wal_size", "2GB")
          .setServerConfig("wal_compression", "off")
          .setServerConfig("checkpoint_timeout", "15min")
          .setServerConfig("listen_addresses", "127.0.0.1")
          .start();
      return new EmbeddedPostgresProcess(pg, dir);
    } catch (IOException e) {
      throw new IllegalStateException("could not start the embedded PostgreSQL in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * If {@code postmaster.pid} names a live postgres process (left behind by a killed server),
   * asks it to shut down and waits for it.
   */
  static void stopOrphan(Path dir) throws IOException {
    Path pidFile = dir.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    if (lines.isEmpty()) {
      return;
    }
    long pid;
    try {
      pid = Long.parseLong(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return;
    }
    Optional<ProcessHandle> ph = ProcessHandle.of(pid);
    if (ph.isEmpty() || !ph.get().isAlive() || !isPostgres(ph.get())) {
      LOG.info("removing stale {} (process {} is gone)", pidFile, pid);
      Files.deleteIfExists(pidFile);
      return;
    }
    LOG.warn("found a PostgreSQL (pid {}) left running on {}; shutting it down before restarting", pid, dir);
    ProcessHandle p = ph.get();
    // SIGINT = PostgreSQL "fast" shutdown: aborts sessions, writes a checkpoint. Java can only send
    // SIGTERM/SIGKILL, so use kill(1) for SIGINT where available.
    try {
      new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start().waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while stopping the old PostgreSQL", e);
    } catch (IOException e) {
      p.destroy();
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (p.isAlive() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while stopping the old PostgreSQL", e);
      }
    }
    if (p.isAlive()) {
      LOG.warn("old PostgreSQL (pid {}) did not stop within 60 s; killing it (crash recovery will replay the WAL)", pid);
      p.destroyForcibly();
    }
  }

  private static boolean isPostgres(ProcessHandle p) {
    return p.info().command().map(c -> c.contains("postgres")).orElse(true);
  }

  String jdbcUrl() {
    return pg.getJdbcUrl("postgres", "postgres");
  }

  int port() {
    return pg.getPort();
  }

  Path directory() {
    return dir;
  }

  @Override
  public void close() {
    try {
      pg.close();
    } catch (IOException e) {
      LOG.warn("embedded PostgreSQL did not shut down cleanly: {}", e.getMessage());
    }
  }
}
