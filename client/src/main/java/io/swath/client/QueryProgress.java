package io.swath.client;

/**
 * Progress of a running query, reported to {@link Query#onProgress} after every page.
 *
 * @param loaded   datapoints received so far
 * @param total    datapoints expected, or 0 when unknown (filters, places, limits)
 * @param fraction 0..1 through the query's time range (or loaded/total when the total is known)
 */
public record QueryProgress(long loaded, long total, double fraction) {}
