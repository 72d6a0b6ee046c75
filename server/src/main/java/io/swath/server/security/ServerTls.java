package io.swath.server.security;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import io.grpc.ServerCredentials;
import io.grpc.TlsServerCredentials;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * The server's TLS settings, read from PEM files: its certificate chain (the server's
 * certificate first, then the intermediates), its private key (PKCS#8, {@code -----BEGIN PRIVATE
 * KEY-----}, not encrypted) and optionally the CA certificates that gRPC clients must present a
 * certificate of. One {@link SSLContext} serves both ports: gRPC through
 * {@link #grpcCredentials()}, HTTPS through {@link #httpsConfigurator()}.
 *
 * <p>Everything is checked when loading: files that are missing, hold no PEM block of the right
 * kind, a key in another format, a key that does not belong to the certificate, or a certificate
 * that has expired are refused with an {@link IllegalArgumentException} that says which file and
 * what to do.
 *
 * <p>The certificate and key can be replaced while the server runs: {@link #reloadIfChanged()}
 * (which {@link #watch} calls periodically) reads them again and new connections get the new
 * certificate, on both ports.
 */
public final class ServerTls {
  /** Protects the key in the in-memory key store only (it never leaves the process). */
  private static final char[] NO_PASSWORD = "in-memory".toCharArray();
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ServerTls.class);
  private final Path certFile;
  private final Path keyFile;
  private final ReloadingKeyManager keys;
  private final TrustManagerFactory clientCas;
  private final SSLContext https;
  private volatile String stamp; // the files' sizes and modification times when last read

  private ServerTls(Path certFile, Path keyFile, ReloadingKeyManager keys, TrustManagerFactory clientCas, SSLContext https) {
    this.certFile = certFile;
    this.keyFile = keyFile;
    this.keys = keys;
    this.clientCas = clientCas;
    this.https = https;
    this.stamp = stamp(certFile, keyFile);
  }

  /** The certificate chain and key manager of one reading of the files. */
  private record Identity(X509Certificate[] chain, javax.net.ssl.X509ExtendedKeyManager keyManager) {}

  /**
   * The key manager both ports use: it hands out the certificate and key last read, so that a
   * reload reaches every handshake from then on (connections already open keep theirs). Each
   * reading has an alias of its own, so nothing cached under an alias outlives a reload.
   */
  private static final class ReloadingKeyManager extends javax.net.ssl.X509ExtendedKeyManager {
    /** One reading of the files, under its own alias. */
    private record Generation(String alias, Identity identity) {}

    private volatile Generation current;
    private volatile Generation previous;
    private int generations; // guarded by this

    ReloadingKeyManager(Identity first) {
      set(first);
    }

    synchronized void set(Identity id) {
      previous = current;
      current = new Generation("server-" + ++generations, id);
    }

    X509Certificate[] chain() {
      return current.identity().chain();
    }

    /** The reading an alias handed out names: a handshake that chose it just before a reload still gets a matching chain and key. */
    private Identity of(String alias) {
      Generation c = current;
      if (c.alias().equals(alias)) {
        return c.identity();
      }
      Generation p = previous;
      return p != null && p.alias().equals(alias) ? p.identity() : null;
    }

    private static String chosen(Generation g, String alias) {
      return alias == null ? null : g.alias();
    }

    @Override
    public String chooseEngineServerAlias(String keyType, java.security.Principal[] issuers, javax.net.ssl.SSLEngine engine) {
      Generation g = current;
      return chosen(g, g.identity().keyManager().chooseEngineServerAlias(keyType, issuers, engine));
    }

    @Override
    public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
      Generation g = current;
      return chosen(g, g.identity().keyManager().chooseServerAlias(keyType, issuers, socket));
    }

    @Override
    public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
      Generation g = current;
      return g.identity().keyManager().getServerAliases(keyType, issuers) == null ? null : new String[] {g.alias()};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      Identity id = of(alias);
      return id == null ? null : id.keyManager().getCertificateChain("server");
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      Identity id = of(alias);
      return id == null ? null : id.keyManager().getPrivateKey("server");
    }

    @Override
    public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
      return null;
    }
  }

  /**
   * Reads and checks the certificate chain {@code certChainPem}, the PKCS#8 key {@code keyPem} and,
   * when not null, the client CA certificates {@code clientCaPem}.
   *
   * @throws IllegalArgumentException naming the file and the problem
   */
  public static ServerTls load(Path certChainPem, Path keyPem, Path clientCaPem) {
    Objects.requireNonNull(certChainPem, "certChainPem");
    Objects.requireNonNull(keyPem, "keyPem");
    ReloadingKeyManager keys = new ReloadingKeyManager(identity(certChainPem, keyPem));
    try {
      TrustManagerFactory tmf = null;
      if (clientCaPem != null) {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (X509Certificate ca : certificates(clientCaPem, "--tls-client-ca")) {
          trust.setCertificateEntry("client-ca-" + i++, ca);
        }
        tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
      }
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(new javax.net.ssl.KeyManager[] {keys}, null, new SecureRandom());
      return new ServerTls(certChainPem, keyPem, keys, tmf, ctx);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot use " + certChainPem + " and " + keyPem + " for TLS: " + e.getMessage(), e);
    }
  }

  /** Reads and checks the certificate chain and its key. */
  private static Identity identity(Path certChainPem, Path keyPem) {
    List<X509Certificate> chain = certificates(certChainPem, "--tls-cert");
    X509Certificate leaf = chain.get(0);
    try {
      leaf.checkValidity(new Date());
    } catch (CertificateException e) {
      throw new IllegalArgumentException("--tls-cert " + certChainPem + ": the certificate " + leaf.getSubjectX500Principal()
          + " is not valid now (valid from " + leaf.getNotBefore().toInstant() + " to " + leaf.getNotAfter().toInstant() + ")", e);
    }
    PrivateKey key = privateKey(keyPem, leaf.getPublicKey());
    checkPair(key, leaf.getPublicKey(), certChainPem, keyPem);
    try {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      X509Certificate[] arr = chain.toArray(X509Certificate[]::new);
      ks.setKeyEntry("server", key, NO_PASSWORD, arr);
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, NO_PASSWORD);
      return new Identity(arr, (javax.net.ssl.X509ExtendedKeyManager) kmf.getKeyManagers()[0]);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException("cannot use " + certChainPem + " and " + keyPem + " for TLS: " + e.getMessage(), e);
    }
  }

  private static String stamp(Path cert, Path key) {
    try {
      return Files.size(cert) + "@" + Files.getLastModifiedTime(cert).toMillis() + "," + Files.size(key) + "@"
          + Files.getLastModifiedTime(key).toMillis();
    } catch (IOException e) {
      return "unreadable: " + e.getMessage();
    }
  }

  /**
   * Reads the certificate and key files again when their size or modification time changed since
   * they were last read, and from then on new connections on both ports get the new certificate.
   * Files that do not check out (half written, a key of another certificate, expired) are
   * refused and the certificate in use is kept; they are read again at the next change.
   *
   * @return whether a new certificate is in use
   */
  public synchronized boolean reloadIfChanged() {
    String now = stamp(certFile, keyFile);
    if (now.equals(stamp)) {
      return false;
    }
    try {
      Identity id = identity(certFile, keyFile);
      keys.set(id);
      stamp = now;
      LOG.info("TLS certificate reloaded from {}: {} (valid until {})", certFile, id.chain()[0].getSubjectX500Principal(),
          id.chain()[0].getNotAfter().toInstant());
      return true;
    } catch (IllegalArgumentException e) {
      stamp = now; // read again at the next change, not at every check
      LOG.warn("TLS certificate files changed but cannot be used, keeping the certificate in use: {}", e.getMessage());
      return false;
    }
  }

  /**
   * Checks the files every {@code every} on a daemon thread ({@link #reloadIfChanged}); closing
   * the returned handle stops it.
   */
  public AutoCloseable watch(java.time.Duration every) {
    if (every == null || every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("the TLS reload check interval must be positive, got " + every);
    }
    Thread t = Thread.ofPlatform().daemon().name("swath-tls-reload").start(() -> {
      try {
        while (!Thread.currentThread().isInterrupted()) {
          Thread.sleep(every);
          reloadIfChanged();
        }
      } catch (InterruptedException e) {
        // stopped
      }
    });
    return t::interrupt;
  }

  /** The credentials of the gRPC port: this certificate and key, and client certificates required when a client CA was given. */
  public ServerCredentials grpcCredentials() {
    TlsServerCredentials.Builder b = TlsServerCredentials.newBuilder().keyManager(keys);
    if (clientCas != null) {
      b.trustManager(clientCas.getTrustManagers()).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
    }
    return b.build();
  }

  /** The HTTPS settings of the HTTP port: this certificate and key (client certificates are not asked for there). */
  public HttpsConfigurator httpsConfigurator() {
    return new HttpsConfigurator(https) {
      @Override
      public void configure(HttpsParameters params) {
        SSLParameters p = getSSLContext().getDefaultSSLParameters();
        params.setSSLParameters(p);
      }
    };
  }

  /** Whether gRPC clients must present a certificate signed by one of the client CAs. */
  public boolean requiresClientCertificates() {
    return clientCas != null;
  }

  /** The server's certificate (the first of its chain). */
  public X509Certificate certificate() {
    return keys.chain()[0];
  }

  /** The X.509 certificates of the PEM file {@code file} (option {@code option}), at least one. */
  static List<X509Certificate> certificates(Path file, String option) {
    byte[] bytes = read(file, option);
    String text = new String(bytes, StandardCharsets.US_ASCII);
    if (!text.contains("-----BEGIN CERTIFICATE-----")) {
      throw new IllegalArgumentException(option + " " + file + ": no PEM certificate in it (expected -----BEGIN CERTIFICATE-----"
          + (text.contains("PRIVATE KEY") ? "; this looks like a private key" : "") + ")");
    }
    try {
      Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : certs) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new IllegalArgumentException(option + " " + file + ": no certificate could be read from it");
      }
      return out;
    } catch (CertificateException e) {
      throw new IllegalArgumentException(option + " " + file + ": not a valid PEM certificate: " + e.getMessage(), e);
    }
  }

  /** The PKCS#8 private key of {@code file}, of the algorithm of {@code publicKey}. */
  private static PrivateKey privateKey(Path file, PublicKey publicKey) {
    String text = new String(read(file, "--tls-key"), StandardCharsets.US_ASCII);
    String begin = "-----BEGIN PRIVATE KEY-----";
    String end = "-----END PRIVATE KEY-----";
    int b = text.indexOf(begin);
    int e = text.indexOf(end);
    if (b < 0 || e < b) {
      String hint = text.contains("BEGIN RSA PRIVATE KEY") || text.contains("BEGIN EC PRIVATE KEY")
          ? " (this is a PKCS#1/SEC1 key; convert it with: openssl pkcs8 -topk8 -nocrypt -in " + file + " -out key.pem)"
          : text.contains("BEGIN ENCRYPTED PRIVATE KEY")
          ? " (this key is encrypted; decrypt it with: openssl pkcs8 -in " + file + " -out key.pem)"
          : text.contains("BEGIN CERTIFICATE") ? " (this looks like a certificate; give it to --tls-cert)" : "";
      throw new IllegalArgumentException("--tls-key " + file + ": no PKCS#8 private key in it (expected " + begin + ")" + hint);
    }
    byte[] der;
    try {
      der = Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
    } catch (IllegalArgumentException ex) {
      throw new IllegalArgumentException("--tls-key " + file + ": the PEM block is not valid base64", ex);
    }
    String alg = publicKey.getAlgorithm();
    try {
      return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (GeneralSecurityException ex) {
      throw new IllegalArgumentException("--tls-key " + file + ": not a " + alg + " private key matching the certificate's key ("
          + ex.getMessage() + ")", ex);
    }
  }

  /** Signs a random message with {@code key} and checks it with {@code publicKey}: they must be a pair. */
  private static void checkPair(PrivateKey key, PublicKey publicKey, Path certFile, Path keyFile) {
    String alg = switch (publicKey.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      case "RSASSA-PSS" -> "RSASSA-PSS";
      default -> publicKey.getAlgorithm(); // Ed25519, Ed448, EdDSA sign under their own names
    };
    try {
      byte[] msg = new byte[32];
      new SecureRandom().nextBytes(msg);
      Signature s = Signature.getInstance(alg);
      if (alg.equals("RSASSA-PSS")) {
        s.setParameter(new java.security.spec.PSSParameterSpec("SHA-256", "MGF1", java.security.spec.MGF1ParameterSpec.SHA256, 32, 1));
      }
      s.initSign(key);
      s.update(msg);
      byte[] sig = s.sign();
      s.initVerify(publicKey);
      s.update(msg);
      if (!s.verify(sig)) {
        throw new IllegalArgumentException("--tls-key " + keyFile + " does not belong to the certificate in --tls-cert " + certFile);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("--tls-key " + keyFile + " does not belong to the certificate in --tls-cert " + certFile
          + ": " + e.getMessage(), e);
    }
  }

  private static byte[] read(Path file, String option) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(option + " " + file + ": no such file", e);
    } catch (IOException e) {
      throw new IllegalArgumentException(option + " " + file + ": cannot read it: " + e, e);
    }
  }
}
