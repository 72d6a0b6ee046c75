package io.swath.cli;

import io.swath.imagery.asset.AssetAccess;
import io.swath.imagery.asset.S3Settings;
import java.net.URI;
import picocli.CommandLine.Option;

/** How to reach s3:// assets. Credentials come from the AWS environment (AWS_ACCESS_KEY_ID, profiles, roles). */
final class S3Options {
  @Option(names = "--s3-endpoint", paramLabel = "URL",
      description = "Endpoint of an S3-compatible store (MinIO, Ceph, ...); default AWS, or AWS_ENDPOINT_URL_S3.")
  URI endpoint;

  @Option(names = "--s3-region", paramLabel = "REGION", description = "S3 region (default: the AWS environment's, else us-east-1).")
  String region;

  @Option(names = "--s3-anonymous", description = "Read public buckets without credentials.")
  boolean anonymous;

  AssetAccess access() {
    S3Settings.Builder b = S3Settings.builder().endpoint(endpoint).region(region);
    if (anonymous) {
      b.anonymous();
    }
    return AssetAccess.builder().s3(b.build()).build();
  }
}
