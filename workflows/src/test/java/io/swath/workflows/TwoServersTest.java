package io.swath.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.server.SwathServer;
import io.swath.server.db.Database;
import io.swath.testing.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two servers on one database: a runner waiting on one server is woken by work submitted through the other. */
class TwoServersTest {
  @TempDir
  Path dir;

  @Test
  void runnersOfAnotherServerWakeUpAndShareTheWork() throws Exception {
    try (SwathServer a = SwathServer.builder().dataDir(dir).port(0).httpPort(0).build().start()) {
      Database.Login login = Database.embeddedLogin(dir);
      try (SwathServer b = SwathServer.builder().dbUrl(login.jdbcUrl()).dbCredentials(login.user(), login.password())
          .port(0).httpPort(0).build().start();
           WorkflowsClient viaA = WorkflowsClient.connect(a.target());
           WorkflowsClient viaB = WorkflowsClient.connect(b.target())) {
        String cluster = TestServers.uniqueName("test");
        // a runner on B waits in long polls of 30 s; only B's NOTIFY listener can wake it early
        try (TaskRunner onB = TaskRunner.builder().client(viaB).cluster(cluster).tasks(WorkflowsTest.FanOut.class, WorkflowsTest.Noop.class)
            .pollWait(Duration.ofSeconds(30)).build();
             TaskRunner onA = TaskRunner.builder().client(viaA).cluster(cluster).tasks(WorkflowsTest.Noop.class).build()) {
          onB.start();
          onA.start();
          // submit once B's runner waits in its long poll, so that only a wake-up can start the root early
          long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
          while (b.waitingTaskPolls() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
          }
          assertThat(b.waitingTaskPolls()).as("runners waiting on server B").isPositive();
          Job job = viaA.jobs().submit("two-servers", new WorkflowsTest.FanOut(2000), cluster);
          Job done = viaB.jobs().awaitCompletion(job.id(), Duration.ofSeconds(60));
          assertThat(done.state()).isEqualTo(JobState.COMPLETED);
          assertThat(done.count(TaskState.COMPLETED)).isEqualTo(2001);
          // the root ran on B (only B's runner knows FanOut), woken through the database
          assertThat(viaA.jobs().task(job.rootTask()).startedAt().orElseThrow())
              .isBefore(job.submittedAt().plusSeconds(5));
          assertThat(onB.completedTasks()).isGreaterThan(0);
          assertThat(onA.completedTasks() + onB.completedTasks()).isEqualTo(2001);
        }
      }
    }
  }
}
