package io.swath.server.security;

import java.util.List;

/**
 * The caller of a request: the key it presented (by id and name, never the secret), its grants,
 * and its lease mask: a secret number of the key (derived from its hash's salt) that task lease
 * tokens are combined with, so that a token handed to one key is worthless with another.
 */
public record Principal(String keyId, String name, List<Grant> grants, long leaseMask) {
  /** The caller of a server with no keys: allowed everything. */
  public static final Principal OPEN = new Principal("", "open", List.of(new Grant(Scope.ADMIN, List.of(), List.of())), 0);

  /** The lease token this caller is shown for the stored claim {@code claim}, and back. */
  public long leaseToken(long claim) {
    return claim ^ leaseMask;
  }

  /** Whether some grant allows {@code needed} at all. */
  public boolean allows(Scope needed) {
    return grants.stream().anyMatch(g -> g.scope().satisfies(needed));
  }

  /** Whether some grant allows {@code needed} on dataset {@code slug}. */
  public boolean allowsDataset(Scope needed, String slug) {
    return grants.stream().anyMatch(g -> g.scope().satisfies(needed) && g.coversDataset(slug));
  }

  /** Whether some grant allows {@code needed} on workflow cluster {@code cluster}. */
  public boolean allowsCluster(Scope needed, String cluster) {
    return grants.stream().anyMatch(g -> g.scope().satisfies(needed) && g.coversCluster(cluster));
  }

  /** Whether some grant allows {@code needed} on every dataset and cluster. */
  public boolean allowsEverywhere(Scope needed) {
    return grants.stream().anyMatch(g -> g.scope().satisfies(needed) && g.datasets().isEmpty() && g.clusters().isEmpty());
  }
}
