package io.swath.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every blocking method has an async twin with the same parameters returning a future of the same type. */
class FaceParityTest {
  static final Map<Class<?>, Class<?>> FACES = Map.of(DatasetsClient.class, AsyncDatasetsClient.class, DatasetClient.class,
      AsyncDatasetClient.class, CollectionClient.class, AsyncCollectionClient.class);
  /** Views and lifecycle, not operations. */
  static final Set<String> NOT_OPERATIONS = Set.of("async", "blocking", "close", "info", "name", "dataset");
  /** Blocking result type → the async face's own type for it. */
  static final Map<Class<?>, Class<?>> VIEW = Map.of(DatasetClient.class, AsyncDatasetClient.class, CollectionClient.class,
      AsyncCollectionClient.class);

  @Test
  void everyBlockingOperationHasAnAsyncTwin() throws Exception {
    int checked = 0;
    for (var face : FACES.entrySet()) {
      for (Method m : face.getKey().getMethods()) {
        if (java.lang.reflect.Modifier.isStatic(m.getModifiers()) || NOT_OPERATIONS.contains(m.getName())) {
          continue;
        }
        Method twin = face.getValue().getMethod(m.getName(), m.getParameterTypes());
        Type expected = m.getGenericReturnType();
        Type actual = twin.getGenericReturnType();
        if (m.getReturnType() == Stream.class) {
          assertThat(twin.getReturnType()).as(m.toString()).isEqualTo(Flow.Publisher.class);
          assertThat(((ParameterizedType) actual).getActualTypeArguments()[0])
              .isEqualTo(((ParameterizedType) expected).getActualTypeArguments()[0]);
        } else {
          assertThat(twin.getReturnType()).as(m.toString()).isEqualTo(CompletableFuture.class);
          Type inner = ((ParameterizedType) actual).getActualTypeArguments()[0];
          assertThat(erase(inner)).as(m.toString()).isEqualTo(asyncView(box(erase(expected))));
        }
        checked++;
      }
    }
    assertThat(checked).isGreaterThanOrEqualTo(17);
  }

  static Class<?> erase(Type t) {
    return t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
  }

  static Class<?> asyncView(Class<?> c) {
    return VIEW.getOrDefault(c, c);
  }

  static Class<?> box(Class<?> c) {
    if (!c.isPrimitive()) {
      return c;
    }
    return List.of(long.class, int.class, boolean.class, double.class).contains(c)
        ? Map.of(long.class, Long.class, int.class, Integer.class, boolean.class, Boolean.class, double.class, Double.class).get(c) : c;
  }
}
