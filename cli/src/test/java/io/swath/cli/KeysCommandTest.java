package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.client.DatasetSpec;
import io.swath.client.DatasetsClient;
import io.swath.core.schema.FieldType;
import io.swath.server.SwathServer;
import io.swath.workflows.WorkflowsClient;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code swath keys} against a real server started with its first admin key: create keys, use
 * them from the CLI, the SDK and the workflows client, list them without their secrets, revoke.
 */
class KeysCommandTest {
  static SwathServer server;
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    server = SwathServer.builder().dataDir(Files.createTempDirectory("swath-keys")).port(0).httpPort(0).initAdminKey(true).build().start();
    admin = server.initialAdminKey().orElseThrow();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void keysAreCreatedUsedListedAndRevoked() {
    String url = server.target();
    String[] r = CommandLineTest.capture("keys", "create", "--name", "writer", "--owner", "alice", "--scope", "write", "--expires-in", "24h",
        "--url", url, "--api-key", admin);
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    String writer = r[1].trim();
    assertThat(writer).startsWith("swk_");
    // the server's audit log (in this process's standard error) names the key, never its secret
    assertThat(r[2]).contains("io.swath.audit", "key created", "name=writer", "owner=alice").doesNotContain(writer.substring(18));
    r = CommandLineTest.capture("keys", "create", "--name", "reader", "--owner", "bob", "--scope", "read:open_data.*", "--url", url,
        "--api-key", admin);
    String reader = r[1].trim();

    // the SDK with the write key creates; with the read key it reads but cannot write
    try (DatasetsClient w = DatasetsClient.builder().target(url).apiKey(writer).buildBlocking();
         DatasetsClient rd = DatasetsClient.builder().target(url).apiKey(reader).buildBlocking();
         DatasetsClient none = DatasetsClient.builder().target(url).buildBlocking()) {
      w.createDataset(DatasetSpec.builder("open_data.keys.scenes").field("n", FieldType.INT64).build());
      w.createDataset(DatasetSpec.builder("private_data.keys.scenes").field("n", FieldType.INT64).build());
      assertThat(rd.dataset("open_data.keys.scenes").info().slug()).isEqualTo("open_data.keys.scenes");
      // the reader's key is limited to open_data.*
      assertThatThrownBy(() -> rd.dataset("private_data.keys.scenes").info()).hasMessageContaining("may not read dataset 'private_data.keys.scenes'");
      assertThatThrownBy(() -> rd.createDataset(DatasetSpec.builder("open_data.keys.other").build())).hasMessageContaining("scope");
      assertThatThrownBy(() -> none.dataset("open_data.keys.scenes").info()).hasMessageContaining("API key");
    }
    try (WorkflowsClient wf = WorkflowsClient.builder().target(url).apiKey(writer).build()) {
      assertThat(wf.jobs().list(5)).isEmpty();
    }
    assertThat(CommandLineTest.capture("datasets", "--url", url, "--api-key", writer)[1]).contains("open_data", "private_data");
    assertThat(CommandLineTest.capture("datasets", "--url", url, "--api-key", reader)[2]).contains("names none");
    assertThat(CommandLineTest.capture("datasets", "--url", url)[0]).isNotEqualTo("0");
    assertThat(CommandLineTest.capture("keys", "list", "--url", url, "--api-key", reader)[2]).contains("admin scope");

    r = CommandLineTest.capture("keys", "revoke", "000000000000", "--url", url, "--api-key", writer);
    assertThat(r[2]).contains("denied grpc swath.v1.KeyService/RevokeKey key=writer", "PERMISSION_DENIED").doesNotContain(writer.substring(18));
    r = CommandLineTest.capture("keys", "list", "--url", url, "--api-key", admin);
    assertThat(r[1]).contains("writer", "alice", "write", "reader", "read:open_data.*").doesNotContain(writer.substring(18), reader.substring(18));
    String readerId = reader.substring(4, reader.indexOf('_', 4));
    assertThat(CommandLineTest.capture("keys", "revoke", readerId, "--url", url, "--api-key", admin)[0]).isEqualTo("0");
    assertThat(CommandLineTest.capture("datasets", "--url", url, "--api-key", reader)[2]).contains("revoked");
    assertThat(CommandLineTest.capture("keys", "create", "--name", "x", "--owner", "y", "--scope", "owner", "--url", url, "--api-key", admin)[2])
        .contains("unknown scope 'owner'");
  }
}
