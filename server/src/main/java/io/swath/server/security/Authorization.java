package io.swath.server.security;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Enforces {@link AccessRules} with {@link ApiKeys}: on gRPC as an interceptor reading the
 * {@code authorization: Bearer <key>} metadata, on HTTP as a filter reading the
 * {@code Authorization: Bearer <key>} header. While the server has no keys every call is allowed
 * (a laptop server, which then listens on loopback only). Without a key a call that needs one
 * is UNAUTHENTICATED (HTTP 401), with a key lacking the scope PERMISSION_DENIED (HTTP 403).
 * Writes, admin and runner calls, and every denial, are written to the {@code io.swath.audit}
 * log with the key's name (never the key) and the caller's address.
 */
public final class Authorization implements ServerInterceptor {
  /** The caller of the current gRPC call. */
  public static final Context.Key<Principal> CALLER = Context.key("swath-caller");
  /**
   * Whom the current gRPC call's use of shared resources (query slots) is counted against: see
   * {@link #queueOf}.
   */
  public static final Context.Key<String> QUEUE = Context.key("swath-queue");
  /** The exchange attribute under which the HTTP filter leaves the caller for the handlers. */
  private static final String CALLER_ATTRIBUTE = "io.swath.caller";
  private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Logger AUDIT = LoggerFactory.getLogger("io.swath.audit");
  private final ApiKeys keys;
  private final Principal publicReader;
  private volatile RateLimits rates;
  private volatile KeyStreams streams;
  private static final Metadata.Key<String> RETRY_AFTER = Metadata.Key.of("retry-after", Metadata.ASCII_STRING_MARSHALLER);
  /** The wait the SDK's retry honours (io.swath.core.retry.RetryAfter), in milliseconds. */
  private static final Metadata.Key<String> PUSHBACK = Metadata.Key.of(io.swath.core.retry.RetryAfter.GRPC_PUSHBACK_KEY,
      Metadata.ASCII_STRING_MARSHALLER);
  /** Seconds a caller refused for having too many streams open is asked to wait. */
  private static final long STREAMS_RETRY_SECONDS = 1;

  /**
   * Enforcement with {@code keys}; datasets matching {@code publicRead} (patterns such as
   * {@code open_data.*}) are readable without a key over gRPC and on the HTTP routes that answer
   * per dataset ({@link AccessRules#HTTP_PER_DATASET}, the STAC API, which filters by
   * {@link #caller}).
   */
  public Authorization(ApiKeys keys, java.util.List<String> publicRead) {
    this.keys = keys;
    this.publicReader = publicRead.isEmpty() ? null
        : new Principal("", "public", java.util.List.of(new Grant(Scope.READ, publicRead, java.util.List.of())), 0);
  }

  /** Limits each key (not callers without one) to {@code limits}; null: no limit. */
  public Authorization rateLimits(RateLimits limits) {
    this.rates = limits;
    return this;
  }

  /** Limits the query streams each key (not callers without one) has open at once to {@code limits}; null: no limit. */
  public Authorization keyStreams(KeyStreams limits) {
    this.streams = limits;
    return this;
  }

  /**
   * Whom a call of {@code caller} from {@code peer} is counted against when callers share the
   * query slots: its API key ({@code key:<id>}); a caller without a key (a server without keys,
   * public datasets) by its IP address ({@code address:<ip>}), so that one anonymous client cannot
   * crowd out the others, while callers behind one proxy or NAT share a turn.
   */
  public static String queueOf(Principal caller, java.net.SocketAddress peer) {
    if (caller != null && !caller.keyId().isEmpty()) {
      return "key:" + caller.keyId();
    }
    return "address:" + (peer instanceof java.net.InetSocketAddress a && a.getAddress() != null ? a.getAddress().getHostAddress()
        : String.valueOf(peer));
  }

  /** Whom an HTTP request that passed {@link #httpFilter} is counted against in shared resources: see {@link #queueOf}. */
  public static String queue(HttpExchange ex) {
    return queueOf(caller(ex).orElse(null), ex.getRemoteAddress());
  }

  /** Trailers asking to retry after {@code seconds}: {@code retry-after} in seconds and the SDK's pushback in milliseconds. */
  private static Metadata retryAfter(long seconds) {
    Metadata trailers = new Metadata();
    trailers.put(RETRY_AFTER, Long.toString(seconds));
    trailers.put(PUSHBACK, Long.toString(seconds * 1000));
    return trailers;
  }

