package io.swath.server.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.swath.core.schema.Field;
import io.swath.core.schema.FieldType;
import io.swath.core.schema.Schema;
import java.util.ArrayList;
import java.util.List;

/** The JSON form of a schema stored in {@code datasets.fields}. */
final class SchemaJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SchemaJson() {}

  static String write(Schema s) {
    ArrayNode arr = JSON.createArrayNode();
    for (Field f : s.fields()) {
      ObjectNode o = arr.addObject();
      o.put("name", f.name());
      o.put("type", f.type().label());
      if (f.array()) {
        o.put("array", true);
      }
      if (!f.description().isEmpty()) {
        o.put("description", f.description());
      }
    }
    return arr.toString();
  }

  static Schema read(String json) {
    try {
      List<Field> fields = new ArrayList<>();
      for (JsonNode n : JSON.readTree(json)) {
        fields.add(new Field(n.get("name").asText(), FieldType.parse(n.get("type").asText()), n.path("array").asBoolean(false),
            n.path("description").asText("")));
      }
      return Schema.of(fields);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("stored schema is not valid JSON: " + e.getMessage(), e);
    }
  }
}
