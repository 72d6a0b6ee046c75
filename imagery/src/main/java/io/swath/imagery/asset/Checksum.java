package io.swath.imagery.asset;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * An expected digest of a file's bytes: an algorithm and the digest value. Parsed from the STAC
 * {@code file:checksum} field, a hex-encoded <a href="https://multiformats.io/multihash/">multihash</a>
 * ({@code 1220…} is SHA2-256, {@code 1340…} SHA2-512, {@code 1114…} SHA-1, {@code d50110…} MD5),
 * or made from a plain MD5 such as an S3 ETag.
 */
public final class Checksum {
  private final String algorithm;
  private final byte[] digest;

  private Checksum(String algorithm, byte[] digest) {
    this.algorithm = algorithm;
    this.digest = digest;
  }

  /**
   * The checksum of a hex multihash (STAC {@code file:checksum}).
   *
   * @throws IllegalArgumentException when the text is not hex, the hash function is not one of
   *     SHA2-256, SHA2-512, SHA-1 or MD5, or the length does not match
   */
  public static Checksum parseMultihash(String hex) {
    Objects.requireNonNull(hex, "hex");
    byte[] b;
    try {
      b = HexFormat.of().parseHex(hex.trim().toLowerCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("checksum '" + hex + "' is not a hex multihash", e);
    }
    int[] pos = {0};
    long code = varint(b, pos, hex);
    long len = varint(b, pos, hex);
    String alg = switch ((int) code) {
      case 0x12 -> "SHA-256";
      case 0x13 -> "SHA-512";
      case 0x11 -> "SHA-1";
      case 0xd5 -> "MD5";
      default -> throw new IllegalArgumentException("checksum '" + hex + "': unsupported multihash function 0x" + Long.toHexString(code)
          + " (supported: sha2-256, sha2-512, sha1, md5)");
    };
    if (b.length - pos[0] != len || len != digestLength(alg)) {
      throw new IllegalArgumentException("checksum '" + hex + "': digest length does not match " + alg);
    }
    return new Checksum(alg, java.util.Arrays.copyOfRange(b, pos[0], b.length));
  }

  /** An MD5 checksum from 32 hex digits (as in a simple S3 ETag). */
  public static Checksum md5Hex(String hex) {
    return of("MD5", HexFormat.of().parseHex(hex));
  }

  /** A SHA-256 checksum from 64 hex digits. */
  public static Checksum sha256Hex(String hex) {
    return of("SHA-256", HexFormat.of().parseHex(hex));
  }

  /** A checksum of {@code algorithm} ("MD5", "SHA-1", "SHA-256", "SHA-512") with that digest. */
  public static Checksum of(String algorithm, byte[] digest) {
    String alg = algorithm.toUpperCase(Locale.ROOT);
    if (digest.length != digestLength(alg)) {
      throw new IllegalArgumentException(alg + " digests are " + digestLength(alg) + " bytes, got " + digest.length);
    }
    return new Checksum(alg, digest.clone());
  }

  /** The SHA-256 checksum of {@code bytes}. */
  public static Checksum sha256Of(byte[] bytes) {
    try {
      return new Checksum("SHA-256", MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int digestLength(String alg) {
    return switch (alg) {
      case "SHA-256" -> 32;
      case "SHA-512" -> 64;
      case "SHA-1" -> 20;
      case "MD5" -> 16;
      default -> throw new IllegalArgumentException("unsupported checksum algorithm " + alg);
    };
  }

  private static long varint(byte[] b, int[] pos, String hex) {
    long v = 0;
    int shift = 0;
    while (true) {
      if (pos[0] >= b.length || shift > 56) {
        throw new IllegalArgumentException("checksum '" + hex + "' is not a multihash");
      }
      int x = b[pos[0]++] & 0xff;
      v |= (long) (x & 0x7f) << shift;
      if ((x & 0x80) == 0) {
        return v;
      }
      shift += 7;
    }
  }

  /** The {@link MessageDigest} algorithm name. */
  public String algorithm() {
    return algorithm;
  }

  /** The expected digest. */
  public byte[] digest() {
    return digest.clone();
  }

  /** A fresh digest of this algorithm. */
  public MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether {@code actual} is the expected digest. */
  public boolean matches(byte[] actual) {
    return MessageDigest.isEqual(digest, actual);
  }

  /** The hex multihash of this checksum, as STAC {@code file:checksum} writes it. */
  public String toMultihash() {
    String prefix = switch (algorithm) {
      case "SHA-256" -> "1220";
      case "SHA-512" -> "1340";
      case "SHA-1" -> "1114";
      default -> "d50110";
    };
    return prefix + HexFormat.of().formatHex(digest);
  }

  /** The digest in hex. */
  public String hex() {
    return HexFormat.of().formatHex(digest);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Checksum c && c.algorithm.equals(algorithm) && MessageDigest.isEqual(c.digest, digest);
  }

  @Override
  public int hashCode() {
    return algorithm.hashCode() * 31 + java.util.Arrays.hashCode(digest);
  }

  @Override
  public String toString() {
    return algorithm.toLowerCase(Locale.ROOT) + ":" + hex();
  }
}
