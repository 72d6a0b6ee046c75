package io.swath.server.grpc;

import io.grpc.stub.StreamObserver;
import io.swath.api.v1.Collection;
import io.swath.api.v1.CollectionServiceGrpc;
import io.swath.api.v1.CreateCollectionRequest;
import io.swath.api.v1.DeleteCollectionRequest;
import io.swath.api.v1.DeleteCollectionResponse;
import io.swath.api.v1.GetCollectionRequest;
import io.swath.api.v1.ListCollectionsRequest;
import io.swath.api.v1.ListCollectionsResponse;
import io.swath.server.catalog.CatalogStore;

/** gRPC CollectionService over the catalog store. */
final class CollectionServiceImpl extends CollectionServiceGrpc.CollectionServiceImplBase {
  private final CatalogStore catalog;

  CollectionServiceImpl(CatalogStore catalog) {
    this.catalog = catalog;
  }

  @Override
  public void createCollection(CreateCollectionRequest req, StreamObserver<Collection> obs) {
    Calls.unary(obs, () -> Protos.collection(
        catalog.createCollection(req.getDatasetSlug(), req.getName(), req.getDescription(), req.getIfNotExists(),
            req.getStacDocument())));
  }

  @Override
  public void getCollection(GetCollectionRequest req, StreamObserver<Collection> obs) {
    Calls.unary(obs, () -> Protos.collection(catalog.collection(req.getDatasetSlug(), req.getName())));
  }

  @Override
  public void listCollections(ListCollectionsRequest req, StreamObserver<ListCollectionsResponse> obs) {
    Calls.unary(obs, () -> {
      ListCollectionsResponse.Builder b = ListCollectionsResponse.newBuilder();
      catalog.listCollections(req.getDatasetSlug()).forEach(c -> b.addCollections(Protos.collection(c)));
      return b.build();
    });
  }

  @Override
  public void deleteCollection(DeleteCollectionRequest req, StreamObserver<DeleteCollectionResponse> obs) {
    Calls.unary(obs, () -> DeleteCollectionResponse.newBuilder()
        .setDeletedDatapoints(catalog.deleteCollection(req.getDatasetSlug(), req.getName())).build());
  }
}
