package io.swath.core.rules;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.swath.core.schema.Field;
import io.swath.core.schema.Schema;
import io.swath.core.table.RowCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Every rule for what Swath stores, in one place: the server checks each write against these
 * rules whatever client sent it, and the SDK checks the same rules before sending, so both
 * refuse the same input with the same message.
 *
 * <table>
 *   <caption>What may be stored</caption>
 *   <tr><th>What</th><th>Rule</th></tr>
 *   <tr><td>datapoint time</td><td>1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z</td></tr>
 *   <tr><td>timestamp field values</td><td>0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999Z</td></tr>
 *   <tr><td>geometry vertices</td><td>finite, longitude in [-180, 180], latitude in [-90, 90]</td></tr>
 *   <tr><td>JSON field values</td><td>valid JSON, nested at most {@value #MAX_JSON_DEPTH} deep</td></tr>
 *   <tr><td>encoded row</td><td>at most {@value #MAX_ROW_BYTES} bytes</td></tr>
 *   <tr><td>dataset schema</td><td>at most {@value #MAX_FIELDS} fields</td></tr>
 *   <tr><td>collection name</td><td>1 to {@value #MAX_COLLECTION_NAME_CHARS} letters, digits, '_', '-', '.'</td></tr>
 *   <tr><td>descriptions</td><td>at most {@value #MAX_DESCRIPTION_CHARS} characters, no control characters but tab and line breaks</td></tr>
 *   <tr><td>job names, task names and labels</td><td>at most {@value #MAX_LABEL_CHARS} characters, no control characters</td></tr>
 *   <tr><td>idempotency key</td><td>at most {@value #MAX_IDEMPOTENCY_KEY_CHARS} characters, no control characters</td></tr>
 *   <tr><td>task input</td><td>valid JSON of at most {@value #MAX_TASK_INPUT_BYTES} bytes, nested at most {@value #MAX_JSON_DEPTH} deep</td></tr>
 * </table>
 *
 * <p>Dataset slugs and field names follow {@link io.swath.core.schema.DatasetSlug} and
 * {@link Field}. Every check throws {@link IllegalArgumentException} naming what was wrong;
 * values echoed into messages are cut to {@value #MAX_ECHO_CHARS} characters (see {@link #echo}).
 */
public final class StorageRules {
  /** Earliest datapoint time: ids start at the epoch. */
  public static final long MIN_DATAPOINT_TIME_US = 0L;
  /** Latest datapoint time, 9999-12-31T23:59:59.999999Z (the id layout reaches further; text forms of times do not). */
  public static final long MAX_DATAPOINT_TIME_US = 253_402_300_799_999_999L;
  /** Earliest value of a timestamp field, 0001-01-01T00:00:00Z. */
  public static final long MIN_TIMESTAMP_US = -62_135_596_800_000_000L;
  /** Latest value of a timestamp field, 9999-12-31T23:59:59.999999Z. */
  public static final long MAX_TIMESTAMP_US = MAX_DATAPOINT_TIME_US;
  /** Deepest nesting of arrays and objects in a JSON value. */
  public static final int MAX_JSON_DEPTH = 64;
  /** Largest encoded row (one datapoint's fields), in bytes. */
  public static final int MAX_ROW_BYTES = 1 << 20;
  /** Most fields a dataset schema may have. */
  public static final int MAX_FIELDS = 1000;
  /** Longest collection name. */
  public static final int MAX_COLLECTION_NAME_CHARS = 128;
  /** Longest description of a dataset, collection or field. */
  public static final int MAX_DESCRIPTION_CHARS = 10_000;
  /** Longest job name, task name or display label. */
  public static final int MAX_LABEL_CHARS = 200;
  /** Longest idempotency key of a job submission. */
  public static final int MAX_IDEMPOTENCY_KEY_CHARS = 256;
  /** Largest task input, in UTF-8 bytes. */
  public static final int MAX_TASK_INPUT_BYTES = 1 << 20;
  /** Most characters of a user's value that an error message repeats. */
  public static final int MAX_ECHO_CHARS = 100;

  private static final Pattern COLLECTION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0," + (MAX_COLLECTION_NAME_CHARS - 1) + "}");
  private static final JsonFactory JSON = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_JSON_DEPTH + 1).build()).build();

  private StorageRules() {}

  /**
   * A value as error messages repeat it: quoted, at most {@value #MAX_ECHO_CHARS} characters
   * (then "…" and the full length), control characters shown as {@code \\uXXXX}. Keeps messages
   * short enough for a gRPC status and readable in a terminal.
   */
  public static String echo(String value) {
    if (value == null) {
      return "null";
    }
    int n = Math.min(value.length(), MAX_ECHO_CHARS);
    StringBuilder sb = new StringBuilder(n + 24).append('\'');
    for (int i = 0; i < n; i++) {
      char ch = value.charAt(i);
      if (Character.isISOControl(ch)) {
        sb.append(String.format("\\u%04x", (int) ch));
      } else {
        sb.append(ch);
      }
    }
    sb.append('\'');
    if (value.length() > n) {
      sb.append("… (").append(value.length()).append(" characters)");
    }
    return sb.toString();
  }

  // ------------------------------------------------------------------ times

  /** Checks that a datapoint time (microseconds since the epoch) may be stored. */
  public static void checkDatapointTime(long timeUs) {
    if (timeUs < MIN_DATAPOINT_TIME_US || timeUs > MAX_DATAPOINT_TIME_US) {
      throw new IllegalArgumentException("datapoint time " + formatUs(timeUs)
          + " is outside the supported range 1970-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999Z");
    }
  }

  /** Checks that the value of timestamp field {@code field} (microseconds since the epoch) may be stored. */
  public static void checkTimestamp(String field, long us) {
    if (us < MIN_TIMESTAMP_US || us > MAX_TIMESTAMP_US) {
      throw new IllegalArgumentException("field '" + field + "' (timestamp): " + formatUs(us)
          + " is outside the supported range 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59.999999Z");
    }
  }

  private static String formatUs(long us) {
    try {
      return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1000L).toString();
    } catch (RuntimeException e) {
      return us + " µs since the epoch";
    }
  }

  // ------------------------------------------------------------------ places

  /** Checks one vertex: finite, longitude in [-180, 180], latitude in [-90, 90]. */
  public static void checkCoordinate(double lon, double lat) {
    if (!Double.isFinite(lon) || !Double.isFinite(lat)) {
      throw new IllegalArgumentException("coordinate (" + lon + ", " + lat + ") is not finite");
    }
    if (lat < -90 || lat > 90) {
      throw new IllegalArgumentException("coordinate (" + lon + ", " + lat + ") has latitude " + lat
          + " outside [-90, 90] (positions are longitude, latitude)");
    }
    if (lon < -180 || lon > 180) {
      throw new IllegalArgumentException("coordinate (" + lon + ", " + lat + ") has longitude " + lon
          + " outside [-180, 180] (positions are longitude, latitude)");
    }
  }

  /**
   * Checks a geometry by its envelope {@code (minX, minY, maxX, maxY)} (NaN when empty): every
   * vertex lies in range exactly when the envelope's corners do.
   */
  public static void checkEnvelope(double[] env) {
    if (Double.isNaN(env[0])) {
      return;
    }
    checkCoordinate(env[0], env[1]);
    checkCoordinate(env[2], env[3]);
  }

  // ------------------------------------------------------------------ rows and JSON

  /**
   * Checks one encoded row against the schema and every rule on values (well-formed encoding,
   * geometries, timestamps, JSON, size), and writes the envelope of its footprint to
   * {@code footprint} (see {@link RowCodec#validate(Schema, byte[], int, int, double[])}).
   *
   * @return whether the row has a non-null footprint
   */
  public static boolean checkRow(Schema schema, byte[] buf, int offset, int length, double[] footprint) {
    if (length > MAX_ROW_BYTES) {
      throw new IllegalArgumentException("row is " + length + " bytes encoded; a datapoint may have at most " + MAX_ROW_BYTES
          + " bytes (1 MiB): keep large content in files and store their addresses");
    }
    return RowCodec.validate(schema, buf, offset, length, footprint);
  }

  /**
   * Checks that {@code json} is one valid JSON value nested at most {@value #MAX_JSON_DEPTH} deep.
   *
   * @param what names the value in the message, e.g. {@code field 'assets'}
   */
  public static void checkJson(String what, String json) {
    try (JsonParser p = JSON.createParser(json)) {
      checkJson(what, p);
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + shortMessage(e));
    }
  }

  private static void checkJson(String what, JsonParser p) throws IOException {
    JsonToken t = p.nextToken();
    if (t == null) {
      throw new IllegalArgumentException(what + " is not valid JSON: it is empty");
    }
    int depth = 0;
    while (true) {
      if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
        if (++depth > MAX_JSON_DEPTH) {
          throw new IllegalArgumentException(what + " is nested more than " + MAX_JSON_DEPTH + " levels deep");
        }
      } else if (t == JsonToken.END_ARRAY || t == JsonToken.END_OBJECT) {
        depth--;
      }
      if (depth == 0) {
        if (p.nextToken() != null) {
          throw new IllegalArgumentException(what + " is not valid JSON: more than one value");
        }
        return;
      }
      t = p.nextToken();
    }
  }

  private static String shortMessage(IOException e) {
    String m = e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    if (m != null && m.contains("nesting depth")) {
      return "nested more than " + MAX_JSON_DEPTH + " levels deep";
    }
    return m == null ? e.toString() : m.length() > 200 ? m.substring(0, 200) + "…" : m;
  }

  // ------------------------------------------------------------------ catalog

  /** Checks a dataset schema: at most {@value #MAX_FIELDS} fields, each description within the rules. */
  public static void checkSchema(List<Field> fields) {
    if (fields.size() > MAX_FIELDS) {
      throw new IllegalArgumentException("a dataset schema may have at most " + MAX_FIELDS + " fields, got " + fields.size());
    }
    for (Field f : fields) {
      checkDescription("field '" + f.name() + "'", f.description());
    }
  }

  /**
   * Checks a collection name: 1 to {@value #MAX_COLLECTION_NAME_CHARS} letters, digits, '_', '-'
   * or '.', starting with a letter or digit.
   *
   * @return the name
   */
  public static String checkCollectionName(String name) {
    if (name == null || !COLLECTION.matcher(name).matches()) {
      throw new IllegalArgumentException("collection name " + echo(name) + " is not valid: use letters, digits, '_', '-' or '.', "
          + "starting with a letter or digit, at most " + MAX_COLLECTION_NAME_CHARS + " characters");
    }
    return name;
  }

  /**
   * Checks a description (of a dataset, collection or field): at most
   * {@value #MAX_DESCRIPTION_CHARS} characters, no control characters but tab and line breaks.
   *
   * @param what names the owner, e.g. {@code dataset 'a.b'}
   */
  public static void checkDescription(String what, String description) {
    if (description == null) {
      return;
    }
    if (description.length() > MAX_DESCRIPTION_CHARS) {
      throw new IllegalArgumentException("the description of " + what + " has " + description.length()
          + " characters; at most " + MAX_DESCRIPTION_CHARS + " are allowed");
    }
    int bad = firstControl(description, true);
    if (bad >= 0) {
      throw new IllegalArgumentException("the description of " + what + " contains control character "
          + String.format("U+%04X", (int) description.charAt(bad)) + " at index " + bad);
    }
  }

  // ------------------------------------------------------------------ workflows

  /**
   * Checks a short text such as a job name, task name or display label: at most
   * {@value #MAX_LABEL_CHARS} characters, no control characters.
   *
   * @param what names the value, e.g. {@code job name}
   * @param required whether it must not be blank
   */
  public static void checkLabel(String what, String value, boolean required) {
    checkText(what, value, MAX_LABEL_CHARS, required);
  }

  /** Checks an idempotency key: at most {@value #MAX_IDEMPOTENCY_KEY_CHARS} characters, no control characters. */
  public static void checkIdempotencyKey(String key) {
    checkText("idempotency key", key, MAX_IDEMPOTENCY_KEY_CHARS, false);
  }

  /**
   * Checks a task input: valid JSON of at most {@value #MAX_TASK_INPUT_BYTES} UTF-8 bytes, nested at
   * most {@value #MAX_JSON_DEPTH} deep. An empty input (a task without parameters) is allowed.
   *
   * @param what names the task, e.g. {@code task 'resize'}
   */
  public static void checkTaskInput(String what, String input) {
    if (input == null || input.isEmpty()) {
      return;
    }
    // UTF-8 is at most 3 bytes per char: count bytes only when the text might be too large
    if (input.length() > MAX_TASK_INPUT_BYTES / 3) {
      int bytes = input.getBytes(StandardCharsets.UTF_8).length;
      if (bytes > MAX_TASK_INPUT_BYTES) {
        throw new IllegalArgumentException("the input of " + what + " is " + bytes + " bytes; at most " + MAX_TASK_INPUT_BYTES
            + " (1 MiB) are allowed: pass large data by reference (a file or object address)");
      }
    }
    checkJson("the input of " + what, input);
  }

  /** Checks what a job submission names: the job name (required) and its idempotency key (may be empty). */
  public static void checkJob(String name, String idempotencyKey) {
    checkLabel("job name", name == null ? null : name.trim(), true);
    checkIdempotencyKey(idempotencyKey);
  }

  /**
   * Checks what a task to store carries: its type name (required), display label and JSON input.
   *
   * @param what names the task in messages, e.g. {@code root task}
   */
  public static void checkTask(String what, String name, String display, String input) {
    checkLabel(what + ": task name", name, true);
    checkLabel(what + " (" + echo(name) + "): display label", display, false);
    checkTaskInput(what + " (" + echo(name) + ")", input);
  }

  private static void checkText(String what, String value, int max, boolean required) {
    String v = value == null ? "" : value;
    if (required && v.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    if (v.length() > max) {
      throw new IllegalArgumentException(what + " " + echo(v) + " is too long: at most " + max + " characters are allowed");
    }
    int bad = firstControl(v, false);
    if (bad >= 0) {
      throw new IllegalArgumentException(what + " " + echo(v) + " contains control character "
          + String.format("U+%04X", (int) v.charAt(bad)) + " at index " + bad);
    }
  }

  /** The index of the first control character (tab and line breaks allowed when {@code lines}), or -1. */
  private static int firstControl(String s, boolean lines) {
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (Character.isISOControl(ch) && !(lines && (ch == '\t' || ch == '\n' || ch == '\r'))) {
        return i;
      }
    }
    return -1;
  }
}
