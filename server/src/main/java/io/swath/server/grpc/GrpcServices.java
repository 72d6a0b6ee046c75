package io.swath.server.grpc;

import io.grpc.BindableService;
import io.swath.server.catalog.CatalogStore;
import io.swath.server.catalog.DatapointStore;
import io.swath.server.security.ApiKeys;
import io.swath.server.workflows.WorkflowStore;
import java.util.List;

/** The gRPC services the server exposes. */
public final class GrpcServices {
  private GrpcServices() {}

  /** Every service, over the given stores. */
  public static List<BindableService> all(CatalogStore catalog, DatapointStore store, WorkflowStore workflows) {
    return new GrpcServices.Set(catalog, store, workflows, StreamLimits.DEFAULTS, null).services();
  }

  /** The services of one server, with the counters it reports. */
  public static final class Set {
    private final DataAccessServiceImpl access;
    private final List<BindableService> services;

    /**
     * Services over the given stores; query streams keep to {@code limits}; with {@code keys}
     * (may be null) the KeyService manages them.
     */
    public Set(CatalogStore catalog, DatapointStore store, WorkflowStore workflows, StreamLimits limits, ApiKeys keys) {
      access = new DataAccessServiceImpl(catalog, store, limits);
      List<BindableService> s = new java.util.ArrayList<>(List.of(new DatasetServiceImpl(catalog), new CollectionServiceImpl(catalog),
          new IngestServiceImpl(catalog, store), access, new JobServiceImpl(workflows), new TaskServiceImpl(workflows)));
      if (keys != null) {
        s.add(new KeyServiceImpl(keys));
      }
      services = List.copyOf(s);
    }

    /** Every service. */
    public List<BindableService> services() {
      return services;
    }

    /** Times a query stream released its database connection to wait for a client that did not read. */
    public long queryStreamPauses() {
      return access.pauses();
    }

    /** Query streams being served right now. */
    public int activeQueryStreams() {
      return access.activeStreams();
    }
  }
}
