package io.swath.server.grpc;

import com.google.protobuf.ByteString;
import io.grpc.stub.StreamObserver;
import io.swath.api.v1.DatapointPage;
import io.swath.api.v1.DeleteDatapointsRequest;
import io.swath.api.v1.DeleteDatapointsResponse;
import io.swath.api.v1.IngestRequest;
import io.swath.api.v1.IngestResponse;
import io.swath.api.v1.IngestServiceGrpc;
import io.swath.core.id.DatapointId;
import io.swath.server.catalog.CatalogStore;
import io.swath.server.catalog.DatapointStore;
import java.util.ArrayList;
import java.util.List;

/** gRPC IngestService: batched, atomic, idempotent writes. */
final class IngestServiceImpl extends IngestServiceGrpc.IngestServiceImplBase {
  private final CatalogStore catalog;
  private final DatapointStore store;

  IngestServiceImpl(CatalogStore catalog, DatapointStore store) {
    this.catalog = catalog;
    this.store = store;
  }

  @Override
  public void ingest(IngestRequest req, StreamObserver<IngestResponse> obs) {
    Calls.unary(obs, () -> {
      CatalogStore.checkCollectionName(req.getCollection());
      DatapointPage p = req.getDatapoints();
      long[] times = new long[p.getTimeUsCount()];
      for (int i = 0; i < times.length; i++) {
        times[i] = p.getTimeUs(i);
      }
      int[] lengths = new int[p.getRowLengthsCount()];
      for (int i = 0; i < lengths.length; i++) {
        lengths[i] = p.getRowLengths(i);
      }
      var d = catalog.dataset(req.getDatasetSlug());
      var r = store.ingest(d, req.getCollection(), req.getCreateCollection(), times, p.getRows().toByteArray(), lengths);
      return IngestResponse.newBuilder().setCreated(r.created()).setExisting(r.existing()).setIds(ByteString.copyFrom(r.ids())).build();
    });
  }

  @Override
  public void deleteDatapoints(DeleteDatapointsRequest req, StreamObserver<DeleteDatapointsResponse> obs) {
    Calls.unary(obs, () -> {
      byte[] raw = req.getIds().toByteArray();
      if (raw.length % 16 != 0) {
        throw new IllegalArgumentException("ids must be 16 bytes each; got " + raw.length + " bytes");
      }
      List<DatapointId> ids = new ArrayList<>(raw.length / 16);
      for (int o = 0; o < raw.length; o += 16) {
        ids.add(DatapointId.fromBytes(raw, o));
      }
      var d = catalog.dataset(req.getDatasetSlug());
      return DeleteDatapointsResponse.newBuilder().setDeleted(store.delete(d, req.getCollection(), ids)).build();
    });
  }
}
