package io.swath.server.workflows;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swath.core.error.InvalidArgumentException;
import io.swath.server.db.Database;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The input fields of each task type, as runners announce them when they ask for work, and the
 * check of a submitted root task's input against them: a field that no runner of the type reads
 * (a misspelling) is refused at submission, naming the fields there are, instead of failing when
 * the task runs. Types that no runner has announced are not checked.
 */
final class TaskInputs {
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Key(String cluster, String name, int major, int minor) {}

  private final Database db;
  /** What this server has stored, so a runner's polls write only what is new. */
  private final Map<Key, Set<String>> stored = new ConcurrentHashMap<>();

  TaskInputs(Database db) {
    this.db = db;
  }

  /** Most task types remembered as stored; beyond, the memory starts again. */
  private static final int MAX_REMEMBERED = 10_000;
  /** Most task types one request may name. */
  static final int MAX_TYPES = 1000;
  /** Most input fields of one task type, across every runner that announces it. */
  static final int MAX_FIELDS = io.swath.core.rules.StorageRules.MAX_FIELDS;
  /** Longest task type name and input field name, in characters. */
  static final int MAX_NAME_CHARS = io.swath.core.rules.StorageRules.MAX_LABEL_CHARS;

  /**
   * Records the fields of the types a runner announces (a union with what others announced).
   * Names, counts and the union are bounded: announcements are kept in memory and in the
   * database, and a runner that announced new names on every poll would otherwise grow both
   * for ever.
   */
  void announce(String cluster, List<TaskType> types) throws SQLException {
    if (types.size() > MAX_TYPES) {
      throw new InvalidArgumentException("a runner may name at most " + MAX_TYPES + " task types, got " + types.size());
    }
    for (TaskType t : types) {
      if (t.name() == null || t.name().isEmpty() || t.name().length() > MAX_NAME_CHARS) {
        throw new InvalidArgumentException("a task type name must have 1 to " + MAX_NAME_CHARS + " characters, got "
            + (t.name() == null ? 0 : t.name().length()));
      }
      if (t.inputFields() == null) {
        continue;
      }
      if (t.inputFields().size() > MAX_FIELDS) {
        throw new InvalidArgumentException("task type " + io.swath.core.rules.StorageRules.echo(t.name()) + " announces "
            + t.inputFields().size() + " input fields; at most " + MAX_FIELDS + " are allowed");
      }
      for (String f : t.inputFields()) {
        if (f.isEmpty() || f.length() > MAX_NAME_CHARS || f.indexOf('\0') >= 0) {
          throw new InvalidArgumentException("an input field name of task type " + io.swath.core.rules.StorageRules.echo(t.name())
              + " must have 1 to " + MAX_NAME_CHARS + " characters and no NUL, got " + io.swath.core.rules.StorageRules.echo(f));
        }
      }
      Key k = new Key(cluster, t.name(), t.major(), t.minor());
      Set<String> known = stored.get(k);
      if (known != null && known.containsAll(t.inputFields())) {
        continue;
      }
      try (Connection c = db.connection();
           PreparedStatement ps = c.prepareStatement("INSERT INTO task_inputs (cluster, name, major, minor, fields) VALUES (?, ?, ?, ?, ?) "
               + "ON CONFLICT (cluster, name, major, minor) DO UPDATE SET announced_at = now(), fields = "
               + "ARRAY(SELECT DISTINCT f FROM unnest(task_inputs.fields || EXCLUDED.fields) f ORDER BY f) "
               + "WHERE (SELECT count(DISTINCT f) FROM unnest(task_inputs.fields || EXCLUDED.fields) f) <= " + MAX_FIELDS
               + " RETURNING fields")) {
        ps.setString(1, cluster);
        ps.setString(2, t.name());
        ps.setInt(3, t.major());
        ps.setInt(4, t.minor());
        ps.setArray(5, c.createArrayOf("text", t.inputFields().toArray()));
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new InvalidArgumentException("task type " + io.swath.core.rules.StorageRules.echo(t.name()) + " in cluster "
                + io.swath.core.rules.StorageRules.echo(cluster) + " would have more than " + MAX_FIELDS
                + " input fields with this runner's (runners of one type and version announce different fields: "
                + "give a type whose fields changed a new version)");
          }
          if (stored.size() >= MAX_REMEMBERED) {
            stored.clear(); // only saves writes: forgetting costs one upsert per type on the next poll
          }
          stored.put(k, Set.copyOf(List.of((String[]) rs.getArray(1).getArray())));
        }
      }
    }
  }

  /** Refuses a root task whose JSON object input has a field no announced runner of its type reads. */
  void check(String cluster, NewTask task) throws SQLException {
    JsonNode input;
    try {
      input = JSON.readTree(task.input().isEmpty() ? "{}" : task.input());
    } catch (JsonProcessingException e) {
      return; // the input's form is checked where it is stored
    }
    if (input == null || !input.isObject() || input.isEmpty()) {
      return;
    }
    Set<String> fields = new TreeSet<>();
    boolean announced = false;
    try (Connection c = db.connection();
         PreparedStatement ps = c.prepareStatement("SELECT fields FROM task_inputs WHERE cluster = ? AND name = ? AND major = ? AND minor >= ?")) {
      ps.setString(1, cluster);
      ps.setString(2, task.name());
      ps.setInt(3, task.major());
      ps.setInt(4, task.minor());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          announced = true;
          Array a = rs.getArray(1);
          fields.addAll(List.of((String[]) a.getArray()));
        }
      }
    }
    if (!announced) {
      return;
    }
    List<String> unknown = new ArrayList<>();
    input.fieldNames().forEachRemaining(n -> {
      if (!fields.contains(n)) {
        unknown.add(n);
      }
    });
    if (!unknown.isEmpty()) {
      String type = task.name() + "@v" + task.major() + "." + task.minor();
      throw new InvalidArgumentException("the input of " + type + " has " + (unknown.size() == 1 ? "a field" : "fields") + " its runners in cluster "
          + cluster + " do not read: " + quoted(unknown) + "; its fields are " + (fields.isEmpty() ? "none" : quoted(fields)));
    }
  }

  private static String quoted(Iterable<String> names) {
    StringBuilder sb = new StringBuilder();
    for (String n : names) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append('\'').append(n.length() > 100 ? n.substring(0, 100) + "…" : n).append('\'');
    }
    return sb.toString();
  }
}
