package io.swath.workflows.cache;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A cache in a directory: one file per key, one directory per group. Runners on one machine, or
 * on machines that mount the same file system, share it. Values are written to a temporary file
 * and renamed into place, so a reader sees the old value or the new one, never part of one.
 */
public final class LocalFileSystemCache implements JobCache {
  private static final String TMP_PREFIX = ".tmp-";
  /** Groups being deleted: renamed to this prefix, the time the deletion started (ms) and a random id. */
  private static final String DELETED_PREFIX = TMP_PREFIX + "deleted-";
  /** A deletion that has not finished after this long was abandoned by a process that stopped. */
  private static final long ABANDONED_AFTER_MS = 3_600_000L;
  private final Path dir;

  /** A cache rooted at {@code dir} (created on first write). */
  public LocalFileSystemCache(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  @Override
  public void put(String key, byte[] value) {
    Path target = dir.resolve(JobCache.checkName("key", key));
    try {
      Files.createDirectories(dir);
      Path tmp = dir.resolve(TMP_PREFIX + UUID.randomUUID());
      Files.write(tmp, value);
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not write cache entry " + target + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<byte[]> find(String key) {
    Path p = dir.resolve(JobCache.checkName("key", key));
    try {
      return Optional.of(Files.readAllBytes(p));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      if (Files.isDirectory(p)) {
        return Optional.empty();
      }
      throw new UncheckedIOException("could not read cache entry " + p + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void delete(String key) {
    try {
      Files.deleteIfExists(dir.resolve(JobCache.checkName("key", key)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public List<String> keys() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<String> out = new ArrayList<>();
      s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(TMP_PREFIX)).forEach(out::add);
      out.sort(null);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public JobCache group(String name) {
    return new LocalFileSystemCache(dir.resolve(JobCache.checkName("group", name)));
  }

  @Override
  public List<String> groups() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      List<String> out = new ArrayList<>();
      s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(TMP_PREFIX)).forEach(out::add);
      out.sort(null);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * <p>The group is renamed away first, so readers see all of it or none, then deleted. What a
   * process that stopped half way through a deletion left behind (renamed groups older than an
   * hour) is deleted too.
   */
  @Override
  public void deleteGroup(String name) {
    Path group = dir.resolve(JobCache.checkName("group", name));
    removeAbandonedDeletions(System.currentTimeMillis() - ABANDONED_AFTER_MS);
    if (!Files.isDirectory(group, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Path doomed = dir.resolve(DELETED_PREFIX + System.currentTimeMillis() + "-" + UUID.randomUUID());
    try {
      try {
        Files.move(group, doomed, StandardCopyOption.ATOMIC_MOVE);
      } catch (NoSuchFileException e) {
        return; // another runner removed it meanwhile
      }
      deleteTree(doomed);
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove cache group " + group + ": " + e.getMessage(), e);
    }
  }

  /** Deletes the renamed groups whose deletion started before {@code beforeMs} and never finished. */
  void removeAbandonedDeletions(long beforeMs) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> abandoned = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.forEach(p -> {
        String n = p.getFileName().toString();
        int dash = n.indexOf('-', DELETED_PREFIX.length());
        if (n.startsWith(DELETED_PREFIX) && dash > 0) {
          try {
            if (Long.parseLong(n.substring(DELETED_PREFIX.length(), dash)) < beforeMs) {
              abandoned.add(p);
            }
          } catch (NumberFormatException notOurs) {
            // not named by deleteGroup
          }
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (Path p : abandoned) {
      try {
        deleteTree(p);
      } catch (IOException e) {
        // another runner is deleting it too, or it is gone: the next deletion looks again
      }
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public String toString() {
    return "file system cache " + dir;
  }
}
