package io.swath.core.schema;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One typed field of a dataset schema.
 *
 * @param name        lower-case identifier ({@code [a-z_][a-z0-9_:]*}, at most 63 characters)
 * @param type        value type
 * @param array       whether the field holds a list of values of {@code type}
 * @param description free text, may be empty
 */
public record Field(String name, FieldType type, boolean array, String description) {
  private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_:]{0,62}");
  /** Names every datapoint has; no user field may take them. */
  public static final Set<String> RESERVED = Set.of("time", "id", "ingestion_time", "collection");

  public Field {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    description = description == null ? "" : description;
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("field name " + io.swath.core.rules.StorageRules.echo(name)
          + " is not valid: use lower-case letters, digits, '_' or ':', starting with a letter or '_', at most 63 characters");
    }
    if (RESERVED.contains(name)) {
      throw new IllegalArgumentException("field name '" + name + "' is reserved: every datapoint already has "
          + String.join(", ", RESERVED.stream().sorted().toList()));
    }
  }

  /** A scalar field without description. */
  public static Field of(String name, FieldType type) {
    return new Field(name, type, false, "");
  }

  /** An array field without description. */
  public static Field arrayOf(String name, FieldType type) {
    return new Field(name, type, true, "");
  }

  /** The field name for a Java name: {@code cloudCover} → {@code cloud_cover}. */
  public static String snakeCase(String javaName) {
    StringBuilder sb = new StringBuilder(javaName.length() + 4);
    for (char ch : javaName.toCharArray()) {
      if (Character.isUpperCase(ch)) {
        sb.append('_').append(Character.toLowerCase(ch));
      } else {
        sb.append(ch);
      }
    }
    return sb.toString();
  }

  /** The type as written in schemas: {@code float64} or {@code string[]}. */
  public String typeLabel() {
    return type.label() + (array ? "[]" : "");
  }

  @Override
  public String toString() {
    return name + ": " + typeLabel();
  }
}
