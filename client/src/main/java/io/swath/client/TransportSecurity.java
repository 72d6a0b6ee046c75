package io.swath.client;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Locale;
import java.util.Objects;

/**
 * How a client's connections to a Swath server are secured: plaintext, or TLS. Over TLS the
 * server's certificate is always verified, and its name checked against the address: against the
 * JDK's trust store by default, or against the CA certificates of a PEM file (a private CA) given
 * with {@link #tls(Path, Path, Path)}; optionally the client presents a certificate of its own, for
 * servers that require one. There is no setting that skips the verification.
 *
 * <p>Which one an address gets ({@link #forTarget}): TLS for {@code https://host:port} and
 * {@code grpcs://host:port}, plaintext for {@code host:port}, {@code grpc://} and {@code http://}.
 * Public for the other Swath SDK modules (workflows) and the command line; applications set the
 * same through {@link DatasetsClientBuilder#trustedCertificates} and
 * {@link DatasetsClientBuilder#clientCertificate}.
 */
public final class TransportSecurity {
  /** Environment variable naming the PEM file of the CA certificates to trust instead of the JDK's trust store. */
  public static final String CA_CERT_ENV = "SWATH_CA_CERT";
  /** Environment variables naming the client certificate chain and its PKCS#8 key (PEM), for servers that require one. */
  public static final String CLIENT_CERT_ENV = "SWATH_CLIENT_CERT";
  /** See {@link #CLIENT_CERT_ENV}. */
  public static final String CLIENT_KEY_ENV = "SWATH_CLIENT_KEY";

  private static final TransportSecurity PLAINTEXT = new TransportSecurity(false, null, null, null);
  private final boolean tls;
  private final Path trustedCertificates;
  private final Path clientCertificate;
  private final Path clientKey;

  private TransportSecurity(boolean tls, Path trustedCertificates, Path clientCertificate, Path clientKey) {
    this.tls = tls;
    this.trustedCertificates = trustedCertificates;
    this.clientCertificate = clientCertificate;
    this.clientKey = clientKey;
  }

  /** No TLS: for a server on loopback or a private network. */
  public static TransportSecurity plaintext() {
    return PLAINTEXT;
  }

  /**
   * TLS, verifying the server's certificate against the CA certificates in {@code trustedCertificates}
   * (a PEM file; null: the JDK's trust store), presenting the certificate chain
   * {@code clientCertificate} with its PKCS#8 key {@code clientKey} (both PEM, or both null: none).
   *
   * @throws IllegalArgumentException when a file is missing or holds no PEM certificate / key
   */
  public static TransportSecurity tls(Path trustedCertificates, Path clientCertificate, Path clientKey) {
    if ((clientCertificate == null) != (clientKey == null)) {
      throw new IllegalArgumentException("a client certificate needs both the certificate chain and its private key, got "
          + (clientCertificate == null ? "only the key " + clientKey : "only the certificate " + clientCertificate));
    }
    if (trustedCertificates != null) {
      checkCertificates(trustedCertificates, "trusted certificates");
    }
    if (clientCertificate != null) {
      checkCertificates(clientCertificate, "client certificate");
      String key = read(clientKey, "client key");
      if (!key.contains("-----BEGIN PRIVATE KEY-----")) {
        throw new IllegalArgumentException("client key " + clientKey + ": no PKCS#8 private key in it (expected -----BEGIN PRIVATE KEY-----"
            + (key.contains("RSA PRIVATE KEY") || key.contains("EC PRIVATE KEY")
            ? "; convert it with: openssl pkcs8 -topk8 -nocrypt -in " + clientKey + " -out key.pem" : "") + ")");
      }
    }
    return new TransportSecurity(true, trustedCertificates, clientCertificate, clientKey);
  }

  /**
   * The security for the server address {@code target}: TLS for {@code https://} and
   * {@code grpcs://} addresses, with {@code trustedCertificates}, {@code clientCertificate} and
   * {@code clientKey} when not null, else those of {@value #CA_CERT_ENV}, {@value #CLIENT_CERT_ENV}
   * and {@value #CLIENT_KEY_ENV} when set; plaintext for the others.
   *
   * @throws IllegalArgumentException when certificates are given for a plaintext address (they would
   *                                  not be used: the address must say {@code https://})
   */
  public static TransportSecurity forTarget(String target, Path trustedCertificates, Path clientCertificate, Path clientKey) {
    Objects.requireNonNull(target, "target");
    if (!isTls(target)) {
      if (trustedCertificates != null || clientCertificate != null) {
        throw new IllegalArgumentException("certificates were given for the plaintext address '" + target + "': write it https://"
            + DatasetsClientBuilder.hostPort(target) + " to connect over TLS");
      }
      return PLAINTEXT;
    }
    Path ca = trustedCertificates != null ? trustedCertificates : env(CA_CERT_ENV);
    Path cert = clientCertificate != null ? clientCertificate : clientKey == null ? env(CLIENT_CERT_ENV) : null;
    Path key = clientKey != null ? clientKey : clientCertificate == null ? env(CLIENT_KEY_ENV) : null;
    return tls(ca, cert, key);
  }

  /** Whether {@code target} asks for TLS: an {@code https://} or {@code grpcs://} address. */
  public static boolean isTls(String target) {
    String t = target.trim().toLowerCase(Locale.ROOT);
    if (!t.contains("://")) {
      return false;
    }
    String scheme = URI.create(t).getScheme();
    return "https".equals(scheme) || "grpcs".equals(scheme);
  }

  /** Whether the connections use TLS. */
  public boolean isTls() {
    return tls;
  }

  /** The PEM file of the CA certificates trusted instead of the JDK's trust store, or null. */
  public Path trustedCertificates() {
    return trustedCertificates;
  }

  /** The PEM file of the client certificate chain presented over TLS, or null. */
  public Path clientCertificate() {
    return clientCertificate;
  }

  /** The PEM file of the client certificate's PKCS#8 key, or null. */
  public Path clientKey() {
    return clientKey;
  }

  /** The gRPC credentials of a channel. */
  ChannelCredentials credentials() {
    if (!tls) {
      return InsecureChannelCredentials.create();
    }
    try {
      TlsChannelCredentials.Builder b = TlsChannelCredentials.newBuilder();
      if (trustedCertificates != null) {
        b.trustManager(trustedCertificates.toFile());
      }
      if (clientCertificate != null) {
        b.keyManager(clientCertificate.toFile(), clientKey.toFile());
      }
      return b.build();
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the TLS files: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    if (!tls) {
      return "plaintext";
    }
    return "TLS (trusting " + (trustedCertificates == null ? "the JDK's trust store" : trustedCertificates)
        + (clientCertificate == null ? "" : ", client certificate " + clientCertificate) + ")";
  }

  private static Path env(String name) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? null : Path.of(v.trim());
  }

  private static void checkCertificates(Path file, String what) {
    String text = read(file, what);
    if (!text.contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException(what + " " + file + ": no PEM certificate in it (expected -----BEGIN CERTIFICATE-----)");
    }
    try {
      CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)));
    } catch (CertificateException e) {
      throw new IllegalArgumentException(what + " " + file + ": not a valid PEM certificate: " + e.getMessage(), e);
    }
  }

  private static String read(Path file, String what) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(what + " " + file + ": no such file", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(what + " " + file + ": cannot read it: " + e, e);
    }
  }
}
