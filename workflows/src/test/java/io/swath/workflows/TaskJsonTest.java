package io.swath.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Task inputs are read strictly enough that a misspelt field is an error that names it, never a silent null. */
class TaskJsonTest {
  record FetchScene(String dataset, int year, Instant after) {}

  record WithGetter(String name) {
    public int getLength() {
      return name.length();
    }
  }

  @Test
  void aFieldTheTaskDoesNotHaveIsNamedWithTheFieldsItHas() {
    assertThatThrownBy(() -> TaskJson.read("{\"datset\":\"a.b\",\"year\":2020}", FetchScene.class, "the input of task FetchScene"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the input of task FetchScene has a field [datset]")
        .hasMessageContaining("[after, dataset, year]");
  }

  @Test
  void whatTheTaskWritesItReadsBack() {
    FetchScene in = new FetchScene("a.b", 2020, Instant.parse("2020-01-01T00:00:00Z"));
    assertThat(TaskJson.read(TaskJson.write(in, "input"), FetchScene.class, "input")).isEqualTo(in);
    WithGetter g = new WithGetter("abc");
    String json = TaskJson.write(g, "input");
    assertThat(json).contains("length");
    assertThat(TaskJson.read(json, WithGetter.class, "input")).isEqualTo(g);
    assertThat(TaskJson.read("{\"year\":2020}", FetchScene.class, "input").dataset()).isNull();
  }

  @Test
  void malformedJsonSaysWhere() {
    assertThatThrownBy(() -> TaskJson.read("{\"year\":", FetchScene.class, "the input of task FetchScene"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("the input of task FetchScene cannot be read as");
  }
}
