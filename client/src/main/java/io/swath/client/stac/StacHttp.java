package io.swath.client.stac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swath.core.error.ErrorCode;
import io.swath.core.error.SwathClientException;
import io.swath.core.error.SwathServiceException;
import io.swath.core.error.UnavailableException;
import io.swath.core.retry.Retrier;
import io.swath.core.retry.RetryAfter;
import io.swath.core.retry.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP transport of the STAC client: JSON requests with a timeout, retried by the SDK's
 * {@link Retrier} on connection failures, timeouts, 429 and 5xx, waiting what a
 * {@code Retry-After} header asks for (up to the policy's cap). Errors become Swath exceptions:
 * the retryable ones are {@link UnavailableException}s.
 */
final class StacHttp {
  /** Items are mostly numbers: Jackson's fast double parser reads coordinates several times faster than the JDK's. */
  static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER).build());

  private final HttpClient http;
  private final Duration timeout;
  private final Retrier retrier;
  private final Map<String, String> headers;
  final AtomicLong retries = new AtomicLong();
  final AtomicLong requests = new AtomicLong();

  StacHttp(HttpClient http, Duration timeout, RetryPolicy retry, Map<String, String> headers) {
    this.http = http;
    this.timeout = timeout;
    this.retrier = Retrier.of(retry);
    this.headers = Map.copyOf(headers);
  }

  CompletableFuture<JsonNode> get(URI uri) {
    return send(request(uri).GET().build());
  }

  /**
   * Sends a search request and hands back the response body as a stream, for parsing while it
   * arrives; retries like {@link #get} until the status says success.
   */
  CompletableFuture<HttpResponse<java.io.InputStream>> open(StacRequest r) {
    HttpRequest req;
    if (r.isPost()) {
      byte[] bytes;
      try {
        bytes = JSON.writeValueAsBytes(r.body());
      } catch (IOException e) {
        return CompletableFuture.failedFuture(new SwathClientException("cannot write the request body: " + e.getMessage(), e));
      }
      req = request(r.uri()).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
    } else {
      req = request(r.uri()).GET().build();
    }
    return retrier.callAsync(n -> exchange(req, n, HttpResponse.BodyHandlers.ofInputStream()).thenApply(resp -> {
      if (resp.statusCode() < 400) {
        return resp;
      }
      byte[] body;
      try (var in = resp.body()) {
        body = in.readAllBytes();
      } catch (IOException e) {
        throw unavailable(req, n, e);
      }
      throw error(req, resp, body);
    }));
  }

  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/geo+json, application/json");
    headers.forEach(b::header);
    return b;
  }

  private CompletableFuture<JsonNode> send(HttpRequest req) {
    return retrier.callAsync(n -> exchange(req, n, HttpResponse.BodyHandlers.ofByteArray()).thenApply(resp -> {
      if (resp.statusCode() >= 400) {
        throw error(req, resp, resp.body());
      }
      try {
        return JSON.readTree(resp.body());
      } catch (IOException e) {
        throw new SwathClientException(req.method() + " " + req.uri() + " did not return JSON: " + e.getMessage(), e);
      }
    }));
  }

  /** Attempt {@code n} of a request; a transport failure becomes a retryable {@link UnavailableException}. */
  private <T> CompletableFuture<HttpResponse<T>> exchange(HttpRequest req, int n, HttpResponse.BodyHandler<T> handler) {
    requests.incrementAndGet();
    if (n > 1) {
      retries.incrementAndGet();
    }
    return http.sendAsync(req, handler).handle((resp, err) -> {
      if (err == null) {
        return resp;
      }
      Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
      throw cause instanceof IOException io ? unavailable(req, n, io) : new SwathClientException(String.valueOf(cause), cause);
    });
  }

  private UnavailableException unavailable(HttpRequest req, int attempt, IOException cause) {
    return cause instanceof HttpTimeoutException
        ? new UnavailableException(req.method() + " " + req.uri() + " timed out after " + timeout.toSeconds() + " s", cause)
        : new UnavailableException(req.method() + " " + req.uri() + " failed on attempt " + attempt + ": " + cause, cause);
  }

  private static RuntimeException error(HttpRequest req, HttpResponse<?> resp, byte[] body) {
    return error(req, resp.statusCode(), body, RetryAfter.parseHeader(resp.headers().firstValue("Retry-After").orElse(null)));
  }

  private static RuntimeException error(HttpRequest req, int status, byte[] body, Optional<Duration> retryAfter) {
    String detail = new String(body, java.nio.charset.StandardCharsets.UTF_8);
    try {
      JsonNode j = JSON.readTree(body);
      if (j != null && j.isObject()) {
        detail = j.path("description").asText(j.path("detail").asText(j.path("message").asText(detail)));
      }
    } catch (IOException e) {
      // not JSON: keep the text
    }
    if (detail.length() > 500) {
      detail = detail.substring(0, 497) + "...";
    }
    String msg = req.method() + " " + req.uri() + " answered " + status + ": " + detail;
    ErrorCode code = switch (status) {
      case 400, 422 -> ErrorCode.INVALID_ARGUMENT;
      case 401 -> ErrorCode.UNAUTHENTICATED;
      case 403 -> ErrorCode.PERMISSION_DENIED;
      case 404 -> ErrorCode.NOT_FOUND;
      // overloaded or failing for now: retried (a remote API's 500 is more often passing than not)
      case 429, 500, 502, 503, 504 -> ErrorCode.UNAVAILABLE;
      default -> ErrorCode.INTERNAL;
    };
    if (code == ErrorCode.UNAVAILABLE) {
      return new UnavailableException(msg, null, retryAfter.orElse(null));
    }
    return SwathServiceException.of(code, msg, null);
  }
}
