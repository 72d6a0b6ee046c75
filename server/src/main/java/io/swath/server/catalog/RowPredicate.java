package io.swath.server.catalog;

import io.swath.core.filter.Row;

/** The exact test on one decoded datapoint, run by the server after the index prefilter. */
@FunctionalInterface
public interface RowPredicate {
  /** Whether the datapoint matches. */
  boolean test(Row row);
}
