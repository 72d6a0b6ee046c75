package io.swath.imagery.asset;

import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A file a datapoint points to, as a STAC asset describes it: where it is ({@code href}: a
 * {@code file:}, {@code http(s):} or {@code s3:} URI), its media type, roles, and when known its
 * size and checksum (STAC {@code file:size}, {@code file:checksum}).
 *
 * @param key the asset's key in the item ({@code B04}, {@code red}, {@code thumbnail}, ...)
 * @param href where the bytes are
 * @param mediaType the media type, or null
 * @param title a human title, or null
 * @param roles roles such as {@code data}, {@code overview}, {@code metadata}
 * @param size the size in bytes, or -1 when unknown
 * @param checksum the expected digest, or null when unknown
 */
public record Asset(String key, URI href, String mediaType, String title, List<String> roles, long size, Checksum checksum) {
  /** Validates and freezes the fields. */
  public Asset {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(href, "href");
    roles = roles == null ? List.of() : List.copyOf(roles);
    if (size < -1) {
      throw new IllegalArgumentException("size must be -1 (unknown) or at least 0, got " + size);
    }
  }

  /** An asset with only a key and an href. */
  public static Asset of(String key, URI href) {
    return new Asset(key, href, null, null, List.of(), -1, null);
  }

  /** Whether the media type says Cloud-Optimized GeoTIFF, or at least TIFF. */
  public boolean isTiff() {
    return mediaType != null && mediaType.toLowerCase(java.util.Locale.ROOT).startsWith("image/tiff")
        || href.getPath() != null && href.getPath().toLowerCase(java.util.Locale.ROOT).matches(".*\\.tiff?$");
  }

  /** The last path segment of the href: the default file name. */
  public String fileName() {
    String p = href.getPath();
    if (p == null || p.isEmpty() || p.endsWith("/")) {
      return key;
    }
    return p.substring(p.lastIndexOf('/') + 1);
  }

  /** The same asset at another href (e.g. a mirror). */
  public Asset withHref(URI newHref) {
    return new Asset(key, newHref, mediaType, title, roles, size, checksum);
  }
}
