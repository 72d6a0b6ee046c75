package io.swath.imagery.asset;

import java.time.Instant;

/**
 * What a store says about an asset before reading it.
 *
 * @param size bytes, or -1 when the store did not say
 * @param etag the entity tag (HTTP {@code ETag}, S3 ETag), or null
 * @param lastModified when it last changed, or null
 * @param md5 the MD5 the store vouches for (an S3 ETag of a single-part upload), or null
 */
public record AssetInfo(long size, String etag, Instant lastModified, Checksum md5) {}
