package io.swath.core.table;

/**
 * A datapoint given positionally: its time and one value per schema field, in schema order
 * (null = absent). The fastest form to ingest when values are produced in bulk.
 *
 * @param timeMicros datapoint time, microseconds since the epoch (UTC)
 * @param values     one value per schema field
 */
public record RowValues(long timeMicros, Object[] values) {}
