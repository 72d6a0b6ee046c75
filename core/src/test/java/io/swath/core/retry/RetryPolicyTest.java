package io.swath.core.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.swath.core.error.AbortedException;
import io.swath.core.error.InvalidArgumentException;
import io.swath.core.error.SwathCancelledException;
import io.swath.core.error.UnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void defaultsAreTheDocumentedOnes() {
    RetryPolicy p = RetryPolicy.defaults();
    assertThat(p.maxAttempts()).isEqualTo(6);
    assertThat(p.initialBackoff()).isEqualTo(Duration.ofMillis(200));
    assertThat(p.multiplier()).isEqualTo(2.0);
    assertThat(p.maxBackoff()).isEqualTo(Duration.ofSeconds(10));
    assertThat(p.maxRetryAfter()).isEqualTo(Duration.ofMinutes(2));
    assertThat(p.toBuilder().build()).isEqualTo(p);
    assertThat(RetryPolicy.none().maxAttempts()).isEqualTo(1);
  }

  @Test
  void boundsDoubleUpToTheCap() {
    RetryPolicy p = RetryPolicy.defaults();
    assertThat(List.of(p.bound(1), p.bound(2), p.bound(3), p.bound(6), p.bound(7), p.bound(60)))
        .containsExactly(Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800),
            Duration.ofMillis(6400), Duration.ofSeconds(10), Duration.ofSeconds(10));
  }

  /** Equal jitter: every draw in [bound/2, bound], and the draws fill that range uniformly. */
  @Test
  void drawsAreEqualJitterInHalfToFullBound() {
    long seed = System.nanoTime();
    System.out.println("RetryPolicyTest seed " + seed);
    SplittableRandom random = new SplittableRandom(seed);
    RetryPolicy p = RetryPolicy.builder().initialBackoff(Duration.ofMillis(100)).maxBackoff(Duration.ofSeconds(3)).build();
    for (int retry = 1; retry <= 8; retry++) {
      long bound = p.bound(retry).toNanos();
      int[] buckets = new int[10];
      int n = 20_000;
      for (int i = 0; i < n; i++) {
        long d = p.backoff(retry, random).toNanos();
        assertThat(d).as("seed %d retry %d", seed, retry).isBetween(bound / 2, bound);
        buckets[(int) Math.min(9, (d - bound / 2) * 10 / (bound - bound / 2 + 1))]++;
      }
      for (int b : buckets) {
        // uniform: 2,000 expected per tenth; 5 standard deviations is about ±212
        assertThat(b).as("seed %d retry %d buckets", seed, retry).isBetween(1_700, 2_300);
      }
    }
  }

  @Test
  void serverWaitIsHonouredUpToTheCap() {
    RetryPolicy p = RetryPolicy.defaults();
    SplittableRandom r = new SplittableRandom(1);
    assertThat(p.delay(1, Optional.of(Duration.ofSeconds(7)), r)).isEqualTo(Duration.ofSeconds(7));
    assertThat(p.delay(1, Optional.of(Duration.ofHours(1)), r)).isEqualTo(Duration.ofMinutes(2));
    assertThat(p.delay(3, Optional.empty(), r)).isBetween(Duration.ofMillis(400), Duration.ofMillis(800));
  }

  @Test
  void builderRejectsNonsenseWithTheReason() {
    assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0)).hasMessageContaining("maxAttempts");
    assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ofMillis(-1))).hasMessageContaining("initialBackoff");
    assertThatThrownBy(() -> RetryPolicy.builder().multiplier(0.5)).hasMessageContaining("multiplier");
    assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ofSeconds(20)).build())
        .hasMessageContaining("must not exceed maxBackoff");
  }

  @Test
  void retryAfterParsesSecondsDatesAndPushback() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertThat(RetryAfter.parseHeader("120", now)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parseHeader(" 0 ", now)).contains(Duration.ZERO);
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(30).atOffset(ZoneOffset.UTC));
    assertThat(RetryAfter.parseHeader(date, now)).contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.parseHeader("Wed, 21 Oct 2015 07:28:00 GMT", now)).contains(Duration.ZERO);
    assertThat(RetryAfter.parseHeader("-5", now)).isEmpty();
    assertThat(RetryAfter.parseHeader("soon", now)).isEmpty();
    assertThat(RetryAfter.parseHeader(null, now)).isEmpty();
    assertThat(RetryAfter.parsePushbackMillis("1500")).contains(Duration.ofMillis(1500));
    assertThat(RetryAfter.parsePushbackMillis("-1")).isEmpty();
    assertThat(RetryAfter.parsePushbackMillis("x")).isEmpty();
  }

  private static final RetryPolicy FAST = RetryPolicy.builder().maxAttempts(4)
      .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2)).build();

  @Test
  void blockingRetriesRetryableUntilSuccessAndStopsOnOthers() throws Exception {
    Retrier r = Retrier.of(FAST);
    List<Integer> seen = new ArrayList<>();
    String v = r.call(n -> {
      seen.add(n);
      if (n < 3) {
        throw n == 1 ? new UnavailableException("busy") : new AbortedException("conflict");
      }
      return "ok";
    });
    assertThat(v).isEqualTo("ok");
    assertThat(seen).containsExactly(1, 2, 3);

    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> r.call(n -> {
      calls.incrementAndGet();
      throw new InvalidArgumentException("bad");
    })).isInstanceOf(InvalidArgumentException.class);
    assertThat(calls).hasValue(1);

    calls.set(0);
    assertThatThrownBy(() -> r.call(n -> {
      calls.incrementAndGet();
      throw new UnavailableException("down");
    })).isInstanceOf(UnavailableException.class);
    assertThat(calls).hasValue(4);
  }

  @Test
  void classifierDecidesForForeignFailures() {
    Retrier r = Retrier.of(FAST, t -> t instanceof IOException io ? new UnavailableException(io.getMessage(), io) : null);
    AtomicInteger calls = new AtomicInteger();
    assertThatThrownBy(() -> r.call(n -> {
      calls.incrementAndGet();
      throw new IOException("reset");
    })).isInstanceOf(IOException.class);
    assertThat(calls).hasValue(4);
    assertThat(r.nextDelay(1, new IllegalStateException())).isEmpty();
  }

  @Test
  void retryAfterOfTheFailureIsTheWait() {
    Retrier r = Retrier.of(RetryPolicy.builder().maxRetryAfter(Duration.ofSeconds(5)).build());
    assertThat(r.nextDelay(1, new UnavailableException("busy", null, Duration.ofSeconds(3)))).contains(Duration.ofSeconds(3));
    assertThat(r.nextDelay(1, new UnavailableException("busy", null, Duration.ofMinutes(9)))).contains(Duration.ofSeconds(5));
    assertThat(r.nextDelay(6, new UnavailableException("busy"))).as("attempts used up").isEmpty();
  }

  @Test
  void asyncRetriesAndCompletesWithTheLastFailure() throws Exception {
    Retrier r = Retrier.of(FAST);
    AtomicInteger calls = new AtomicInteger();
    CompletableFuture<String> ok = r.callAsync(n -> n < 3
        ? CompletableFuture.failedFuture(new UnavailableException("busy")) : CompletableFuture.completedFuture("ok" + n));
    assertThat(ok.get(5, TimeUnit.SECONDS)).isEqualTo("ok3");
    CompletableFuture<String> bad = r.callAsync(n -> {
      calls.incrementAndGet();
      return CompletableFuture.failedFuture(new UnavailableException("down"));
    });
    assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(UnavailableException.class);
    assertThat(calls).hasValue(4);
  }

  @Test
  void cancellingTheAsyncResultCancelsTheAttemptUnderWay() throws Exception {
    CompletableFuture<String> attempt = new CompletableFuture<>();
    CompletableFuture<String> out = Retrier.of(FAST).callAsync(n -> attempt);
    out.cancel(true);
    assertThat(attempt).isCancelled();
  }

  @Test
  void interruptWhileWaitingCancelsAndKeepsTheFlag() throws Exception {
    Retrier r = Retrier.of(RetryPolicy.builder().initialBackoff(Duration.ofSeconds(10)).build());
    CountDownLatch failed = new CountDownLatch(1);
    Throwable[] thrown = new Throwable[1];
    boolean[] flag = new boolean[1];
    Thread t = Thread.ofVirtual().start(() -> {
      try {
        r.call(n -> {
          failed.countDown();
          throw new UnavailableException("down");
        });
      } catch (RuntimeException e) {
        thrown[0] = e;
        flag[0] = Thread.currentThread().isInterrupted();
      }
    });
    failed.await();
    t.interrupt();
    t.join(5_000);
    assertThat(thrown[0]).isInstanceOf(SwathCancelledException.class);
    assertThat(flag[0]).isTrue();
  }
}
