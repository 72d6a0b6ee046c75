package io.swath.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.core.schema.FieldType;
import io.swath.testing.LatencyProxy;
import io.swath.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Three bars updating at once in a real terminal (tmux): the screen ends with three intact, complete bars. */
class ConcurrentBarsTerminalTest {
  static String run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }

  @Test
  void barsDoNotGarbleEachOther() throws Exception {
    assertThat(run("sh", "-c", "command -v tmux || echo missing")).as("tmux is needed (bin/test installs it)").doesNotContain("missing");
    String slug = TestServers.slug("bars");
    try (DatasetsClient client = DatasetsClient.connect(TestServers.shared().target())) {
      DatasetClient ds = client.createDataset(DatasetSpec.builder(slug).field("pad", FieldType.STRING).build());
      int[] sizes = {6000, 9000, 12000};
      String[] names = {"alpha", "beta", "gamma"};
      for (int k = 0; k < 3; k++) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < sizes[k]; i++) {
          rows.add(Map.of("time", Instant.parse("2020-01-01T00:00:00Z").plusSeconds(i), "pad", "x".repeat(200)));
        }
        ds.createCollection(names[k]).ingest(rows);
      }
    }
    String session = "swathbars" + ProcessHandle.current().pid();
    try (LatencyProxy slow = LatencyProxy.builder("127.0.0.1", TestServers.shared().port()).bandwidth(2_000_000).start()) {
      String java = ProcessHandle.current().info().command().orElse("java");
      String flags = Runtime.version().feature() >= 24 ? " --sun-misc-unsafe-memory-access=allow --enable-native-access=ALL-UNNAMED" : "";
      String cmd = "'" + java + "'" + flags + " -cp '" + System.getProperty("java.class.path") + "' " + ConcurrentBarsProgram.class.getName() + " "
          + slow.target() + " " + slug + "; sleep 60";
      run("tmux", "new-session", "-d", "-s", session, "-x", "160", "-y", "40", "env", "TERM=xterm", "sh", "-c", cmd);
      String screen = "";
      int sawThreeRunning = 0;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      while (System.nanoTime() < deadline) {
        Thread.sleep(150);
        screen = run("tmux", "capture-pane", "-p", "-t", session);
        if (screen.contains("ALL DONE")) {
          break;
        }
        // mid-way: every bar line is whole, and no bar shows twice
        List<String> lines = screen.lines().filter(l -> l.contains("[")).toList();
        for (String l : lines) {
          assertThat(l).as(screen).matches("(alpha|beta|gamma) \\[[#-]{24}] +\\d+% [\\d,]+/[\\d,]+ \\| .*/s \\| .*s");
        }
        assertThat(lines.stream().map(l -> l.split(" ")[0]).distinct().count()).as(screen).isEqualTo(lines.size());
        if (lines.size() == 3) {
          sawThreeRunning++;
        }
      }
      assertThat(sawThreeRunning).as("screens showing all three bars at once").isGreaterThan(0);
      assertThat(screen).contains("ALL DONE");
      List<String> bars = screen.lines().filter(l -> l.contains("| ")).toList();
      assertThat(bars).as(screen).hasSize(3);
      assertThat(bars).anyMatch(l -> l.matches("alpha \\[#{24}] 100% 6,000/6,000 \\| .*/s \\| .*s"));
      assertThat(bars).anyMatch(l -> l.matches("beta \\[#{24}] 100% 9,000/9,000 \\| .*/s \\| .*s"));
      assertThat(bars).anyMatch(l -> l.matches("gamma \\[#{24}] 100% 12,000/12,000 \\| .*/s \\| .*s"));
      // nothing else was left on screen: no half-drawn or duplicated bars
      assertThat(screen.lines().filter(l -> !l.isBlank()).count()).as(screen).isEqualTo(4);
    } finally {
      run("tmux", "kill-session", "-t", session);
    }
  }
}
