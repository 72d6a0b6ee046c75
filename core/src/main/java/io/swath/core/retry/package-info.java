/**
 * The one way Swath retries: {@link io.swath.core.retry.RetryPolicy} says how long to wait and
 * how often to try, {@link io.swath.core.retry.Retrier} runs the blocking and asynchronous
 * loops of every SDK module (datasets client, query streams, STAC client, workflows, imagery),
 * and {@link io.swath.core.retry.RetryAfter} is the only parser of the waits a server asks for
 * ({@code Retry-After}, {@code grpc-retry-pushback-ms}). Whether a failure is worth retrying
 * is decided by {@link io.swath.core.error.SwathException#isRetryable()}, nowhere else.
 */
package io.swath.core.retry;
