package io.swath.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A private CA and certificates it signed, made at test time with the JDK's {@code keytool}: a
 * server certificate for {@code 127.0.0.1} and {@code localhost} and a client certificate, each
 * with its PKCS#8 key, all as PEM files, as a team would get them from its own CA. EC P-256 keys,
 * valid for two days from now.
 *
 * <pre>{@code
 * TestCertificates certs = TestCertificates.create(dir);
 * SwathServer.builder().tls(certs.serverCert(), certs.serverKey()) ...
 * DatasetsClient.builder().target("https://127.0.0.1:" + port).trustedCertificates(certs.caCert()) ...
 * }</pre>
 *
 * @param caCert     the CA's certificate (PEM): what clients trust
 * @param serverCert the server's certificate, signed by the CA, for ip:127.0.0.1 and dns:localhost (PEM)
 * @param serverKey  its private key (PEM, PKCS#8)
 * @param clientCert a client certificate signed by the CA (PEM), for servers that require one
 * @param clientKey  its private key (PEM, PKCS#8)
 */
public record TestCertificates(Path caCert, Path serverCert, Path serverKey, Path clientCert, Path clientKey) {
  private static final String PASSWORD = "changeit";

  /** Makes the CA and both certificates in {@code dir} (created if needed). */
  public static TestCertificates create(Path dir) {
    try {
      Files.createDirectories(dir);
      Path ca = dir.resolve("ca.p12");
      keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=Swath Test CA",
          "-ext", "bc:c", "-validity", "2", "-keystore", ca.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
      // the two certificates are independent: make them at once
      CompletableFuture<Path[]> server = CompletableFuture.supplyAsync(() -> signed(dir, ca, "server", "CN=localhost",
          "san=ip:127.0.0.1,dns:localhost", "eku=serverAuth"));
      CompletableFuture<Path[]> client = CompletableFuture.supplyAsync(() -> signed(dir, ca, "client", "CN=swath-runner",
          null, "eku=clientAuth"));
      Path caPem = dir.resolve("ca.pem");
      Files.writeString(caPem, pem("CERTIFICATE", load(ca).getCertificate("ca").getEncoded()));
      Path[] s = server.join();
      Path[] c = client.join();
      return new TestCertificates(caPem, s[0], s[1], c[0], c[1]);
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("could not make test certificates in " + dir + ": " + e.getMessage(), e);
    } catch (CompletionException e) {
      throw new IllegalStateException("could not make test certificates in " + dir + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** An SSL context that trusts this CA only, for JDK HTTP clients. */
  public SSLContext clientSslContext() {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      try (InputStream in = Files.newInputStream(caCert)) {
        trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot read " + caCert + ": " + e.getMessage(), e);
    }
  }

  /** A key pair {@code name} whose certificate the CA in {@code ca} signed: [certificate PEM, PKCS#8 key PEM]. */
  private static Path[] signed(Path dir, Path ca, String name, String dname, String san, String eku) {
    try {
      Path ks = dir.resolve(name + ".p12");
      Path csr = dir.resolve(name + ".csr");
      Path cert = dir.resolve(name + ".pem");
      Path key = dir.resolve(name + ".key");
      keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname, "-validity", "2",
          "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
      keytool("-certreq", "-alias", name, "-keystore", ks.toString(), "-storepass", PASSWORD, "-file", csr.toString());
      List<String> gencert = new ArrayList<>(List.of("-gencert", "-alias", "ca", "-keystore", ca.toString(), "-storepass", PASSWORD,
          "-infile", csr.toString(), "-outfile", cert.toString(), "-rfc", "-validity", "2", "-ext", eku));
      if (san != null) {
        gencert.addAll(List.of("-ext", san));
      }
      keytool(gencert.toArray(String[]::new));
      Key k = load(ks).getKey(name, PASSWORD.toCharArray());
      if (!"PKCS#8".equals(k.getFormat())) {
        throw new IllegalStateException("the key of " + ks + " is " + k.getFormat() + ", not PKCS#8");
      }
      Files.writeString(key, pem("PRIVATE KEY", k.getEncoded()));
      return new Path[] {cert, key};
    } catch (IOException | GeneralSecurityException e) {
      throw new CompletionException(e);
    }
  }

  private static KeyStore load(Path p12) throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p12)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    return ks;
  }

  /** {@code der} as a PEM block of {@code type}, in lines of 64 characters. */
  static String pem(String type, byte[] der) {
    return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END " + type + "-----\n";
  }

  /** Runs the {@code keytool} of the JDK this JVM runs on. */
  private static void keytool(String... args) {
    Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
    List<String> cmd = new ArrayList<>(List.of(keytool.toString()));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException("keytool " + args[0] + " failed: " + out.strip());
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot run " + keytool + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running keytool", e);
    }
  }
}
