package io.swath.server.grpc;

import io.grpc.stub.StreamObserver;
import io.swath.api.v1.CreateDatasetRequest;
import io.swath.api.v1.Dataset;
import io.swath.api.v1.DatasetServiceGrpc;
import io.swath.api.v1.DeleteDatasetRequest;
import io.swath.api.v1.DeleteDatasetResponse;
import io.swath.api.v1.GetDatasetRequest;
import io.swath.api.v1.ListDatasetsRequest;
import io.swath.api.v1.ListDatasetsResponse;
import io.swath.api.v1.UpdateDatasetRequest;
import io.swath.server.catalog.CatalogStore;

/** gRPC DatasetService over the catalog store. */
final class DatasetServiceImpl extends DatasetServiceGrpc.DatasetServiceImplBase {
  private final CatalogStore catalog;

  DatasetServiceImpl(CatalogStore catalog) {
    this.catalog = catalog;
  }

  @Override
  public void createDataset(CreateDatasetRequest req, StreamObserver<Dataset> obs) {
    Calls.unary(obs, () -> {
      Dataset d = req.getDataset();
      return Protos.dataset(catalog.createDataset(d.getSlug(), Protos.kind(d.getKind()), d.getDescription(), Protos.fields(d.getFieldsList()),
          Protos.stacMapping(d)));
    });
  }

  @Override
  public void updateDataset(UpdateDatasetRequest req, StreamObserver<Dataset> obs) {
    Calls.unary(obs, () -> {
      Dataset d = req.getDataset();
      var kind = d.getKindValue() == 0 ? null : Protos.kind(d.getKind());
      return Protos.dataset(catalog.updateDataset(d.getSlug(), kind, d.getDescription(), Protos.fields(d.getFieldsList()),
          Protos.stacMapping(d)));
    });
  }

  @Override
  public void getDataset(GetDatasetRequest req, StreamObserver<Dataset> obs) {
    Calls.unary(obs, () -> Protos.dataset(catalog.dataset(req.getSlug())));
  }

  @Override
  public void listDatasets(ListDatasetsRequest req, StreamObserver<ListDatasetsResponse> obs) {
    Calls.unary(obs, () -> {
      ListDatasetsResponse.Builder b = ListDatasetsResponse.newBuilder();
      catalog.listDatasets(req.getPrefix()).forEach(d -> b.addDatasets(Protos.dataset(d)));
      return b.build();
    });
  }

  @Override
  public void deleteDataset(DeleteDatasetRequest req, StreamObserver<DeleteDatasetResponse> obs) {
    Calls.unary(obs, () -> DeleteDatasetResponse.newBuilder().setDeletedDatapoints(catalog.deleteDataset(req.getSlug())).build());
  }
}
