package io.swath.server.catalog;

import io.swath.core.filter.Row;
import io.swath.core.schema.Schema;
import io.swath.core.table.RowCodec;
import java.util.Arrays;
import java.util.UUID;

/**
 * A {@link Row} over one stored payload that decodes a field only when a test reads it (and then
 * once), so an exact test pays for the fields it needs and no others. Reused from row to row by
 * {@link #reset}; not thread-safe.
 */
final class PayloadRow implements Row {
  private static final Object UNREAD = new Object();
  private final Schema schema;
  private final Object[] values;
  private byte[] payload;
  private int length;
  private long hi;
  private long lo;
  private long time;
  private long ingestion;
  private String collection;

  PayloadRow(Schema schema) {
    this.schema = schema;
    this.values = new Object[schema.size()];
  }

  /**
   * Points the row at the next datapoint. {@code payload} (its first {@code length} bytes) is the
   * encoded row, or null when it was not read: then reading a field is a bug of the caller.
   */
  PayloadRow reset(byte[] payload, int length, long hi, long lo, long time, long ingestion, String collection) {
    this.payload = payload;
    this.length = length;
    this.hi = hi;
    this.lo = lo;
    this.time = time;
    this.ingestion = ingestion;
    this.collection = collection;
    Arrays.fill(values, UNREAD);
    return this;
  }

  @Override
  public Object value(int fieldIndex) {
    if (fieldIndex < 0 || fieldIndex >= values.length) {
      return null;
    }
    Object v = values[fieldIndex];
    if (v == UNREAD) {
      if (payload == null) {
        throw new IllegalStateException("field " + fieldIndex + " read by a test that was planned to read no fields");
      }
      v = RowCodec.decodeField(schema, payload, 0, length, fieldIndex);
      values[fieldIndex] = v;
    }
    return v;
  }

  @Override
  public long timeMicros() {
    return time;
  }

  @Override
  public UUID id() {
    return new UUID(hi, lo);
  }

  @Override
  public long ingestionTimeMicros() {
    return ingestion;
  }

  @Override
  public String collection() {
    return collection;
  }
}
