package io.swath.workflows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The JSON form of task inputs and results (records, collections, java.time values). */
final class TaskJson {
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .addModule(new JavaTimeModule())
      .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .build();

  private TaskJson() {}

  static String write(Object value, String what) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " of type " + value.getClass().getName() + " cannot be written as JSON: "
          + e.getOriginalMessage() + " (tasks and results must be records or plain data types)", e);
    }
  }

  /**
   * Reads {@code json} as {@code type}. A field the type does not have is an error that names it
   * and the fields there are (a misspelt field would otherwise be dropped silently and the task
   * would run with a null); fields the type writes itself (getters) are accepted.
   */
  static <T> T read(String json, Class<T> type, String what) {
    try {
      com.fasterxml.jackson.databind.JsonNode tree = MAPPER.readTree(json);
      if (tree != null && tree.isObject() && !java.util.Map.class.isAssignableFrom(type)) {
        java.util.Set<String> known = propertyNames(type);
        java.util.List<String> unknown = new java.util.ArrayList<>();
        tree.fieldNames().forEachRemaining(n -> {
          if (!known.contains(n)) {
            unknown.add(n);
          }
        });
        if (!unknown.isEmpty()) {
          throw new IllegalArgumentException(what + " has " + (unknown.size() == 1 ? "a field " : "fields ") + unknown
              + " that " + type.getSimpleName() + " does not have; its fields are " + new java.util.TreeSet<>(known));
        }
      }
      return MAPPER.treeToValue(tree, type);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " cannot be read as " + type.getName() + ": " + e.getOriginalMessage(), e);
    }
  }

  /** The JSON property names {@code type} reads or writes. */
  static java.util.Set<String> propertyNames(Class<?> type) {
    java.util.Set<String> names = new java.util.HashSet<>();
    com.fasterxml.jackson.databind.JavaType t = MAPPER.constructType(type);
    MAPPER.getDeserializationConfig().introspect(t).findProperties().forEach(p -> names.add(p.getName()));
    MAPPER.getSerializationConfig().introspect(t).findProperties().forEach(p -> names.add(p.getName()));
    return names;
  }
}
