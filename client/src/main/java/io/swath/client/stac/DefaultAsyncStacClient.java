package io.swath.client.stac;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import io.swath.core.error.SwathClientException;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import io.swath.client.ProgressBar;
import io.swath.client.Query;
import io.swath.core.error.NotFoundException;
import io.swath.core.time.TimeInterval;
import io.swath.core.time.Times;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.locationtech.jts.geom.Geometry;

/**
 * The STAC client core: landing page, collections, and searches paged through {@code next} links;
 * large searches split into time shards that page concurrently.
 */
final class DefaultAsyncStacClient implements AsyncStacClient {
  private final URI root;
  private final StacHttp http;
  private final HttpClient client;
  private final int concurrency;
  private final long shardThreshold;
  private volatile CompletableFuture<StacLanding> landing;
  /** Where pages are read from their response streams (blocking reads, so virtual threads). */
  private final ExecutorService parsers = Executors.newVirtualThreadPerTaskExecutor();

  DefaultAsyncStacClient(URI root, StacHttp http, HttpClient client, int concurrency, long shardThreshold) {
    this.root = root;
    this.http = http;
    this.client = client;
    this.concurrency = concurrency;
    this.shardThreshold = shardThreshold;
  }

  @Override
  public CompletableFuture<StacLanding> landing() {
    CompletableFuture<StacLanding> l = landing;
    if (l == null || l.isCompletedExceptionally() || l.isCancelled()) {
      l = http.get(root).thenApply(StacLanding::of);
      landing = l;
    }
    return l;
  }

  private URI collectionsUrl(StacLanding l) {
    String data = l.link("data", null);
    return data != null ? root.resolve(data) : root.resolve("collections");
  }

  @Override
  public CompletableFuture<List<StacCollectionInfo>> collections() {
    return landing().thenCompose(l -> collectionPages(collectionsUrl(l), new ArrayList<>(), 0));
  }

  private CompletableFuture<List<StacCollectionInfo>> collectionPages(URI url, List<StacCollectionInfo> acc, int pages) {
    return http.get(url).thenCompose(doc -> {
      doc.path("collections").forEach(c -> acc.add(StacCollectionInfo.of(c)));
      JsonNode next = StacRequest.nextLink(doc);
      if (next == null || doc.path("collections").isEmpty() || pages > 10_000) {
        return CompletableFuture.completedFuture(List.copyOf(acc));
      }
      return collectionPages(url.resolve(next.path("href").asText()), acc, pages + 1);
    });
  }

  @Override
  public CompletableFuture<StacCollectionInfo> collection(String id) {
    return landing().thenCompose(l -> {
      URI base = collectionsUrl(l);
      String b = base.toString().endsWith("/") ? base.toString() : base + "/";
      return http.get(URI.create(b + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20")));
    }).thenApply(StacCollectionInfo::of);
  }

  private static boolean usePost(StacLanding l, StacSearch s) {
    return switch (s.method()) {
      case GET -> false;
      case POST -> true;
      case AUTO -> l.link("search", "POST") != null;
    };
  }

  private URI searchUrl(StacLanding l, boolean post) {
    String href = l.link("search", post ? "POST" : "GET");
    if (href == null) {
      href = l.link("search", null);
    }
    return href != null ? root.resolve(href) : root.resolve("search");
  }

  @Override
  public CompletableFuture<StacPage> firstPage(StacSearch search) {
    return landing().thenCompose(l -> {
      boolean post = usePost(l, search);
      return fetch(StacRequest.first(searchUrl(l, post), search, post, null), 0);
    });
  }

  @Override
  public CompletableFuture<StacPage> nextPage(StacPage page) {
    if (page.nextRequest() == null) {
      return CompletableFuture.failedFuture(new NotFoundException("the page is the last one: it has no next link"));
    }
    return page.ahead() != null ? read(page.ahead(), page.nextRequest(), page.shard()) : fetch(page.nextRequest(), page.shard());
  }

  private CompletableFuture<StacPage> fetch(StacRequest req, int shard) {
    return read(http.open(req), req, shard);
  }

  private CompletableFuture<StacPage> read(CompletableFuture<HttpResponse<InputStream>> response, StacRequest req, int shard) {
    return response.thenApplyAsync(r -> {
      try {
        return readPage(r, req, shard);
      } catch (IOException e) {
        throw new CompletionException(new SwathClientException(req.uri() + " did not return a STAC item collection: "
            + e.getMessage(), e));
      }
    }, parsers);
  }

  /**
   * Reads a page as it arrives. When its links come before its features (as a Swath server writes
   * them), the next page is asked for at once, so the API prepares it while this one is read.
   */
  private StacPage readPage(HttpResponse<InputStream> r, StacRequest req, int shard) throws IOException {
    List<StacItem> items = new ArrayList<>();
    JsonNode next = null;
    StacRequest nextReq = null;
    CompletableFuture<HttpResponse<InputStream>> ahead = null;
    OptionalLong matched = OptionalLong.empty();
    try (InputStream in = r.body(); JsonParser p = StacHttp.JSON.createParser(in)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IOException("the response is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "features" -> {
            if (t == JsonToken.START_ARRAY) {
              while (p.nextToken() == JsonToken.START_OBJECT) {
                items.add(new StacItem(p.readValueAsTree()));
              }
            } else {
              p.skipChildren();
            }
          }
          case "links" -> {
            JsonNode links = p.readValueAsTree();
            for (JsonNode l : links) {
              if (l.path("rel").asText().equals("next")) {
                next = l;
              }
            }
            if (next != null) {
              nextReq = req.next(next, req.uri());
              ahead = http.open(nextReq);
            }
          }
          case "numberMatched" -> {
            if (t.isNumeric()) {
              matched = OptionalLong.of(p.getLongValue());
            }
          }
          case "context" -> {
            JsonNode c = p.readValueAsTree();
            if (matched.isEmpty() && c != null && c.path("matched").canConvertToLong()) {
              matched = OptionalLong.of(c.path("matched").asLong());
            }
          }
          default -> p.skipChildren();
        }
      }
    }
    StacPage page = new StacPage(items, matched, next, shard, nextReq, ahead);
    if (items.isEmpty() && nextReq != null) {
      // an empty page that links on would loop forever
      page.discardAhead();
      page = new StacPage(items, matched, next, shard, null, null);
    }
    return page;
  }

