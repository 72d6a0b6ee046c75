/**
 * Concurrent, resumable, verified downloads of assets: {@link io.swath.imagery.download.Downloader}
 * with its {@link io.swath.core.retry.RetryPolicy}, per-file
 * {@link io.swath.imagery.download.DownloadResult}s, a batch
 * {@link io.swath.imagery.download.DownloadSummary}, and terminal progress bars
 * ({@link io.swath.imagery.download.DownloadProgress}).
 */
package io.swath.imagery.download;
