package io.swath.workflows;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.core.error.InvalidArgumentException;
import io.swath.testing.TestServers;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A JSON input with a field the task's runners do not read is refused when the job is submitted. */
class SubmitChecksInputTest {
  static WorkflowsClient client;

  @BeforeAll
  static void connect() {
    client = WorkflowsClient.connect(TestServers.shared().target());
  }

  @AfterAll
  static void close() {
    client.close();
  }

  @TaskIdentifier(name = "test.Fetch", version = "v1.2")
  record Fetch(String dataset, int year) implements Task {
    @Override
    public void execute(ExecutionContext ctx) {
      ctx.setResult(dataset + " " + year);
    }
  }

  @Test
  void aMisspeltFieldFailsAtSubmissionNamingTheFields() {
    String cluster = TestServers.uniqueName("inputs");
    TaskType type = TaskType.parse("test.Fetch@v1.0");
    // before any runner announced the type, inputs are not checked here (the runner checks them)
    Job early = client.jobs().submit("early", type, "{\"datset\":\"x\"}", cluster, o -> {});
    assertThat(early.id()).isNotNull();
    try (TaskRunner r = TaskRunner.builder().client(client).cluster(cluster).tasks(Fetch.class).lease(Duration.ofSeconds(5)).build()) {
      r.start();
      Job ok = client.jobs().submit("good", type, "{\"dataset\":\"landsat\",\"year\":2020}", cluster, o -> {});
      assertThat(client.jobs().awaitCompletion(ok.id(), Duration.ofSeconds(30)).state()).isEqualTo(JobState.COMPLETED);
      // the task submitted before the runner came fails, naming the field, never with a null message
      Job failed = client.jobs().awaitCompletion(early.id(), Duration.ofSeconds(30));
      assertThat(failed.state()).isEqualTo(JobState.FAILED);
      assertThat(failed.error()).contains("datset").contains("dataset").doesNotContain("null");
      // the runner has announced what Fetch reads: a misspelt field is refused at once
      assertThatThrownBy(() -> client.jobs().submit("typo", type, "{\"datset\":\"landsat\",\"year\":2020}", cluster, o -> {}))
          .isInstanceOf(InvalidArgumentException.class)
          .hasMessageContaining("test.Fetch@v1.0")
          .hasMessageContaining("'datset'")
          .hasMessageContaining("'dataset', 'year'");
      // a newer minor version than the runner's is not checked against it (no runner runs it yet)
      Job newer = client.jobs().submit("newer", TaskType.parse("test.Fetch@v1.3"), "{\"extra\":1}", cluster, o -> {});
      assertThat(newer.id()).isNotNull();
      client.jobs().cancel(newer.id());
      // other clusters know nothing of this runner
      Job elsewhere = client.jobs().submit("elsewhere", type, "{\"datset\":1}", TestServers.uniqueName("other"), o -> {});
      client.jobs().cancel(elsewhere.id());
    }
  }
}
