package io.swath.server.workflows;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.core.error.InvalidArgumentException;
import io.swath.server.db.Database;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What runners announce of their task types is bounded: names, the number of types and fields,
 * and the union of fields across runners, which would otherwise grow with every poll of a runner
 * announcing new names.
 */
class TaskInputsLimitsTest {
  @TempDir
  static Path dir;
  static Database db;

  @BeforeAll
  static void start() {
    db = Database.embedded(dir, 2);
  }

  @AfterAll
  static void stop() {
    db.close();
  }

  private static List<String> fields(String prefix, int n) {
    return IntStream.range(0, n).mapToObj(i -> prefix + i).toList();
  }

  @Test
  void theUnionOfAnnouncedFieldsIsBounded() throws Exception {
    TaskInputs inputs = new TaskInputs(db);
    assertThatCode(() -> inputs.announce("c1", List.of(new TaskType("t.A", 1, 0, fields("a", 600))))).doesNotThrowAnyException();
    // the same fields again, and some of them: nothing new
    assertThatCode(() -> inputs.announce("c1", List.of(new TaskType("t.A", 1, 0, fields("a", 300))))).doesNotThrowAnyException();
    // 600 other names would make 1,200 for one type and version
    assertThatThrownBy(() -> new TaskInputs(db).announce("c1", List.of(new TaskType("t.A", 1, 0, fields("b", 600)))))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("more than " + TaskInputs.MAX_FIELDS);
    // another version is a type of its own
    assertThatCode(() -> inputs.announce("c1", List.of(new TaskType("t.A", 2, 0, fields("b", 600))))).doesNotThrowAnyException();
  }

  @Test
  void namesAndCountsAreBounded() {
    TaskInputs inputs = new TaskInputs(db);
    assertThatThrownBy(() -> inputs.announce("c2", List.of(new TaskType("t.B", 1, 0, fields("f", TaskInputs.MAX_FIELDS + 1)))))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("at most " + TaskInputs.MAX_FIELDS);
    assertThatThrownBy(() -> inputs.announce("c2", List.of(new TaskType("t.B", 1, 0, List.of("x".repeat(TaskInputs.MAX_NAME_CHARS + 1))))))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("input field name");
    assertThatThrownBy(() -> inputs.announce("c2", List.of(new TaskType("t".repeat(TaskInputs.MAX_NAME_CHARS + 1), 1, 0, null))))
        .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("task type name");
    List<TaskType> many = new ArrayList<>();
    for (int i = 0; i <= TaskInputs.MAX_TYPES; i++) {
      many.add(new TaskType("t.C" + i, 1, 0, null));
    }
    assertThatThrownBy(() -> inputs.announce("c2", many)).isInstanceOf(InvalidArgumentException.class).hasMessageContaining("task types");
  }
}
