package io.swath.server.grpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.api.v1.LogLine;
import io.swath.api.v1.NextTasksRequest;
import io.swath.api.v1.OutcomeKind;
import io.swath.api.v1.ProgressCount;
import io.swath.api.v1.TaskInfo;
import io.swath.api.v1.TaskInputFields;
import io.swath.api.v1.TaskOutcome;
import io.swath.api.v1.TaskSpec;
import io.swath.server.workflows.ClaimRequest;
import io.swath.server.workflows.JobState;
import io.swath.server.workflows.NewTask;
import io.swath.server.workflows.Outcome;
import io.swath.server.workflows.TaskRecord;
import io.swath.server.workflows.TaskState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WorkflowProtosTest {
  @Test
  void everyStateMapsToTheWireStateOfTheSameNameAndNoTwoShareOne() {
    EnumSet<io.swath.api.v1.JobState> jobs = EnumSet.noneOf(io.swath.api.v1.JobState.class);
    for (JobState s : JobState.values()) {
      io.swath.api.v1.JobState p = WorkflowProtos.state(s);
      assertThat(p.name()).isEqualTo("JOB_STATE_" + s.name());
      assertThat(jobs.add(p)).isTrue();
    }
    assertThat(jobs).hasSize(io.swath.api.v1.JobState.values().length - 2); // all but UNSPECIFIED and UNRECOGNIZED
    EnumSet<io.swath.api.v1.TaskState> tasks = EnumSet.noneOf(io.swath.api.v1.TaskState.class);
    for (TaskState s : TaskState.values()) {
      io.swath.api.v1.TaskState p = WorkflowProtos.state(s);
      assertThat(p.name()).isEqualTo("TASK_STATE_" + s.name());
      assertThat(tasks.add(p)).isTrue();
    }
    assertThat(tasks).hasSize(io.swath.api.v1.TaskState.values().length - 2);
  }

  @Test
  void randomTasksAndOutcomesKeepEveryField() {
    Random r = new Random(7);
    for (int round = 0; round < 200; round++) {
      TaskSpec spec = spec(r);
      NewTask t = WorkflowProtos.newTask(spec);
      assertThat(t).isEqualTo(new NewTask(spec.getName(), spec.getMajor(), spec.getMinor(), spec.getInput(), spec.getCluster(),
          spec.getMaxRetries(), spec.getOptional(), spec.getDependsOnList(), spec.getDisplay(), spec.getBackoffMs(), spec.getMaxBackoffMs()));

      OutcomeKind kind = OutcomeKind.forNumber(r.nextInt(4));
      TaskOutcome.Builder o = TaskOutcome.newBuilder().setId(UUID.randomUUID().toString()).setClaim(r.nextLong()).setKind(kind)
          .setResult("{\"n\":" + r.nextInt() + "}").setError("e" + r.nextInt()).setRetryable(r.nextBoolean());
      int subs = r.nextInt(3);
      for (int i = 0; i < subs; i++) {
        o.addSubtasks(spec(r));
      }
      o.addProgress(ProgressCount.newBuilder().setLabel("l" + r.nextInt(5)).setTotal(r.nextInt(100)).setDone(r.nextInt(100)));
      o.addLogs(LogLine.newBuilder().setAttempt(r.nextInt(3)).setTimeUs(r.nextLong()).setLevel(r.nextInt(4)).setMessage("m" + r.nextInt()));
      NextTasksRequest req = NextTasksRequest.newBuilder().setRunnerId("runner-" + round).setCluster("c" + round).setMaxTasks(r.nextInt(100))
          .setWaitMs(r.nextInt(1000)).setLeaseMs(r.nextInt(10_000)).addFinished(o)
          .addTypes(io.swath.api.v1.TaskType.newBuilder().setName("t").setMajor(1).setMinor(2))
          .addTypes(io.swath.api.v1.TaskType.newBuilder().setName("u").setInput(TaskInputFields.newBuilder().addNames("a"))).build();
      ClaimRequest c = WorkflowProtos.claimRequest(req);
      assertThat(c.runnerId()).isEqualTo(req.getRunnerId());
      assertThat(c.cluster()).isEqualTo(req.getCluster());
      assertThat(c.maxTasks()).isEqualTo(req.getMaxTasks());
      assertThat(c.waitMs()).isEqualTo(req.getWaitMs());
      assertThat(c.leaseMs()).isEqualTo(req.getLeaseMs());
      assertThat(c.types().get(0).inputFields()).as("no fields announced").isNull();
      assertThat(c.types().get(1).inputFields()).containsExactly("a");
      Outcome out = c.finished().get(0);
      assertThat(out.kind() == null ? "OUTCOME_KIND_UNSPECIFIED" : "OUTCOME_KIND_" + out.kind().name()).isEqualTo(kind.name());
      assertThat(out.id()).isEqualTo(o.getId());
      assertThat(out.claim()).isEqualTo(o.getClaim());
      assertThat(out.result()).isEqualTo(o.getResult());
      assertThat(out.error()).isEqualTo(o.getError());
      assertThat(out.retryable()).isEqualTo(o.getRetryable());
      assertThat(out.subtasks()).hasSize(subs);
      assertThat(out.progress().get(0).label()).isEqualTo(o.getProgress(0).getLabel());
      assertThat(out.progress().get(0).total()).isEqualTo(o.getProgress(0).getTotal());
      assertThat(out.progress().get(0).done()).isEqualTo(o.getProgress(0).getDone());
      assertThat(out.logs().get(0).timeUs()).isEqualTo(o.getLogs(0).getTimeUs());
      assertThat(out.logs().get(0).message()).isEqualTo(o.getLogs(0).getMessage());
    }
  }

  @Test
  void aTaskRecordBecomesTheTaskInfoOfTheSameFields() {
    Random r = new Random(11);
    for (int round = 0; round < 200; round++) {
      UUID parent = r.nextBoolean() ? null : UUID.randomUUID();
      List<UUID> deps = new ArrayList<>();
      for (int i = r.nextInt(3); i > 0; i--) {
        deps.add(UUID.randomUUID());
      }
      TaskState state = TaskState.values()[r.nextInt(TaskState.values().length)];
      String input = r.nextBoolean() ? null : "{\"x\":" + r.nextInt() + "}";
      TaskRecord t = new TaskRecord(UUID.randomUUID(), parent, "n" + r.nextInt(), r.nextInt(5), r.nextInt(5), "d" + r.nextInt(), state,
          r.nextInt(9), "e" + r.nextInt(), r.nextLong(), r.nextLong(), r.nextLong(), "{}", "c", r.nextBoolean(), input, deps);
      TaskInfo p = WorkflowProtos.task(t);
      assertThat(p.getId()).isEqualTo(t.id().toString());
      assertThat(p.getParentId()).isEqualTo(parent == null ? "" : parent.toString());
      assertThat(p.getState().name()).isEqualTo("TASK_STATE_" + state.name());
      assertThat(p.getInput()).isEqualTo(input == null ? "" : input);
      assertThat(p.getDependsOnList()).containsExactlyElementsOf(deps.stream().map(UUID::toString).toList());
      assertThat(List.of(p.getName(), p.getDisplay(), p.getError(), p.getResult(), p.getCluster()))
          .containsExactly(t.name(), t.display(), t.error(), t.result(), t.cluster());
      assertThat(List.of(p.getCreatedAtUs(), p.getStartedAtUs(), p.getFinishedAtUs()))
          .containsExactly(t.createdUs(), t.startedUs(), t.finishedUs());
      assertThat(List.of(p.getMajor(), p.getMinor(), p.getAttempts())).containsExactly(t.major(), t.minor(), t.attempts());
      assertThat(p.getOptional()).isEqualTo(t.optional());
    }
  }

  private static TaskSpec spec(Random r) {
    TaskSpec.Builder b = TaskSpec.newBuilder().setName("t" + r.nextInt(10)).setMajor(r.nextInt(3)).setMinor(r.nextInt(3))
        .setInput("{\"a\":" + r.nextInt() + "}").setCluster(r.nextBoolean() ? "" : "c" + r.nextInt(3)).setMaxRetries(r.nextInt(5))
        .setOptional(r.nextBoolean()).setDisplay(r.nextBoolean() ? "" : "d").setBackoffMs(r.nextInt(1000)).setMaxBackoffMs(r.nextInt(5000));
    for (int i = r.nextInt(3); i > 0; i--) {
      b.addDependsOn(r.nextInt(4));
    }
    return b.build();
  }
}