  /** Seconds {@code caller} must wait before its next request (0: go ahead). */
  private long throttle(Principal caller) {
    RateLimits r = rates;
    return r == null || caller.keyId().isEmpty() ? 0 : r.take(caller.keyId());
  }

  /** A decision: the caller, or the status to refuse with. */
  private record Decision(Principal caller, Status refusal) {}

  /**
   * The decision on a call that needs {@code rule}. {@code perDataset}: the call checks each
   * dataset it reads against the caller (every gRPC call, the STAC API's routes); elsewhere (the
   * console, {@code /metrics}) only grants without dataset limits count, and callers without a key
   * are not public readers.
   */
  private Decision decide(Optional<Scope> rule, String header, boolean perDataset) {
    if (!keys.enabled()) {
      return new Decision(Principal.OPEN, null);
    }
    if (rule.isEmpty()) {
      return new Decision(null, Status.PERMISSION_DENIED.withDescription("this endpoint has no access rule, so it is refused to everyone"));
    }
    if (rule.get() == Scope.PUBLIC && header == null) {
      return new Decision(Principal.OPEN, null);
    }
    if (header == null && perDataset && publicReader != null && rule.get() == Scope.READ) {
      return new Decision(publicReader, null);   // each request is checked against the public datasets
    }
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return new Decision(null, Status.UNAUTHENTICATED.withDescription(
          "an API key is required: send 'authorization: Bearer <key>' (SWATH_API_KEY or --api-key in the SDK and CLI)"));
    }
    Optional<Principal> p;
    try {
      p = keys.authenticate(header.substring(7).trim());
    } catch (SQLException e) {
      return new Decision(null, Status.UNAVAILABLE.withDescription("cannot check the API key: the database is unavailable"));
    }
    if (p.isEmpty()) {
      return new Decision(null, Status.UNAUTHENTICATED.withDescription("the API key is unknown, revoked or expired"));
    }
    if (!p.get().allows(rule.get()) || (!perDataset && !p.get().allowsEverywhere(rule.get()))) {
      return new Decision(p.get(), Status.PERMISSION_DENIED.withDescription(
          "key '" + p.get().name() + "' lacks the " + rule.get().label() + " scope this call needs"
              + (perDataset ? "" : " (here, without dataset limits)")));
    }
    return new Decision(p.get(), null);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    Optional<Scope> rule = AccessRules.grpc(method);
    Decision d = decide(rule, headers.get(AUTHORIZATION), true);
    Object peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    if (d.refusal() != null) {
      AUDIT.info("denied grpc {} key={} from={}: {}", method, d.caller() == null ? "-" : d.caller().name(), peer, d.refusal().getCode());
      call.close(d.refusal(), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    long wait = throttle(d.caller());
    if (wait > 0) {
      AUDIT.info("throttled grpc {} key={} from={}", method, d.caller().name(), peer);
      call.close(Status.RESOURCE_EXHAUSTED.withDescription("key '" + d.caller().name() + "' is over its request rate; retry in "
          + wait + " s"), retryAfter(wait));
      return new ServerCall.Listener<>() {};
    }
    KeyStreams ks = streams;
    Runnable release = null;
    if (ks != null && !d.caller().keyId().isEmpty() && KeyStreams.METHODS.contains(method)) {
      release = ks.tryOpen(d.caller().keyId());
      if (release == null) {
        AUDIT.info("throttled grpc {} key={} from={}: {} query streams open", method, d.caller().name(), peer, ks.max());
        call.close(Status.RESOURCE_EXHAUSTED.withDescription(tooManyReads(d.caller(), ks)), retryAfter(STREAMS_RETRY_SECONDS));
        return new ServerCall.Listener<>() {};
      }
      call = new ReleasingCall<>(call, release);
    }
    if (keys.enabled() && rule.get() != Scope.READ && rule.get() != Scope.PUBLIC) {
      AUDIT.info("grpc {} key={} from={}", method, d.caller().name(), peer);
    }
    ServerCall.Listener<Q> listener;
    try {
      listener = Contexts.interceptCall(Context.current().withValues(CALLER, d.caller(),
          QUEUE, queueOf(d.caller(), peer instanceof java.net.SocketAddress a ? a : null)), call, headers, next);
    } catch (RuntimeException | Error e) {
      if (release != null) {
        release.run();
      }
      throw e;
    }
    if (release != null) {
      listener = releasing(listener, release);
    }
    if (d.caller().allowsEverywhere(rule.get())) {
      return listener;
    }
    return new LimitedListener<>(listener, call, d.caller(), rule.get(), method, peer);
  }

  private static String tooManyReads(Principal caller, KeyStreams ks) {
    return "key '" + caller.name() + "' has " + ks.max() + " query streams open (counts and STAC searches included), the most one"
        + " key may have at once (swath server --key-max-streams); retry when one has ended";
  }

  /** A call that runs {@code release} once it is closed. */
  private static final class ReleasingCall<Q, R> extends io.grpc.ForwardingServerCall.SimpleForwardingServerCall<Q, R> {
    private final Runnable release;

    ReleasingCall(ServerCall<Q, R> delegate, Runnable release) {
      super(delegate);
      this.release = release;
    }

    @Override
    public void close(Status status, Metadata trailers) {
      try {
        super.close(status, trailers);
      } finally {
        release.run();
      }
    }
  }

  /** {@code listener}, running {@code release} when the call completes or is cancelled (the client went away). */
  private static <Q> ServerCall.Listener<Q> releasing(ServerCall.Listener<Q> listener, Runnable release) {
    return new io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onComplete() {
        try {
          super.onComplete();
        } finally {
          release.run();
        }
      }

      @Override
      public void onCancel() {
        try {
          super.onCancel();
        } finally {
          release.run();
        }
      }
    };
  }

