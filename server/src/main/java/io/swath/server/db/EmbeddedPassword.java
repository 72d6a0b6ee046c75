package io.swath.server.db;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The password of the embedded PostgreSQL's superuser {@code postgres}: 32 random bytes, kept in
 * {@code postgres.password} beside the cluster's directory ({@code DATA/postgres.password} for the
 * cluster in {@code DATA/postgres}), readable and writable by its owner only. Its
 * {@code pg_hba.conf} requires it ({@code scram-sha-256}) for every connection, over TCP and the
 * Unix socket alike.
 */
final class EmbeddedPassword {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPassword.class);
  static final String FILE_NAME = "postgres.password";
  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  /** What the cluster's {@code pg_hba.conf} holds once it requires the password. */
  static final String HBA = """
      # Written by Swath: every connection needs the password of role postgres, kept in
      # ../postgres.password (readable by the owner of the data directory only).
      # TYPE  DATABASE        USER            ADDRESS                 METHOD
      local   all             all                                     scram-sha-256
      host    all             all             127.0.0.1/32            scram-sha-256
      host    all             all             ::1/128                 scram-sha-256
      local   replication     all                                     scram-sha-256
      host    replication     all             127.0.0.1/32            scram-sha-256
      host    replication     all             ::1/128                 scram-sha-256
      """;

  private EmbeddedPassword() {
  }

  /** Where the password of the cluster in {@code clusterDir} is kept. */
  static Path file(Path clusterDir) {
    return clusterDir.toAbsolutePath().resolveSibling(FILE_NAME);
  }

  /**
   * The password of the cluster in {@code clusterDir}, read from its file; a new random one,
   * written to a new file with owner-only permissions, when there is none. A file that others
   * may read is made owner-only again, with a warning.
   */
  static String readOrCreate(Path clusterDir) throws IOException {
    Path file = file(clusterDir);
    if (!Files.exists(file)) {
      byte[] b = new byte[32];
      new SecureRandom().nextBytes(b);
      String pw = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
      write(file, pw + "\n");
      LOG.info("created the password of the embedded PostgreSQL in {}", file);
    }
    tighten(file);
    String pw = Files.readString(file, StandardCharsets.UTF_8).strip();
    if (pw.isEmpty()) {
      throw new IOException(file + " is empty: it must hold the password of the embedded PostgreSQL's role postgres");
    }
    return pw;
  }

  /** Makes {@code file} readable and writable by its owner only (on file systems with POSIX permissions). */
  private static void tighten(Path file) throws IOException {
    try {
      Set<PosixFilePermission> now = Files.getPosixFilePermissions(file);
      if (!now.equals(OWNER_ONLY)) {
        LOG.warn("{} had permissions {}; making it readable by its owner only", file, PosixFilePermissions.toString(now));
        Files.setPosixFilePermissions(file, OWNER_ONLY);
      }
    } catch (UnsupportedOperationException e) {
      // no POSIX permissions here (Windows): the data directory's own access rules apply
    }
  }

  /**
   * Writes {@code text} to {@code target} through a temporary file created owner-only (so the
   * contents are never readable by others, not even for a moment), then moved into place.
   */
  static void write(Path target, String text) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(target.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("could not create " + tmp + ": it appeared while being written", e);
    }
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * Whether {@code pg_hba.conf} of the cluster in {@code clusterDir} lets some connection in
   * without a password (a rule with the method {@code trust}, as clusters made before the password
   * was introduced have).
   */
  static boolean trustsSomeone(Path clusterDir) throws IOException {
    Path hba = clusterDir.resolve("pg_hba.conf");
    if (!Files.exists(hba)) {
      return false;
    }
    List<String> lines = Files.readAllLines(hba, StandardCharsets.UTF_8);
    for (String line : lines) {
      int hash = line.indexOf('#');
      String rule = (hash >= 0 ? line.substring(0, hash) : line).strip();
      if (!rule.isEmpty() && List.of(rule.split("\\s+")).contains("trust")) {
        return true;
      }
    }
    return false;
  }
}
