/**
 * A client for any STAC API: {@link io.swath.client.stac.StacClient} (blocking) and
 * {@link io.swath.client.stac.AsyncStacClient} (futures) over one {@code java.net.http} client,
 * searching with the same {@link io.swath.client.Query} as Swath queries
 * ({@link io.swath.client.stac.StacSearch} adds ids, sort keys and fields), paging through
 * {@code next} links (GET or POST, merged bodies), by time shards concurrently when a search is
 * large, with retries and backoff on 429 and 5xx that honour {@code Retry-After}. See docs/stac.md.
 */
package io.swath.client.stac;
