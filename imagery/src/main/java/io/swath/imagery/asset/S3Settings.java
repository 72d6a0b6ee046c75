package io.swath.imagery.asset;

import java.net.URI;
import java.util.Objects;

/**
 * How to reach {@code s3://bucket/key} assets: AWS itself by default, or any S3-compatible store
 * (MinIO, Ceph, s3proxy, ...) through {@link Builder#endpoint}. Credentials default to the AWS SDK's
 * chain (environment, profile, instance role); {@link Builder#anonymous()} reads public buckets
 * unsigned.
 *
 * <pre>{@code
 * S3Settings s3 = S3Settings.builder().endpoint(URI.create("http://127.0.0.1:9000"))
 *     .credentials("access", "secret").region("us-east-1").build();
 * }</pre>
 */
public final class S3Settings {
  private final URI endpoint;
  private final String region;
  private final String accessKey;
  private final String secretKey;
  private final boolean anonymous;
  private final boolean pathStyle;

  private S3Settings(Builder b) {
    this.endpoint = b.endpoint;
    this.region = b.region;
    this.accessKey = b.accessKey;
    this.secretKey = b.secretKey;
    this.anonymous = b.anonymous;
    this.pathStyle = b.pathStyle == null ? b.endpoint != null : b.pathStyle;
  }

  /** AWS with the SDK's default region and credentials (or {@code AWS_ENDPOINT_URL_S3} / {@code AWS_ENDPOINT_URL}). */
  public static S3Settings defaults() {
    return builder().build();
  }

  /** A builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder with these settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.endpoint = endpoint;
    b.region = region;
    b.accessKey = accessKey;
    b.secretKey = secretKey;
    b.anonymous = anonymous;
    b.pathStyle = pathStyle;
    return b;
  }

  /** The endpoint, or null for AWS. */
  public URI endpoint() {
    return endpoint;
  }

  /** The region, or null for the SDK's default. */
  public String region() {
    return region;
  }

  /** The access key id, or null for the default chain. */
  public String accessKey() {
    return accessKey;
  }

  String secretKey() {
    return secretKey;
  }

  /** Whether requests go unsigned. */
  public boolean anonymous() {
    return anonymous;
  }

  /** Whether buckets go in the path ({@code endpoint/bucket/key}), as most S3-compatible stores want. */
  public boolean pathStyle() {
    return pathStyle;
  }

  /** Builds {@link S3Settings}. */
  public static final class Builder {
    private URI endpoint;
    private String region;
    private String accessKey;
    private String secretKey;
    private boolean anonymous;
    private Boolean pathStyle;

    private Builder() {}

    /** The store's endpoint, e.g. {@code http://127.0.0.1:9000}. */
    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    /** The region (default: the SDK's, else us-east-1 with a custom endpoint). */
    public Builder region(String region) {
      this.region = region;
      return this;
    }

    /** Static credentials. */
    public Builder credentials(String accessKey, String secretKey) {
      this.accessKey = Objects.requireNonNull(accessKey, "accessKey");
      this.secretKey = Objects.requireNonNull(secretKey, "secretKey");
      this.anonymous = false;
      return this;
    }

    /** Unsigned requests, for public buckets. */
    public Builder anonymous() {
      this.anonymous = true;
      return this;
    }

    /** Path-style addressing (default: on with a custom endpoint). */
    public Builder pathStyle(boolean pathStyle) {
      this.pathStyle = pathStyle;
      return this;
    }

    /** The settings. */
    public S3Settings build() {
      return new S3Settings(this);
    }
  }
}
