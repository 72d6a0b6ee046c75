package io.swath.server;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An exclusive lock on a data directory, so two servers never share one embedded database,
 * plus a file naming the gRPC address of the server holding it. The OS releases the lock when
 * the process dies, so a killed server never blocks the next one.
 */
final class DataDirLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;
  private final Path dir;

  private DataDirLock(FileChannel channel, FileLock lock, Path dir) {
    this.channel = channel;
    this.lock = lock;
    this.dir = dir;
  }

  static DataDirLock acquire(Path dir) throws IOException {
    Files.createDirectories(dir);
    FileChannel ch = FileChannel.open(dir.resolve("server.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (java.nio.channels.OverlappingFileLockException e) {
      l = null;
    }
    if (l == null) {
      ch.close();
      String where = runningTarget(dir).map(t -> " (listening on " + t + ")").orElse("");
      throw new IllegalStateException("another swath server is using the data directory " + dir + where
          + "; stop it, connect to it, or start this one with another --data-dir");
    }
    return new DataDirLock(ch, l, dir);
  }

  void publish(String target) throws IOException {
    Path tmp = dir.resolve("server.target.tmp");
    Files.writeString(tmp, target + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, dir.resolve("server.target"), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static Optional<String> runningTarget(Path dir) {
    try {
      return Optional.of(Files.readString(dir.resolve("server.target")).trim()).filter(s -> !s.isEmpty());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static Optional<String> runningServer(Path dir) {
    Path f = dir.resolve("server.lock");
    if (!Files.exists(f)) {
      return Optional.empty();
    }
    try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
      FileLock l = ch.tryLock();
      if (l != null) {
        l.release();
        return Optional.empty();
      }
      return runningTarget(dir);
    } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(dir.resolve("server.target"));
      lock.release();
      channel.close();
    } catch (IOException ignored) {
      // the OS releases the lock with the process anyway
    }
  }
}
