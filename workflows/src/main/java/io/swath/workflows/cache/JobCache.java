package io.swath.workflows.cache;

import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * A key → bytes store shared by the tasks of a job (for example a downloaded scene that several
 * tasks read), with hierarchical groups. Backends: {@link InMemoryCache} (one runner process),
 * {@link LocalFileSystemCache} (runners sharing a file system) and {@link S3Cache}
 * (S3-compatible object stores, runners anywhere).
 *
 * <p>Keys and group names are 1 to 255 characters without {@code /}, and neither {@code .} nor
 * {@code ..}. Writes of a key replace it whole; readers never see half a value.
 */
public interface JobCache {
  /** Stores {@code value} under {@code key}, replacing what was there. */
  void put(String key, byte[] value);

  /** The value under {@code key}, if any. */
  Optional<byte[]> find(String key);

  /** The value under {@code key}; NoSuchElementException naming the key if there is none. */
  default byte[] get(String key) {
    return find(key).orElseThrow(() -> new NoSuchElementException("no cache entry '" + key + "' in " + this));
  }

  /** Whether {@code key} has a value. */
  default boolean contains(String key) {
    return find(key).isPresent();
  }

  /** Removes {@code key}; nothing happens if it is absent. */
  void delete(String key);

  /** The keys in this group (not in its subgroups), sorted. */
  List<String> keys();

  /** The sub-group {@code name}; created on first write. */
  JobCache group(String name);

  /**
   * The names of the sub-groups of this group that hold something, sorted. Runners list the
   * groups of their cache, one per job, to remove those of jobs the server no longer has.
   *
   * @throws UnsupportedOperationException if this cache cannot list them (the default)
   */
  default List<String> groups() {
    throw new UnsupportedOperationException(this + " cannot list its groups");
  }

  /**
   * Removes the sub-group {@code name} with everything in it, its own sub-groups too; nothing
   * happens if it is absent.
   *
   * @throws UnsupportedOperationException if this cache cannot remove groups (the default)
   */
  default void deleteGroup(String name) {
    throw new UnsupportedOperationException(this + " cannot remove groups");
  }

  /** Checks a key or group name. */
  static String checkName(String what, String name) {
    if (name == null || name.isEmpty() || name.length() > 255 || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0 || name.equals(".")
        || name.equals("..")) {
      throw new IllegalArgumentException("cache " + what + " '" + name + "' is not valid: use 1 to 255 characters without '/', not '.' or '..'");
    }
    return name;
  }
}