  /**
   * Checks each request of a caller whose grants are limited to datasets or clusters against the
   * dataset ({@code slug}, {@code dataset_slug}, {@code dataset.slug}) or cluster it names. A
   * read or write that names no dataset (listings, jobs) is refused to such a caller; a runner
   * call that names no cluster (lease renewals, dependency results) is allowed, its lease token
   * being the proof.
   */
  private static final class LimitedListener<Q, R> extends io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener<Q> {
    private final ServerCall<Q, R> call;
    private final Principal caller;
    private final Scope needed;
    private final String method;
    private final Object peer;
    private boolean refused;

    LimitedListener(ServerCall.Listener<Q> delegate, ServerCall<Q, R> call, Principal caller, Scope needed, String method, Object peer) {
      super(delegate);
      this.call = call;
      this.caller = caller;
      this.needed = needed;
      this.method = method;
      this.peer = peer;
    }

    @Override
    public void onMessage(Q message) {
      if (refused) {
        return;
      }
      String why = message instanceof com.google.protobuf.Message m ? check(m) : "the request could not be read";
      if (why != null) {
        refused = true;
        AUDIT.info("denied grpc {} key={} from={}: {}", method, caller.name(), peer, why);
        call.close(caller.keyId().isEmpty()
            ? Status.UNAUTHENTICATED.withDescription("an API key is required: this dataset is not public (" + why.replace("may not read ", "") + ")")
            : Status.PERMISSION_DENIED.withDescription("key '" + caller.name() + "' " + why), new Metadata());
        return;
      }
      super.onMessage(message);
    }

    private String check(com.google.protobuf.Message m) {
      String cluster = stringField(m, "cluster");
      if (needed == Scope.RUNNER) {
        return cluster == null || caller.allowsCluster(needed, cluster) ? null : "may not run tasks of cluster '" + cluster + "'";
      }
      String slug = stringField(m, "slug");
      slug = slug != null ? slug : stringField(m, "dataset_slug");
      if (slug == null && m.getDescriptorForType().findFieldByName("dataset") != null
          && m.getField(m.getDescriptorForType().findFieldByName("dataset")) instanceof com.google.protobuf.Message ds) {
        slug = stringField(ds, "slug");
      }
      if (slug == null) {
        return "is limited to some datasets, and this call names none";
      }
      return caller.allowsDataset(needed, slug) ? null : "may not " + needed.label() + " dataset '" + slug + "'";
    }

    private static String stringField(com.google.protobuf.Message m, String name) {
      var f = m.getDescriptorForType().findFieldByName(name);
      return f != null && !f.isRepeated() && f.getJavaType() == com.google.protobuf.Descriptors.FieldDescriptor.JavaType.STRING
          ? (String) m.getField(f) : null;
    }

