package io.swath.workflows.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** A cache in the memory of one runner process: fast, gone when the process ends. Thread-safe. */
public final class InMemoryCache implements JobCache {
  private final ConcurrentMap<String, byte[]> entries;
  private final String prefix;

  /** An empty cache. */
  public InMemoryCache() {
    this(new ConcurrentHashMap<>(), "");
  }

  private InMemoryCache(ConcurrentMap<String, byte[]> entries, String prefix) {
    this.entries = entries;
    this.prefix = prefix;
  }

  @Override
  public void put(String key, byte[] value) {
    entries.put(prefix + JobCache.checkName("key", key), value.clone());
  }

  @Override
  public Optional<byte[]> find(String key) {
    byte[] v = entries.get(prefix + JobCache.checkName("key", key));
    return Optional.ofNullable(v).map(byte[]::clone);
  }

  @Override
  public void delete(String key) {
    entries.remove(prefix + JobCache.checkName("key", key));
  }

  @Override
  public List<String> keys() {
    List<String> out = new ArrayList<>();
    for (String k : entries.keySet()) {
      if (k.startsWith(prefix) && k.indexOf('/', prefix.length()) < 0) {
        out.add(k.substring(prefix.length()));
      }
    }
    out.sort(null);
    return out;
  }

  @Override
  public JobCache group(String name) {
    return new InMemoryCache(entries, prefix + JobCache.checkName("group", name) + "/");
  }

  @Override
  public List<String> groups() {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (String k : entries.keySet()) {
      int slash = k.indexOf('/', prefix.length());
      if (k.startsWith(prefix) && slash >= 0) {
        out.add(k.substring(prefix.length(), slash));
      }
    }
    return List.copyOf(out);
  }

  @Override
  public void deleteGroup(String name) {
    String p = prefix + JobCache.checkName("group", name) + "/";
    entries.keySet().removeIf(k -> k.startsWith(p));
  }

  @Override
  public String toString() {
    return "in-memory cache /" + prefix;
  }
}
