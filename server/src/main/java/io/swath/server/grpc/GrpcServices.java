package io.swath.server.grpc;

import io.grpc.BindableService;
import io.swath.server.catalog.CatalogStore;
import io.swath.server.catalog.DatapointStore;
import io.swath.server.workflows.WorkflowStore;
import java.util.List;

/** The gRPC services the server exposes. */
public final class GrpcServices {
  private GrpcServices() {}

  /** Every service, over the given stores. */
  public static List<BindableService> all(CatalogStore catalog, DatapointStore store, WorkflowStore workflows) {
    return List.of(new DatasetServiceImpl(catalog), new CollectionServiceImpl(catalog), new IngestServiceImpl(catalog, store),
        new DataAccessServiceImpl(catalog, store), new JobServiceImpl(workflows), new TaskServiceImpl(workflows));
  }
}
