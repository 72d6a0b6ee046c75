package io.swath.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swath.core.error.SwathTlsException;
import io.swath.core.schema.FieldType;
import io.swath.core.table.DatapointTable;
import io.swath.server.SwathServer;
import io.swath.server.db.Database;
import io.swath.testing.TestCertificates;
import io.swath.testing.TestServers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server with TLS on both ports, its certificate signed by a private CA made at test time: the
 * SDK and the STAC API work for clients that trust the CA; clients that do not, plaintext
 * clients and (on a server that requires them) clients without a certificate are refused with an
 * error that says why.
 */
class TlsTest {
  static Path dir;
  static TestCertificates certs;
  static SwathServer server;
  static final ObjectMapper JSON = new ObjectMapper();

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("swath-tls");
    certs = TestCertificates.create(dir.resolve("certs"));
    server = SwathServer.builder().dataDir(dir.resolve("data")).port(0).httpPort(0).tls(certs.serverCert(), certs.serverKey())
        .build().start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void theSdkQueriesOverTlsWhenItTrustsTheCa() {
    assertThat(server.target()).startsWith("https://127.0.0.1:");
    String slug = TestServers.slug("tls.scenes");
    try (DatasetsClient c = DatasetsClient.builder().target(server.target()).trustedCertificates(certs.caCert()).buildBlocking()) {
      var col = c.createDataset(DatasetSpec.builder(slug).field("cloud", FieldType.FLOAT64).build()).createCollection("a");
      List<Map<String, Object>> rows = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        rows.add(Map.of("time", Instant.parse("2020-01-01T00:00:00Z").plusSeconds(60L * i), "cloud", (double) (i % 10)));
      }
      assertThat(col.ingest(rows).created()).isEqualTo(500);
      DatapointTable t = col.query(Query.time("2020-01-01", "2020-01-02").filter("cloud < 5").parallelism(2));
      assertThat(t.size()).isEqualTo(250);
    }
    // the certificate names localhost too
    int port = Integer.parseInt(server.target().substring(server.target().lastIndexOf(':') + 1));
    try (DatasetsClient c = DatasetsClient.builder().target("grpcs://localhost:" + port).trustedCertificates(certs.caCert())
        .buildBlocking()) {
      assertThat(c.dataset(slug).collection("a").info().count()).isEqualTo(500);
    }
  }

  @Test
  void withoutTheCaTheCertificateIsNotTrustedAndSaysWhatToDo() {
    long t0 = System.nanoTime();
    // the JDK's trust store does not know the test CA
    try (DatasetsClient c = DatasetsClient.builder().target(server.target()).buildBlocking()) {
      assertThatThrownBy(c::listDatasets)
          .isInstanceOfSatisfying(SwathTlsException.class, e -> {
            assertThat(e.reason()).isEqualTo(SwathTlsException.Reason.CERTIFICATE_NOT_TRUSTED);
            assertThat(e.isRetryable()).isFalse();
          })
          .hasMessageContaining("the certificate of the server at " + server.target() + " is not trusted")
          .hasMessageContaining("--ca-cert");
    }
    assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).as("not retried").isLessThan(10);
    // nor does a CA of its own trust a certificate it did not sign
    TestCertificates other = TestCertificates.create(dir.resolve("other-ca"));
    try (DatasetsClient c = DatasetsClient.builder().target(server.target()).trustedCertificates(other.caCert()).buildBlocking()) {
      assertThatThrownBy(c::listDatasets).isInstanceOfSatisfying(SwathTlsException.class,
          e -> assertThat(e.reason()).isEqualTo(SwathTlsException.Reason.CERTIFICATE_NOT_TRUSTED));
    }
  }

  @Test
  void aPlaintextClientIsToldTheServerRequiresTls() {
    String plain = server.target().substring("https://".length());
    try (DatasetsClient c = DatasetsClient.builder().target(plain).retry(io.swath.core.retry.RetryPolicy.none()).buildBlocking()) {
      assertThatThrownBy(c::listDatasets)
          .isInstanceOfSatisfying(SwathTlsException.class,
              e -> assertThat(e.reason()).isEqualTo(SwathTlsException.Reason.SERVER_REQUIRES_TLS))
          .hasMessageContaining("requires TLS").hasMessageContaining("https://" + plain);
    }
  }

  @Test
  void certificatesForAPlaintextAddressAreRefusedAtOnce() {
    assertThatThrownBy(() -> DatasetsClient.builder().target("127.0.0.1:1").trustedCertificates(certs.caCert()).buildBlocking())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("write it https://127.0.0.1:1");
    assertThatThrownBy(() -> DatasetsClient.builder().target("https://127.0.0.1:1").trustedCertificates(certs.serverKey()).buildBlocking())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no PEM certificate");
  }

  @Test
  void theStacApiAnswersOverHttpsToClientsThatTrustTheCa() throws Exception {
    String slug = TestServers.slug("tls.stac");
    try (DatasetsClient c = DatasetsClient.builder().target(server.target()).trustedCertificates(certs.caCert()).buildBlocking()) {
      var col = c.createDataset(DatasetSpec.builder(slug).spatioTemporal().build()).createCollection("s");
      col.ingest(List.of(Map.of("time", Instant.parse("2020-05-01T00:00:00Z"), "geometry", "POINT (10 20)"),
          Map.of("time", Instant.parse("2020-05-02T00:00:00Z"), "geometry", "POINT (11 21)")));
    }
    String base = server.httpUrl();
    assertThat(base).startsWith("https://127.0.0.1:");
    HttpClient https = HttpClient.newBuilder().sslContext(certs.clientSslContext()).build();
    HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create(base + "/search?limit=10&collections=" + slug + ".s")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode page = JSON.readTree(r.body());
    assertThat(page.get("features")).hasSize(2);
    // links name the scheme the client used
    assertThat(page.get("links").toString()).contains("\"https://127.0.0.1:").doesNotContain("\"http://127.0.0.1:");
    HttpResponse<String> health = https.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(health.statusCode()).isEqualTo(200);

    // the JDK's own trust store does not know the CA
    HttpClient untrusting = HttpClient.newHttpClient();
    assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(), HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(SSLHandshakeException.class);
  }

  @Test
  void aServerThatRequiresClientCertificatesRefusesClientsWithoutOne() throws Exception {
    // a second server on the same database, requiring client certificates of the test CA
    Database.Login db = Database.embeddedLogin(dir.resolve("data"));
    try (SwathServer mtls = SwathServer.builder().dbUrl(db.jdbcUrl()).dbCredentials(db.user(), db.password()).port(0).httpPort(0)
        .tls(certs.serverCert(), certs.serverKey()).tlsClientCa(certs.caCert()).build().start()) {
      try (DatasetsClient c = DatasetsClient.builder().target(mtls.target()).trustedCertificates(certs.caCert())
          .retry(io.swath.core.retry.RetryPolicy.none()).buildBlocking()) {
        assertThatThrownBy(c::listDatasets)
            .isInstanceOfSatisfying(SwathTlsException.class,
                e -> assertThat(e.reason()).isEqualTo(SwathTlsException.Reason.CLIENT_CERTIFICATE_REQUIRED))
            .hasMessageContaining("requires a client certificate").hasMessageContaining("--client-cert");
      }
      try (DatasetsClient c = DatasetsClient.builder().target(mtls.target()).trustedCertificates(certs.caCert())
          .clientCertificate(certs.clientCert(), certs.clientKey()).buildBlocking()) {
        assertThat(c.listDatasets()).isNotNull();
      }
    }
  }

  @Test
  void badCertificateFilesStopTheServerBeforeItStarts() {
    Path data = dir.resolve("never");
    // the client's key does not belong to the server's certificate
    assertThatThrownBy(() -> SwathServer.builder().dataDir(data).port(0).httpPort(0).tls(certs.serverCert(), certs.clientKey()).build().start())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong to the certificate");
    assertThatThrownBy(() -> SwathServer.builder().dataDir(data).port(0).httpPort(0).tls(certs.serverKey(), certs.serverKey()).build().start())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--tls-cert").hasMessageContaining("looks like a private key");
    assertThat(data).doesNotExist();
  }
}
