package io.swath.client;

import io.swath.core.schema.Field;
import io.swath.core.schema.Schema;
import io.swath.core.table.Datapoint;
import io.swath.core.table.RowValues;
import java.lang.reflect.RecordComponent;
import java.util.Map;
import java.util.Set;

/** Turns user objects (maps, records, datapoint rows) into a time and values in schema order. */
final class RowConverter {
  private static final Set<String> IGNORED = Set.of("id", "ingestion_time", "collection");
  private final Schema schema;

  RowConverter(Schema schema) {
    this.schema = schema;
  }

  /** Fills {@code values} (length = schema size) and returns the time in microseconds. */
  long convert(Object o, Object[] values, int index) {
    java.util.Arrays.fill(values, null);
    try {
      if (o instanceof RowValues rv) {
        if (rv.values().length > values.length) {
          throw new IllegalArgumentException("has " + rv.values().length + " values but the dataset has " + values.length + " fields");
        }
        System.arraycopy(rv.values(), 0, values, 0, rv.values().length);
        return rv.timeMicros();
      }
      if (o instanceof Map<?, ?> m) {
        return fromMap(m, values);
      }
      if (o instanceof Datapoint d) {
        return fromMap(d.toMap(), values);
      }
      if (o instanceof Record r) {
        return fromRecord(r, values);
      }
      if (o == null) {
        throw new IllegalArgumentException("datapoint is null");
      }
      throw new IllegalArgumentException("cannot ingest a " + o.getClass().getName()
          + ": pass Maps with a 'time' key, records with a 'time' component, RowValues, or Datapoint rows");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("datapoint " + index + ": " + e.getMessage(), e);
    }
  }

  private long fromMap(Map<?, ?> m, Object[] values) {
    Object time = null;
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String k = String.valueOf(e.getKey());
      if (k.equals("time")) {
        time = e.getValue();
        continue;
      }
      if (IGNORED.contains(k)) {
        continue;
      }
      int i = schema.indexOf(k);
      if (i < 0) {
        throw new IllegalArgumentException("unknown field '" + k + "'; the dataset's fields are "
            + schema.fields().stream().map(f -> f.name()).toList());
      }
      values[i] = e.getValue();
    }
    return time(time);
  }

  private long fromRecord(Record r, Object[] values) {
    Object time = null;
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      Object v;
      try {
        var acc = c.getAccessor();
        acc.setAccessible(true);
        v = acc.invoke(r);
      } catch (ReflectiveOperationException e) {
        throw new IllegalArgumentException("cannot read component " + c.getName() + " of " + r.getClass().getSimpleName(), e);
      }
      String name = c.getName();
      if (name.equals("time")) {
        time = v;
        continue;
      }
      int i = schema.indexOf(name);
      if (i < 0) {
        i = schema.indexOf(Field.snakeCase(name));
      }
      if (i < 0) {
        if (IGNORED.contains(Field.snakeCase(name))) {
          continue;
        }
        throw new IllegalArgumentException("record component '" + name + "' matches no field; the dataset's fields are "
            + schema.fields().stream().map(f -> f.name()).toList());
      }
      values[i] = v;
    }
    return time(time);
  }

  private static long time(Object t) {
    if (t == null) {
      throw new IllegalArgumentException("has no 'time'");
    }
    if (t instanceof Long l) {
      return l;
    }
    return Query.micros(t, "datapoint");
  }

}
