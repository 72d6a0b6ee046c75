/**
 * Assets: the files datapoints point to ({@link io.swath.imagery.asset.Asset}, parsed from STAC
 * assets by {@link io.swath.imagery.asset.Assets}), their checksums, and
 * {@link io.swath.imagery.asset.AssetAccess}, which reads them from {@code file:}, {@code http(s):}
 * and {@code s3:} stores, whole or by byte range.
 */
package io.swath.imagery.asset;
