package io.swath.imagery.download;

import io.swath.core.retry.RetryPolicy;
import io.swath.imagery.asset.AssetAccess;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** The downloader: permits for the limits, a virtual-thread executor, and a watchdog for stalled transfers. */
final class DefaultDownloader implements Downloader {
  private final AssetAccess access;
  private final boolean ownsAccess;
  private final RetryPolicy retry;
  private final Duration stallTimeout;
  private final int bufferSize;
  private final int maxPerHost;
  private final Semaphore global;
  private final Map<String, Semaphore> hosts = new ConcurrentHashMap<>();
  private final ExecutorService executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("swath-download-", 0).factory());
  private final ScheduledExecutorService watchdog;
  private final Set<Transfer> active = ConcurrentHashMap.newKeySet();
  private final Set<Future<?>> running = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  DefaultDownloader(Builder b) {
    this.ownsAccess = b.access == null;
    this.access = b.access != null ? b.access : AssetAccess.create();
    this.retry = b.retry;
    this.stallTimeout = b.stallTimeout;
    this.bufferSize = b.bufferSize;
    this.maxPerHost = b.maxPerHost;
    this.global = new Semaphore(b.maxConcurrent, true);
    this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "swath-download-watchdog");
      t.setDaemon(true);
      return t;
    });
    long period = Math.max(50, Math.min(1000, stallTimeout.toMillis() / 4));
    watchdog.scheduleAtFixedRate(this::checkStalls, period, period, TimeUnit.MILLISECONDS);
  }

  private void checkStalls() {
    long now = System.nanoTime();
    for (Transfer t : active) {
      t.abortIfStalled(now, stallTimeout.toNanos());
    }
  }

  @Override
  public Path download(DownloadRequest request, DownloadListener listener) throws IOException {
    DownloadResult r = execute(request, listener);
    if (r.status() == DownloadResult.Status.CANCELLED && Thread.currentThread().isInterrupted()) {
      throw new InterruptedIOException("download of " + request.source() + " interrupted");
    }
    if (!r.succeeded()) {
      throw new DownloadException(r);
    }
    return r.request().target();
  }

  /** Runs one download within the limits; never throws. */
  DownloadResult execute(DownloadRequest request, DownloadListener listener) {
    long start = System.nanoTime();
    if (closed) {
      return cancelled(request, start, listener, "the downloader is closed");
    }
    Semaphore host = hosts.computeIfAbsent(hostOf(request), h -> new Semaphore(maxPerHost, true));
    try {
      host.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return cancelled(request, start, listener, "cancelled while waiting for a slot");
    }
    try {
      try {
        global.acquire();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return cancelled(request, start, listener, "cancelled while waiting for a slot");
      }
      try {
        Transfer t = new Transfer(access, request, listener, retry, bufferSize);
        active.add(t);
        try {
          return t.run();
        } finally {
          active.remove(t);
        }
      } finally {
        global.release();
      }
    } finally {
      host.release();
    }
  }

  private static String hostOf(DownloadRequest r) {
    try {
      return AssetAccess.hostOf(r.source());
    } catch (RuntimeException e) {
      return "?";
    }
  }

  private static DownloadResult cancelled(DownloadRequest request, long start, DownloadListener listener, String why) {
    DownloadResult r = new DownloadResult(request, DownloadResult.Status.CANCELLED, 0, 0, 0,
        Duration.ofNanos(System.nanoTime() - start), why);
    listener.finished(r);
    return r;
  }

  @Override
  public CompletableFuture<DownloadResult> downloadAsync(DownloadRequest request, DownloadListener listener) {
    CompletableFuture<DownloadResult> cf = new CompletableFuture<>();
    try {
      Future<?> f = executor.submit(() -> {
        try {
          cf.complete(execute(request, listener));
        } catch (Throwable t) {
          cf.completeExceptionally(t);
        }
      });
      running.add(f);
      cf.whenComplete((r, t) -> {
        running.remove(f);
        if (cf.isCancelled()) {
          f.cancel(true); // CompletableFuture.cancel interrupts nothing: stop the thread that transfers
        }
      });
    } catch (RuntimeException e) { // rejected: closed
      cf.complete(cancelled(request, System.nanoTime(), listener, "the downloader is closed"));
    }
    return cf;
  }

  @Override
  public DownloadSummary downloadAll(List<DownloadRequest> requests, DownloadListener listener) {
    long start = System.nanoTime();
    List<CompletableFuture<DownloadResult>> futures = new ArrayList<>(requests.size());
    for (DownloadRequest r : requests) {
      futures.add(downloadAsync(r, listener));
    }
    List<DownloadResult> results = new ArrayList<>(requests.size());
    boolean interrupted = false;
    for (int i = 0; i < futures.size(); i++) {
      CompletableFuture<DownloadResult> f = futures.get(i);
      if (interrupted) {
        f.cancel(true);
      }
      try {
        results.add(f.get());
      } catch (InterruptedException e) {
        interrupted = true;
        futures.forEach(x -> x.cancel(true));
        results.add(cancelledResult(requests.get(i), start));
      } catch (CancellationException e) {
        results.add(cancelledResult(requests.get(i), start));
      } catch (ExecutionException e) {
        results.add(new DownloadResult(requests.get(i), DownloadResult.Status.FAILED, 0, 0, 0,
            Duration.ofNanos(System.nanoTime() - start), String.valueOf(e.getCause())));
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return new DownloadSummary(results, Duration.ofNanos(System.nanoTime() - start));
  }

  private static DownloadResult cancelledResult(DownloadRequest r, long start) {
    return new DownloadResult(r, DownloadResult.Status.CANCELLED, 0, 0, 0, Duration.ofNanos(System.nanoTime() - start), "cancelled");
  }

  @Override
  public void close() {
    closed = true;
    for (Future<?> f : running) {
      f.cancel(true);
    }
    executor.shutdownNow();
    try {
      executor.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    watchdog.shutdownNow();
    if (ownsAccess) {
      access.close();
    }
  }
}
