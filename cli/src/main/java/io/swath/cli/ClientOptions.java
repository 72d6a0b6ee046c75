package io.swath.cli;

import io.swath.client.DatasetsClient;
import picocli.CommandLine.Option;

/** The server address option shared by client commands. */
final class ClientOptions {
  @Option(names = "--url", paramLabel = "HOST:PORT", description = "Server address (default: SWATH_URL, else localhost:7777).")
  String url;

  DatasetsClient connect() {
    return url == null ? DatasetsClient.connect() : DatasetsClient.connect(url);
  }

  io.swath.workflows.WorkflowsClient workflows() {
    return url == null ? io.swath.workflows.WorkflowsClient.connect() : io.swath.workflows.WorkflowsClient.connect(url);
  }
}
