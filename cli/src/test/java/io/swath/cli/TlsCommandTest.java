package io.swath.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.server.SwathServer;
import io.swath.testing.TestCertificates;
import io.swath.workflows.WorkflowsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Client commands against a server with TLS that requires client certificates and API keys:
 * {@code --ca-cert}, {@code --client-cert} and {@code --client-key} get them in; leaving one
 * out, or a plaintext {@code --url}, is refused with a message that says what to add.
 */
class TlsCommandTest {
  static SwathServer server;
  static TestCertificates certs;
  static String admin;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("swath-tls-cli");
    certs = TestCertificates.create(dir.resolve("certs"));
    server = SwathServer.builder().dataDir(dir.resolve("data")).port(0).httpPort(0).initAdminKey(true)
        .tls(certs.serverCert(), certs.serverKey()).tlsClientCa(certs.caCert()).build().start();
    admin = server.initialAdminKey().orElseThrow();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void clientCommandsConnectWithTheCaAndAClientCertificate() {
    String url = server.target();
    String[] tls = {"--url", url, "--api-key", admin, "--ca-cert", certs.caCert().toString(), "--client-cert", certs.clientCert().toString(),
        "--client-key", certs.clientKey().toString()};
    String[] r = CommandLineTest.capture(concat(new String[] {"datasets"}, tls));
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    // a command that talks to the server below the SDK (a raw channel) too
    r = CommandLineTest.capture(concat(new String[] {"keys", "list"}, tls));
    assertThat(r[0]).as(r[2]).isEqualTo("0");
    assertThat(r[1]).contains("admin");
    // runners connect through the workflows client
    try (WorkflowsClient w = WorkflowsClient.builder().target(url).apiKey(admin).trustedCertificates(certs.caCert())
        .clientCertificate(certs.clientCert(), certs.clientKey()).build()) {
      assertThat(w.jobs().list(5)).isEmpty();
    }
  }

  @Test
  void whatIsMissingIsNamed() {
    String url = server.target();
    String ca = certs.caCert().toString();
    String[] r = CommandLineTest.capture("datasets", "--url", url, "--api-key", admin, "--client-cert", certs.clientCert().toString(),
        "--client-key", certs.clientKey().toString());
    assertThat(r[0]).isNotEqualTo("0");
    assertThat(r[2]).contains("is not trusted", "--ca-cert FILE or SWATH_CA_CERT");

    r = CommandLineTest.capture("datasets", "--url", url, "--api-key", admin, "--ca-cert", ca);
    assertThat(r[0]).isNotEqualTo("0");
    assertThat(r[2]).contains("requires a client certificate", "--client-cert FILE --client-key FILE");

    r = CommandLineTest.capture("datasets", "--url", url, "--api-key", admin, "--ca-cert", ca, "--client-cert", certs.clientCert().toString());
    assertThat(r[0]).isNotEqualTo("0");
    assertThat(r[2]).contains("--client-cert and --client-key go together");

    String plain = url.substring("https://".length());
    r = CommandLineTest.capture("datasets", "--url", plain, "--api-key", admin);
    assertThat(r[0]).isNotEqualTo("0");
    assertThat(r[2]).contains("requires TLS", "https://" + plain);

    r = CommandLineTest.capture("datasets", "--url", plain, "--ca-cert", ca);
    assertThat(r[0]).isNotEqualTo("0");
    assertThat(r[2]).contains("write it https://" + plain);
  }

  private static String[] concat(String[] a, String[] b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
