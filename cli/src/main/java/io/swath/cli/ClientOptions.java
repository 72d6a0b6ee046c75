package io.swath.cli;

import io.swath.client.DatasetsClient;
import picocli.CommandLine.Option;

/** The server address option shared by client commands. */
final class ClientOptions {
  @Option(names = "--url", paramLabel = "HOST:PORT", description = "Server address (default: SWATH_URL, else localhost:7777).")
  String url;

  @Option(names = "--api-key", paramLabel = "KEY", description = "API key (default: SWATH_API_KEY; a server without keys needs none).")
  String apiKey;

  DatasetsClient connect() {
    io.swath.client.DatasetsClientBuilder b = DatasetsClient.builder();
    if (url != null) {
      b.target(url);
    }
    if (apiKey != null) {
      b.apiKey(apiKey);
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
    return b.build();
  }

  /** A raw channel to the server, with the API key. */
  io.grpc.ManagedChannel channel() {
    String target = io.swath.client.DatasetsClientBuilder.hostPort(url != null ? url
        : io.swath.client.DatasetsClientBuilder.envOr(io.swath.client.DatasetsClientBuilder.DEFAULT_TARGET));
    return io.swath.client.DatasetsClientBuilder.channel(target, apiKey != null ? apiKey : io.swath.client.DatasetsClientBuilder.envApiKey());
  }
}
