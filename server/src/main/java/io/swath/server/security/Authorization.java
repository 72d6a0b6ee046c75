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
  private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
  private static final Logger AUDIT = LoggerFactory.getLogger("io.swath.audit");
  private final ApiKeys keys;

  /** Enforcement with {@code keys}. */
  public Authorization(ApiKeys keys) {
    this.keys = keys;
  }

  /** A decision: the caller, or the status to refuse with. */
  private record Decision(Principal caller, Status refusal) {}

  private Decision decide(Optional<Scope> rule, String header) {
    if (!keys.enabled()) {
      return new Decision(Principal.OPEN, null);
    }
    if (rule.isEmpty()) {
      return new Decision(null, Status.PERMISSION_DENIED.withDescription("this endpoint has no access rule, so it is refused to everyone"));
    }
    if (rule.get() == Scope.PUBLIC && header == null) {
      return new Decision(Principal.OPEN, null);
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
    if (!p.get().allows(rule.get())) {
      return new Decision(p.get(), Status.PERMISSION_DENIED.withDescription(
          "key '" + p.get().name() + "' lacks the " + rule.get().label() + " scope this call needs"));
    }
    return new Decision(p.get(), null);
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getFullMethodName();
    Optional<Scope> rule = AccessRules.grpc(method);
    Decision d = decide(rule, headers.get(AUTHORIZATION));
    Object peer = call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR);
    if (d.refusal() != null) {
      AUDIT.info("denied grpc {} key={} from={}: {}", method, d.caller() == null ? "-" : d.caller().name(), peer, d.refusal().getCode());
      call.close(d.refusal(), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    if (keys.enabled() && rule.get() != Scope.READ && rule.get() != Scope.PUBLIC) {
      AUDIT.info("grpc {} key={} from={}", method, d.caller().name(), peer);
    }
    return Contexts.interceptCall(Context.current().withValue(CALLER, d.caller()), call, headers, next);
  }

  /** An HTTP filter enforcing the rules, routes named by {@code routes} (path to template). */
  public Filter httpFilter(Function<String, String> routes) {
    return new Filter() {
      @Override
      public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        String route = routes.apply(ex.getRequestURI().getPath());
        Optional<Scope> rule = AccessRules.http(route);
        if (ex.getRequestMethod().equals("OPTIONS")) {
          rule = Optional.of(Scope.PUBLIC);   // CORS preflights carry no credentials
        }
        Decision d = decide(rule, ex.getRequestHeaders().getFirst("Authorization"));
        if (d.refusal() == null) {
          chain.doFilter(ex);
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