  @Override
  public CompletableFuture<List<StacItem>> searchAll(StacSearch search) {
    List<StacItem> all = Collections.synchronizedList(new ArrayList<>());
    return search(search, p -> all.addAll(p.items())).thenApply(n -> List.copyOf(all));
  }

  @Override
  public CompletableFuture<Long> search(StacSearch search, Consumer<StacPage> onPage) {
    try {
      return landing().thenCompose(l -> {
        boolean post = usePost(l, search);
        URI url = searchUrl(l, post);
        return shards(search, url, post).thenCompose(shards -> run(search, url, post, shards, onPage));
      });
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * The time shards to page concurrently, or a list holding null for one unsharded chain. Unless
   * the search names its shard count, a one-item probe asks how many items match: beyond the
   * threshold, the search's time range (or its collections' temporal extent) is split evenly.
   */
  private CompletableFuture<List<TimeInterval>> shards(StacSearch s, URI url, boolean post) {
    List<TimeInterval> single = Collections.singletonList(null);
    if (s.shards() == 1 || !s.ids().isEmpty() || !s.sortBy().isEmpty() && !s.sortBy().getFirst().endsWith("datetime")) {
      return CompletableFuture.completedFuture(single);
    }
    CompletableFuture<Integer> count;
    if (s.shards() > 1) {
      count = CompletableFuture.completedFuture(s.shards());
    } else {
      count = fetch(StacRequest.first(url, s.pageSize(1), post, null), 0).thenApply(p -> {
        long m = p.numberMatched().orElse(0);
        if (m <= shardThreshold) {
          return 1;
        }
        long max = s.query().limitValue() > 0 ? Math.min(m, s.query().limitValue()) : m;
        return (int) Math.min(concurrency, Math.max(1, (max + s.pageSize() - 1) / s.pageSize()));
      });
    }
    return count.thenCompose(n -> n <= 1 ? CompletableFuture.completedFuture(single)
        : timeRange(s).thenApply(range -> range == null ? single : split(range, n)));
  }

  /** The search's time range, bounded by its collections' temporal extents; null when an end stays open. */
  private CompletableFuture<TimeInterval.MicrosRange> timeRange(StacSearch s) {
    TimeInterval.MicrosRange q = s.query().interval().toHalfOpenMicros();
    if (q.lo() != Long.MIN_VALUE && q.hi() != Long.MAX_VALUE) {
      return CompletableFuture.completedFuture(q);
    }
    List<String> names = s.query().collectionNames();
    if (names.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    List<CompletableFuture<StacCollectionInfo>> infos = names.stream().map(this::collection).toList();
    return CompletableFuture.allOf(infos.toArray(new CompletableFuture[0])).thenApply(v -> {
      long lo = Long.MAX_VALUE;
      long hi = Long.MIN_VALUE;
      for (var f : infos) {
        StacCollectionInfo c = f.join();
        if (c.start() == null || c.end() == null) {
          return null;
        }
        lo = Math.min(lo, Times.micros(c.start()));
        hi = Math.max(hi, Times.micros(c.end()) + 1);
      }
      long a = Math.max(lo, q.lo());
      long b = Math.min(hi, q.hi());
      return a < b ? new TimeInterval.MicrosRange(a, b) : null;
    }).exceptionally(e -> null);
  }

  static List<TimeInterval> split(TimeInterval.MicrosRange r, int n) {
    List<TimeInterval> out = new ArrayList<>(n);
    long span = r.hi() - r.lo();
    int parts = (int) Math.max(1, Math.min(n, span));
    long prev = r.lo();
    for (int i = 1; i <= parts; i++) {
      long next = i == parts ? r.hi() : r.lo() + (long) ((double) span * i / parts);
      if (next > prev) {
        out.add(TimeInterval.ofMicros(prev, next));
      }
      prev = next;
    }
    return out;
  }

  /** What the chains of one search share: delivery one page at a time, the item budget, de-duplication across shards. */
  private static final class Run {
    final CompletableFuture<Long> done = new CompletableFuture<>();
    final ReentrantLock lock = new ReentrantLock();
    final Consumer<StacPage> onPage;
    final PageBudget budget;
    final ProgressBar progress;

    Run(Consumer<StacPage> onPage, long max, boolean sharded, Geometry within, ProgressBar progress) {
      this.onPage = onPage;
      this.budget = new PageBudget(max, sharded, within);
      this.progress = progress;
    }

    /** Items handed on so far. */
    long delivered() {
      lock.lock();
      try {
        return budget.delivered();
      } finally {
        lock.unlock();
      }
    }

    /** Hands the page on; false when the item budget is spent. */
    boolean deliver(StacPage page) {
      lock.lock();
      try {
        if (done.isDone()) {
          return false;
        }
        page = budget.take(page);
        if (progress != null) {
          progress.add(page.items().size());
        }
        onPage.accept(page);
        return !budget.spent();
      } finally {
        lock.unlock();
      }
    }
  }

  private CompletableFuture<Long> run(StacSearch s, URI url, boolean post, List<TimeInterval> shards, Consumer<StacPage> onPage) {
    Query q = s.query();
    ProgressBar bar = q.isShowProgress() ? new ProgressBar("stac search", q.limitValue()) : null;
    Run run = new Run(onPage, q.limitValue(), shards.size() > 1, q.isContains() ? q.geometry() : null, bar);
    List<CompletableFuture<Void>> chains = new ArrayList<>();
    for (int i = 0; i < shards.size(); i++) {
      StacRequest first = StacRequest.first(url, s, post, shards.get(i));
      chains.add(chain(first, i, run));
    }
    CompletableFuture.allOf(chains.toArray(new CompletableFuture[0])).whenComplete((v, e) -> {
      if (bar != null) {
        bar.close();
      }
      if (e != null) {
        run.done.completeExceptionally(StacFutures.unwrap(e));
      } else {
        run.done.complete(run.delivered());
      }
    });
    // a failed shard stops the others
    for (CompletableFuture<Void> c : chains) {
      c.whenComplete((v, e) -> {
        if (e != null) {
          run.done.completeExceptionally(StacFutures.unwrap(e));
        }
      });
    }
    return run.done;
  }

  private CompletableFuture<Void> chain(StacRequest req, int shard, Run run) {
    if (run.done.isDone()) {
      return CompletableFuture.completedFuture(null);
    }
    return fetch(req, shard).thenCompose(page -> follow(page, run));
  }

  private CompletableFuture<Void> follow(StacPage page, Run run) {
    boolean more = run.deliver(page);
    if (!more || page.nextRequest() == null || run.done.isDone()) {
      page.discardAhead();
      return CompletableFuture.completedFuture(null);
    }
    return nextPage(page).thenCompose(p -> follow(p, run));
  }

  @Override
  public StacClient blocking() {
    return new BlockingStacClient(this);
  }

  /** Requests sent and retries made so far (for tests and progress reports). */
  long[] requestCounts() {
    return new long[] {http.requests.get(), http.retries.get()};
  }

  @Override
  public void close() {
    // shutdownNow, not close: close waits for every exchange, and a page asked for ahead that
    // nobody reads (an iteration stopped early) would keep it waiting forever
    client.shutdownNow();
    parsers.shutdownNow();
  }
}
