package io.swath.core.filter;

import java.util.UUID;

/** {@link Row} over a value array. */
record ArrayRow(Object[] values, long timeMicros, UUID id, long ingestionTimeMicros, String collection) implements Row {
  @Override
  public Object value(int fieldIndex) {
    return fieldIndex < values.length ? values[fieldIndex] : null;
  }
}
