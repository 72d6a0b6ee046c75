package io.swath.workflows.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A cache in an S3 bucket (AWS or any S3-compatible store: MinIO, Ceph, s3proxy, ...), shared by
 * runners anywhere. Keys become objects under a prefix; groups become {@code /}-separated
 * prefixes. A put is one PUT of the whole value, so readers see the old value or the new one.
 * Needs the AWS SDK v2 {@code s3} module on the class path; the caller builds and owns the client.
 *
 * <pre>{@code
 * S3Client s3 = S3Client.builder().endpointOverride(URI.create("http://minio:9000")).forcePathStyle(true).build();
 * TaskRunner.builder().cache(new S3Cache(s3, "swath-cache", "jobs/")) ...
 * }</pre>
 */
public final class S3Cache implements JobCache {
  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  /** Whether the store takes DeleteObjects; shared by the groups of one cache. */
  private final AtomicBoolean batchDeletes;

  /** A cache in {@code bucket} under {@code prefix} (empty, or ending with {@code /}). */
  public S3Cache(S3Client s3, String bucket, String prefix) {
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.bucket = Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(prefix, "prefix");
    if (!prefix.isEmpty() && !prefix.endsWith("/")) {
      throw new IllegalArgumentException("S3 cache prefix must be empty or end with '/', got '" + prefix + "'");
    }
    this.prefix = prefix;
    this.batchDeletes = new AtomicBoolean(true);
  }

  private S3Cache(S3Cache parent, String prefix) {
    this.s3 = parent.s3;
    this.bucket = parent.bucket;
    this.prefix = prefix;
    this.batchDeletes = parent.batchDeletes;
  }

  @Override
  public void put(String key, byte[] value) {
    s3.putObject(b -> b.bucket(bucket).key(prefix + JobCache.checkName("key", key)), RequestBody.fromBytes(value));
  }

  @Override
  public Optional<byte[]> find(String key) {
    try {
      return Optional.of(s3.getObjectAsBytes(b -> b.bucket(bucket).key(prefix + JobCache.checkName("key", key))).asByteArray());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  @Override
  public void delete(String key) {
    s3.deleteObject(b -> b.bucket(bucket).key(prefix + JobCache.checkName("key", key)));
  }

  @Override
  public List<String> keys() {
    List<String> out = new ArrayList<>();
    ListObjectsV2Request req = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).delimiter("/").build();
    for (var page : s3.listObjectsV2Paginator(req)) {
      for (S3Object o : page.contents()) {
        out.add(o.key().substring(prefix.length()));
      }
    }
    out.sort(null);
    return out;
  }

  @Override
  public JobCache group(String name) {
    return new S3Cache(this, prefix + JobCache.checkName("group", name) + "/");
  }

  @Override
  public List<String> groups() {
    List<String> out = new ArrayList<>();
    ListObjectsV2Request req = ListObjectsV2Request.builder().bucket(bucket).prefix(prefix).delimiter("/").build();
    for (var page : s3.listObjectsV2Paginator(req)) {
      for (var p : page.commonPrefixes()) {
        String name = p.prefix().substring(prefix.length());
        out.add(name.substring(0, name.length() - 1));
      }
    }
    out.sort(null);
    return out;
  }

  @Override
  public void deleteGroup(String name) {
    String group = prefix + JobCache.checkName("group", name) + "/";
    ListObjectsV2Request req = ListObjectsV2Request.builder().bucket(bucket).prefix(group).build();
    for (var page : s3.listObjectsV2Paginator(req)) {
      if (page.contents().isEmpty()) {
        continue;
      }
      List<ObjectIdentifier> ids = page.contents().stream().map(o -> ObjectIdentifier.builder().key(o.key()).build()).toList();
      if (batchDeletes.get()) {
        try {
          // one request per page of up to 1,000 keys
          var r = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(ids).quiet(true)));
          if (!r.errors().isEmpty()) {
            var err = r.errors().getFirst();
            throw new java.io.UncheckedIOException(new java.io.IOException("could not remove " + r.errors().size() + " objects of cache group s3://"
                + bucket + "/" + group + ", the first " + err.key() + ": " + err.code() + " " + err.message()));
          }
          continue;
        } catch (S3Exception e) {
          if (e.statusCode() != 501) {
            throw e;
          }
          // a store without the checksums the SDK sends with DeleteObjects: one request per key from now on
          batchDeletes.set(false);
        }
      }
      for (ObjectIdentifier id : ids) {
        s3.deleteObject(b -> b.bucket(bucket).key(id.key()));
      }
    }
  }

  @Override
  public String toString() {
    return "S3 cache s3://" + bucket + "/" + prefix;
  }
}
