package io.swath.server.catalog;

/** A test on one decoded datapoint, evaluated by the server after the index prefilter. */
@FunctionalInterface
public interface RowPredicate {
  /**
   * @param timeUs     datapoint time
   * @param collection collection name
   * @param values     the decoded field values (see RowCodec.decode)
   */
  boolean test(long timeUs, String collection, Object[] values);
}
