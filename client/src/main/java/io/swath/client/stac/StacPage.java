package io.swath.client.stac;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/** One page of a STAC search: its items, the API's count of matches when it gives one, and its {@code next} link. */
public final class StacPage {
  private final List<StacItem> items;
  private final OptionalLong numberMatched;
  private final JsonNode next;
  private final int shard;
  private final StacRequest nextRequest;
  /** The response to {@link #nextRequest}, already asked for while this page was read; null when not. */
  private final CompletableFuture<HttpResponse<InputStream>> ahead;

  StacPage(List<StacItem> items, OptionalLong numberMatched, JsonNode next, int shard, StacRequest nextRequest,
           CompletableFuture<HttpResponse<InputStream>> ahead) {
    this.items = List.copyOf(items);
    this.numberMatched = numberMatched;
    this.next = next;
    this.shard = shard;
    this.nextRequest = nextRequest;
    this.ahead = ahead;
  }

  /** This page with other items (kept: the next page and its request already under way). */
  StacPage withItems(List<StacItem> other) {
    return new StacPage(other, numberMatched, next, shard, nextRequest, ahead);
  }

  CompletableFuture<HttpResponse<InputStream>> ahead() {
    return ahead;
  }

  /** Lets go of the next page's response when nobody will read it. */
  void discardAhead() {
    if (ahead != null) {
      ahead.thenAccept(r -> {
        try {
          r.body().close();
        } catch (java.io.IOException e) {
          // nothing to do
        }
      });
    }
  }

  /** The items of the page. */
  public List<StacItem> items() {
    return items;
  }

  /** How many items the whole search (or its shard) matches, when the API says. */
  public OptionalLong numberMatched() {
    return numberMatched;
  }

  /** The {@code next} link as the API wrote it, or null on the last page. */
  public JsonNode next() {
    return next;
  }

  /** Which time shard of a sharded search the page belongs to (0 when not sharded). */
  public int shard() {
    return shard;
  }

  /** Whether another page follows. */
  public boolean hasNext() {
    return nextRequest != null;
  }

  StacRequest nextRequest() {
    return nextRequest;
  }

  @Override
  public String toString() {
    return "StacPage[" + items.size() + " items" + (hasNext() ? ", more" : ", last") + "]";
  }
}