    @Override
    public void onHalfClose() {
      if (!refused) {
        super.onHalfClose();
      }
    }
  }

  /**
   * The caller of an HTTP request that passed {@link #httpFilter}: the key's principal, or
   * {@link Principal#OPEN} on a server without keys; empty when the request did not pass the filter.
   */
  public static Optional<Principal> caller(HttpExchange ex) {
    return ex.getAttribute(CALLER_ATTRIBUTE) instanceof Principal p ? Optional.of(p) : Optional.empty();
  }

  /** Answers 429 Too Many Requests with {@code description} and {@code Retry-After: seconds}. */
  private static void tooManyRequests(HttpExchange ex, String description, long seconds) throws IOException {
    byte[] body = ("{\"code\":\"TooManyRequests\",\"description\":\"" + description.replace("\\", "\\\\").replace("\"", "'")
        + "\"}").getBytes(StandardCharsets.UTF_8);
    try (ex) {
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.getResponseHeaders().set("Retry-After", Long.toString(seconds));
      ex.sendResponseHeaders(429, body.length);
      ex.getResponseBody().write(body);
    }
  }

  /**
   * An HTTP filter enforcing the rules, routes named by {@code routes} (path to template): the
   * key's scopes, its request rate, and its reads open at once on {@link KeyStreams#HTTP_ROUTES}.
   */
  public Filter httpFilter(Function<String, String> routes) {
    return new Filter() {
      @Override
      public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        String route = routes.apply(ex.getRequestURI().getPath());
        Optional<Scope> rule = AccessRules.http(route);
        if (ex.getRequestMethod().equals("OPTIONS")) {
          rule = Optional.of(Scope.PUBLIC);   // CORS preflights carry no credentials
        }
        Decision d = decide(rule, ex.getRequestHeaders().getFirst("Authorization"), AccessRules.HTTP_PER_DATASET.contains(route));
        if (d.refusal() == null) {
          long wait = throttle(d.caller());
          if (wait > 0) {
            AUDIT.info("throttled http {} {} key={} from={}", ex.getRequestMethod(), route, d.caller().name(), ex.getRemoteAddress());
            tooManyRequests(ex, "key '" + d.caller().name() + "' is over its request rate; retry in " + wait + " s", wait);
            return;
          }
          KeyStreams ks = streams;
          Runnable release = null;
          if (ks != null && !d.caller().keyId().isEmpty() && KeyStreams.HTTP_ROUTES.contains(route)) {
            release = ks.tryOpen(d.caller().keyId());
            if (release == null) {
              AUDIT.info("throttled http {} {} key={} from={}: {} reads open", ex.getRequestMethod(), route, d.caller().name(),
                  ex.getRemoteAddress(), ks.max());
              tooManyRequests(ex, tooManyReads(d.caller(), ks), STREAMS_RETRY_SECONDS);
              return;
            }
          }
          try {
            ex.setAttribute(CALLER_ATTRIBUTE, d.caller());
            if (keys.enabled() && rule.get() != Scope.READ && rule.get() != Scope.PUBLIC) {
              AUDIT.info("http {} {} key={} from={}", ex.getRequestMethod(), route, d.caller().name(), ex.getRemoteAddress());
            }
            chain.doFilter(ex);
          } finally {
            if (release != null) {
              release.run();
            }
          }
          return;
        }
        AUDIT.info("denied http {} {} key={} from={}: {}", ex.getRequestMethod(), route, d.caller() == null ? "-" : d.caller().name(),
            ex.getRemoteAddress(), d.refusal().getCode());
        int status = switch (d.refusal().getCode()) {
          case UNAUTHENTICATED -> 401;
          case PERMISSION_DENIED -> 403;
          default -> 503;
        };
        String code = switch (status) {
          case 401 -> "Unauthorized";
          case 403 -> "Forbidden";
          default -> "ServiceUnavailable";
        };
        byte[] body = ("{\"code\":\"" + code + "\",\"description\":\"" + d.refusal().getDescription().replace("\"", "'") + "\"}")
            .getBytes(StandardCharsets.UTF_8);
        try (ex) {
          ex.getResponseHeaders().set("Content-Type", "application/json");
          if (status == 401) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"swath\"");
          }
          ex.sendResponseHeaders(status, body.length);
          ex.getResponseBody().write(body);
        }
      }

      @Override
      public String description() {
        return "API key authorization";
      }
    };
  }
}
