package io.swath.cli;

import io.swath.client.DatasetsClient;
import io.swath.client.DatasetsClientBuilder;
import io.swath.client.TransportSecurity;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The server address, API key and TLS options shared by client commands. */
final class ClientOptions {
  @Option(names = "--url", paramLabel = "HOST:PORT",
      description = "Server address; https://HOST:PORT for TLS (default: SWATH_URL, else localhost:7777).")
  String url;

  @Option(names = "--api-key", paramLabel = "KEY", description = "API key (default: SWATH_API_KEY; a server without keys needs none).")
  String apiKey;

  @Option(names = "--ca-cert", paramLabel = "FILE",
      description = "Trust the CA certificates of this PEM file instead of the JDK's trust store over TLS (default: SWATH_CA_CERT).")
  Path caCert;

  @Option(names = "--client-cert", paramLabel = "FILE",
      description = "Present this PEM certificate chain over TLS, for servers that require one (default: SWATH_CLIENT_CERT); needs --client-key.")
  Path clientCert;

  @Option(names = "--client-key", paramLabel = "FILE", description = "The PKCS#8 PEM key of --client-cert (default: SWATH_CLIENT_KEY).")
  Path clientKey;

  DatasetsClient connect() {
    io.swath.client.DatasetsClientBuilder b = DatasetsClient.builder();
    if (url != null) {
      b.target(url);
    }
    if (apiKey != null) {
      b.apiKey(apiKey);
    }
    checkClientCert();
    if (caCert != null) {
      b.trustedCertificates(caCert);
    }
    if (clientCert != null) {
      b.clientCertificate(clientCert, clientKey);
    }
    return b.buildBlocking();
  }

  io.swath.workflows.WorkflowsClient workflows() {
    io.swath.workflows.WorkflowsClient.Builder b = io.swath.workflows.WorkflowsClient.builder();
    if (url != null) {
      b.target(url);
    }
    if (apiKey != null) {
      b.apiKey(apiKey);
    }
    checkClientCert();
    if (caCert != null) {
      b.trustedCertificates(caCert);
    }
    if (clientCert != null) {
      b.clientCertificate(clientCert, clientKey);
    }
    return b.build();
  }

  /** A raw channel to the server, with the API key and TLS settings. */
  io.grpc.ManagedChannel channel() {
    String target = url != null ? url : DatasetsClientBuilder.envOr(DatasetsClientBuilder.DEFAULT_TARGET);
    checkClientCert();
    return DatasetsClientBuilder.channel(target, apiKey != null ? apiKey : DatasetsClientBuilder.envApiKey(),
        TransportSecurity.forTarget(target, caCert, clientCert, clientKey));
  }

  private void checkClientCert() {
    if ((clientCert == null) != (clientKey == null)) {
      throw new IllegalArgumentException("--client-cert and --client-key go together: give both, or neither");
    }
  }
}
