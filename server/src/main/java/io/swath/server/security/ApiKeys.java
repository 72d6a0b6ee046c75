package io.swath.server.security;

import io.swath.server.db.Database;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The API keys of a server, in its catalog database. A key reads {@code swk_<id>_<secret>}: the
 * id (public, 12 hex digits) finds its row, the secret (32 random bytes) is checked against a
 * salted PBKDF2-HMAC-SHA256 hash; the secret itself is never stored. Checking a hash is slow on
 * purpose, so keys that checked out are remembered for {@link #CACHE_NANOS} by a SHA-256 of the
 * whole key; revoking a key forgets them at once.
 */
public final class ApiKeys {
  /** PBKDF2 iterations of new keys. */
  public static final int ITERATIONS = 20_000;
  static final long CACHE_NANOS = 300_000_000_000L;
  private static final SecureRandom RANDOM = new SecureRandom();
  private final Database db;
  private final Map<String, Cached> verified = new ConcurrentHashMap<>();
  private volatile boolean enabled;

  /** A key as listed: never its secret. */
  public record Info(String id, String name, String owner, List<Grant> grants, Instant createdAt, Instant expiresAt,
                     Instant revokedAt, Instant lastUsedAt) {}

  /** A key just created: its listing and the whole key, shown this once. */
  public record Created(Info info, String secret) {}

  private record Cached(Principal principal, Instant expiresAt, long until) {}

  /** The keys in {@code db}; checks whether there are any. */
  public ApiKeys(Database db) throws SQLException {
    this.db = db;
    refresh();
  }

  /** Whether keys are enforced: at least one key was ever created and is not revoked. */
  public boolean enabled() {
    return enabled;
  }

  private void refresh() throws SQLException {
    try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM api_keys WHERE revoked_at IS NULL)");
         ResultSet rs = ps.executeQuery()) {
      rs.next();
      enabled = rs.getBoolean(1);
    }
  }

  /** Creates a key; {@code expiresAt} null means never. */
  public Created create(String name, String owner, List<Grant> grants, Instant expiresAt) throws SQLException {
    if (name == null || name.isBlank() || name.length() > 200) {
      throw new IllegalArgumentException("a key needs a name of 1 to 200 characters");
    }
    if (owner == null || owner.isBlank() || owner.length() > 200) {
      throw new IllegalArgumentException("a key needs an owner of 1 to 200 characters");
    }
    if (grants.isEmpty()) {
      throw new IllegalArgumentException("a key needs at least one scope (read, write, admin or runner)");
    }
    if (expiresAt != null && !expiresAt.isAfter(Instant.now())) {
      throw new IllegalArgumentException("expiry " + expiresAt + " is in the past");
    }
    byte[] idBytes = new byte[6];
    byte[] secret = new byte[32];
    byte[] salt = new byte[16];
    RANDOM.nextBytes(idBytes);
    RANDOM.nextBytes(secret);
    RANDOM.nextBytes(salt);
    String id = HexFormat.of().formatHex(idBytes);
    String secretText = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    byte[] hash = hash(secretText, salt, ITERATIONS);
    Instant now = Instant.now();
    db.inTransaction(c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO api_keys (id, name, owner, salt, hash, iterations, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
        ps.setString(1, id);
        ps.setString(2, name);
        ps.setString(3, owner);
        ps.setBytes(4, salt);
        ps.setBytes(5, hash);
        ps.setInt(6, ITERATIONS);
        ps.setTimestamp(7, Timestamp.from(now));
        ps.setTimestamp(8, expiresAt == null ? null : Timestamp.from(expiresAt));
        ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO api_key_grants (key_id, scope, datasets, clusters) VALUES (?, ?, ?, ?)")) {
        for (Grant g : grants) {
          ps.setString(1, id);
          ps.setString(2, g.scope().label());
          ps.setArray(3, c.createArrayOf("text", g.datasets().toArray()));
          ps.setArray(4, c.createArrayOf("text", g.clusters().toArray()));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    });
    enabled = true;
    return new Created(new Info(id, name, owner, List.copyOf(grants), now, expiresAt, null, null), "swk_" + id + "_" + secretText);
  }

  /** Every key, oldest first; revoked ones only when asked. */
  public List<Info> list(boolean includeRevoked) throws SQLException {
    Map<String, List<Grant>> grants = new LinkedHashMap<>();
    List<Info> out = new ArrayList<>();
    try (Connection c = db.connection()) {
      try (PreparedStatement ps = c.prepareStatement("SELECT key_id, scope, datasets, clusters FROM api_key_grants");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          grants.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(grant(rs, 2));
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT id, name, owner, created_at, expires_at, revoked_at, last_used_at FROM api_keys"
          + (includeRevoked ? "" : " WHERE revoked_at IS NULL") + " ORDER BY created_at, id");
           ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Info(rs.getString(1), rs.getString(2), rs.getString(3), grants.getOrDefault(rs.getString(1), List.of()),
              instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5)), instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7))));
        }
      }
    }
    return out;
  }

  /** Revokes key {@code id}; it stops working at once. Empty when there is no such key. */
  public Optional<Info> revoke(String id) throws SQLException {
    try (Connection c = db.connection();
         PreparedStatement ps = c.prepareStatement("UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = ?")) {
      ps.setString(1, id);
      if (ps.executeUpdate() == 0) {
        return Optional.empty();
      }
    }
    verified.values().removeIf(v -> v.principal().keyId().equals(id));
    refresh();
    return list(true).stream().filter(k -> k.id().equals(id)).findFirst();
  }

  /**
   * The caller presenting {@code key}, if it is a live key of this server (known, secret right,
   * not revoked, not expired).
   */
  public Optional<Principal> authenticate(String key) throws SQLException {
    try {
      return check(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is unavailable", e);
    }
  }

  private Optional<Principal> check(String key) throws SQLException, GeneralSecurityException {
    if (key == null || !key.startsWith("swk_") || key.length() > 200) {
      return Optional.empty();
    }
    String digest = sha256(key);
    long now = System.nanoTime();
    Cached hit = verified.get(digest);
    if (hit != null && now < hit.until() && (hit.expiresAt() == null || Instant.now().isBefore(hit.expiresAt()))) {
      return Optional.of(hit.principal());
    }
    int sep = key.indexOf('_', 4);
    if (sep < 0) {
      return Optional.empty();
    }
    String id = key.substring(4, sep);
    String secret = key.substring(sep + 1);
    try (Connection c = db.connection()) {
      String name;
      byte[] salt;
      byte[] hash;
      int iterations;
      Instant expires;
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT name, salt, hash, iterations, expires_at FROM api_keys WHERE id = ? AND revoked_at IS NULL")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return Optional.empty();
          }
          name = rs.getString(1);
          salt = rs.getBytes(2);
          hash = rs.getBytes(3);
          iterations = rs.getInt(4);
          expires = instant(rs.getTimestamp(5));
        }
      }
      if (!MessageDigest.isEqual(hash, hash(secret, salt, iterations)) || (expires != null && !Instant.now().isBefore(expires))) {
        return Optional.empty();
      }
      List<Grant> grants = new ArrayList<>();
      try (PreparedStatement ps = c.prepareStatement("SELECT scope, datasets, clusters FROM api_key_grants WHERE key_id = ?")) {
        ps.setString(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            grants.add(grant(rs, 1));
          }
        }
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE api_keys SET last_used_at = now() WHERE id = ?")) {
        ps.setString(1, id);
        ps.executeUpdate();
      }
      Principal p = new Principal(id, name, List.copyOf(grants), java.nio.ByteBuffer.wrap(
          MessageDigest.getInstance("SHA-256").digest(concat(salt, "lease-mask".getBytes(java.nio.charset.StandardCharsets.UTF_8)))).getLong());
      verified.put(digest, new Cached(p, expires, now + CACHE_NANOS));
      return Optional.of(p);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static Grant grant(ResultSet rs, int col) throws SQLException {
    return new Grant(Scope.parse(rs.getString(col)), strings(rs.getArray(col + 1)), strings(rs.getArray(col + 2)));
  }

  private static List<String> strings(Array a) throws SQLException {
    return a == null ? List.of() : Arrays.stream((Object[]) a.getArray()).map(String::valueOf).toList();
  }

  private static Instant instant(Timestamp t) {
    return t == null ? null : t.toInstant();
  }

  private static byte[] hash(String secret, byte[] salt, int iterations) {
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
          .generateSecret(new PBEKeySpec(secret.toCharArray(), salt, iterations, 256)).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is unavailable", e);
    }
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
