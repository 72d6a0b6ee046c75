package io.swath.server.grpc;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.swath.api.v1.ApiKey;
import io.swath.api.v1.CreateKeyRequest;
import io.swath.api.v1.CreateKeyResponse;
import io.swath.api.v1.KeyGrant;
import io.swath.api.v1.KeyServiceGrpc;
import io.swath.api.v1.ListKeysRequest;
import io.swath.api.v1.ListKeysResponse;
import io.swath.api.v1.RevokeKeyRequest;
import io.swath.server.security.ApiKeys;
import io.swath.server.security.Grant;
import io.swath.server.security.Scope;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** gRPC KeyService over the server's {@link ApiKeys}: create (secret shown once), list, revoke. */
final class KeyServiceImpl extends KeyServiceGrpc.KeyServiceImplBase {
  private static final Logger AUDIT = LoggerFactory.getLogger("io.swath.audit");
  private final ApiKeys keys;

  KeyServiceImpl(ApiKeys keys) {
    this.keys = keys;
  }

  @Override
  public void createKey(CreateKeyRequest req, StreamObserver<CreateKeyResponse> obs) {
    Calls.unary(obs, () -> {
      List<Grant> grants = req.getGrantsList().stream()
          .map(g -> new Grant(Scope.of(g.getScope()), g.getDatasetsList(), g.getClustersList())).toList();
      ApiKeys.Created c = keys.create(req.getName(), req.getOwner(), grants,
          req.getExpiresAtUs() == 0 ? null : Instant.EPOCH.plus(req.getExpiresAtUs(), ChronoUnit.MICROS));
      AUDIT.info("key created: id={} name={} owner={} scopes={}", c.info().id(), c.info().name(), c.info().owner(),
          grants.stream().map(g -> g.scope().label()).toList());
      return CreateKeyResponse.newBuilder().setKey(proto(c.info())).setSecret(c.secret()).build();
    });
  }

  @Override
  public void listKeys(ListKeysRequest req, StreamObserver<ListKeysResponse> obs) {
    Calls.unary(obs, () -> ListKeysResponse.newBuilder()
        .addAllKeys(keys.list(req.getIncludeRevoked()).stream().map(KeyServiceImpl::proto).toList()).build());
  }

  @Override
  public void revokeKey(RevokeKeyRequest req, StreamObserver<ApiKey> obs) {
    Calls.unary(obs, () -> {
      ApiKeys.Info k = keys.revoke(req.getId()).orElseThrow(() -> Status.NOT_FOUND
          .withDescription("no API key with id '" + req.getId() + "'").asRuntimeException());
      AUDIT.info("key revoked: id={} name={}", k.id(), k.name());
      return proto(k);
    });
  }

  static ApiKey proto(ApiKeys.Info k) {
    ApiKey.Builder b = ApiKey.newBuilder().setId(k.id()).setName(k.name()).setOwner(k.owner()).setCreatedAtUs(us(k.createdAt()))
        .setExpiresAtUs(us(k.expiresAt())).setRevokedAtUs(us(k.revokedAt())).setLastUsedAtUs(us(k.lastUsedAt()));
    for (Grant g : k.grants()) {
      b.addGrants(KeyGrant.newBuilder().setScope(g.scope().proto()).addAllDatasets(g.datasets()).addAllClusters(g.clusters()));
    }
    return b.build();
  }

  private static long us(Instant t) {
    return t == null ? 0 : ChronoUnit.MICROS.between(Instant.EPOCH, t);
  }
}
