package io.swath.client.stac;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.OptionalLong;

/** One page of a STAC search: its items, the API's count of matches when it gives one, and its {@code next} link. */
public final class StacPage {
  private final List<StacItem> items;
  private final OptionalLong numberMatched;
  private final JsonNode next;
  private final int shard;
  private final StacRequest nextRequest;

  StacPage(List<StacItem> items, OptionalLong numberMatched, JsonNode next, int shard, StacRequest nextRequest) {
    this.items = List.copyOf(items);
    this.numberMatched = numberMatched;
    this.next = next;
    this.shard = shard;
    this.nextRequest = nextRequest;
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
