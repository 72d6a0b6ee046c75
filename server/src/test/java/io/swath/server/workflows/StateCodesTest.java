package io.swath.server.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The codes stored in jobs.state and tasks.state are those earlier versions wrote; renumbering a state would misread every stored row. */
class StateCodesTest {
  @Test
  void jobStatesKeepTheirStoredCodes() {
    Map<JobState, Integer> codes = new LinkedHashMap<>();
    for (JobState s : JobState.values()) {
      codes.put(s, s.code());
    }
    assertThat(codes).containsExactlyInAnyOrderEntriesOf(Map.of(JobState.SUBMITTED, 1, JobState.RUNNING, 2, JobState.COMPLETED, 3,
        JobState.FAILED, 4, JobState.CANCELLED, 5));
    for (JobState s : JobState.values()) {
      assertThat(JobState.ofCode(s.code())).isSameAs(s);
    }
    assertThat(Arrays.stream(JobState.values()).filter(JobState::isFinal))
        .containsExactlyInAnyOrder(JobState.COMPLETED, JobState.FAILED, JobState.CANCELLED);
    assertThatThrownBy(() -> JobState.ofCode(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("code 0");
    assertThatThrownBy(() -> JobState.ofCode(6)).isInstanceOf(IllegalStateException.class).hasMessageContaining("code 6");
  }

  @Test
  void taskStatesKeepTheirStoredCodes() {
    Map<TaskState, Integer> codes = new LinkedHashMap<>();
    for (TaskState s : TaskState.values()) {
      codes.put(s, s.code());
    }
    assertThat(codes).containsExactlyInAnyOrderEntriesOf(Map.of(TaskState.WAITING, 1, TaskState.QUEUED, 2, TaskState.RUNNING, 3,
        TaskState.COMPUTED, 4, TaskState.COMPLETED, 5, TaskState.FAILED, 6, TaskState.CANCELLED, 7));
    for (TaskState s : TaskState.values()) {
      assertThat(TaskState.ofCode(s.code())).isSameAs(s);
    }
    assertThatThrownBy(() -> TaskState.ofCode(-1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("code -1");
    assertThatThrownBy(() -> TaskState.ofCode(8)).isInstanceOf(IllegalStateException.class).hasMessageContaining("code 8");
  }

  @Test
  void sqlConstantsAreTheCodes() {
    assertThat(new int[] {WorkflowSql.WAITING, WorkflowSql.QUEUED, WorkflowSql.RUNNING, WorkflowSql.COMPUTED, WorkflowSql.COMPLETED,
        WorkflowSql.FAILED, WorkflowSql.CANCELLED}).containsExactly(1, 2, 3, 4, 5, 6, 7);
    assertThat(new int[] {WorkflowSql.JOB_SUBMITTED, WorkflowSql.JOB_RUNNING, WorkflowSql.JOB_COMPLETED, WorkflowSql.JOB_FAILED,
        WorkflowSql.JOB_CANCELLED}).containsExactly(1, 2, 3, 4, 5);
  }
}
