package io.swath.core.table;

import io.swath.core.id.DatapointId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** A view of one row of a {@link DatapointTable}. Cheap to create; holds no copy of the values. */
public final class Datapoint {
  private final DatapointTable table;
  private final int row;

  Datapoint(DatapointTable table, int row) {
    this.table = table;
    this.row = row;
  }

  /** The row index in its table. */
  public int index() {
    return row;
  }

  /** The datapoint time. */
  public Instant time() {
    return table.time(row);
  }

  /** The datapoint id. */
  public DatapointId id() {
    return table.id(row);
  }

  /** When the datapoint was ingested. */
  public Instant ingestionTime() {
    return table.ingestionTime(row);
  }

  /** The collection the datapoint belongs to. */
  public String collection() {
    return table.collection(row);
  }

  /** The value of field {@code name} (see {@link Column#get(int)} for types), or null. */
  public Object get(String name) {
    return table.column(name).get(row);
  }

  /** A float64 value; NaN when null. */
  public double getDouble(String name) {
    return table.doubles(name).getDouble(row);
  }

  /** An int64 value (microseconds for timestamps and durations); 0 when null. */
  public long getLong(String name) {
    return table.longs(name).getLong(row);
  }

  /** A string value, or null. */
  public String getString(String name) {
    return table.strings(name).get(row);
  }

  /** All values by name: time, id, ingestion_time, collection, then the fields. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("time", time());
    m.put("id", id());
    m.put("ingestion_time", ingestionTime());
    m.put("collection", collection());
    if (!table.isSkipData()) {
      for (String n : table.columnNames()) {
        m.put(n, get(n));
      }
    }
    return m;
  }

  @Override
  public String toString() {
    return toMap().toString();
  }
}
