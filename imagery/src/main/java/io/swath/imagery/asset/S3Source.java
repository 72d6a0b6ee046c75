package io.swath.imagery.asset;

import io.swath.core.retry.RetryAfter;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** {@code s3://bucket/key} through the AWS SDK v2, against AWS or any S3-compatible endpoint. */
final class S3Source implements Source {
  private final S3Client s3;

  S3Source(S3Settings settings) {
    S3ClientBuilder b = S3Client.builder()
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .forcePathStyle(settings.pathStyle())
        .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(software.amazon.awssdk.core.checksums.ResponseChecksumValidation.WHEN_REQUIRED);
    if (settings.endpoint() != null) {
      b.endpointOverride(settings.endpoint());
    }
    if (settings.region() != null) {
      b.region(Region.of(settings.region()));
    } else if (settings.endpoint() != null) {
      b.region(Region.US_EAST_1);
    }
    if (settings.anonymous()) {
      b.credentialsProvider(AnonymousCredentialsProvider.create());
    } else if (settings.accessKey() != null) {
      b.credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey())));
    }
    this.s3 = b.build();
  }

  private static String bucket(URI uri) {
    String b = uri.getHost() != null ? uri.getHost() : uri.getAuthority();
    if (b == null || b.isEmpty()) {
      throw new IllegalArgumentException("s3 URI without a bucket: " + uri);
    }
    return b;
  }

  private static String key(URI uri) {
    String p = uri.getPath();
    if (p == null || p.length() < 2) {
      throw new IllegalArgumentException("s3 URI without a key: " + uri);
    }
    return p.substring(1);
  }

  @Override
  public AssetInfo stat(URI uri) throws IOException {
    try {
      HeadObjectResponse h = s3.headObject(r -> r.bucket(bucket(uri)).key(key(uri)));
      return new AssetInfo(h.contentLength() == null ? -1 : h.contentLength(), h.eTag(), h.lastModified(), md5OfEtag(h.eTag()));
    } catch (SdkException e) {
      throw translate(uri, e);
    }
  }

  /** The MD5 an S3 ETag stands for: only single-part uploads without SSE-KMS, whose ETag is 32 hex digits. */
  static Checksum md5OfEtag(String etag) {
    if (etag == null) {
      return null;
    }
    String e = etag.replace("\"", "");
    return e.matches("[0-9a-fA-F]{32}") ? Checksum.md5Hex(e) : null;
  }

  @Override
  public AssetBody open(URI uri, long offset, String ifRange) throws IOException {
    try {
      GetObjectRequest.Builder b = GetObjectRequest.builder().bucket(bucket(uri)).key(key(uri));
      if (offset > 0) {
        b.range("bytes=" + offset + "-");
        if (ifRange != null) {
          b.ifMatch(ifRange);
        }
      }
      ResponseInputStream<GetObjectResponse> in = s3.getObject(b.build());
      GetObjectResponse r = in.response();
      long start = 0;
      long total = r.contentLength() == null ? -1 : r.contentLength();
      String cr = r.contentRange();
      if (cr != null && cr.startsWith("bytes ") && cr.contains("/")) {
        start = Long.parseLong(cr.substring(6, cr.indexOf('-')).trim());
        String t = cr.substring(cr.lastIndexOf('/') + 1).trim();
        total = t.equals("*") ? -1 : Long.parseLong(t);
      }
      return new AssetBody(in, start, total, r.eTag());
    } catch (S3Exception e) {
      if (e.statusCode() == 416 && offset > 0) {
        AssetInfo info = stat(uri);
        if (info.size() == offset) {
          return new AssetBody(InputStream.nullInputStream(), offset, offset, info.etag());
        }
      }
      throw translate(uri, e);
    } catch (SdkException e) {
      throw translate(uri, e);
    }
  }

  @Override
  public byte[] read(URI uri, long offset, int length) throws IOException {
    if (length == 0) {
      return new byte[0];
    }
    try {
      byte[] out = s3.getObject(r -> r.bucket(bucket(uri)).key(key(uri)).range("bytes=" + offset + "-" + (offset + length - 1)),
          ResponseTransformer.toBytes()).asByteArray();
      if (out.length != length) {
        throw new IOException("short read of " + uri + ": " + out.length + " of " + length + " bytes at " + offset);
      }
      return out;
    } catch (SdkException e) {
      throw translate(uri, e);
    }
  }

  @Override
  public byte[] readAtMost(URI uri, long offset, int length) throws IOException {
    if (length == 0) {
      return new byte[0];
    }
    try {
      return s3.getObject(r -> r.bucket(bucket(uri)).key(key(uri)).range("bytes=" + offset + "-" + (offset + length - 1)),
          ResponseTransformer.toBytes()).asByteArray();
    } catch (S3Exception e) {
      if (e.statusCode() == 416) {
        return new byte[0];
      }
      throw translate(uri, e);
    } catch (SdkException e) {
      throw translate(uri, e);
    }
  }

  private static IOException translate(URI uri, SdkException e) {
    if (e instanceof S3Exception s) {
      int status = s.statusCode();
      String code = s.awsErrorDetails() == null ? "" : " " + s.awsErrorDetails().errorCode();
      Duration retryAfter = s.awsErrorDetails() == null || s.awsErrorDetails().sdkHttpResponse() == null ? null
          : s.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("Retry-After").flatMap(RetryAfter::parseHeader).orElse(null);
      return new AssetException("S3" + code + " (HTTP " + status + ") for " + uri, status, AssetException.retryableStatus(status),
          retryAfter);
    }
    if (e instanceof SdkClientException && e.getCause() instanceof IOException io) {
      return io;
    }
    return new IOException("S3 request for " + uri + " failed: " + e.getMessage(), e);
  }

  @Override
  public void close() {
    s3.close();
  }
}
