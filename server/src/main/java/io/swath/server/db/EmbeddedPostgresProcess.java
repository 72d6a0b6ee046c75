package io.swath.server.db;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An embedded PostgreSQL (binaries from Maven Central) whose data directory survives restarts.
 * A postmaster left running by a server that was killed is detected through
 * {@code postmaster.pid} and shut down cleanly before the new one starts, so a restart after
 * {@code kill -9} works and keeps every committed write. When the postmaster itself dies while the
 * server runs, {@link #restart()} starts it again on the same data directory and port.
 */
final class EmbeddedPostgresProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresProcess.class);
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(60);
  /** Settings of every start, first or restart. */
  private static final Map<String, String> CONFIG = new LinkedHashMap<>();

  static {
    CONFIG.put("timezone", "UTC");
    // Acknowledged writes must survive a crash: keep PostgreSQL's durable defaults.
    CONFIG.put("synchronous_commit", "on");
    CONFIG.put("fsync", "on");
    CONFIG.put("max_connections", "200");
    CONFIG.put("shared_buffers", "256MB");
    CONFIG.put("work_mem", "32MB");
    CONFIG.put("max_wal_size", "2GB");
    CONFIG.put("wal_compression", "off");
    CONFIG.put("checkpoint_timeout", "15min");
    CONFIG.put("listen_addresses", "127.0.0.1");
    // Crash recovery first flushes the data directory to disk: one syncfs() of its file system
    // instead of an fsync() of every file (3 s of a 5 s restart on a fresh database).
    CONFIG.put("recovery_init_sync_method", "syncfs");
  }

  private final EmbeddedPostgres pg;
  private final Path dir;
  private final String password;
  private volatile ProcessHandle postmaster;
  private volatile Path binDir;

  private EmbeddedPostgresProcess(EmbeddedPostgres pg, Path dir, String password) {
    this.pg = pg;
    this.dir = dir;
    this.password = password;
  }

  /**
   * Starts the cluster in {@code dir}, creating it first when the directory holds none. A new
   * cluster requires the password of {@link EmbeddedPassword} from its first start; a cluster made
   * before that password existed (its {@code pg_hba.conf} trusts local connections) gets the
   * password set and {@code pg_hba.conf} rewritten once it runs.
   */
  static EmbeddedPostgresProcess start(Path dir) {
    try {
      Files.createDirectories(dir);
      stopOrphan(dir);
      boolean fresh = !Files.exists(dir.resolve("postgresql.conf"));
      Path pwFile = EmbeddedPassword.file(dir);
      if (!fresh && !Files.exists(pwFile) && !EmbeddedPassword.trustsSomeone(dir)) {
        throw new IOException("the cluster requires the password of role postgres, but " + pwFile + " is missing. Restore it from"
            + " a backup of the data directory; else replace scram-sha-256 by trust in " + dir.resolve("pg_hba.conf")
            + " and start again: the server then sets a new password and requires it again");
      }
      String password = EmbeddedPassword.readOrCreate(dir);
      if (fresh) {
        initdb(dir, pwFile);
      }
      EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
          .setDataDirectory(dir)
          .setCleanDataDirectory(false)
          .setPGStartupWait(STARTUP_WAIT)
          .setConnectConfig("password", password);
      CONFIG.forEach(b::setServerConfig);
      EmbeddedPostgres pg = b.start();
      EmbeddedPostgresProcess p = new EmbeddedPostgresProcess(pg, dir, password);
      p.postmaster = postmaster(dir).orElse(null);
      // where the programs are, for restarts (once the postmaster is dead its executable is no longer known)
      p.binDir = p.postmaster == null ? null : p.postmaster.info().command().map(c -> Path.of(c).getParent()).orElse(null);
      try {
        p.requirePassword();
      } catch (IOException | SQLException | RuntimeException e) {
        p.close();
        throw new IOException("could not make the cluster require its password: " + e.getMessage(), e);
      }
      return p;
    } catch (IOException e) {
      throw new IllegalStateException("could not start the embedded PostgreSQL in " + dir + ": " + e.getMessage(), e);
    }
  }

  /**
   * Creates a cluster in {@code dir} whose superuser {@code postgres} has the password in
   * {@code pwFile} and whose every connection needs it, with the programs zonky unpacks (the same
   * ones it would run).
   */
  private static void initdb(Path dir, Path pwFile) throws IOException {
    Path initdb = binaries().resolve("bin").resolve("initdb");
    List<String> cmd = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) {
      cmd.addAll(List.of("unshare", "-U")); // PostgreSQL refuses to run as root
    }
    cmd.addAll(List.of(initdb.toString(), "-A", "scram-sha-256", "-U", "postgres", "--pwfile=" + pwFile, "-D", dir.toString(),
        "-E", "UTF-8"));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (p.waitFor() != 0) {
        throw new IOException("initdb exited with " + p.exitValue() + ": " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while creating the cluster", e);
    }
    // initdb's own rules already require the password; write ours so every cluster reads the same
    EmbeddedPassword.write(dir.resolve("pg_hba.conf"), EmbeddedPassword.HBA);
    LOG.info("created the embedded PostgreSQL cluster in {}", dir);
  }

  /** The directory holding zonky's unpacked PostgreSQL ({@code bin/}, {@code lib/}, ...), unpacked first if needed. */
  private static Path binaries() throws IOException {
    try {
      // zonky unpacks the binaries in its constructor only; the same (cached, private) step is used here
      Method m = EmbeddedPostgres.class.getDeclaredMethod("prepareBinaries", PgBinaryResolver.class, File.class);
      m.setAccessible(true);
      return ((File) m.invoke(null, DefaultPostgresBinaryResolver.INSTANCE, null)).toPath();
    } catch (ReflectiveOperationException | RuntimeException e) {
      Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
      throw new IOException("could not unpack the embedded PostgreSQL programs: " + cause, cause);
    }
  }

  /**
   * Makes a running cluster made before the password existed require it: sets the password of role
   * {@code postgres} (sent as a SCRAM verifier, never in clear), rewrites {@code pg_hba.conf} and
   * makes PostgreSQL read it again. Does nothing for a cluster that requires it already. Safe to
   * repeat after a crash half-way: the password file is written first and read on every start.
   */
  private void requirePassword() throws IOException, SQLException {
    if (!EmbeddedPassword.trustsSomeone(dir)) {
      return;
    }
    LOG.info("the embedded PostgreSQL in {} accepted local connections without a password: setting the password of role postgres"
        + " (kept in {}) and requiring it from now on", dir, EmbeddedPassword.file(dir));
    try (Connection c = DriverManager.getConnection(jdbcUrl(), "postgres", password); Statement st = c.createStatement()) {
      c.unwrap(PGConnection.class).alterUserPassword("postgres", password.toCharArray(), "scram-sha-256");
      EmbeddedPassword.write(dir.resolve("pg_hba.conf"), EmbeddedPassword.HBA);
      st.execute("SELECT pg_reload_conf()");
    }
  }

  /** The password of role {@code postgres}. */
  String password() {
    return password;
  }

  /** The postmaster named by {@code postmaster.pid}, if that file names a live process. */
  private static Optional<ProcessHandle> postmaster(Path dir) {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("postmaster.pid"));
      return lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(EmbeddedPostgresProcess::alive);
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The postmaster's pid, or -1 when it is not known. */
  long pid() {
    ProcessHandle p = postmaster;
    return p == null ? -1 : p.pid();
  }

  /** Whether the postmaster is running (a process that exited but was not reaped yet counts as gone). */
  boolean isRunning() {
    ProcessHandle p = postmaster;
    return p != null && alive(p);
  }

  /**
   * Starts PostgreSQL again on the same data directory and port after its postmaster died: ends
   * the server processes the dead postmaster left (they would keep its shared memory attached and
   * make the new one refuse to start), removes its stale lock files, then starts it through
   * {@code pg_ctl}. PostgreSQL replays its write-ahead log on start, so every committed
   * transaction is back and no half-done one is visible. Its log goes to {@code postgres.log}
   * beside the data directory.
   */
  synchronized void restart() throws IOException {
    if (isRunning()) {
      return;
    }
    if (binDir == null) {
      throw new IOException("cannot tell where the PostgreSQL programs are (the executable of the first postmaster was not known)");
    }
    Path pgCtl = binDir.resolve("pg_ctl");
    clearSocketLock(dir);
    stopOrphan(dir);
    List<String> opts = new ArrayList<>(List.of("-p", Integer.toString(port())));
    CONFIG.forEach((k, v) -> opts.addAll(List.of("-c", k + "=" + v)));
    Path log = dir.resolveSibling("postgres.log");
    long logged = Files.exists(log) ? Files.size(log) : 0;
    List<String> cmd = new ArrayList<>();
    if (LinuxUtils.isUnshareAvailable()) {
      // as the first start did: PostgreSQL refuses to run as root, so run it as root of a user namespace
      cmd.addAll(List.of("unshare", "-U"));
    }
    cmd.addAll(List.of(pgCtl.toString(), "-D", dir.toString(), "-o", String.join(" ", opts), "-l", log.toString(),
        "-w", "-t", Long.toString(STARTUP_WAIT.toSeconds()), "start"));
    Process ctl = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    try {
      if (!ctl.waitFor(STARTUP_WAIT.toSeconds() + 10, TimeUnit.SECONDS)) {
        ctl.destroyForcibly();
        throw new IOException("pg_ctl start did not return within " + STARTUP_WAIT.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting PostgreSQL", e);
    }
    postmaster = postmaster(dir).orElse(null);
    if (ctl.exitValue() != 0 || postmaster == null) {
      throw new IOException("pg_ctl start exited with " + ctl.exitValue() + " (see " + log + ")" + why(log, logged));
    }
  }

  /**
   * Removes the Unix socket and its lock file of the dead postmaster named in
   * {@code postmaster.pid}: PostgreSQL replaces them itself unless their pid now belongs to another
   * process, in which case it would refuse to start.
   */
  private static void clearSocketLock(Path dir) {
    try {
      List<String> lines = Files.readAllLines(dir.resolve("postmaster.pid"));
      if (lines.size() < 5 || lines.get(4).isBlank()) {
        return;
      }
      Path socket = Path.of(lines.get(4).trim(), ".s.PGSQL." + lines.get(3).trim());
      Path lock = socket.resolveSibling(socket.getFileName() + ".lock");
      if (!Files.exists(lock) || !lines.get(0).trim().equals(Files.readAllLines(lock).stream().findFirst().orElse("").trim())) {
        return;
      }
      boolean running = ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(p -> alive(p) && isPostgres(p)).isPresent();
      if (!running) {
        Files.deleteIfExists(lock);
        Files.deleteIfExists(socket);
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("could not check the socket lock of {}: {}", dir, e.toString());
    }
  }

  /** The first FATAL line PostgreSQL logged since {@code offset} (else its last line), as {@code ": line"}; empty when none. */
  private static String why(Path log, long offset) {
    try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(log.toFile(), "r")) {
      f.seek(Math.min(offset, f.length()));
      byte[] b = new byte[(int) Math.min(f.length() - f.getFilePointer(), 1 << 20)];
      f.readFully(b);
      List<String> lines = new String(b, java.nio.charset.StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).toList();
      return lines.stream().filter(l -> l.contains("FATAL:")).findFirst()
          .or(() -> lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(lines.size() - 1))).map(l -> ": " + l).orElse("");
    } catch (IOException e) {
      return "";
    }
  }

  /**
   * Kills the postgres processes still working in {@code dir} after their postmaster died
   * (backends finishing a statement, the checkpointer, ...), and waits for them to exit. They are
   * found by their working directory, which PostgreSQL sets to its data directory, so the
   * PostgreSQL servers of other data directories are left alone. Only on systems with
   * {@code /proc}; elsewhere PostgreSQL refuses to start until they are gone, and the restart is
   * tried again later.
   */
  static void killLeftovers(Path dir) {
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) {
      return;
    }
    Path real;
    try {
      real = dir.toRealPath();
    } catch (IOException e) {
      return;
    }
    List<ProcessHandle> left = ProcessHandle.allProcesses()
        .filter(p -> p.pid() != ProcessHandle.current().pid() && isPostgres(p) && alive(p))
        .filter(p -> {
          try {
            return Files.readSymbolicLink(proc.resolve(Long.toString(p.pid())).resolve("cwd")).equals(real);
          } catch (IOException | UnsupportedOperationException e) {
            return false;
          }
        })
        .toList();
    if (left.isEmpty()) {
      return;
    }
    LOG.info("ending {} PostgreSQL server process(es) left by the dead postmaster on {}", left.size(), dir);
    left.forEach(ProcessHandle::destroyForcibly);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (left.stream().anyMatch(EmbeddedPostgresProcess::alive) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Alive and not a zombie (a process that exited stays listed until its parent reaps it; init may be slow to). */
  static boolean alive(ProcessHandle p) {
    if (!p.isAlive()) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
      int close = stat.lastIndexOf(')');
      return close < 0 || close + 2 >= stat.length() || (stat.charAt(close + 2) != 'Z' && stat.charAt(close + 2) != 'X');
    } catch (IOException e) {
      return p.isAlive();
    }
  }

  /**
   * If {@code postmaster.pid} names a live postgres process (left behind by a killed server),
   * asks it to shut down and waits for it. If it names a dead one, ends the server processes that
   * one left and removes the stale file.
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
    if (ph.isEmpty() || !alive(ph.get()) || !isPostgres(ph.get())) {
      // its server processes may outlive it for a moment; none may touch the data once the pid file is gone
      killLeftovers(dir);
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
    while (alive(p) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while stopping the old PostgreSQL", e);
      }
    }
    if (alive(p)) {
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
  public synchronized void close() {
    try {
      pg.close();
    } catch (IOException e) {
      LOG.warn("embedded PostgreSQL did not shut down cleanly: {}", e.getMessage());
    }
  }
}
