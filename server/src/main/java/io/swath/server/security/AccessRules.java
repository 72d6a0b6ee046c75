package io.swath.server.security;

import java.util.Map;
import java.util.Optional;

/**
 * The one table of who may call what: the scope every gRPC method and every HTTP route needs. A
 * method or route missing here is refused to everyone (and fails the authorization test), so a
 * new endpoint cannot be open by accident.
 */
public final class AccessRules {
  private AccessRules() {}

  /** gRPC methods by full name ({@code swath.v1.Service/Method}). */
  public static final Map<String, Scope> GRPC = Map.ofEntries(
      Map.entry("swath.v1.DatasetService/CreateDataset", Scope.WRITE),
      Map.entry("swath.v1.DatasetService/UpdateDataset", Scope.WRITE),
      Map.entry("swath.v1.DatasetService/GetDataset", Scope.READ),
      Map.entry("swath.v1.DatasetService/ListDatasets", Scope.READ),
      Map.entry("swath.v1.DatasetService/DeleteDataset", Scope.WRITE),
      Map.entry("swath.v1.CollectionService/CreateCollection", Scope.WRITE),
      Map.entry("swath.v1.CollectionService/GetCollection", Scope.READ),
      Map.entry("swath.v1.CollectionService/ListCollections", Scope.READ),
      Map.entry("swath.v1.CollectionService/DeleteCollection", Scope.WRITE),
      Map.entry("swath.v1.DataAccessService/Query", Scope.READ),
      Map.entry("swath.v1.DataAccessService/Find", Scope.READ),
      Map.entry("swath.v1.DataAccessService/Count", Scope.READ),
      Map.entry("swath.v1.IngestService/Ingest", Scope.WRITE),
      Map.entry("swath.v1.IngestService/DeleteDatapoints", Scope.WRITE),
      Map.entry("swath.v1.JobService/SubmitJob", Scope.WRITE),
      Map.entry("swath.v1.JobService/GetJob", Scope.READ),
      Map.entry("swath.v1.JobService/ListJobs", Scope.READ),
      Map.entry("swath.v1.JobService/CancelJob", Scope.WRITE),
      Map.entry("swath.v1.JobService/RetryJob", Scope.WRITE),
      Map.entry("swath.v1.JobService/ListTasks", Scope.READ),
      Map.entry("swath.v1.JobService/GetTask", Scope.READ),
      Map.entry("swath.v1.JobService/ListLogs", Scope.READ),
      Map.entry("swath.v1.JobService/PruneJobs", Scope.WRITE),
      Map.entry("swath.v1.TaskService/NextTasks", Scope.RUNNER),
      Map.entry("swath.v1.TaskService/RenewLeases", Scope.RUNNER),
      Map.entry("swath.v1.TaskService/DependencyResults", Scope.RUNNER),
      Map.entry("swath.v1.TaskService/KnownJobs", Scope.RUNNER),
      Map.entry("swath.v1.KeyService/CreateKey", Scope.ADMIN),
      Map.entry("swath.v1.KeyService/ListKeys", Scope.ADMIN),
      Map.entry("swath.v1.KeyService/RevokeKey", Scope.ADMIN));

  /** HTTP routes by template, as {@code StacApi.route}, {@code ConsoleRoute} and the server name them. */
  public static final Map<String, Scope> HTTP = Map.ofEntries(
      Map.entry("/health", Scope.PUBLIC),
      Map.entry("/metrics", Scope.READ),
      Map.entry("/", Scope.READ),
      Map.entry("/conformance", Scope.READ),
      Map.entry("/api", Scope.READ),
      Map.entry("/queryables", Scope.READ),
      Map.entry("/search", Scope.READ),
      Map.entry("/collections", Scope.READ),
      Map.entry("/collections/{collectionId}", Scope.READ),
      Map.entry("/collections/{collectionId}/items", Scope.READ),
      Map.entry("/collections/{collectionId}/queryables", Scope.READ),
      Map.entry("/collections/{collectionId}/items/{itemId}", Scope.READ),
      // the console's page, script, map library and base map hold no data; what it shows comes from its API
      Map.entry("/console", Scope.PUBLIC),
      Map.entry("/console/", Scope.PUBLIC),
      Map.entry("/console/static/{file}", Scope.PUBLIC),
      Map.entry("/console/lib/leaflet/{file}", Scope.PUBLIC),
      Map.entry("/console/lib/basemap/{file}", Scope.PUBLIC),
      Map.entry("/console/api/datasets", Scope.READ),
      Map.entry("/console/api/histogram", Scope.READ),
      Map.entry("/console/api/jobs", Scope.READ),
      Map.entry("/console/api/jobs/{job}", Scope.READ),
      Map.entry("/console/api/jobs/{job}/logs", Scope.READ),
      Map.entry("/console/api/jobs/{job}/cancel", Scope.WRITE),
      Map.entry("/console/api/jobs/{job}/retry", Scope.WRITE),
      // says what the presented key may do; READ, so that a page without a key is asked for one
      Map.entry("/console/api/me", Scope.READ),
      // paths the API does not serve: readers get its 404, others no hint of what exists
      Map.entry("other", Scope.READ));

  /**
   * HTTP routes of the STAC API that answer per dataset: the API shows each caller only the
   * collections of the datasets it may read, so keys limited to datasets and, with public
   * datasets, callers without a key may open them. Every other route needs a key without dataset
   * limits.
   */
  public static final java.util.Set<String> HTTP_PER_DATASET = java.util.Set.of("/", "/conformance", "/api", "/queryables", "/search",
      "/collections", "/collections/{collectionId}", "/collections/{collectionId}/items", "/collections/{collectionId}/queryables",
      "/collections/{collectionId}/items/{itemId}");

  /** The scope gRPC method {@code fullName} needs; empty when it has no rule (then it is refused). */
  public static Optional<Scope> grpc(String fullName) {
    return Optional.ofNullable(GRPC.get(fullName));
  }

  /** The scope HTTP route {@code template} needs; empty when it has no rule (then it is refused). */
  public static Optional<Scope> http(String template) {
    return Optional.ofNullable(HTTP.get(template));
  }
}
