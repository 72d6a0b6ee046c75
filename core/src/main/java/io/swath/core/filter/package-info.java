/**
 * OGC CQL2 filters, the one filter language of Swath's gRPC queries, STAC {@code filter}
 * extension and CLI.
 *
 * <p>{@link io.swath.core.filter.Cql2} parses CQL2 text and CQL2 JSON into the same immutable tree
 * ({@link io.swath.core.filter.Filter} and {@link io.swath.core.filter.Expr}), which writes back to
 * either encoding. {@link io.swath.core.filter.Cql2#bind} checks a tree against a dataset schema
 * and compiles it into a {@link io.swath.core.filter.BoundFilter}: a fast predicate over
 * {@link io.swath.core.filter.Row}s, plus the time range and bounding box an index scan can use.
 */
package io.swath.core.filter;
