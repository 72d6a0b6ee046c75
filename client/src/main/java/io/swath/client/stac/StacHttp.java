package io.swath.client.stac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swath.core.error.ErrorCode;
import io.swath.core.error.SwathClientException;
import io.swath.core.error.SwathServiceException;
import io.swath.core.error.UnavailableException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The HTTP transport of the STAC client: JSON requests with a timeout, retried with exponential
 * backoff and full jitter on connection failures, timeouts, 429 and 5xx; a {@code Retry-After}
 * header (seconds or an HTTP date) sets the least wait. Errors become Swath exceptions.
 */
final class StacHttp {
  /** Items are mostly numbers: Jackson's fast double parser reads coordinates several times faster than the JDK's. */
  static final ObjectMapper JSON = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER).build());
  /** The longest {@code Retry-After} honoured. */
  private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(2);

  private final HttpClient http;
  private final Duration timeout;
  private final int maxAttempts;
  private final Duration baseDelay;
  private final Duration maxDelay;
  private final Map<String, String> headers;
  final AtomicLong retries = new AtomicLong();
  final AtomicLong requests = new AtomicLong();

  StacHttp(HttpClient http, Duration timeout, int maxAttempts, Duration baseDelay, Duration maxDelay, Map<String, String> headers) {
    this.http = http;
    this.timeout = timeout;
    this.maxAttempts = maxAttempts;
    this.baseDelay = baseDelay;
    this.maxDelay = maxDelay;
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
    CompletableFuture<HttpResponse<java.io.InputStream>> out = new CompletableFuture<>();
    attemptStream(req, 1, out);
    return out;
  }

  private void attemptStream(HttpRequest req, int attempt, CompletableFuture<HttpResponse<java.io.InputStream>> out) {
    if (out.isDone()) {
      return;
    }
    requests.incrementAndGet();
    http.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream()).whenComplete((resp, err) -> {
      try {
        if (err != null) {
          Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
          if (cause instanceof IOException && attempt < maxAttempts) {
            retryStream(req, attempt, Duration.ZERO, out);
          } else {
            out.completeExceptionally(new UnavailableException(req.method() + " " + req.uri() + " failed after " + attempt
                + " attempts: " + cause, cause));
          }
          return;
        }
        int status = resp.statusCode();
        if (status < 400) {
          out.complete(resp);
          return;
        }
        byte[] body;
        try (var in = resp.body()) {
          body = in.readAllBytes();
        }
        if (isRetryable(status) && attempt < maxAttempts) {
          retryStream(req, attempt, retryAfter(resp), out);
          return;
        }
        out.completeExceptionally(error(req, status, body));
      } catch (IOException | RuntimeException e) {
        out.completeExceptionally(e);
      }
    });
  }

  private void retryStream(HttpRequest req, int attempt, Duration atLeast, CompletableFuture<HttpResponse<java.io.InputStream>> out) {
    retries.incrementAndGet();
    long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(attempt - 1, 20));
    long wait = Math.max(atLeast.toMillis(), ThreadLocalRandom.current().nextLong(cap + 1));
    CompletableFuture.runAsync(() -> attemptStream(req, attempt + 1, out), CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS));
  }

  private HttpRequest.Builder request(URI uri) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/geo+json, application/json");
    headers.forEach(b::header);
    return b;
  }

  private CompletableFuture<JsonNode> send(HttpRequest req) {
    CompletableFuture<JsonNode> out = new CompletableFuture<>();
    attempt(req, 1, out);
    return out;
  }

  private void attempt(HttpRequest req, int attempt, CompletableFuture<JsonNode> out) {
    if (out.isDone()) {
      return; // cancelled
    }
    requests.incrementAndGet();
    http.sendAsync(req, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((resp, err) -> {
      try {
        if (err != null) {
          Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
          if ((cause instanceof IOException) && attempt < maxAttempts) {
            retry(req, attempt, Duration.ZERO, out);
          } else {
            out.completeExceptionally(cause instanceof HttpTimeoutException
                ? new UnavailableException(req.method() + " " + req.uri() + " timed out after " + timeout.toSeconds() + " s", cause)
                : new UnavailableException(req.method() + " " + req.uri() + " failed after " + attempt + " attempts: " + cause, cause));
          }
          return;
        }
        int status = resp.statusCode();
        if (isRetryable(status) && attempt < maxAttempts) {
          retry(req, attempt, retryAfter(resp), out);
          return;
        }
        if (status >= 400) {
          out.completeExceptionally(error(req, status, resp.body()));
          return;
        }
        out.complete(JSON.readTree(resp.body()));
      } catch (IOException e) {
        out.completeExceptionally(new SwathClientException(req.method() + " " + req.uri() + " did not return JSON: " + e.getMessage(), e));
      } catch (RuntimeException e) {
        out.completeExceptionally(e);
      }
    });
  }

  static boolean isRetryable(int status) {
    return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
  }

  private void retry(HttpRequest req, int attempt, Duration atLeast, CompletableFuture<JsonNode> out) {
    retries.incrementAndGet();
    long cap = Math.min(maxDelay.toMillis(), baseDelay.toMillis() << Math.min(attempt - 1, 20));
    long wait = Math.max(atLeast.toMillis(), ThreadLocalRandom.current().nextLong(cap + 1));
    CompletableFuture.runAsync(() -> attempt(req, attempt + 1, out), CompletableFuture.delayedExecutor(wait, TimeUnit.MILLISECONDS));
  }

  /** The wait a {@code Retry-After} header asks for (seconds or an HTTP date), zero when there is none. */
  static Duration retryAfter(HttpResponse<?> resp) {
    String v = resp.headers().firstValue("Retry-After").orElse(null);
    if (v == null || v.isBlank()) {
      return Duration.ZERO;
    }
    Duration d;
    try {
      d = Duration.ofMillis((long) (Double.parseDouble(v.trim()) * 1000));
    } catch (NumberFormatException e) {
      try {
        d = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(v.trim(), DateTimeFormatter.RFC_1123_DATE_TIME));
      } catch (DateTimeParseException e2) {
        return Duration.ZERO;
      }
    }
    if (d.isNegative()) {
      return Duration.ZERO;
    }
    return d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d;
  }

  private static RuntimeException error(HttpRequest req, int status, byte[] body) {
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
      case 429, 502, 503, 504 -> ErrorCode.UNAVAILABLE;
      default -> ErrorCode.INTERNAL;
    };
    return SwathServiceException.of(code, msg, null);
  }
}
