package io.swath.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.swath.server.SwathServer;
import io.swath.testing.TestCertificates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A renewed certificate is used without a restart: after the certificate and key files are
 * replaced, new connections on the gRPC and HTTPS ports get the new certificate, and a client
 * that trusts only the new CA works; files that do not check out leave the certificate in use.
 * Certificates made at test time by two CAs.
 */
class TlsReloadTest {
  @TempDir
  Path dir;

  /**
   * The certificate a new TLS connection to {@code port} is shown, trusting {@code cas}, with ALPN
   * h2 as gRPC clients ask; a new context each time, so no session is resumed.
   */
  static X509Certificate peer(int port, Path... cas) throws Exception {
    SSLContext ctx = trusting(cas);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
      SSLParameters p = s.getSSLParameters();
      p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
      s.setSSLParameters(p);
      s.setSoTimeout(10_000);
      s.startHandshake();
      return (X509Certificate) s.getSession().getPeerCertificates()[0];
    }
  }

  static X509Certificate read(Path pem) throws Exception {
    try (var in = Files.newInputStream(pem)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  static SSLContext trusting(Path... cas) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    int i = 0;
    for (Path ca : cas) {
      trust.setCertificateEntry("ca" + i++, read(ca));
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  static void replace(Path from, Path to) throws Exception {
    Path tmp = to.resolveSibling(to.getFileName() + ".new");
    Files.copy(from, tmp, StandardCopyOption.REPLACE_EXISTING);
    Files.move(tmp, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  static void await(String what, Duration timeout, java.util.concurrent.Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.call()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  @Test
  void newConnectionsGetTheReplacedCertificateOnBothPorts() throws Exception {
    TestCertificates a = TestCertificates.create(dir.resolve("a"));
    TestCertificates b = TestCertificates.create(dir.resolve("b"));
    Path live = Files.createDirectories(dir.resolve("live"));
    Path cert = live.resolve("server.pem");
    Path key = live.resolve("server.key");
    Files.copy(a.serverCert(), cert);
    Files.copy(a.serverKey(), key);
    X509Certificate certA = read(a.serverCert());
    X509Certificate certB = read(b.serverCert());
    Path[] both = {a.caCert(), b.caCert()};
    try (SwathServer server = SwathServer.builder().dataDir(dir.resolve("data")).port(0).httpPort(0).tls(cert, key)
        .tlsReloadCheck(Duration.ofMillis(100)).build().start()) {
      assertThat(peer(server.port(), both)).isEqualTo(certA);
      assertThat(peer(server.httpPort(), both)).isEqualTo(certA);
      try (DatasetsClient onlyB = DatasetsClient.builder().target(server.target()).trustedCertificates(b.caCert())
          .retry(io.swath.core.retry.RetryPolicy.none()).buildBlocking()) {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(onlyB::listDatasets)).isInstanceOf(io.swath.core.error.SwathTlsException.class);
      }

      // a key that does not belong to the certificate: refused, the certificate in use is kept
      replace(b.serverKey(), key);
      assertThat(server.reloadTls()).isFalse();
      assertThat(peer(server.port(), both)).isEqualTo(certA);

      // the renewed pair: the periodic check picks it up
      replace(b.serverCert(), cert);
      await("the gRPC port to show the new certificate", Duration.ofSeconds(30), () -> peer(server.port(), both).equals(certB));
      assertThat(peer(server.httpPort(), both)).isEqualTo(certB);
      assertThat(server.reloadTls()).as("nothing changed since").isFalse();
      try (DatasetsClient onlyB = DatasetsClient.builder().target(server.target()).trustedCertificates(b.caCert()).buildBlocking()) {
        assertThat(onlyB.listDatasets()).isEmpty();
      }
      var http = java.net.http.HttpClient.newBuilder().sslContext(trusting(b.caCert())).build();
      var resp = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.httpUrl() + "/health")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(resp.statusCode()).isEqualTo(200);
    }
  }
}
