package io.swath.cli;

import io.grpc.ManagedChannel;
import io.swath.api.v1.ApiKey;
import io.swath.api.v1.CreateKeyRequest;
import io.swath.api.v1.CreateKeyResponse;
import io.swath.api.v1.KeyGrant;
import io.swath.api.v1.KeyScope;
import io.swath.api.v1.KeyServiceGrpc;
import io.swath.api.v1.ListKeysRequest;
import io.swath.api.v1.RevokeKeyRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code swath keys ...}: create, list and revoke API keys (needs an admin key). */
@Command(name = "keys", mixinStandardHelpOptions = true,
    description = {"Manage API keys (needs an admin key: --api-key or SWATH_API_KEY).", "",
        "A key has scopes: read, write (implies read), runner (claim and report tasks) and admin (everything). "
            + "A scope may be limited to dataset groups and clusters: read:open_data.*,sentinel.l2a or runner@cluster-a."},
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class},
    footer = {"", "Examples:", "  swath keys create --name ci --owner alice --scope write --expires-in 2160h",
        "  swath keys create --name public-reader --owner ops --scope read:open_data.*",
        "  swath keys create --name runner-a --owner ops --scope runner@cluster-a", "  swath keys list", "  swath keys revoke 3f9a0c1b2d4e"})
final class KeysCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    new picocli.CommandLine(this).usage(System.out);
    return Main.USAGE;
  }

  abstract static class KeyCommand implements Callable<Integer> {
    @Mixin
    ClientOptions client;

    <T> T withKeys(Function<KeyServiceGrpc.KeyServiceBlockingStub, T> f) throws InterruptedException {
      ManagedChannel ch = client.channel();
      try {
        return f.apply(KeyServiceGrpc.newBlockingStub(ch).withDeadlineAfter(60, TimeUnit.SECONDS));
      } finally {
        ch.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }

  /** A grant from {@code scope[:dataset,dataset][@cluster,cluster]}. */
  static KeyGrant grant(String spec) {
    String s = spec;
    List<String> clusters = List.of();
    int at = s.indexOf('@');
    if (at >= 0) {
      clusters = List.of(s.substring(at + 1).split(","));
      s = s.substring(0, at);
    }
    List<String> datasets = List.of();
    int colon = s.indexOf(':');
    if (colon >= 0) {
      datasets = List.of(s.substring(colon + 1).split(","));
      s = s.substring(0, colon);
    }
    KeyScope scope = switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "read" -> KeyScope.KEY_SCOPE_READ;
      case "write" -> KeyScope.KEY_SCOPE_WRITE;
      case "admin" -> KeyScope.KEY_SCOPE_ADMIN;
      case "runner" -> KeyScope.KEY_SCOPE_RUNNER;
      default -> throw new IllegalArgumentException("unknown scope '" + s + "' in '" + spec + "': expected read, write, admin or runner");
    };
    return KeyGrant.newBuilder().setScope(scope).addAllDatasets(datasets).addAllClusters(clusters).build();
  }

  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key and print it once: the server keeps only a hash.")
  static final class Create extends KeyCommand {
    @Option(names = "--name", required = true, description = "What the key is for (shown in lists and audit logs).")
    String name;

    @Option(names = "--owner", required = true, description = "Who holds the key.")
    String owner;

    @Option(names = "--scope", required = true, paramLabel = "SCOPE[:DATASETS][@CLUSTERS]",
        description = "read, write, runner or admin, optionally limited (repeatable).")
    List<String> scopes = new ArrayList<>();

    @Option(names = "--expires-in", paramLabel = "DURATION", converter = DurationConverter.class,
        description = "The key stops working after this (e.g. 2160h for 90 days); default never.")
    Duration expiresIn;

    @Override
    public Integer call() throws Exception {
      CreateKeyRequest.Builder req = CreateKeyRequest.newBuilder().setName(name).setOwner(owner);
      scopes.forEach(s -> req.addGrants(grant(s)));
      if (expiresIn != null) {
        req.setExpiresAtUs(ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now().plus(expiresIn)));
      }
      CreateKeyResponse r = withKeys(k -> k.createKey(req.build()));
      System.out.println(r.getSecret());
      System.err.println("key " + r.getKey().getId() + " (" + name + ") created; it is shown only this once");
      return Main.OK;
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Keys: id, name, owner, scopes, expiry, last use (never the secrets).")
  static final class ListKeys extends KeyCommand {
    @Option(names = "--all", description = "Include revoked keys.")
    boolean all;

    @Override
    public Integer call() throws Exception {
      List<ApiKey> keys = withKeys(k -> k.listKeys(ListKeysRequest.newBuilder().setIncludeRevoked(all).build()).getKeysList());
      for (ApiKey k : keys) {
        System.out.printf(Locale.ROOT, "%s  %-20s  %-12s  %-30s  expires %s  last used %s%s%n", k.getId(), k.getName(), k.getOwner(),
            String.join(" ", k.getGrantsList().stream().map(KeysCommand::describe).toList()), time(k.getExpiresAtUs(), "never"),
            time(k.getLastUsedAtUs(), "never"), k.getRevokedAtUs() != 0 ? "  REVOKED " + time(k.getRevokedAtUs(), "") : "");
      }
      return Main.OK;
    }
  }

  static String describe(KeyGrant g) {
    return g.getScope().name().substring("KEY_SCOPE_".length()).toLowerCase(Locale.ROOT)
        + (g.getDatasetsCount() > 0 ? ":" + String.join(",", g.getDatasetsList()) : "")
        + (g.getClustersCount() > 0 ? "@" + String.join(",", g.getClustersList()) : "");
  }

  static String time(long us, String none) {
    return us == 0 ? none : Instant.EPOCH.plus(us, ChronoUnit.MICROS).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key: it stops working at once.")
  static final class Revoke extends KeyCommand {
    @Parameters(paramLabel = "ID", description = "Key id (the part after swk_, as `swath keys list` shows it).")
    String id;

    @Override
    public Integer call() throws Exception {
      ApiKey k = withKeys(s -> s.revokeKey(RevokeKeyRequest.newBuilder().setId(id).build()));
      System.out.println("revoked " + k.getId() + " (" + k.getName() + ")");
      return Main.OK;
    }
  }
}
