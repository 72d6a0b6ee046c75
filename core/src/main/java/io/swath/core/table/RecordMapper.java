package io.swath.core.table;

import io.swath.core.id.DatapointId;
import io.swath.core.schema.Field;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.UUID;
import java.util.function.IntFunction;

/** Maps table rows to a record type by component name. */
final class RecordMapper<R extends Record> {
  private final Constructor<R> ctor;
  private final IntFunction<Object>[] getters;

  private RecordMapper(Constructor<R> ctor, IntFunction<Object>[] getters) {
    this.ctor = ctor;
    this.getters = getters;
  }


  @SuppressWarnings("unchecked")
  static <R extends Record> RecordMapper<R> of(Class<R> type, DatapointTable t) {
    RecordComponent[] comps = type.getRecordComponents();
    if (comps == null) {
      throw new IllegalArgumentException(type.getName() + " is not a record");
    }
    Class<?>[] types = new Class<?>[comps.length];
    IntFunction<Object>[] getters = new IntFunction[comps.length];
    for (int i = 0; i < comps.length; i++) {
      RecordComponent rc = comps[i];
      types[i] = rc.getType();
      getters[i] = getter(rc.getName(), rc.getType(), t, type);
    }
    try {
      Constructor<R> ctor = type.getDeclaredConstructor(types);
      ctor.setAccessible(true);
      return new RecordMapper<>(ctor, getters);
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(type.getName() + " has no canonical constructor", e);
    }
  }

  private static IntFunction<Object> getter(String name, Class<?> target, DatapointTable t, Class<?> type) {
    String snake = Field.snakeCase(name);
    switch (snake) {
      case "time":
        if (target == Instant.class) {
          return t::time;
        }
        if (target == long.class || target == Long.class) {
          return t::timeMicros;
        }
        break;
      case "id":
        if (target == DatapointId.class) {
          return t::id;
        }
        if (target == UUID.class) {
          return r -> t.id(r).toUuid();
        }
        if (target == String.class) {
          return r -> t.id(r).toString();
        }
        break;
      case "ingestion_time":
        return t::ingestionTime;
      case "collection":
        return t::collection;
      default:
        break;
    }
    String col = t.schema().indexOf(name) >= 0 ? name : snake;
    if (t.schema().indexOf(col) < 0) {
      throw new IllegalArgumentException("record " + type.getSimpleName() + " has component '" + name
          + "' but the table has no such column; columns are " + t.columnNames());
    }
    Column c = t.column(col);
    if (target == double.class && c instanceof DoubleColumn d) {
      return d::getDouble;
    }
    if (target == long.class && c instanceof LongColumn l) {
      return l::getLong;
    }
    if (target == int.class && c instanceof LongColumn l) {
      return r -> Math.toIntExact(l.getLong(r));
    }
    if (target == boolean.class && c instanceof BoolColumn b) {
      return b::getBool;
    }
    if (target == float.class && c instanceof DoubleColumn d) {
      return r -> (float) d.getDouble(r);
    }
    if (target.isPrimitive()) {
      throw new IllegalArgumentException("record component '" + name + "' is " + target + " but column '" + col
          + "' is " + c.field().typeLabel());
    }
    if (target == Integer.class && c instanceof LongColumn l) {
      return r -> c.isNull(r) ? null : Math.toIntExact(l.getLong(r));
    }
    if (target == String.class && !(c instanceof StringColumn)) {
      return r -> c.isNull(r) ? null : String.valueOf(c.get(r));
    }
    return r -> {
      Object v = c.get(r);
      if (v != null && !target.isInstance(v)) {
        throw new IllegalArgumentException("record component '" + name + "' is " + target.getSimpleName() + " but column '"
            + col + "' holds " + v.getClass().getSimpleName());
      }
      return v;
    };
  }

  R map(int row) {
    Object[] args = new Object[getters.length];
    for (int i = 0; i < args.length; i++) {
      args[i] = getters[i].apply(row);
    }
    try {
      return ctor.newInstance(args);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException("constructing " + ctor.getDeclaringClass().getSimpleName() + " for row " + row
          + " failed: " + e.getCause(), e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
